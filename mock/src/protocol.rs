//! TOP's system-level checks of a call, in the gateway's own code (nothing from the client's
//! signing or encoding): app key, method, version, format, signature, timestamp, session.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use md5::{Digest, Md5};
use sha2::Sha256;

use crate::answer::TopError;
use crate::schema::{self, Api};

/// What the gateway was started with.
#[derive(Clone)]
pub(crate) struct App {
    pub app_key: String,
    pub app_secret: String,
    /// The one session key the gateway accepts.
    pub session: String,
}

/// TOP allows this much clock difference between client and gateway.
const MAX_SKEW_SECONDS: i64 = 600;

/// The API a call names, once every system parameter checks out; otherwise TOP's error.
pub(crate) fn check(
    app: &App,
    apis: &[&'static [Api]],
    params: &BTreeMap<String, String>,
    files: &[String],
) -> Result<&'static Api, TopError> {
    let get = |key: &str| {
        params
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    };
    let method = get("method").ok_or_else(|| TopError::new(21, "Missing method"))?;
    let app_key = get("app_key").ok_or_else(|| TopError::new(28, "Missing app key"))?;
    if app_key != app.app_key {
        return Err(TopError::new(29, "Invalid app Key").sub_code("isv.appkey-not-exists"));
    }
    let api = schema::find_in(apis, method).ok_or_else(|| TopError::new(22, "Invalid method"))?;
    let sign = get("sign").ok_or_else(|| TopError::new(24, "Missing signature"))?;
    let timestamp = get("timestamp").ok_or_else(|| TopError::new(30, "Missing timestamp"))?;
    match get("v") {
        None => return Err(TopError::new(32, "Missing version")),
        Some("2.0") => {}
        Some(_) => return Err(TopError::new(34, "Unsupported version")),
    }
    if !matches!(get("format"), None | Some("json" | "xml")) {
        return Err(TopError::new(23, "Invalid format"));
    }
    let sign_method = get("sign_method").unwrap_or("md5");
    let expected = signature(params, files, &app.app_secret, sign_method)
        .ok_or_else(|| TopError::new(25, "Invalid signature"))?;
    if !expected.eq_ignore_ascii_case(sign) {
        return Err(TopError::new(25, "Invalid signature"));
    }
    if !is_fresh(timestamp, now()) {
        return Err(TopError::new(31, "Invalid timestamp"));
    }
    if api.needs_session {
        match get("session") {
            None => return Err(TopError::new(26, "Missing session")),
            Some(session) if session != app.session => {
                return Err(TopError::new(27, "Invalid session").sub_code("invalid-sessionkey"));
            }
            Some(_) => {}
        }
    }
    Ok(api)
}

/// The signature of `params` by `method` (`md5`, `hmac`, `hmac-sha256`): every text
/// parameter but `sign` and file parts, empty values left out, in key byte order, `key` then
/// `value`, upper-case hex. `None` for an unknown method.
pub fn signature(
    params: &BTreeMap<String, String>,
    files: &[String],
    secret: &str,
    method: &str,
) -> Option<String> {
    let mut text = Vec::new();
    for (key, value) in params {
        if key == "sign" || files.contains(key) || value.chars().all(char::is_whitespace) {
            continue;
        }
        text.extend_from_slice(key.as_bytes());
        text.extend_from_slice(value.as_bytes());
    }
    let digest = match method {
        "md5" => {
            let mut hasher = Md5::new();
            hasher.update(secret.as_bytes());
            hasher.update(&text);
            hasher.update(secret.as_bytes());
            hasher.finalize().to_vec()
        }
        "hmac" => {
            let mut mac = <Hmac<Md5> as KeyInit>::new_from_slice(secret.as_bytes()).ok()?;
            mac.update(&text);
            mac.finalize().into_bytes().to_vec()
        }
        "hmac-sha256" => {
            let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).ok()?;
            mac.update(&text);
            mac.finalize().into_bytes().to_vec()
        }
        _ => return None,
    };
    Some(digest.iter().map(|b| format!("{b:02X}")).collect())
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// `timestamp` is `yyyy-MM-dd HH:mm:ss` in GMT+8 within ten minutes of `now` (Unix seconds).
fn is_fresh(timestamp: &str, now: i64) -> bool {
    gmt8_seconds(timestamp).is_some_and(|sent| (sent - now).abs() <= MAX_SKEW_SECONDS)
}

/// `yyyy-MM-dd HH:mm:ss` read as GMT+8, in Unix seconds; `None` unless exactly that shape
/// and a real date and time.
pub(crate) fn gmt8_seconds(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 19
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            10 => *b == b' ',
            13 | 16 => *b == b':',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<i64>().ok();
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
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
    if !(1..=12).contains(&month)
        || day < 1
        || day > month_days[(month - 1) as usize]
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    // Days from 1970-01-01 to the date (the proleptic Gregorian "days from civil").
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second - 8 * 3_600)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// TOP's documentation example (GUIDE §4) signs to this value.
    #[test]
    fn the_documented_example_signs_to_its_documented_value() {
        let params: BTreeMap<String, String> = [
            ("app_key", "12345678"),
            ("method", "taobao.item.seller.get"),
            ("fields", "num_iid,title,nick,price,num"),
            ("num_iid", "11223344"),
            ("session", "test"),
            ("format", "json"),
            ("v", "2.0"),
            ("sign_method", "md5"),
            ("timestamp", "2016-01-01 12:00:00"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        assert_eq!(
            signature(&params, &[], "helloworld", "md5").as_deref(),
            Some("66987CB115214E59E6EC978214934FB8")
        );
        assert_eq!(signature(&params, &[], "helloworld", "sha1"), None);
    }

    #[test]
    fn timestamps_are_gmt8_and_real() {
        // 2016-01-01 12:00:00 GMT+8 is 04:00:00 UTC.
        assert_eq!(gmt8_seconds("2016-01-01 12:00:00"), Some(1_451_620_800));
        assert_eq!(gmt8_seconds("2024-02-29 00:00:00"), Some(1_709_136_000));
        for bad in [
            "2023-02-29 00:00:00",
            "2016-01-01 24:00:00",
            "2016-1-01 12:00:00",
            "",
        ] {
            assert_eq!(gmt8_seconds(bad), None, "{bad}");
        }
        let now = gmt8_seconds("2016-01-01 12:00:00").unwrap();
        assert!(is_fresh("2016-01-01 12:10:00", now));
        assert!(!is_fresh("2016-01-01 12:10:01", now));
    }
}
