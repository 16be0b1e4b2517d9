//! TOP's request signature, usable on its own (TOP callbacks and SPI use the same scheme).
//!
//! 1. Every text parameter except `sign` (files are not passed in); pairs whose value is
//!    empty or whitespace only (Java's `Character.isWhitespace`) are dropped: neither
//!    signed nor sent.
//! 2. Sorted by key, in byte order; `key + value` concatenated, raw (not URL-encoded).
//! 3. `md5`: MD5(secret + s + secret); `hmac`: HMAC-MD5(secret, s); `hmac-sha256`:
//!    HMAC-SHA256(secret, s), over UTF-8 bytes.
//! 4. Upper-case hex.

use std::fmt;
use std::str::FromStr;

use hmac::{Hmac, KeyInit, Mac};
use md5::{Digest, Md5};
use sha2::Sha256;

/// TOP's `sign_method`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SignMethod {
    Md5,
    Hmac,
    /// The newest official SDKs' default.
    #[default]
    HmacSha256,
}

impl SignMethod {
    /// The value of the `sign_method` parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            SignMethod::Md5 => "md5",
            SignMethod::Hmac => "hmac",
            SignMethod::HmacSha256 => "hmac-sha256",
        }
    }
}

impl fmt::Display for SignMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SignMethod {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "md5" => Ok(SignMethod::Md5),
            "hmac" => Ok(SignMethod::Hmac),
            "hmac-sha256" => Ok(SignMethod::HmacSha256),
            other => Err(format!(
                "unknown sign method `{other}`: expected md5, hmac or hmac-sha256"
            )),
        }
    }
}

/// Java's `Character.isWhitespace`: Unicode space, line and paragraph separators except the
/// non-breaking ones (U+00A0, U+2007, U+202F), plus the ASCII controls TAB to CR and
/// U+001C to U+001F. Not Rust's `char::is_whitespace`, which also takes U+0085 and U+00A0.
pub fn is_java_whitespace(c: char) -> bool {
    matches!(c,
        '\u{0009}'..='\u{000D}'
        | '\u{001C}'..='\u{0020}'
        | '\u{1680}'
        | '\u{2000}'..='\u{2006}'
        | '\u{2008}'..='\u{200A}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{205F}'
        | '\u{3000}')
}

/// Whether a parameter is signed and sent: TOP drops empty and whitespace-only values.
pub fn is_sent(value: &str) -> bool {
    !value.chars().all(is_java_whitespace)
}

/// The pairs TOP signs, sorted by key in byte order: sent parameters except `sign`.
fn sorted_signed_pairs<'a>(
    params: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<(&'a str, &'a str)> {
    let mut pairs: Vec<(&str, &str)> = params
        .into_iter()
        .filter(|(key, value)| is_signed(key, value))
        .collect();
    pairs.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    pairs
}

/// Whether a pair is part of the signed string: sent, and not `sign` itself.
fn is_signed(key: &str, value: &str) -> bool {
    key != "sign" && is_sent(value)
}

/// The string TOP signs: sent parameters except `sign`, sorted by key, `key + value` joined.
/// (For `md5` the secret goes around it; see [`sign`].)
pub fn string_to_sign<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let pairs = sorted_signed_pairs(params);
    let mut text = String::with_capacity(pairs.iter().map(|(k, v)| k.len() + v.len()).sum());
    for (key, value) in pairs {
        text.push_str(key);
        text.push_str(value);
    }
    text
}

/// Signs `params` (system and business, without files) with `secret`: upper-case hex.
///
/// ```
/// use taobao_top::{SignMethod, sign};
/// // TOP's documented example.
/// let params = [
///     ("app_key", "12345678"), ("fields", "num_iid,title,nick,price,num"),
///     ("format", "json"), ("method", "taobao.item.seller.get"), ("num_iid", "11223344"),
///     ("session", "test"), ("sign_method", "md5"), ("timestamp", "2016-01-01 12:00:00"),
///     ("v", "2.0"),
/// ];
/// assert_eq!(sign(params, "helloworld", SignMethod::Md5), "66987CB115214E59E6EC978214934FB8");
/// ```
pub fn sign<'a>(
    params: impl IntoIterator<Item = (&'a str, &'a str)>,
    secret: &str,
    method: SignMethod,
) -> String {
    sign_sorted(
        sorted_signed_pairs(params),
        &SignKey::new(secret, method),
        secret,
    )
}

/// The signature of pairs already sorted by key in byte order (a stable order for equal
/// keys): blank values and `sign` are skipped here. The digest is fed pair by pair, with no
/// concatenated string, and written as hex straight into the returned string.
pub(crate) fn sign_sorted<'a>(
    sorted: impl IntoIterator<Item = (&'a str, &'a str)>,
    key: &SignKey,
    secret: &str,
) -> String {
    let mut signer = Signer::new(key, secret);
    for (key, value) in sorted {
        if is_signed(key, value) {
            signer.update(key.as_bytes());
            signer.update(value.as_bytes());
        }
    }
    signer.finish()
}

/// Two sequences of pairs, each sorted by key in byte order, merged into one: on equal keys
/// the first's pairs come first, as a stable sort of the first followed by the second.
pub(crate) fn merge_by_key<'a>(
    first: impl Iterator<Item = (&'a str, &'a str)>,
    second: impl Iterator<Item = (&'a str, &'a str)>,
) -> impl Iterator<Item = (&'a str, &'a str)> {
    let mut first = first.peekable();
    let mut second = second.peekable();
    std::iter::from_fn(move || match (first.peek(), second.peek()) {
        (Some(a), Some(b)) if b.0.as_bytes() < a.0.as_bytes() => second.next(),
        (Some(_), _) => first.next(),
        (None, _) => second.next(),
    })
}

