//! Values as historians write them: bounded quantities, time spans, and the value of a
//! statement (dates are in `date.rs`).

use std::fmt;

use schemars::{JsonSchema, json_schema};
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::date::{Date, Precision};
use crate::diag::Code;

/// Builds a serde error whose message starts with a diagnostic code, so the loader can report
/// the precise code instead of a generic "invalid value".
pub(crate) fn coded<E: de::Error>(code: Code, message: impl fmt::Display) -> E {
    E::custom(format_args!("{}: {message}", code.as_str()))
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

/// A text value, in the dataset's primary language or in the language given.
///
/// In TOML and JSON a plain string is in the primary language (as a plain label is), and a
/// table of one entry gives the language: `text = { ja = "降伏文書" }`. In RDF the text is a
/// literal tagged with its language (Wikibase's monolingual text), the primary language's
/// when none is given.
///
/// ```
/// use kgforge::Text;
///
/// let plain: Text = "unconditional surrender".into();
/// assert_eq!(plain.language, None);
/// let japanese = Text::in_language("無条件降伏", "ja");
/// assert_eq!(&*japanese, "無条件降伏");
/// assert_eq!(serde_json::to_string(&japanese).unwrap(), r#"{"ja":"無条件降伏"}"#);
/// assert_eq!(serde_json::to_string(&plain).unwrap(), r#""unconditional surrender""#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Text {
    /// The text.
    pub text: String,
    /// Its BCP 47 language tag; `None`: the dataset's primary language.
    pub language: Option<smol_str::SmolStr>,
}

impl Text {
    /// A text in the given language.
    pub fn in_language(text: impl Into<String>, language: impl Into<smol_str::SmolStr>) -> Self {
        Text {
            text: text.into(),
            language: Some(language.into()),
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl From<String> for Text {
    /// A text in the primary language.
    fn from(text: String) -> Self {
        Text {
            text,
            language: None,
        }
    }
}

impl From<&str> for Text {
    /// A text in the primary language.
    fn from(text: &str) -> Self {
        Text::from(text.to_string())
    }
}

impl fmt::Display for Text {
    /// The text alone.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.language {
            None => s.serialize_str(&self.text),
            Some(language) => {
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry(language.as_str(), &self.text)?;
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "text, or a table of one language and its text such as { ja = \"降伏文書\" }",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(v.into())
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(v.into())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let Some(language) = map.next_key::<String>()? else {
                    return Err(de::Error::custom(
                        "a text value needs its text: text = { ja = \"…\" } (or a plain string in the primary language)",
                    ));
                };
                // The toml crate hands a date-time to a map visitor under this key.
                if language == "$__toml_private_datetime" {
                    return Err(de::Error::invalid_type(
                        de::Unexpected::Other("a date"),
                        &self,
                    ));
                }
                let text: String = map.next_value()?;
                if let Some(other) = map.next_key::<String>()? {
                    return Err(de::Error::custom(format!(
                        "a text value is in one language, this one has `{language}` and `{other}`: write one statement per language"
                    )));
                }
                Ok(Text::in_language(text, language))
            }
        }
        d.deserialize_any(TextVisitor)
    }
}

impl JsonSchema for Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Text".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        json_schema!({
            "description": "Text in the dataset's primary language, or an object of one language tag and its text.",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "minProperties": 1,
                    "maxProperties": 1,
                    "additionalProperties": { "type": "string" }
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
///
/// [`Quantity`] and [`Text`] are boxed, so that a value takes the 24 bytes of an entity id
/// (the bulk case) rather than 56; `Value::from` or `.into()` boxes them.
///
/// ```
/// use kgforge::{Bound, Quantity, Text, Value};
///
/// let q = Value::from(Quantity { bound: Bound::About(40), unit: None });
/// let t: Value = Text::in_language("降伏文書", "ja").into();
/// assert_eq!((q.key(), q.to_string().as_str()), ("quantity", "about 40"));
/// assert!(matches!(&t, Value::Text(t) if t.language.as_deref() == Some("ja")));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// The id of another entity; such statements become graph edges.
    Entity(smol_str::SmolStr),
    /// A bounded count.
    Quantity(Box<Quantity>),
    /// A decimal number.
    Decimal(f64),
    /// A date with its precision.
    Date(Date),
    /// A time span.
    Span(Span),
    /// Free text, in the primary language or the one it gives.
    Text(Box<Text>),
}

impl From<Quantity> for Value {
    /// A [`Value::Quantity`], boxed.
    fn from(q: Quantity) -> Self {
        Value::Quantity(Box::new(q))
    }
}

impl From<Text> for Value {
    /// A [`Value::Text`], boxed.
    fn from(t: Text) -> Self {
        Value::Text(Box::new(t))
    }
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
        assert!(serde_json::from_str::<Quantity>(r#"{"range": [1, 2, 3]}"#).is_err());
        assert!(serde_json::from_str::<Quantity>(r#"{"range": [1]}"#).is_err());
        assert!(serde_json::from_str::<Quantity>(r#"{"about": 1, "exact": 2}"#).is_err());
        assert!(serde_json::from_str::<Quantity>(r#"{"unit": "x"}"#).is_err());
    }
}
