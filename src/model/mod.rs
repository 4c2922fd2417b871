//! The data model: a dataset of typed entities and sourced statements about them.
//!
//! Plain data with serde, no I/O and no graph: the loaders produce it, [`crate::validate()`]
//! checks it, [`crate::KnowledgeGraph`] indexes it. The serde shape is the JSON export's shape,
//! and (with ids as table keys) the TOML input's.

mod date;
mod id;
mod index;
mod langmap;
mod statement;
mod value;
mod view;

use std::collections::BTreeMap;

use schemars::{JsonSchema, json_schema};
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

pub(crate) use date::MONTH_NAMES;
pub use date::{Date, DateError, Precision};
pub(crate) use id::write_hash_input;
pub use id::{dataset_id_from_name, derive_statement_id};
pub(crate) use index::IdIndex;
pub use langmap::LangMap;
pub(crate) use langmap::normalize_language_tag;
pub use statement::Statement;
pub(crate) use statement::ValueView;
pub(crate) use value::coded;
pub use value::{Bound, LiteralKind, Quantity, Span, Text, Value};
pub use view::{Engine, Legend, RankDir, View, ViewDirection};

/// A whole dataset: metadata, schema, sources, entities and statements.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dataset {
    /// Title, base IRI, languages.
    pub meta: Metadata,
    /// Entity types, in file order (files by name, items as written).
    pub types: Vec<EntityType>,
    /// Predicates, in file order.
    pub predicates: Vec<Predicate>,
    /// Sources, in file order.
    pub sources: Vec<Source>,
    /// Units of quantities, in file order.
    pub units: Vec<Unit>,
    /// Entities, in file order.
    pub entities: Vec<Entity>,
    /// Statements, in file order.
    pub statements: Vec<Statement>,
    /// Views: named parts of the dataset drawn as diagrams of their own, in file order.
    pub views: Vec<View>,
}

impl Dataset {
    /// A dataset with this one's metadata, schema and sources, and no entities, statements
    /// or views (a view names entities that a part of the dataset may not hold).
    pub fn clone_schema(&self) -> Dataset {
        Dataset {
            meta: self.meta.clone(),
            types: self.types.clone(),
            predicates: self.predicates.clone(),
            sources: self.sources.clone(),
            units: self.units.clone(),
            entities: Vec::new(),
            statements: Vec::new(),
            views: Vec::new(),
        }
    }
}

/// The `[dataset]` table.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// A slug naming the dataset.
    pub id: String,
    /// A human title.
    pub title: String,
    /// What the dataset covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// An SPDX license id or a URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// The namespace of the dataset's IRIs; ends in `/` or `#`.
    pub base_iri: String,
    /// Label languages in fallback order; the first is the primary language.
    pub languages: Vec<String>,
}

impl Metadata {
    /// The primary language (the first of [`Metadata::languages`]), `en` when none is given.
    pub fn primary_language(&self) -> &str {
        self.languages.first().map_or("en", String::as_str)
    }
}

/// An entity type (`[types.<id>]`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntityType {
    /// The type's slug; the table key in TOML.
    #[serde(default)]
    pub id: String,
    /// A label in the primary language.
    pub label: String,
    /// The supertype, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// An external class IRI this type corresponds to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// The display group (a DOT cluster); inherited from the parent when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// What the type means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// What a predicate's object may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Range {
    /// Entities of these types (or their subtypes); empty means any entity.
    Entities(Vec<String>),
    /// A literal of this kind.
    Literal(LiteralKind),
}

impl Default for Range {
    fn default() -> Self {
        Range::Entities(Vec::new())
    }
}

impl Serialize for Range {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Range::Entities(types) => types.serialize(s),
            Range::Literal(kind) => s.serialize_str(kind.name()),
        }
    }
}

impl<'de> Deserialize<'de> for Range {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match OneOrMany::deserialize(d)? {
            OneOrMany::One(name) => match LiteralKind::from_name(&name) {
                Some(kind) => Range::Literal(kind),
                None => Range::Entities(vec![name]),
            },
            OneOrMany::Many(types) => Range::Entities(types),
        })
    }
}

