//! The JSON reader: loads the node-link document the JSON exporter writes (see
//! [`crate::export::json`] for the wire format), so a dataset survives a round trip.

use serde::Deserialize;
use serde_json::{Map, Value as Json};

use super::Loaded;
use crate::diag::{Code, Diagnostic, FileId, Location};
use crate::export::json::{FORMAT_NAME, FORMAT_VERSION};
use crate::model::{Entity, EntityType, Metadata, Predicate, Source, Statement};

#[derive(Deserialize)]
struct Header {
    format: Option<Json>,
    version: Option<Json>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    #[allow(dead_code)]
    format: String,
    #[allow(dead_code)]
    version: u64,
    directed: bool,
    multigraph: bool,
    graph: Graph,
    nodes: Vec<Map<String, Json>>,
    edges: Vec<Map<String, Json>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Graph {
    dataset: Metadata,
    #[serde(default)]
    types: Vec<EntityType>,
    #[serde(default)]
    predicates: Vec<Predicate>,
    #[serde(default)]
    sources: Vec<Source>,
}

pub(super) fn read(loaded: &mut Loaded, file: FileId, text: &str) {
    let at_error = |e: &serde_json::Error| {
        let offset = offset_of(text, e.line(), e.column());
        Some(Location {
            file,
            span: offset..offset,
        })
    };
    let items = &mut loaded.diagnostics.items;
    let header: Header = match serde_json::from_str(text) {
        Ok(h) => h,
        Err(e) => {
            items.push(
                Diagnostic::error(Code::Syntax, format!("JSON syntax: {}", strip_position(&e)))
                    .at(at_error(&e), "here"),
            );
            return;
        }
    };
    let format = header.format.as_ref().and_then(Json::as_str);
    if format != Some(FORMAT_NAME) {
        items.push(
            Diagnostic::error(Code::JsonVersion, "not a kgforge JSON document")
                .at(Some(Location { file, span: 0..1 }), "`format` is not \"kgforge\"")
                .with_help("kgforge loads the node-link JSON that `kgforge build` writes (with \"format\": \"kgforge\", \"version\": 1)"),
        );
        return;
    }
    let version = header.version.as_ref().and_then(Json::as_u64);
    if version != Some(FORMAT_VERSION) {
        let found = header
            .version
            .map_or_else(|| "no version".to_string(), |v| format!("version {v}"));
        items.push(
            Diagnostic::error(
                Code::JsonVersion,
                format!("this kgforge reads JSON version {FORMAT_VERSION}; the document has {found}"),
            )
            .at(Some(Location { file, span: 0..1 }), "unsupported version")
            .with_help("export it again with a kgforge that writes this version, or load it with the kgforge that wrote it"),
        );
        return;
    }
    let doc: Document = match serde_json::from_str(text) {
        Ok(d) => d,
        Err(e) => {
            items.push(Diagnostic::error(Code::Shape, strip_position(&e)).at(at_error(&e), "here"));
            return;
        }
    };
    let whole = Some(Location { file, span: 0..0 });
    if !doc.directed || !doc.multigraph {
        items.push(
            Diagnostic::error(
                Code::Shape,
                "a kgforge document is directed and a multigraph",
            )
            .at(whole.clone(), "here")
            .with_help("set \"directed\": true and \"multigraph\": true"),
        );
    }
    let dataset = &mut loaded.dataset;
    dataset.meta = doc.graph.dataset;
    dataset.types = doc.graph.types;
    dataset.predicates = doc.graph.predicates;
    dataset.sources = doc.graph.sources;

    // Edges first, then each node's literal statements: the canonical statement order
    // (see `ValidDataset`), so a round trip gives the same dataset.
    for (i, mut edge) in doc.edges.into_iter().enumerate() {
        let mut rename = |from: &str, to: &str| {
            if let Some(v) = edge.remove(from) {
                edge.insert(to.to_string(), v);
            }
        };
        rename("source", "subject");
        rename("target", "object");
        rename("key", "id");
        match Statement::deserialize(Json::Object(edge)) {
            Ok(s) => dataset.statements.push(s),
            Err(e) => items.push(item_error(format!("edges[{i}]"), &e, whole.clone())),
        }
    }
    let mut literal = Vec::new();
    for (i, mut node) in doc.nodes.into_iter().enumerate() {
        let statements = node.remove("statements");
        let entity = match Entity::deserialize(Json::Object(node)) {
            Ok(e) => e,
            Err(e) => {
                items.push(item_error(format!("nodes[{i}]"), &e, whole.clone()));
                continue;
            }
        };
        let statements = match statements {
            None => Vec::new(),
            Some(Json::Array(list)) => list,
            Some(_) => {
                items.push(
                    Diagnostic::error(
                        Code::Shape,
                        format!("nodes[{i}].statements is not an array"),
                    )
                    .at(whole.clone(), "here"),
                );
                Vec::new()
            }
        };
        for (j, statement) in statements.into_iter().enumerate() {
            let Json::Object(mut map) = statement else {
                items.push(
                    Diagnostic::error(
                        Code::Shape,
                        format!("nodes[{i}].statements[{j}] is not an object"),
                    )
                    .at(whole.clone(), "here"),
                );
                continue;
            };
            map.insert("subject".into(), Json::String(entity.id.clone()));
            match Statement::deserialize(Json::Object(map)) {
                Ok(s) => literal.push(s),
                Err(e) => items.push(item_error(
                    format!("nodes[{i}].statements[{j}]"),
                    &e,
                    whole.clone(),
                )),
            }
        }
        dataset.entities.push(entity);
    }
    dataset.statements.extend(literal);
}

fn item_error(path: String, e: &serde_json::Error, at: Option<Location>) -> Diagnostic {
    let message = strip_position(e);
    let (code, message) = match message.split_once(": ") {
        Some((code, rest)) if Code::parse(code).is_some() => {
            (Code::parse(code).expect("checked"), rest.to_string())
        }
        _ => (Code::Shape, message),
    };
    Diagnostic::error(code, format!("{path}: {message}")).at(at, "in this document")
}

/// serde_json appends " at line L column C"; the location is reported separately.
fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Byte offset of a 1-based line and column (serde_json counts columns in bytes).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let mut offset = (line_start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}