/// A sign method with the work that depends only on the secret done once: for HMAC, the
/// states after the inner and outer keys (two blocks of the digest), copied for each call.
/// A client keeps one. `Debug` prints only the method: the states are as secret as the key.
#[derive(Clone)]
pub(crate) enum SignKey {
    Md5,
    Hmac(Hmac<Md5>),
    HmacSha256(Hmac<Sha256>),
}

impl SignKey {
    pub(crate) fn new(secret: &str, method: SignMethod) -> Self {
        match method {
            SignMethod::Md5 => SignKey::Md5,
            SignMethod::Hmac => SignKey::Hmac(
                <Hmac<Md5> as KeyInit>::new_from_slice(secret.as_bytes())
                    .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length")),
            ),
            SignMethod::HmacSha256 => SignKey::HmacSha256(
                <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes())
                    .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length")),
            ),
        }
    }
}

impl fmt::Debug for SignKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let method = match self {
            SignKey::Md5 => SignMethod::Md5,
            SignKey::Hmac(_) => SignMethod::Hmac,
            SignKey::HmacSha256(_) => SignMethod::HmacSha256,
        };
        write!(f, "SignKey({method}, ***)")
    }
}

/// One of the three digests, fed piece by piece.
enum Signer<'s> {
    /// MD5(secret + s + secret): the secret again at the end.
    Md5 {
        md5: Md5,
        secret: &'s str,
    },
    Hmac(Hmac<Md5>),
    HmacSha256(Hmac<Sha256>),
}

impl<'s> Signer<'s> {
    /// `key` must be the [`SignKey`] of `secret`.
    fn new(key: &SignKey, secret: &'s str) -> Self {
        match key {
            SignKey::Md5 => {
                let mut md5 = Md5::new();
                md5.update(secret.as_bytes());
                Signer::Md5 { md5, secret }
            }
            SignKey::Hmac(mac) => Signer::Hmac(mac.clone()),
            SignKey::HmacSha256(mac) => Signer::HmacSha256(mac.clone()),
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        match self {
            Signer::Md5 { md5, .. } => md5.update(bytes),
            Signer::Hmac(mac) => mac.update(bytes),
            Signer::HmacSha256(mac) => mac.update(bytes),
        }
    }

    /// The digest in upper-case hex.
    fn finish(self) -> String {
        match self {
            Signer::Md5 { mut md5, secret } => {
                md5.update(secret.as_bytes());
                upper_hex(&md5.finalize())
            }
            Signer::Hmac(mac) => upper_hex(&mac.finalize().into_bytes()),
            Signer::HmacSha256(mac) => upper_hex(&mac.finalize().into_bytes()),
        }
    }
}

fn upper_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_values_follow_java_whitespace() {
        assert!(!is_sent(""));
        assert!(!is_sent(" \t\r\n\u{3000}\u{2028}"));
        assert!(is_sent("\u{00A0}"), "Java keeps the no-break space");
        assert!(is_sent("\u{0085}"), "Java keeps NEL");
        assert!(is_sent(" x "));
    }

    #[test]
    fn sorts_by_bytes_and_skips_sign_and_blanks() {
        let text = string_to_sign([
            ("b", "2"),
            ("sign", "X"),
            ("a_b", "3"),
            ("aB", "1"),
            ("c", " "),
        ]);
        assert_eq!(text, "aB1a_b3b2");
    }

    #[test]
    fn merging_is_a_stable_sort() {
        let first = [("a", "1"), ("c", "2"), ("c", "3"), ("e", "4")];
        let second = [("b", "5"), ("c", "6"), ("d", "7"), ("f", "8")];
        let merged: Vec<_> = merge_by_key(first.into_iter(), second.into_iter()).collect();
        let mut sorted: Vec<_> = first.into_iter().chain(second).collect();
        sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        assert_eq!(merged, sorted);
        assert_eq!(
            merge_by_key(std::iter::empty(), first.into_iter()).count(),
            4
        );
        assert_eq!(
            merge_by_key(first.into_iter(), std::iter::empty()).count(),
            4
        );
    }

    #[test]
    fn the_streamed_signature_is_the_digest_of_the_text() {
        let params = [
            ("b", "2"),
            ("sign", "X"),
            ("a", "中"),
            ("c", " "),
            ("aa", "\u{00A0}"),
        ];
        let secret = "秘密";
        let text = string_to_sign(params);
        let md5 = upper_hex(&Md5::digest(format!("{secret}{text}{secret}")));
        let mut hmac = <Hmac<Md5> as KeyInit>::new_from_slice(secret.as_bytes()).unwrap();
        hmac.update(text.as_bytes());
        let hmac = upper_hex(&hmac.finalize().into_bytes());
        let mut sha = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).unwrap();
        sha.update(text.as_bytes());
        let sha = upper_hex(&sha.finalize().into_bytes());
        assert_eq!(sign(params, secret, SignMethod::Md5), md5);
        assert_eq!(sign(params, secret, SignMethod::Hmac), hmac);
        assert_eq!(sign(params, secret, SignMethod::HmacSha256), sha);
    }
}