impl JsonSchema for Range {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Range".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        json_schema!({
            "description": "A literal kind, or entity type ids (a single type may be a string).",
            "anyOf": [
                { "enum": ["integer", "decimal", "date", "year", "span", "string"] },
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } }
            ]
        })
    }
}

#[derive(Deserialize)]
#[serde(untagged, expecting = "a type id or a list of type ids")]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

fn is_false(b: &bool) -> bool {
    !b
}

/// A predicate (`[predicates.<id>]`): a relation between entities or an attribute of one.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Predicate {
    /// The predicate's slug; the table key in TOML.
    #[serde(default)]
    pub id: String,
    /// A label in the primary language ("surrendered to").
    pub label: String,
    /// A label for the inverse direction ("received the surrender of").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inverse: Option<String>,
    /// Types a subject must have (or descend from); empty means any.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub domain: Vec<String>,
    /// What the object may be.
    #[serde(default)]
    pub range: Range,
    /// An external property IRI this predicate corresponds to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property: Option<String>,
    /// Whether `a p b` implies `b p a`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub symmetric: bool,
    /// What the predicate means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A unit of quantities (`[units.<id>]`): what a quantity's `unit` names.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// The unit's slug; the table key in TOML, and what a quantity's `unit` says.
    #[serde(default)]
    pub id: String,
    /// A label in the primary language ("people").
    pub label: String,
    /// An external IRI for the unit (a Wikidata item, a QUDT unit); counts are dimensionless:
    /// `http://www.wikidata.org/entity/Q199`. Without one, the RDF export mints
    /// `{base}unit/{id}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iri: Option<String>,
    /// What the unit measures or counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// What kind of work a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// A newspaper, magazine or web article.
    Article,
    /// A book or book chapter.
    Book,
    /// A report or statement by a government body.
    GovernmentReport,
    /// An archival document.
    Archive,
    /// An encyclopedia entry.
    Encyclopedia,
    /// A website that is none of the above.
    Website,
    /// A dataset.
    Dataset,
    /// Anything else.
    #[default]
    Other,
}

/// A source (`[sources.<id>]`) that statements cite.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The source's slug; the table key in TOML.
    #[serde(default)]
    pub id: String,
    /// Its title.
    pub title: String,
    /// Who wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Who published it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// When it was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Where to read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When it was last read at `url` (a web page can change; a Wikipedia permalink cannot).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessed: Option<Date>,
    /// The language it is written in (BCP 47), which is also the language of its title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// What kind of work it is.
    #[serde(default)]
    pub kind: SourceKind,
    /// Remarks on its reliability or how it was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// How many paragraphs it has, when references cite paragraphs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraphs: Option<u32>,
}

/// A free attribute value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged, expecting = "a string, an integer, a number or a boolean")]
pub enum Scalar {
    /// `true` / `false`
    Bool(bool),
    /// A whole number.
    Integer(i64),
    /// A decimal number.
    Float(f64),
    /// Text.
    String(String),
}

/// An entity (`[entities.<id>]`): a thing statements are about.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    /// The entity's slug; the table key in TOML.
    #[serde(default)]
    pub id: SmolStr,
    /// Its type id.
    #[serde(rename = "type")]
    pub type_id: SmolStr,
    /// Its name per language.
    pub label: LangMap<String>,
    /// Other names per language.
    #[serde(default, skip_serializing_if = "LangMap::is_empty")]
    pub aliases: LangMap<Vec<String>>,
    /// A short description in the primary language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A Wikidata item id (`Q` and digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// Free attributes.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, Scalar>,
}

