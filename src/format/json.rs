//! The node-link JSON format: its constants and its JSON Schema, shared by the writer
//! ([`crate::export::json`], which also documents the wire format) and the reader (the JSON
//! loader).

use schemars::JsonSchema;

use crate::model::{
    Entity, EntityType, Metadata, Predicate, Qualifiers, Quantity, Rank, Reference, Source, Span,
    Unit,
};

/// The `format` string of every kgforge JSON document.
pub const FORMAT_NAME: &str = "kgforge";

/// The version of the wire format this kgforge writes and reads.
pub const FORMAT_VERSION: u64 = 1;

// These types exist to describe the wire format; the writer (`export/json.rs`) and the loader
// (`load/json.rs`) are what read and write it.

/// A kgforge node-link JSON document.
#[derive(JsonSchema)]
#[schemars(title = "kgforge node-link JSON, version 1")]
#[allow(dead_code)]
struct Document {
    /// Always "kgforge".
    #[schemars(extend("const" = "kgforge"))]
    format: String,
    /// The wire-format version: 1.
    #[schemars(extend("const" = 1))]
    version: u64,
    /// Always true (networkx).
    directed: bool,
    /// Always true (networkx): two statements may link the same pair.
    multigraph: bool,
    /// Dataset-level data.
    graph: GraphAttributes,
    /// One node per entity.
    nodes: Vec<Node>,
    /// One edge per entity-to-entity statement.
    edges: Vec<Edge>,
}

/// Metadata, schema and sources.
#[derive(JsonSchema)]
#[allow(dead_code)]
struct GraphAttributes {
    dataset: Metadata,
    types: Vec<EntityType>,
    predicates: Vec<Predicate>,
    sources: Vec<Source>,
    /// Units of quantities; left out when none is declared.
    #[serde(default)]
    units: Vec<Unit>,
}

/// An entity and its literal-valued statements.
#[derive(JsonSchema)]
#[allow(dead_code)]
struct Node {
    #[serde(flatten)]
    entity: Entity,
    /// The entity's literal-valued statements (its subject is the node).
    statements: Vec<LiteralStatement>,
}

/// A literal-valued statement, carried by its subject's node.
#[derive(JsonSchema)]
#[allow(dead_code)]
struct LiteralStatement {
    /// The statement id.
    id: String,
    /// The predicate id.
    predicate: String,
    #[serde(flatten)]
    value: LiteralValue,
    #[serde(flatten)]
    common: StatementCommon,
}

/// Exactly one value key.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum LiteralValue {
    Quantity(Quantity),
    Decimal(f64),
    Date(crate::model::Date),
    Span(Span),
    Text(String),
}

/// An entity-to-entity statement.
#[derive(JsonSchema)]
#[allow(dead_code)]
struct Edge {
    /// The subject entity id.
    source: String,
    /// The object entity id.
    target: String,
    /// The statement id.
    key: String,
    /// The predicate id.
    predicate: String,
    #[serde(flatten)]
    common: StatementCommon,
}

/// Fields every statement may have.
#[derive(JsonSchema)]
#[allow(dead_code)]
struct StatementCommon {
    #[serde(default)]
    qualifiers: Option<Qualifiers>,
    /// Left out when normal.
    #[serde(default)]
    rank: Option<Rank>,
    /// Why the statement is contested.
    #[serde(default)]
    disputed: Option<String>,
    /// A remark for readers.
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    references: Option<Vec<Reference>>,
}

/// The JSON Schema (draft 2020-12) of the node-link document, as pretty JSON.
///
/// ```
/// let schema: serde_json::Value = serde_json::from_str(&kgforge::format::json::json_schema()).unwrap();
/// assert_eq!(schema["title"], "kgforge node-link JSON, version 1");
/// ```
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Document);
    let mut text = serde_json::to_string_pretty(&schema).expect("schemas serialize");
    text.push('\n');
    text
}
