//! TOP's one date format: `yyyy-MM-dd HH:mm:ss` in GMT+8 (Beijing time), whatever the
//! host's time zone. Hand-written to keep the crate free of a time library.

use std::fmt;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Seconds east of UTC of TOP's clock.
const GMT_PLUS_8: i64 = 8 * 3600;

/// A valid `yyyy-MM-dd HH:mm:ss` time in GMT+8.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TopDateTime {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
}

/// Why a text is not a `yyyy-MM-dd HH:mm:ss` time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseDateError {
    text: String,
}

impl fmt::Display for ParseDateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a date of the form yyyy-MM-dd HH:mm:ss",
            self.text
        )
    }
}

impl std::error::Error for ParseDateError {}

impl TopDateTime {
    /// A time from its parts; `None` when they name no real time (month 13, February 30).
    pub fn new(year: u16, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> Option<Self> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && hour < 24
            && minute < 60
            && second < 60;
        valid.then_some(Self {
            year,
            month,
            day,
            hour,
            minute,
            second,
        })
    }

    /// Parses exactly `yyyy-MM-dd HH:mm:ss`.
    pub fn parse(text: &str) -> Result<Self, ParseDateError> {
        let error = || ParseDateError {
            text: text.to_owned(),
        };
        let bytes = text.as_bytes();
        // Every index below is under the length checked first.
        if bytes.len() != 19
            || bytes[4] != b'-'
            || bytes[7] != b'-'
            || bytes[10] != b' '
            || bytes[13] != b':'
            || bytes[16] != b':'
        {
            return Err(error());
        }
        let number = |range: std::ops::Range<usize>| -> Option<u16> {
            let digits = &bytes[range];
            digits.iter().all(u8::is_ascii_digit).then(|| {
                digits
                    .iter()
                    .fold(0u16, |n, d| n * 10 + u16::from(d - b'0'))
            })
        };
        let small = |range| number(range).and_then(|n| u8::try_from(n).ok());
        let parts = (
            number(0..4),
            small(5..7),
            small(8..10),
            small(11..13),
            small(14..16),
            small(17..19),
        );
        match parts {
            (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(s)) => {
                Self::new(y, mo, d, h, mi, s).ok_or_else(error)
            }
            _ => Err(error()),
        }
    }

    /// The current time, in GMT+8.
    pub fn now() -> Self {
        let seconds = match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(elapsed) => i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX),
            Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
        };
        Self::from_unix_timestamp(seconds).unwrap_or(Self {
            year: 1970,
            month: 1,
            day: 1,
            hour: 8,
            minute: 0,
            second: 0,
        })
    }

    /// The GMT+8 wall-clock time of a Unix timestamp (seconds since 1970-01-01 UTC);
    /// `None` outside years 1 to 9999.
    pub fn from_unix_timestamp(seconds: i64) -> Option<Self> {
        let local = seconds.checked_add(GMT_PLUS_8)?;
        let days = local.div_euclid(86_400);
        let second_of_day = local.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        let year = u16::try_from(year).ok()?;
        Self::new(
            year,
            month,
            day,
            u8::try_from(second_of_day / 3600).ok()?,
            u8::try_from(second_of_day % 3600 / 60).ok()?,
            u8::try_from(second_of_day % 60).ok()?,
        )
    }

    /// Seconds since 1970-01-01 UTC.
    pub fn unix_timestamp(&self) -> i64 {
        let days = days_from_civil(i64::from(self.year), self.month, self.day);
        days * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
            - GMT_PLUS_8
    }

    pub fn year(&self) -> u16 {
        self.year
    }
    pub fn month(&self) -> u8 {
        self.month
    }
    pub fn day(&self) -> u8 {
        self.day
    }
    pub fn hour(&self) -> u8 {
        self.hour
    }
    pub fn minute(&self) -> u8 {
        self.minute
    }
    pub fn second(&self) -> u8 {
        self.second
    }
}

