//! The node-link JSON format: its constants and its JSON Schema, shared by the writer
//! ([`crate::export::json`], which also documents the wire format) and the reader (the JSON
//! loader).

use serde_json::{Value, json};

/// The `format` string of every kgforge JSON document.
pub const FORMAT_NAME: &str = "kgforge";

/// The version of the wire format this kgforge writes and reads. Version 2: the RDF model
/// changed with it (Wikibase's), `graph.units` was added, and every statement carries
/// `references` (an empty list when it cites nothing).
pub const FORMAT_VERSION: u64 = 2;

/// A leap year of four digits: divisible by 4 and not by 100, or by 400.
const LEAP_YEAR: &str =
    "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00|0000)";

/// The JSON Schema (draft 2020-12) of the node-link document kgforge writes, as pretty JSON.
///
/// It is strict: every object lists its keys (`additionalProperties: false`), `directed`
/// and `multigraph` are `const` true, ids, statement ids, language tags, IRIs, Wikidata ids
/// and dates have patterns (a date pattern that knows month lengths and leap years), labels
/// and titles may not be empty, and only standard keywords are used (no `format`), so Ajv
/// compiles it in strict mode. What a schema cannot see (two nodes with one id, an edge to a
/// missing node) is left to the loader's validation.
///
/// ```
/// let schema: serde_json::Value = serde_json::from_str(&kgforge::format::json::json_schema()).unwrap();
/// assert_eq!(schema["title"], "kgforge node-link JSON, version 2");
/// assert_eq!(schema["properties"]["directed"]["const"], true);
/// ```
pub fn json_schema() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).expect("a JSON value serializes");
    text.push('\n');
    text
}

fn object(properties: Value, required: &[&str]) -> Value {
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false
    })
}

