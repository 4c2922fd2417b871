//! Dates as historians write them: known to a year, a month or a day.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, json_schema};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::value::coded;
use crate::diag::Code;

/// How precisely a [`Date`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// `1945`
    Year,
    /// `1945-08`
    Month,
    /// `1945-08-09`
    Day,
}

/// A calendar date known to a year, a month or a day.
///
/// ```
/// use kgforge::{Date, Precision};
///
/// let d: Date = "1945-08".parse()?;
/// assert_eq!(d.precision(), Precision::Month);
/// assert_eq!(d.to_string(), "1945-08");
/// assert!("1945-02-30".parse::<Date>().is_err());
/// # Ok::<(), kgforge::DateError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    year: i16,
    month: Option<u8>,
    day: Option<u8>,
}

/// Why a string is not a [`Date`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DateError(String);

impl Date {
    /// A date known to the year.
    pub fn year(year: i16) -> Result<Self, DateError> {
        Self::new(year, None, None)
    }

    /// Builds a date, checking the ranges (a day needs a month; 1945-02-30 is refused).
    pub fn new(year: i16, month: Option<u8>, day: Option<u8>) -> Result<Self, DateError> {
        if !(-9999..=9999).contains(&year) {
            return Err(DateError(format!("year {year} is outside -9999..9999")));
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(DateError(format!("month {m} does not exist (1 to 12)")));
        }
        match (month, day) {
            (None, Some(_)) => return Err(DateError("a day needs a month".into())),
            (Some(m), Some(d)) => {
                let last = days_in_month(year, m);
                if d == 0 || d > last {
                    return Err(DateError(format!(
                        "day {d} does not exist: {} {year} has {last} days",
                        MONTH_NAMES[usize::from(m - 1)]
                    )));
                }
            }
            _ => {}
        }
        Ok(Self { year, month, day })
    }

    /// The year (astronomical numbering: 0 is 1 BCE).
    pub fn year_number(&self) -> i16 {
        self.year
    }

    /// The month (1 to 12), when known.
    pub fn month(&self) -> Option<u8> {
        self.month
    }

    /// The day of the month, when known.
    pub fn day(&self) -> Option<u8> {
        self.day
    }

    /// How precisely the date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (None, _) => Precision::Year,
            (Some(_), None) => Precision::Month,
            (Some(_), Some(_)) => Precision::Day,
        }
    }

    /// The first day this date may stand for (`1945-08` → 1945-08-01).
    pub fn earliest(&self) -> (i16, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day this date may stand for (`1945-08` → 1945-08-31).
    pub fn latest(&self) -> (i16, u8, u8) {
        let month = self.month.unwrap_or(12);
        (
            self.year,
            month,
            self.day.unwrap_or_else(|| days_in_month(self.year, month)),
        )
    }

    /// Whether the period this date stands for may include `other`'s period: for filtering
    /// "as of" a date, `1945-08` contains `1945-08-20`.
    pub fn overlaps(&self, other: &Date) -> bool {
        self.earliest() <= other.latest() && other.earliest() <= self.latest()
    }
}

/// The months' English names, January first (messages and `describe`).
pub(crate) const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn days_in_month(year: i16, month: u8) -> u8 {
    // Proleptic Gregorian calendar, as xsd:date uses.
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, DateError> {
        let bad = || {
            DateError(format!(
                "\"{s}\" is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. \"1945-08-09\")"
            ))
        };
        let (negative, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let mut parts = body.split('-');
        let year_text = parts.next().ok_or_else(bad)?;
        if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let mut year: i16 = year_text.parse().map_err(|_| bad())?;
        if negative {
            year = -year;
        }
        let mut field = |len: usize| -> Result<Option<u8>, DateError> {
            match parts.next() {
                None => Ok(None),
                Some(t) if t.len() == len && t.bytes().all(|b| b.is_ascii_digit()) => {
                    t.parse().map(Some).map_err(|_| bad())
                }
                Some(_) => Err(bad()),
            }
        };
        let month = field(2)?;
        let day = field(2)?;
        if parts.next().is_some() {
            return Err(bad());
        }
        Date::new(year, month, day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.year < 0 {
            write!(f, "-{:04}", -self.year)?;
        } else {
            write!(f, "{:04}", self.year)?;
        }
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Date {
    /// Chronological by first day, then coarser precision first.
    fn cmp(&self, other: &Self) -> Ordering {
        self.earliest()
            .cmp(&other.earliest())
            .then(self.precision().cmp(&other.precision()))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl<'de> Visitor<'de> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date string: \"1945\", \"1945-08\" or \"1945-08-09\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                v.parse().map_err(|e| coded(Code::BadDate, e))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Date, E> {
                Err(coded(
                    Code::BadDate,
                    format!("write the year {v} as a string: \"{v}\""),
                ))
            }
            // A bare TOML date (`date = 1945-08-09`) arrives as a one-entry map.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
                let Some((_, text)) = map.next_entry::<String, String>()? else {
                    return Err(de::Error::custom("expected a date"));
                };
                if text.contains(['T', ' ', ':']) {
                    return Err(coded(
                        Code::BadDate,
                        format!("{text} has a time; write only the date"),
                    ));
                }
                text.parse().map_err(|e| coded(Code::BadDate, e))
            }
        }
        d.deserialize_any(DateVisitor)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        json_schema!({
            "description": "A date with its precision: YYYY, YYYY-MM or YYYY-MM-DD (a leading - for BCE).",
            "type": "string",
            "pattern": "^-?[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_with_their_precision() {
        assert_eq!("1945".parse::<Date>().unwrap().precision(), Precision::Year);
        assert_eq!(
            "1945-08-09".parse::<Date>().unwrap().precision(),
            Precision::Day
        );
        assert_eq!("-0044-03-15".parse::<Date>().unwrap().year_number(), -44);
        assert_eq!(
            "-0044-03-15".parse::<Date>().unwrap().to_string(),
            "-0044-03-15"
        );
    }

    #[test]
    fn impossible_dates_are_refused() {
        for bad in [
            "1945-02-30",
            "1945-13",
            "1945-00",
            "1945-08-00",
            "1900-02-29",
            "45",
            "1945/08/09",
            "1945-8-9",
            "",
            "1945-08-09-01",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad} was accepted");
        }
        assert!("2000-02-29".parse::<Date>().is_ok());
        assert!("1944-02-29".parse::<Date>().is_ok());
    }

    #[test]
    fn dates_overlap_by_their_periods() {
        let month: Date = "1945-08".parse().unwrap();
        let day: Date = "1945-08-20".parse().unwrap();
        let later: Date = "1945-09-01".parse().unwrap();
        assert!(month.overlaps(&day));
        assert!(!month.overlaps(&later));
        assert_eq!(month.latest(), (1945, 8, 31));
    }
}
