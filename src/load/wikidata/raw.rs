//! Entities as the import keeps them between reading and building: only what the mapping
//! uses, in compact form. Each document is converted as soon as it is parsed, so a dump's
//! JSON (with every language's labels and the generic JSON of every value) is never held.

use serde_json::Value as Json;

use super::json::{DataValue, EntityDoc, Snak};
use crate::model::Rank;

/// An item or a property, reduced.
pub(super) struct RawEntity {
    pub(super) id: String,
    pub(super) is_item: bool,
    /// Labels in the languages kept (and English and `mul`, which ids are made from).
    pub(super) labels: Vec<(String, String)>,
    /// The description in the primary language.
    pub(super) description: Option<String>,
    /// Aliases in the languages kept.
    pub(super) aliases: Vec<(String, Vec<String>)>,
    pub(super) claims: Vec<RawClaim>,
}

/// A statement, reduced.
pub(super) struct RawClaim {
    pub(super) value: RawSnak,
    pub(super) rank: Rank,
    pub(super) id: Option<Box<str>>,
    /// Qualifiers in the order written (grouped by property, as Wikibase writes them).
    pub(super) qualifiers: Vec<RawSnak>,
    /// Each reference's snaks, in order.
    pub(super) references: Vec<Vec<RawSnak>>,
}

/// A property and its value.
pub(super) struct RawSnak {
    pub(super) property: Box<str>,
    pub(super) value: RawValue,
}

/// A value by its Wikibase type.
pub(super) enum RawValue {
    SomeValue,
    NoValue,
    /// An entity id (`Q42`, `P31`, `L7`).
    Entity(Box<str>),
    Quantity {
        amount: Box<str>,
        lower: Option<Box<str>>,
        upper: Option<Box<str>>,
        /// The unit's IRI; `None` for "1".
        unit: Option<Box<str>>,
    },
    Time {
        time: Box<str>,
        precision: u8,
        julian: bool,
    },
    Monolingual {
        text: Box<str>,
        language: Box<str>,
    },
    Coordinate {
        latitude: f64,
        longitude: f64,
        /// The globe's IRI when it is not the Earth.
        globe: Option<Box<str>>,
    },
    Text(Box<str>),
    /// A value snak whose value is missing or not of its type's shape.
    Unreadable,
}

/// The proleptic Julian calendar (`wd:Q1985786`).
const JULIAN: &str = "http://www.wikidata.org/entity/Q1985786";

/// The Earth (`wd:Q2`), the globe of most coordinates.
const EARTH: &str = "http://www.wikidata.org/entity/Q2";

impl RawEntity {
    /// Reduces a document (an item or a property; `doc.id` is set), keeping labels and
    /// aliases in `languages` (and labels in English and `mul`) and the description in the
    /// first of them.
    pub(super) fn new(doc: EntityDoc, languages: &[String]) -> RawEntity {
        let kept = |lang: &str| languages.iter().any(|l| l.eq_ignore_ascii_case(lang));
        let primary = languages.first().map_or("en", String::as_str);
        let is_item = doc.kind.as_deref() == Some("item");
        RawEntity {
            id: doc.id.unwrap_or_default(),
            labels: (doc.labels.0.into_iter())
                .filter(|(l, _)| kept(l) || l == "en" || l == "mul")
                .map(|(l, t)| (l, t.value))
                .collect(),
            description: (doc.descriptions.0.into_iter())
                .find(|(l, _)| l.eq_ignore_ascii_case(primary))
                .map(|(_, t)| t.value),
            aliases: (doc.aliases.0.into_iter())
                .filter(|(l, terms)| kept(l) && !terms.is_empty())
                .map(|(l, terms)| (l, terms.into_iter().map(|t| t.value).collect()))
                .collect(),
            claims: if is_item {
                (doc.claims.0.into_iter())
                    .flat_map(|(_, claims)| claims)
                    .map(|c| RawClaim {
                        value: RawSnak::new(c.mainsnak),
                        rank: match c.rank.as_str() {
                            "preferred" => Rank::Preferred,
                            "deprecated" => Rank::Deprecated,
                            _ => Rank::Normal,
                        },
                        id: c.id.map(String::into_boxed_str),
                        qualifiers: (c.qualifiers.0.into_iter())
                            .flat_map(|(_, snaks)| snaks)
                            .map(RawSnak::new)
                            .collect(),
                        references: (c.references.into_iter())
                            .map(|r| {
                                (r.snaks.0.into_iter())
                                    .flat_map(|(_, snaks)| snaks)
                                    .map(RawSnak::new)
                                    .collect()
                            })
                            .collect(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            is_item,
        }
    }

    /// The label in `lang`, if kept.
    pub(super) fn label(&self, lang: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(l, _)| l == lang)
            .map(|(_, t)| t.as_str())
    }
}

impl RawSnak {
    fn new(snak: Snak) -> RawSnak {
        let value = match snak.snaktype.as_str() {
            "somevalue" => RawValue::SomeValue,
            "novalue" => RawValue::NoValue,
            _ => snak.datavalue.map_or(RawValue::Unreadable, RawValue::new),
        };
        RawSnak {
            property: snak.property.into_boxed_str(),
            value,
        }
    }

    /// The entity id of an entity value.
    pub(super) fn entity_id(&self) -> Option<&str> {
        match &self.value {
            RawValue::Entity(id) => Some(id),
            _ => None,
        }
    }
}

impl RawValue {
    fn new(dv: DataValue) -> RawValue {
        let v = dv.value;
        let text = |key: &str| v.get(key).and_then(Json::as_str).map(Box::from);
        match dv.kind.as_str() {
            "wikibase-entityid" => text("id").map_or(RawValue::Unreadable, RawValue::Entity),
            "quantity" => match text("amount") {
                Some(amount) => RawValue::Quantity {
                    amount,
                    lower: text("lowerBound"),
                    upper: text("upperBound"),
                    unit: text("unit").filter(|u| &**u != "1"),
                },
                None => RawValue::Unreadable,
            },
            "time" => match (text("time"), v.get("precision").and_then(Json::as_u64)) {
                (Some(time), Some(precision)) => RawValue::Time {
                    time,
                    precision: u8::try_from(precision).unwrap_or(u8::MAX),
                    julian: v.get("calendarmodel").and_then(Json::as_str) == Some(JULIAN),
                },
                _ => RawValue::Unreadable,
            },
            "monolingualtext" => match (text("text"), text("language")) {
                (Some(text), Some(language)) => RawValue::Monolingual { text, language },
                _ => RawValue::Unreadable,
            },
            "globecoordinate" => {
                let number = |key: &str| v.get(key).and_then(Json::as_f64);
                match (number("latitude"), number("longitude")) {
                    (Some(latitude), Some(longitude)) => RawValue::Coordinate {
                        latitude,
                        longitude,
                        globe: text("globe").filter(|g| &**g != EARTH),
                    },
                    _ => RawValue::Unreadable,
                }
            }
            _ => match v {
                Json::String(s) => RawValue::Text(s.into_boxed_str()),
                Json::Null => RawValue::Unreadable,
                other => RawValue::Text(other.to_string().into_boxed_str()),
            },
        }
    }
}