fn text(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

fn reference(name: &str, description: &str) -> Value {
    json!({ "$ref": format!("#/$defs/{name}"), "description": description })
}

fn schema() -> Value {
    let view = view_schema();
    let date = format!(
        "^-?(?:[0-9]{{4}}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|1[0-9]|2[0-8]))?)?|[0-9]{{4}}-(?:0[13-9]|1[0-2])-(?:29|30)|[0-9]{{4}}-(?:0[13578]|1[02])-31|{LEAP_YEAR}-02-29)$"
    );
    let statement_common = |mut properties: Value| {
        let common = json!({
            "qualifiers": { "$ref": "#/$defs/Qualifiers" },
            "rank": {
                "type": "string",
                "enum": ["preferred", "deprecated"],
                "description": "Left out when normal."
            },
            "disputed": text("Why the statement is contested."),
            "note": text("A remark for readers."),
            "references": {
                "type": "array",
                "items": { "$ref": "#/$defs/Reference" },
                "description": "Where it comes from; empty when it cites nothing."
            }
        });
        let map = properties.as_object_mut().expect("an object");
        for (k, v) in common.as_object().expect("an object") {
            map.insert(k.clone(), v.clone());
        }
        properties
    };
    let literal_statement = {
        let mut s = object(
            statement_common(json!({
                "id": reference("StatementId", "The statement id."),
                "predicate": reference("Id", "The predicate id."),
                "quantity": { "$ref": "#/$defs/Quantity" },
                "decimal": { "type": "number" },
                "date": { "$ref": "#/$defs/Date" },
                "span": { "$ref": "#/$defs/Span" },
                "text": {
                    "description": "Text in the primary language, or an object of one language tag and its text.",
                    "anyOf": [
                        { "type": "string" },
                        {
                            "type": "object",
                            "minProperties": 1,
                            "maxProperties": 1,
                            "additionalProperties": { "type": "string" }
                        }
                    ]
                }
            })),
            &["id", "predicate", "references"],
        );
        s["description"] = json!(
            "A literal-valued statement, carried by its subject's node: exactly one of quantity, decimal, date, span, text."
        );
        // Each branch names its key's schema again: Ajv's strictRequired wants a required
        // key defined beside it.
        let branches: Vec<Value> = ["quantity", "decimal", "date", "span", "text"]
            .iter()
            .map(|k| {
                json!({
                    "type": "object",
                    "properties": { *k: s["properties"][*k].clone() },
                    "required": [k]
                })
            })
            .collect();
        s["oneOf"] = Value::Array(branches);
        s
    };
    let edge = {
        let mut s = object(
            statement_common(json!({
                "source": reference("Id", "The subject entity id."),
                "target": reference("Id", "The object entity id."),
                "key": reference("StatementId", "The statement id."),
                "predicate": reference("Id", "The predicate id.")
            })),
            &["source", "target", "key", "predicate", "references"],
        );
        s["description"] = json!("An entity-to-entity statement.");
        s
    };
    let bound = |key: &str| {
        object(
            json!({ key: { "type": "integer" }, "unit": { "$ref": "#/$defs/Text" } }),
            &[key],
        )
    };
    let quantity = json!({
        "description": "An exact integer, or an object with one bound and an optional unit.",
        "anyOf": [
            { "type": "integer" },
            bound("exact"), bound("about"), bound("at_least"), bound("more_than"),
            bound("at_most"), bound("less_than"),
            object(json!({
                "range": {
                    "type": "array",
                    "items": { "type": "integer" },
                    "minItems": 2,
                    "maxItems": 2
                },
                "unit": { "$ref": "#/$defs/Text" }
            }), &["range"])
        ]
    });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://w3id.org/kgforge/schema/node-link-2.json",
        "title": "kgforge node-link JSON, version 2",
        "description": "A kgforge dataset as a networkx node-link document: one node per entity, one edge per entity-to-entity statement.",
        "type": "object",
        "properties": {
            "format": { "type": "string", "const": FORMAT_NAME },
            "version": { "type": "integer", "const": FORMAT_VERSION },
            "directed": { "type": "boolean", "const": true, "description": "Always true (networkx)." },
            "multigraph": {
                "type": "boolean",
                "const": true,
                "description": "Always true (networkx): two statements may link the same pair."
            },
            "graph": { "$ref": "#/$defs/Graph" },
            "nodes": { "type": "array", "items": { "$ref": "#/$defs/Node" } },
            "edges": { "type": "array", "items": { "$ref": "#/$defs/Edge" } }
        },
        "required": ["format", "version", "directed", "multigraph", "graph", "nodes", "edges"],
        "additionalProperties": false,
        "$defs": {
            "Id": {
                "type": "string",
                "pattern": "^[A-Za-z][A-Za-z0-9_-]{0,127}$",
                "description": "A slug: ASCII letters, digits, _ and -, starting with a letter."
            },
            "StatementId": {
                "type": "string",
                "pattern": "^[A-Za-z0-9_.-]+$",
                "description": "A statement id: ASCII letters, digits, _, . and -."
            },
            "Text": { "type": "string", "minLength": 1, "pattern": "\\S" },
            "LanguageTag": {
                "type": "string",
                "pattern": "^(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?|[Xx](?:-[A-Za-z0-9]{1,8})+)$",
                "description": "A BCP 47 language tag (well-formed)."
            },
            "Iri": {
                "type": "string",
                "pattern": "^[A-Za-z][A-Za-z0-9+.-]*:[^\\s<>\"{}|\\\\^`]*$",
                "description": "An absolute IRI."
            },
            "Date": {
                "type": "string",
                "pattern": date,
                "description": "A date with its precision: YYYY, YYYY-MM or YYYY-MM-DD (a leading - for BCE); it must exist."
            },
            "LangMap": {
                "type": "object",
                "minProperties": 1,
                "propertyNames": { "$ref": "#/$defs/LanguageTag" },
                "additionalProperties": { "$ref": "#/$defs/Text" },
                "description": "Text per language."
            },
            "Graph": object(json!({
                "dataset": { "$ref": "#/$defs/Metadata" },
                "types": { "type": "array", "items": { "$ref": "#/$defs/Type" } },
                "predicates": { "type": "array", "items": { "$ref": "#/$defs/Predicate" } },
                "sources": { "type": "array", "items": { "$ref": "#/$defs/Source" } },
                "units": { "type": "array", "items": { "$ref": "#/$defs/Unit" } },
                "views": { "type": "array", "items": { "$ref": "#/$defs/View" } }
            }), &["dataset", "types", "predicates", "sources"]),
            "Metadata": object(json!({
                "id": reference("Id", "A slug naming the dataset."),
                "title": { "$ref": "#/$defs/Text" },
                "description": text("What the dataset covers."),
                "license": text("An SPDX license id or a URL."),
                "base_iri": reference("Iri", "The namespace of the dataset's IRIs; ends in / or #."),
                "languages": {
                    "type": "array",
                    "items": { "$ref": "#/$defs/LanguageTag" },
                    "minItems": 1,
                    "uniqueItems": true,
                    "description": "Label languages in fallback order; the first is the primary language."
                }
            }), &["id", "title", "base_iri", "languages"]),
            "Type": object(json!({
                "id": { "$ref": "#/$defs/Id" },
                "label": { "$ref": "#/$defs/Text" },
                "parent": { "$ref": "#/$defs/Id" },
                "class": { "$ref": "#/$defs/Iri" },
                "group": { "type": "string" },
                "description": { "type": "string" }
            }), &["id", "label"]),
            "Predicate": object(json!({
                "id": { "$ref": "#/$defs/Id" },
                "label": { "$ref": "#/$defs/Text" },
                "inverse": { "$ref": "#/$defs/Text" },
                "domain": { "type": "array", "items": { "$ref": "#/$defs/Id" } },
                "range": {
                    "description": "A literal kind, or entity type ids.",
                    "anyOf": [
                        { "type": "string", "enum": ["integer", "decimal", "date", "year", "span", "string"] },
                        { "type": "array", "items": { "$ref": "#/$defs/Id" } }
                    ]
                },
                "property": { "$ref": "#/$defs/Iri" },
                "symmetric": { "type": "boolean", "const": true },
                "description": { "type": "string" }
            }), &["id", "label", "range"]),
            "Source": object(json!({
                "id": { "$ref": "#/$defs/Id" },
                "title": { "$ref": "#/$defs/Text" },
                "author": { "type": "string" },
                "publisher": { "type": "string" },
                "date": { "$ref": "#/$defs/Date" },
                "url": { "$ref": "#/$defs/Iri" },
                "accessed": { "$ref": "#/$defs/Date" },
                "language": { "$ref": "#/$defs/LanguageTag" },
                "kind": {
                    "type": "string",
                    "enum": ["article", "book", "government-report", "archive", "encyclopedia", "website", "dataset", "other"]
                },
                "note": { "type": "string" },
                "paragraphs": { "type": "integer", "minimum": 1 }
            }), &["id", "title", "kind"]),
            "Unit": object(json!({
                "id": { "$ref": "#/$defs/Id" },
                "label": { "$ref": "#/$defs/Text" },
                "iri": { "$ref": "#/$defs/Iri" },
                "description": { "type": "string" }
            }), &["id", "label"]),
            "View": view,
            "Node": object(json!({
                "id": { "$ref": "#/$defs/Id" },
                "type": { "$ref": "#/$defs/Id" },
                "label": { "$ref": "#/$defs/LangMap" },
                "aliases": {
                    "type": "object",
                    "propertyNames": { "$ref": "#/$defs/LanguageTag" },
                    "additionalProperties": {
                        "type": "array",
                        "items": { "$ref": "#/$defs/Text" },
                        "minItems": 1
                    }
                },
                "description": { "type": "string" },
                "wikidata": { "type": "string", "pattern": "^Q[0-9]+$" },
                "attributes": {
                    "type": "object",
                    "additionalProperties": {
                        "anyOf": [
                            { "type": "string" },
                            { "type": "number" },
                            { "type": "boolean" }
                        ]
                    }
                },
                "statements": { "type": "array", "items": { "$ref": "#/$defs/LiteralStatement" } }
            }), &["id", "type", "label", "statements"]),
            "LiteralStatement": literal_statement,
            "Edge": edge,
            "Quantity": quantity,
            "Span": object(json!({
                "start": { "$ref": "#/$defs/Date" },
                "end": { "$ref": "#/$defs/Date" }
            }), &[]),
            "Qualifiers": {
                "type": "object",
                "properties": {
                    "point_in_time": { "$ref": "#/$defs/Date" },
                    "start": { "$ref": "#/$defs/Date" },
                    "end": { "$ref": "#/$defs/Date" },
                    "place": { "$ref": "#/$defs/Id" },
                    "quantity": { "$ref": "#/$defs/Quantity" },
                    "other": {
                        "type": "object",
                        "minProperties": 1,
                        "additionalProperties": { "type": "string" }
                    }
                },
                "minProperties": 1,
                "additionalProperties": false
            },
            "Reference": object(json!({
                "source": { "$ref": "#/$defs/Id" },
                "paragraph": { "type": "integer", "minimum": 1 },
                "page": { "type": "string" },
                "section": { "type": "string" },
                "note": { "type": "string" }
            }), &["source"])
        }
    })
}

