//! Independent checks the tests hold the client and the mock gateway against: a signer and
//! a GMT+8 clock reading written here from scratch, sharing no code with either.

use std::collections::BTreeMap;

use hmac::{Hmac, KeyInit, Mac};
use md5::{Digest, Md5};
use sha2::Sha256;

/// The signature, computed here from scratch: every parameter but `sign`, in key order
/// (a signer independent of the client and of the mock gateway).
pub fn independent_sign(
    params: &BTreeMap<String, String>,
    secret: &str,
    method: &str,
) -> Option<String> {
    let mut text = String::new();
    for (key, value) in params {
        if key != "sign" {
            text.push_str(key);
            text.push_str(value);
        }
    }
    let digest: Vec<u8> = match method {
        "md5" => Md5::digest(format!("{secret}{text}{secret}").as_bytes()).to_vec(),
        "hmac" => {
            let mut mac = <Hmac<Md5> as KeyInit>::new_from_slice(secret.as_bytes()).ok()?;
            mac.update(text.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
        "hmac-sha256" => {
            let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).ok()?;
            mac.update(text.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
        _ => return None,
    };
    Some(digest.iter().map(|b| format!("{b:02X}")).collect())
}

/// `yyyy-MM-dd HH:mm:ss` in GMT+8 to Unix seconds, by counting days (a different way from
/// the client's).
pub fn gmt8_to_unix(text: &str) -> Option<i64> {
    let (date, time) = text.split_once(' ')?;
    let mut date = date.split('-').map(|p| p.parse::<i64>());
    let (year, month, day) = (date.next()?.ok()?, date.next()?.ok()?, date.next()?.ok()?);
    let mut time = time.split(':').map(|p| p.parse::<i64>());
    let (hour, minute, second) = (time.next()?.ok()?, time.next()?.ok()?, time.next()?.ok()?);
    let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let mut days = 0;
    for y in 1970..year {
        days += if leap(y) { 366 } else { 365 };
    }
    let lengths = [
        31,
        if leap(year) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    days += lengths.iter().take((month - 1) as usize).sum::<i64>();
    days += day - 1;
    Some(days * 86_400 + hour * 3600 + minute * 60 + second - 8 * 3600)
}
