//! `application/x-www-form-urlencoded` text, for the URL query and the form body alike:
//! byte for byte what `form_urlencoded::Serializer` writes (the WHATWG URL standard's
//! serializer), written into one string of exactly the size needed.

/// Bytes written as they are; a space becomes `+`, every other byte `%XX` (upper-case hex).
const fn is_kept(byte: u8) -> bool {
    matches!(byte, b'*' | b'-' | b'.' | b'_' | b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z')
}

/// [`is_kept`] as a table: one load per byte instead of a chain of comparisons.
const KEPT: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        // `byte` is under 256: the cast cannot truncate.
        table[byte] = is_kept(byte as u8);
        byte += 1;
    }
    table
};

/// How many bytes each byte takes once encoded.
const ENCODED_LEN: [u8; 256] = {
    let mut table = [3u8; 256];
    let mut byte = 0;
    while byte < 256 {
        if KEPT[byte] || byte == b' ' as usize {
            table[byte] = 1;
        }
        byte += 1;
    }
    table
};

/// The length of `text` once encoded.
fn encoded_len(text: &str) -> usize {
    text.bytes()
        .map(|byte| usize::from(ENCODED_LEN[usize::from(byte)]))
        .sum()
}

fn encode_into(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    // Byte by byte: runs between escapes are short in JSON, too short for a copy to pay.
    for byte in text.bytes() {
        if KEPT[usize::from(byte)] {
            out.push(byte);
        } else if byte == b' ' {
            out.push(b'+');
        } else {
            out.extend_from_slice(&[
                b'%',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0x0f)],
            ]);
        }
    }
}

/// `key=value` pairs joined by `&`, each side encoded.
pub(crate) fn encode<'p>(pairs: impl Clone + Iterator<Item = (&'p str, &'p str)>) -> String {
    let len = pairs
        .clone()
        .map(|(key, value)| encoded_len(key) + encoded_len(value) + 2)
        .sum::<usize>()
        .saturating_sub(1);
    let mut out = Vec::with_capacity(len);
    for (key, value) in pairs {
        if !out.is_empty() {
            out.push(b'&');
        }
        encode_into(&mut out, key);
        out.push(b'=');
        encode_into(&mut out, value);
    }
    // Only ASCII is written, so this is always `Ok`.
    String::from_utf8(out).unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference<'p>(pairs: impl Iterator<Item = (&'p str, &'p str)>) -> String {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish()
    }

    #[test]
    fn every_byte_as_form_urlencoded_writes_it() {
        let mut all = String::new();
        for code in 0..=0x7f_u8 {
            all.push(char::from(code));
        }
        all.push_str("é中文🎉\u{00A0}\u{3000}\u{FEFF}");
        let texts = ["", " ", "a", "=&+%", &all, "{\"a\":[1,2],\"b\":\"x y\"}"];
        for key in texts {
            for value in texts {
                let pairs = [(key, value), ("k", "v"), (value, key)];
                let ours = encode(pairs.iter().copied());
                assert_eq!(ours, reference(pairs.iter().copied()), "{key:?} {value:?}");
                assert_eq!(ours.capacity(), ours.len(), "sized exactly");
            }
        }
        assert_eq!(encode(std::iter::empty()), "");
        assert_eq!(
            encode([("", "")].into_iter()),
            reference([("", "")].into_iter())
        );
    }
}