impl Entity {
    /// The label in the first of `languages` that has one, else any label, else the id.
    ///
    /// ```
    /// let e = kgforge::Entity {
    ///     id: "khabarovsk".into(),
    ///     label: [("ru".to_string(), "Хабаровск".to_string())].into(),
    ///     ..Default::default()
    /// };
    /// assert_eq!(e.label_in(&["en".into(), "ru".into()]), "Хабаровск");
    /// ```
    pub fn label_in<'a>(&'a self, languages: &[String]) -> &'a str {
        languages
            .iter()
            .find_map(|lang| self.label.get(lang))
            .or_else(|| self.label.values().next())
            .map_or(&self.id, String::as_str)
    }
}

/// Wikidata's statement ranks.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, Serialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Rank {
    /// The best-supported value among several.
    Preferred,
    /// An ordinary statement.
    #[default]
    Normal,
    /// Known to be wrong; kept because a source says it.
    Deprecated,
}

impl Rank {
    /// The rank's name (`preferred`).
    pub fn name(self) -> &'static str {
        match self {
            Rank::Preferred => "preferred",
            Rank::Normal => "normal",
            Rank::Deprecated => "deprecated",
        }
    }
}

/// Deserializes a unit enum from its name. Unlike serde's derive, a value of the wrong type
/// (`rank = 1`) is reported with the names it could be, not as "wanted string or table".
fn by_name<'de, D: serde::Deserializer<'de>, T: Copy>(
    d: D,
    names: &'static [&'static str],
    values: &'static [T],
) -> Result<T, D::Error> {
    struct Names<T: 'static>(&'static [&'static str], &'static [T]);
    impl<T: Copy> serde::de::Visitor<'_> for Names<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let names: Vec<String> = self.0.iter().map(|n| format!("`{n}`")).collect();
            write!(f, "one of {}", names.join(", "))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            match self.0.iter().position(|n| *n == v) {
                Some(i) => Ok(self.1[i]),
                None => Err(E::unknown_variant(v, self.0)),
            }
        }
    }
    d.deserialize_str(Names(names, values))
}

impl<'de> Deserialize<'de> for SourceKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use SourceKind::*;
        by_name(
            d,
            &[
                "article",
                "book",
                "government-report",
                "archive",
                "encyclopedia",
                "website",
                "dataset",
                "other",
            ],
            &[
                Article,
                Book,
                GovernmentReport,
                Archive,
                Encyclopedia,
                Website,
                Dataset,
                Other,
            ],
        )
    }
}

impl<'de> Deserialize<'de> for Rank {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        by_name(
            d,
            &["preferred", "normal", "deprecated"],
            &[Rank::Preferred, Rank::Normal, Rank::Deprecated],
        )
    }
}

/// Qualifiers narrow a statement: when, where, how many.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Qualifiers {
    /// When it held, as a point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point_in_time: Option<Date>,
    /// When it began to hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Date>,
    /// When it stopped holding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Date>,
    /// Where it happened: an entity id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// How many were involved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Quantity>,
    /// Free qualifiers.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub other: BTreeMap<String, String>,
}

impl Qualifiers {
    /// Whether no qualifier is set.
    pub fn is_empty(&self) -> bool {
        *self == Qualifiers::default()
    }
}

/// Where a statement comes from: a source and a place in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The source id.
    pub source: String,
    /// A paragraph number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    /// A page or page range (`page = 45` is read as `"45"`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "text_or_integer"
    )]
    pub page: Option<String>,
    /// A section heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// A remark on what the source says there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Text, or a whole number read as its digits (`page = 45` is the page "45").
fn text_or_integer<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct Text;
    impl serde::de::Visitor<'_> for Text {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a page or page range, such as \"45\" or \"45-47\"")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
    }
    d.deserialize_any(Text)
}

impl Reference {
    /// The locator as a reader would write it: `¶3`, `p. 45`, `§ Aftermath`, joined by `, `.
    pub fn locator(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = self.paragraph {
            parts.push(format!("¶{p}"));
        }
        if let Some(p) = &self.page {
            parts.push(format!("p. {p}"));
        }
        if let Some(s) = &self.section {
            parts.push(format!("§ {s}"));
        }
        parts.join(", ")
    }
}
