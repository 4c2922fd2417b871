//! Values as historians write them: bounded quantities, dates with a precision, time spans.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, json_schema};
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::diag::Code;

/// Builds a serde error whose message starts with a diagnostic code, so the loader can report
/// the precise code instead of a generic "invalid value".
pub(crate) fn coded<E: de::Error>(code: Code, message: impl fmt::Display) -> E {
    E::custom(format_args!("{}: {message}", code.as_str()))
}

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

const MONTH_NAMES: [&str; 12] = [
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

/// A time span; either end may be unknown, but not both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("minProperties" = 1))]
pub struct Span {
    /// When it began.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Date>,
    /// When it ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Date>,
}

impl<'de> Deserialize<'de> for Span {
    /// Refuses a span with neither end: it says nothing.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Ends {
            #[serde(default)]
            start: Option<Date>,
            #[serde(default)]
            end: Option<Date>,
        }
        let Ends { start, end } = Ends::deserialize(d)?;
        if start.is_none() && end.is_none() {
            return Err(coded(
                Code::BadSpan,
                "a span needs a start, an end or both, e.g. { start = \"1945-08-09\", end = \"1956\" }",
            ));
        }
        Ok(Span { start, end })
    }
}

/// The bound of a quantity: how much a source claims to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bound {
    /// Exactly this many.
    Exact(i64),
    /// Roughly this many.
    About(i64),
    /// This many or more.
    AtLeast(i64),
    /// Strictly more than this.
    MoreThan(i64),
    /// This many or fewer.
    AtMost(i64),
    /// Strictly fewer than this.
    LessThan(i64),
    /// Somewhere between the two, inclusive.
    Range(i64, i64),
}

impl Bound {
    /// The key that writes this bound in TOML and JSON (`more_than`).
    pub fn key(&self) -> &'static str {
        match self {
            Bound::Exact(_) => "exact",
            Bound::About(_) => "about",
            Bound::AtLeast(_) => "at_least",
            Bound::MoreThan(_) => "more_than",
            Bound::AtMost(_) => "at_most",
            Bound::LessThan(_) => "less_than",
            Bound::Range(..) => "range",
        }
    }

    /// The number a reader would quote: the amount, or the low end of a range.
    pub fn amount(&self) -> i64 {
        match *self {
            Bound::Exact(n)
            | Bound::About(n)
            | Bound::AtLeast(n)
            | Bound::MoreThan(n)
            | Bound::AtMost(n)
            | Bound::LessThan(n)
            | Bound::Range(n, _) => n,
        }
    }
}

/// The two numbers of a range, `[low, high]`. Not `[i64; 2]`: serde reads a pair from the
/// first two numbers of a longer array and drops the rest silently.
struct RangeEnds(i64, i64);

impl<'de> Deserialize<'de> for RangeEnds {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let ends = Vec::<i64>::deserialize(d)?;
        match ends.as_slice() {
            &[lo, hi] => Ok(RangeEnds(lo, hi)),
            _ => Err(coded(
                Code::BadQuantity,
                format!(
                    "a range is two numbers, [low, high]; this one has {}",
                    ends.len()
                ),
            )),
        }
    }
}

/// A count with its bound and an optional unit.
///
/// ```
/// use kgforge::{Bound, Quantity};
///
/// let q = Quantity { bound: Bound::MoreThan(500_000), unit: None };
/// assert_eq!(q.to_string(), "more than 500,000");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Quantity {
    /// The number and how it is bounded.
    pub bound: Bound,
    /// What is counted, when the predicate does not say it.
    pub unit: Option<String>,
}

fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.bound {
            Bound::Exact(n) => write!(f, "{}", grouped(n)),
            Bound::About(n) => write!(f, "about {}", grouped(n)),
            Bound::AtLeast(n) => write!(f, "at least {}", grouped(n)),
            Bound::MoreThan(n) => write!(f, "more than {}", grouped(n)),
            Bound::AtMost(n) => write!(f, "at most {}", grouped(n)),
            Bound::LessThan(n) => write!(f, "fewer than {}", grouped(n)),
            Bound::Range(lo, hi) => write!(f, "{}–{}", grouped(lo), grouped(hi)),
        }?;
        if let Some(unit) = &self.unit {
            write!(f, " {unit}")?;
        }
        Ok(())
    }
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if let (Bound::Exact(n), None) = (self.bound, &self.unit) {
            return s.serialize_i64(n);
        }
        let mut map = s.serialize_map(None)?;
        match self.bound {
            Bound::Range(lo, hi) => map.serialize_entry("range", &[lo, hi])?,
            other => map.serialize_entry(other.key(), &other.amount())?,
        }
        if let Some(unit) = &self.unit {
            map.serialize_entry("unit", unit)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct QuantityVisitor;
        const KEYS: &[&str] = &[
            "exact",
            "about",
            "at_least",
            "more_than",
            "at_most",
            "less_than",
            "range",
            "unit",
        ];
        impl<'de> Visitor<'de> for QuantityVisitor {
            type Value = Quantity;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer, or a table such as { more_than = 500000 }")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Quantity, E> {
                Ok(Quantity {
                    bound: Bound::Exact(v),
                    unit: None,
                })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Quantity, E> {
                let v = i64::try_from(v)
                    .map_err(|_| coded(Code::BadQuantity, format!("{v} is too large")))?;
                self.visit_i64(v)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Quantity, E> {
                Err(coded(
                    Code::BadQuantity,
                    format!("{v} is not a whole number; quantities count things"),
                ))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Quantity, A::Error> {
                let mut bound = None;
                let mut unit = None;
                while let Some(key) = map.next_key::<String>()? {
                    let new = match key.as_str() {
                        "unit" => {
                            unit = Some(map.next_value::<String>()?);
                            continue;
                        }
                        "range" => {
                            let RangeEnds(lo, hi) = map.next_value()?;
                            if lo > hi {
                                return Err(coded(
                                    Code::BadQuantity,
                                    format!(
                                        "range [{lo}, {hi}] has its low end above its high end"
                                    ),
                                ));
                            }
                            Bound::Range(lo, hi)
                        }
                        "exact" => Bound::Exact(map.next_value()?),
                        "about" => Bound::About(map.next_value()?),
                        "at_least" => Bound::AtLeast(map.next_value()?),
                        "more_than" => Bound::MoreThan(map.next_value()?),
                        "at_most" => Bound::AtMost(map.next_value()?),
                        "less_than" => Bound::LessThan(map.next_value()?),
                        other => return Err(de::Error::unknown_field(other, KEYS)),
                    };
                    if bound.replace(new).is_some() {
                        return Err(coded(
                            Code::BadQuantity,
                            "a quantity has exactly one bound (exact, about, at_least, more_than, at_most, less_than or range)",
                        ));
                    }
                }
                let bound = bound.ok_or_else(|| {
                    coded(
                        Code::BadQuantity,
                        "a quantity needs a bound: exact, about, at_least, more_than, at_most, less_than or range",
                    )
                })?;
                Ok(Quantity { bound, unit })
            }
        }
        d.deserialize_any(QuantityVisitor)
    }
}

impl JsonSchema for Quantity {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Quantity".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let bound = |key: &str| {
            serde_json::json!({
                "type": "object",
                "properties": { key: { "type": "integer" }, "unit": { "type": "string" } },
                "required": [key],
                "additionalProperties": false
            })
        };
        json_schema!({
            "description": "An exact integer, or an object with one bound and an optional unit.",
            "anyOf": [
                { "type": "integer" },
                bound("exact"), bound("about"), bound("at_least"), bound("more_than"),
                bound("at_most"), bound("less_than"),
                {
                    "type": "object",
                    "properties": {
                        "range": { "type": "array", "items": { "type": "integer" }, "minItems": 2, "maxItems": 2 },
                        "unit": { "type": "string" }
                    },
                    "required": ["range"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// The kinds of literal a predicate's range can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LiteralKind {
    /// A [`Quantity`].
    Integer,
    /// A decimal number.
    Decimal,
    /// A [`Date`] of any precision.
    Date,
    /// A [`Date`] known to the year only.
    Year,
    /// A [`Span`].
    Span,
    /// Free text.
    String,
}

impl LiteralKind {
    /// Every kind, in declaration order.
    pub const ALL: [LiteralKind; 6] = [
        LiteralKind::Integer,
        LiteralKind::Decimal,
        LiteralKind::Date,
        LiteralKind::Year,
        LiteralKind::Span,
        LiteralKind::String,
    ];

    /// The name used in schema files (`integer`).
    pub fn name(self) -> &'static str {
        match self {
            LiteralKind::Integer => "integer",
            LiteralKind::Decimal => "decimal",
            LiteralKind::Date => "date",
            LiteralKind::Year => "year",
            LiteralKind::Span => "span",
            LiteralKind::String => "string",
        }
    }

    /// Parses a kind name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// What a statement says about its subject: another entity, or a literal.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// The id of another entity; such statements become graph edges.
    Entity(smol_str::SmolStr),
    /// A bounded count.
    Quantity(Quantity),
    /// A decimal number.
    Decimal(f64),
    /// A date with its precision.
    Date(Date),
    /// A time span.
    Span(Span),
    /// Free text.
    Text(String),
}

impl Value {
    /// The statement key that carries this value (`object`, `quantity`, …).
    pub fn key(&self) -> &'static str {
        match self {
            Value::Entity(_) => "object",
            Value::Quantity(_) => "quantity",
            Value::Decimal(_) => "decimal",
            Value::Date(_) => "date",
            Value::Span(_) => "span",
            Value::Text(_) => "text",
        }
    }

    /// The entity id, when the value is an entity.
    pub fn as_entity(&self) -> Option<&str> {
        match self {
            Value::Entity(id) => Some(id),
            _ => None,
        }
    }

    /// Whether this value fits a predicate whose range is `kind`.
    pub fn fits(&self, kind: LiteralKind) -> bool {
        matches!(
            (self, kind),
            (Value::Quantity(_), LiteralKind::Integer)
                | (Value::Decimal(_), LiteralKind::Decimal)
                | (Value::Date(_), LiteralKind::Date)
                | (Value::Span(_), LiteralKind::Span)
                | (Value::Text(_), LiteralKind::String)
        ) || matches!((self, kind), (Value::Date(d), LiteralKind::Year) if d.precision() == Precision::Year)
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Entity(id) => f.write_str(id),
            Value::Quantity(q) => q.fmt(f),
            Value::Decimal(x) => x.fmt(f),
            Value::Date(d) => d.fmt(f),
            Value::Span(s) => match (s.start, s.end) {
                (Some(a), Some(b)) => write!(f, "{a} – {b}"),
                (Some(a), None) => write!(f, "from {a}"),
                (None, Some(b)) => write!(f, "until {b}"),
                (None, None) => f.write_str("unknown span"),
            },
            Value::Text(t) => f.write_str(t),
        }
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

    #[test]
    fn quantities_read_and_write_their_bound() {
        let q: Quantity = serde_json::from_str(r#"{"more_than": 500000}"#).unwrap();
        assert_eq!(q.bound, Bound::MoreThan(500_000));
        assert_eq!(
            serde_json::to_string(&q).unwrap(),
            r#"{"more_than":500000}"#
        );
        let q: Quantity = serde_json::from_str("400000").unwrap();
        assert_eq!(serde_json::to_string(&q).unwrap(), "400000");
        let q: Quantity = serde_json::from_str(r#"{"range": [1, 2], "unit": "people"}"#).unwrap();
        assert_eq!(q.to_string(), "1–2 people");
        assert!(serde_json::from_str::<Quantity>(r#"{"range": [2, 1]}"#).is_err());
        assert!(serde_json::from_str::<Quantity>(r#"{"about": 1, "exact": 2}"#).is_err());
        assert!(serde_json::from_str::<Quantity>(r#"{"unit": "x"}"#).is_err());
    }
}