/// The JSON Schema of a view (`[views.<id>]`, as in TOML).
fn view_schema() -> Value {
    object(
        json!({
            "id": { "$ref": "#/$defs/Id" },
            "title": { "$ref": "#/$defs/Text" },
            "description": { "type": "string" },
            "focus": { "type": "array", "items": { "$ref": "#/$defs/Id" } },
            "depth": { "type": "integer", "minimum": 0 },
            "direction": { "type": "string", "enum": ["in", "out", "both"] },
            "predicates": { "type": "array", "items": { "$ref": "#/$defs/Id" } },
            "exclude_predicates": { "type": "array", "items": { "$ref": "#/$defs/Id" } },
            "types": { "type": "array", "items": { "$ref": "#/$defs/Id" } },
            "exclude_types": { "type": "array", "items": { "$ref": "#/$defs/Id" } },
            "ranks": {
                "type": "array",
                "items": { "type": "string", "enum": ["preferred", "normal", "deprecated"] }
            },
            "as_of": { "$ref": "#/$defs/Date" },
            "language": { "$ref": "#/$defs/LanguageTag" },
            "rankdir": { "type": "string", "enum": ["TB", "LR", "BT", "RL"] },
            "engine": { "type": "string", "enum": ["dot", "neato", "fdp", "sfdp"] },
            "legend": { "type": "string", "enum": ["none", "compact", "full"] },
            "qualifier_places": { "type": "boolean" },
            "figures": { "type": "boolean" },
            "timeline": { "type": "boolean" }
        }),
        &["id", "title"],
    )
}
