//! The parts of Wikibase's entity JSON (mediawiki.org, "Wikibase/DataModel/JSON") an import
//! reads; everything else (sitelinks, hashes, page ids) is ignored.

use std::fmt;

use serde::Deserialize;
use serde::de::{MapAccess, Visitor};
use serde_json::Value as Json;

/// An entity document: an item, a property, or another kind (lexemes, media info), which an
/// import skips; or what `Special:EntityData` returns, `{"entities": {"Q42": {…}}}` (the
/// entities in `entities`, the other fields empty).
#[derive(Debug, Deserialize)]
pub(super) struct EntityDoc {
    #[serde(default)]
    pub(super) entities: Option<Ordered<EntityDoc>>,
    #[serde(default)]
    pub(super) id: Option<String>,
    #[serde(default, rename = "type")]
    pub(super) kind: Option<String>,
    #[serde(default)]
    pub(super) labels: Ordered<Term>,
    #[serde(default)]
    pub(super) descriptions: Ordered<Term>,
    #[serde(default)]
    pub(super) aliases: Ordered<Vec<Term>>,
    #[serde(default)]
    pub(super) claims: Ordered<Vec<Claim>>,
}

/// A label, description or alias: its text (its language is its key).
#[derive(Debug, Deserialize)]
pub(super) struct Term {
    pub(super) value: String,
}

/// A statement ("claim").
#[derive(Debug, Deserialize)]
pub(super) struct Claim {
    pub(super) mainsnak: Snak,
    #[serde(default)]
    pub(super) qualifiers: Ordered<Vec<Snak>>,
    #[serde(default)]
    pub(super) references: Vec<ReferenceDoc>,
    #[serde(default)]
    pub(super) id: Option<String>,
    #[serde(default = "normal")]
    pub(super) rank: String,
}

fn normal() -> String {
    "normal".into()
}

/// A property and its value (or none: `somevalue`, `novalue`).
#[derive(Debug, Deserialize)]
pub(super) struct Snak {
    pub(super) snaktype: String,
    pub(super) property: String,
    #[serde(default)]
    pub(super) datatype: Option<String>,
    #[serde(default)]
    pub(super) datavalue: Option<DataValue>,
}

/// A snak's value and its type (`wikibase-entityid`, `quantity`, `time`, `string`, …).
#[derive(Debug, Deserialize)]
pub(super) struct DataValue {
    pub(super) value: Json,
    #[serde(rename = "type")]
    pub(super) kind: String,
}

/// A reference: its snaks, by property.
#[derive(Debug, Deserialize)]
pub(super) struct ReferenceDoc {
    #[serde(default)]
    pub(super) snaks: Ordered<Vec<Snak>>,
}

/// A JSON object's entries in the order written (serde_json's map sorts its keys).
#[derive(Debug)]
pub(super) struct Ordered<T>(pub(super) Vec<(String, T)>);

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Entries<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object (an empty one may be written as [])")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered<T>, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, T>()? {
                    out.push(entry);
                }
                Ok(Ordered(out))
            }
            // PHP writes an empty object as `[]`.
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Ordered<T>, A::Error> {
                if seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                    return Err(serde::de::Error::custom(
                        "expected an object, found a non-empty array",
                    ));
                }
                Ok(Ordered(Vec::new()))
            }
        }
        d.deserialize_any(Entries(std::marker::PhantomData))
    }
}