fn is_leap(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    // The algorithm keeps day in 1..=31 and month in 1..=12: the casts cannot truncate.
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// (year, month, day) → days since 1970-01-01.
fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let month = i64::from(month);
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The text of a [`TopDateTime`], `yyyy-MM-dd HH:mm:ss`, held without allocating.
pub(crate) struct DateText([u8; 19]);

impl DateText {
    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII digits and separators are ever written: this is always `Ok`.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl TopDateTime {
    /// `yyyy-MM-dd HH:mm:ss`, what `Display` writes, on the stack (a call's timestamp).
    pub(crate) fn text(&self) -> DateText {
        fn digits(out: &mut [u8], mut value: u16) {
            for place in out.iter_mut().rev() {
                // `value % 10` is under 10: the cast cannot truncate.
                *place = b'0' + (value % 10) as u8;
                value /= 10;
            }
        }
        let mut text = *b"0000-00-00 00:00:00";
        digits(&mut text[0..4], self.year);
        digits(&mut text[5..7], u16::from(self.month));
        digits(&mut text[8..10], u16::from(self.day));
        digits(&mut text[11..13], u16::from(self.hour));
        digits(&mut text[14..16], u16::from(self.minute));
        digits(&mut text[17..19], u16::from(self.second));
        DateText(text)
    }
}

impl fmt::Display for TopDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Years are 1 to 9999 (see `new`), so four digits always hold them.
        f.write_str(self.text().as_str())
    }
}

impl FromStr for TopDateTime {
    type Err = ParseDateError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl Serialize for TopDateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TopDateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A documented `Date` as received: parsed when it is `yyyy-MM-dd HH:mm:ss`, otherwise the
/// text exactly as sent (pages show placeholders such as `date`; a server may send other
/// formats). Nothing is lost either way, and it serializes back to the same text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TopDate {
    Parsed(TopDateTime),
    Unparsed(String),
}

impl TopDate {
    /// Parses `text`, keeping it as `Unparsed` when it is not `yyyy-MM-dd HH:mm:ss`.
    pub fn from_text(text: &str) -> Self {
        match TopDateTime::parse(text) {
            Ok(parsed) => TopDate::Parsed(parsed),
            Err(_) => TopDate::Unparsed(text.to_owned()),
        }
    }

    /// The time, when it parsed.
    pub fn parsed(&self) -> Option<TopDateTime> {
        match self {
            TopDate::Parsed(parsed) => Some(*parsed),
            TopDate::Unparsed(_) => None,
        }
    }
}

impl fmt::Display for TopDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TopDate::Parsed(parsed) => parsed.fmt(f),
            TopDate::Unparsed(text) => f.write_str(text),
        }
    }
}

impl From<TopDateTime> for TopDate {
    fn from(value: TopDateTime) -> Self {
        TopDate::Parsed(value)
    }
}

impl Serialize for TopDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TopDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(Self::from_text(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_the_top_format() {
        let date = TopDateTime::parse("2018-06-28 15:30:39").unwrap();
        assert_eq!(date.to_string(), "2018-06-28 15:30:39");
        assert!(TopDateTime::parse("2018-02-30 00:00:00").is_err());
        assert!(TopDateTime::parse("2018-6-28 15:30:39").is_err());
        assert!(TopDateTime::parse("date").is_err());
        assert!(TopDateTime::parse("２０１８-06-28 15:30:39").is_err());
    }

    #[test]
    fn the_text_is_the_padded_format() {
        for (y, mo, d, h, mi, s) in [
            (1, 1, 1, 0, 0, 0),
            (9999, 12, 31, 23, 59, 59),
            (2024, 2, 29, 9, 5, 7),
            (987, 10, 3, 10, 10, 10),
        ] {
            let date = TopDateTime::new(y, mo, d, h, mi, s).unwrap();
            let expected = format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}");
            assert_eq!(date.text().as_str(), expected);
            assert_eq!(date.to_string(), expected);
        }
    }

    #[test]
    fn unix_timestamps_are_read_in_gmt_plus_8() {
        // 2016-01-01 04:00:00 UTC is noon in Beijing.
        let date = TopDateTime::from_unix_timestamp(1_451_620_800).unwrap();
        assert_eq!(date.to_string(), "2016-01-01 12:00:00");
        assert_eq!(date.unix_timestamp(), 1_451_620_800);
        let leap = TopDateTime::parse("2024-02-29 23:59:59").unwrap();
        assert_eq!(
            TopDateTime::from_unix_timestamp(leap.unix_timestamp()),
            Some(leap)
        );
        assert_eq!(
            TopDateTime::from_unix_timestamp(0).unwrap().to_string(),
            "1970-01-01 08:00:00"
        );
    }

    #[test]
    fn unparseable_dates_are_kept() {
        assert_eq!(TopDate::from_text("date"), TopDate::Unparsed("date".into()));
        assert_eq!(TopDate::from_text("date").to_string(), "date");
    }
}
