//! Literals of arbitrary RDF as kgforge values, by their datatype.

use oxrdf::{Literal, Term};

use crate::format::rdf::vocab;
use crate::model::{Bound, Date, LiteralKind, Quantity, Text, Value};

/// `Q42` from `http://www.wikidata.org/entity/Q42` (or `https`).
pub(super) fn wikidata_id(term: &Term) -> Option<String> {
    let Term::NamedNode(n) = term else {
        return None;
    };
    let q = n
        .as_str()
        .strip_prefix(vocab::WD)
        .or_else(|| n.as_str().strip_prefix("https://www.wikidata.org/entity/"))?;
    (q.starts_with('Q') && q.len() > 1 && q[1..].bytes().all(|b| b.is_ascii_digit()))
        .then(|| q.to_string())
}

const INTEGERS: [&str; 13] = [
    "integer",
    "int",
    "long",
    "short",
    "byte",
    "nonNegativeInteger",
    "positiveInteger",
    "negativeInteger",
    "nonPositiveInteger",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
];

/// A literal's value, its kind, and whether it lost a time of day.
pub(super) fn literal_value(l: &Literal) -> (LiteralKind, Value, bool) {
    let text = || (LiteralKind::String, Text::from(l.value()).into(), false);
    let Some(xsd_local) = l
        .datatype()
        .as_str()
        .strip_prefix("http://www.w3.org/2001/XMLSchema#")
    else {
        return text();
    };
    let v = l.value().trim();
    if INTEGERS.contains(&xsd_local) {
        return match v.strip_prefix('+').unwrap_or(v).parse::<i64>() {
            Ok(n) => (
                LiteralKind::Integer,
                Value::from(Quantity {
                    bound: Bound::Exact(n),
                    unit: None,
                }),
                false,
            ),
            Err(_) => text(),
        };
    }
    if matches!(xsd_local, "decimal" | "double" | "float") {
        return match v.parse::<f64>() {
            Ok(x) if x.is_finite() => (LiteralKind::Decimal, Value::Decimal(x), false),
            _ => text(),
        };
    }
    if matches!(
        xsd_local,
        "date" | "dateTime" | "dateTimeStamp" | "gYear" | "gYearMonth"
    ) {
        let timed = xsd_local.starts_with("dateTime");
        let date = v.split('T').next().unwrap_or(v);
        // A time zone on a date (`1945-08-09Z`, `1945-08-09+09:00`) says nothing of the day.
        let date = strip_zone(date);
        if let Ok(d) = date.parse::<Date>() {
            let lost = timed
                && v.split('T')
                    .nth(1)
                    .is_some_and(|t| !t.starts_with("00:00:00"));
            return (LiteralKind::Date, Value::Date(d), lost);
        }
        return text();
    }
    text()
}

fn strip_zone(date: &str) -> &str {
    let date = date.strip_suffix('Z').unwrap_or(date);
    // `±hh:mm` at the end (a leading `-` is a BCE year, not a zone).
    let b = date.as_bytes();
    match b.len().checked_sub(6) {
        Some(i) if i > 0 && matches!(b[i], b'+' | b'-') && b[i + 3] == b':' => &date[..i],
        _ => date,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_read_as_their_datatype_says() {
        let typed = |v: &str, t: &str| {
            Literal::new_typed_literal(
                v,
                oxrdf::NamedNode::new_unchecked(format!("http://www.w3.org/2001/XMLSchema#{t}")),
            )
        };
        assert_eq!(
            literal_value(&typed("42", "int")).1,
            Value::from(Quantity {
                bound: Bound::Exact(42),
                unit: None
            })
        );
        assert_eq!(
            literal_value(&typed("2.5", "double")).1,
            Value::Decimal(2.5)
        );
        assert_eq!(
            literal_value(&typed("1945-08-09", "date")).1,
            Value::Date("1945-08-09".parse().unwrap())
        );
        assert_eq!(
            literal_value(&typed("1945-08-09+09:00", "date")).1,
            Value::Date("1945-08-09".parse().unwrap())
        );
        let (_, v, lost) = literal_value(&typed("1945-08-09T10:30:00Z", "dateTime"));
        assert_eq!(
            (v, lost),
            (Value::Date("1945-08-09".parse().unwrap()), true)
        );
        assert_eq!(
            literal_value(&typed("1945", "gYear")).1,
            Value::Date("1945".parse().unwrap())
        );
        assert_eq!(
            literal_value(&typed("-0044", "gYear")).1,
            Value::Date("-0044".parse().unwrap())
        );
        assert_eq!(
            literal_value(&typed("99999999999999999999", "integer")).0,
            LiteralKind::String
        );
        assert_eq!(
            literal_value(&typed("true", "boolean")).1,
            Value::from(Text::from("true"))
        );
    }
}
