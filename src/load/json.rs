//! The JSON reader: loads the node-link document the JSON exporter writes (see
//! [`crate::export::json`] for the wire format), so a dataset survives a round trip.

use serde::Deserialize;
use serde_json::{Map, Value as Json};

use super::Loaded;
use super::origin::{ItemKind, ItemOrigin, SpanTree};
use crate::diag::{Code, Diagnostic, FileId, Location};
use crate::format::json::{FORMAT_NAME, FORMAT_VERSION};
use crate::model::{Entity, EntityType, Metadata, Predicate, Source, Statement, Unit, View};

#[derive(Deserialize)]
struct Header {
    format: Option<Json>,
    version: Option<Json>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    #[allow(dead_code)]
    format: Option<String>,
    #[allow(dead_code)]
    version: Option<u64>,
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
    #[serde(default)]
    units: Vec<Unit>,
    #[serde(default)]
    views: Vec<View>,
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
    if header.format.is_none() && header.version.is_none() {
        // What networkx.node_link_data writes back: the networkx keys only. Read it as the
        // current version; the rest of the document is checked as usual.
        items.push(
            Diagnostic::warning(
                Code::JsonHeaderMissing,
                format!("no \"format\" or \"version\": read as kgforge JSON version {FORMAT_VERSION}"),
            )
            .at(Some(Location { file, span: 0..1 }), "no format or version")
            .with_help(format!("networkx drops them when it writes a document back; add \"format\": \"{FORMAT_NAME}\", \"version\": {FORMAT_VERSION} to say which format it is")),
        );
    } else if let Some(d) = header_error(&header, file) {
        items.push(d);
        return;
    }
    let doc: Document = match serde_json::from_str(text) {
        Ok(d) => d,
        Err(e) => {
            // Nesting deeper than serde_json's limit (128) only shows when the document is
            // read in full: a syntax error, as TOML's recursion limit is.
            let d = if e.is_syntax() {
                Diagnostic::error(Code::Syntax, format!("JSON syntax: {}", strip_position(&e)))
            } else {
                Diagnostic::error(Code::Shape, strip_position(&e))
            };
            items.push(d.at(at_error(&e), "here"));
            return;
        }
    };
    // serde_json keeps no positions; a second, light pass over the text (already known to be
    // well-formed) finds the span of every value, so diagnostics point into the document.
    let (tree, duplicates) = span_tree(text);
    if !duplicates.is_empty() {
        // serde_json keeps the last of two equal keys silently; which one was meant is
        // anyone's guess (TOML refuses them too), so the document is not read.
        for (key, first, again) in duplicates {
            items.push(
                Diagnostic::error(Code::Syntax, format!("JSON syntax: duplicate key `{key}`"))
                    .at(Some(Location { file, span: again }), "written again here")
                    .also(Some(Location { file, span: first }), "first written here")
                    .with_help("keep one of them"),
            );
        }
        return;
    }
    let at = |path: &[&str]| {
        Some(Location {
            file,
            span: tree.locate(path).span.clone(),
        })
    };
    if !doc.directed || !doc.multigraph {
        let key = if doc.directed {
            "multigraph"
        } else {
            "directed"
        };
        items.push(
            Diagnostic::error(
                Code::Shape,
                "a kgforge document is directed and a multigraph",
            )
            .at(at(&[key]), "here")
            .with_help("set \"directed\": true and \"multigraph\": true"),
        );
    }
    let origin = |path: &[&str], item: &SpanTree| ItemOrigin {
        file,
        id_span: item.locate(&["id"]).span.clone(),
        tree: tree.locate(path).clone(),
    };
    let dataset = &mut loaded.dataset;
    let origins = &mut loaded.origins;
    dataset.meta = doc.graph.dataset;
    let meta_tree = tree.locate(&["graph", "dataset"]);
    origins.metadata = Some(origin(&["graph", "dataset"], meta_tree));
    for (kind, n) in [
        ("types", doc.graph.types.len()),
        ("predicates", doc.graph.predicates.len()),
        ("sources", doc.graph.sources.len()),
        ("views", doc.graph.views.len()),
        ("units", doc.graph.units.len()),
    ] {
        let list: Vec<ItemOrigin> = (0..n)
            .map(|i| {
                let i = i.to_string();
                let path = ["graph", kind, &i];
                origin(&path, tree.locate(&path))
            })
            .collect();
        match kind {
            "types" => origins.types = list,
            "predicates" => origins.predicates = list,
            "sources" => origins.sources = list,
            "units" => origins.units = list,
            _ => origins.views = list,
        }
    }
    dataset.types = doc.graph.types;
    dataset.predicates = doc.graph.predicates;
    dataset.sources = doc.graph.sources;
    dataset.views = doc.graph.views;
    dataset.units = doc.graph.units;

    // Edges first, then each node's literal statements: the canonical statement order
    // (see `ValidDataset`), so a round trip gives the same dataset.
    for (i, mut edge) in doc.edges.into_iter().enumerate() {
        let index = i.to_string();
        let path = ["edges", index.as_str()];
        let mut rename = |from: &str, to: &str| {
            if let Some(v) = edge.remove(from) {
                edge.insert(to.to_string(), v);
            }
        };
        rename("source", "subject");
        rename("target", "object");
        rename("key", "id");
        let key = edge.get("id").and_then(Json::as_str).map(str::to_string);
        match Statement::deserialize(Json::Object(edge)) {
            Ok(s) => {
                let mut item = tree.locate(&path).clone();
                item.rename("source", "subject");
                item.rename("target", "object");
                item.rename("key", "id");
                origins.statements.push(ItemOrigin {
                    file,
                    id_span: item.locate(&["id"]).span.clone(),
                    tree: item,
                });
                dataset.statements.push(s);
            }
            Err(e) => {
                items.push(item_error(format!("edges[{i}]"), &e, at(&path)));
                let key = key.unwrap_or_else(|| format!("edges[{i}]"));
                loaded
                    .unreadable
                    .entry(ItemKind::Statement)
                    .or_default()
                    .insert(key);
            }
        }
    }
    let mut literal = Vec::new();
    for (i, mut node) in doc.nodes.into_iter().enumerate() {
        let index = i.to_string();
        let path = ["nodes", index.as_str()];
        let statements = node.remove("statements");
        let id = node.get("id").and_then(Json::as_str).map(str::to_string);
        let entity = match Entity::deserialize(Json::Object(node)) {
            Ok(e) => e,
            Err(e) => {
                items.push(item_error(format!("nodes[{i}]"), &e, at(&path)));
                if let Some(id) = id {
                    loaded
                        .unreadable
                        .entry(ItemKind::Entity)
                        .or_default()
                        .insert(id);
                }
                // Its statements are not read either: do not call what they cite unused.
                loaded
                    .unreadable
                    .entry(ItemKind::Statement)
                    .or_default()
                    .insert(format!("nodes[{i}]"));
                continue;
            }
        };
        let node_tree = tree.locate(&path);
        let statements = match statements {
            None => Vec::new(),
            Some(Json::Array(list)) => list,
            Some(_) => {
                items.push(
                    Diagnostic::error(
                        Code::Shape,
                        format!("nodes[{i}].statements is not an array"),
                    )
                    .at(at(&["nodes", &index, "statements"]), "here"),
                );
                Vec::new()
            }
        };
        for (j, statement) in statements.into_iter().enumerate() {
            let j_index = j.to_string();
            let path = ["nodes", index.as_str(), "statements", j_index.as_str()];
            let Json::Object(mut map) = statement else {
                items.push(
                    Diagnostic::error(
                        Code::Shape,
                        format!("nodes[{i}].statements[{j}] is not an object"),
                    )
                    .at(at(&path), "here"),
                );
                continue;
            };
            map.insert("subject".into(), Json::String(entity.id.to_string()));
            match Statement::deserialize(Json::Object(map)) {
                Ok(s) => {
                    let mut item = tree.locate(&path).clone();
                    // The subject is the node: point at its id.
                    item.children
                        .push(("subject".into(), node_tree.locate(&["id"]).clone()));
                    literal.push((
                        s,
                        ItemOrigin {
                            file,
                            id_span: item.locate(&["id"]).span.clone(),
                            tree: item,
                        },
                    ));
                }
                Err(e) => {
                    items.push(item_error(
                        format!("nodes[{i}].statements[{j}]"),
                        &e,
                        at(&path),
                    ));
                    loaded
                        .unreadable
                        .entry(ItemKind::Statement)
                        .or_default()
                        .insert(format!("nodes[{i}].statements[{j}]"));
                }
            }
        }
        origins.entities.push(origin(&path, node_tree));
        dataset.entities.push(entity);
    }
    for (statement, origin) in literal {
        dataset.statements.push(statement);
        origins.statements.push(origin);
    }
}

/// The error for a document whose `format` is not kgforge's or whose `version` is another.
fn header_error(header: &Header, file: FileId) -> Option<Diagnostic> {
    let format = header.format.as_ref().and_then(Json::as_str);
    if format != Some(FORMAT_NAME) {
        return Some(
            Diagnostic::error(Code::JsonVersion, "not a kgforge JSON document")
                .at(Some(Location { file, span: 0..1 }), "`format` is not \"kgforge\"")
                .with_help(format!("kgforge loads the node-link JSON that `kgforge build` writes (with \"format\": \"{FORMAT_NAME}\", \"version\": {FORMAT_VERSION})")),
        );
    }
    let version = header.version.as_ref().and_then(Json::as_u64);
    if version != Some(FORMAT_VERSION) {
        let found = header
            .version
            .as_ref()
            .map_or_else(|| "no version".to_string(), |v| format!("version {v}"));
        return Some(
            Diagnostic::error(
                Code::JsonVersion,
                format!("this kgforge reads JSON version {FORMAT_VERSION}; the document has {found}"),
            )
            .at(Some(Location { file, span: 0..1 }), "unsupported version")
            .with_help("export it again with a kgforge that writes this version, or load it with the kgforge that wrote it"),
        );
    }
    None
}

fn item_error(path: String, e: &serde_json::Error, at: Option<Location>) -> Diagnostic {
    let message = strip_position(e);
    let (code, message) = match message.split_once(": ") {
        Some((code, rest)) if Code::parse(code).is_some() => {
            (Code::parse(code).expect("checked"), rest.to_string())
        }
        _ => (Code::Shape, message),
    };
    Diagnostic::error(code, format!("{path}: {message}")).at(at, "in this item")
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

/// The span of every value in a well-formed JSON text, by key (array elements by index).
/// Recursion is bounded by serde_json's own limit, which the text has already passed.
/// Also returns the keys written twice in one object (key, first span, repeated span).
fn span_tree(text: &str) -> (SpanTree, Vec<Duplicate>) {
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        at: 0,
        duplicates: Vec::new(),
    };
    let tree = scanner.value();
    (tree, scanner.duplicates)
}

/// A key written twice in one object: the key, where first, where again.
type Duplicate = (String, std::ops::Range<usize>, std::ops::Range<usize>);

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    duplicates: Vec<Duplicate>,
}

impl Scanner<'_> {
    fn skip_whitespace(&mut self) {
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    fn value(&mut self) -> SpanTree {
        self.skip_whitespace();
        let start = self.at;
        let mut children = Vec::new();
        match self.bytes.get(self.at) {
            Some(b'{') => {
                self.at += 1;
                let mut keys: Vec<(String, std::ops::Range<usize>)> = Vec::new();
                loop {
                    self.skip_whitespace();
                    if matches!(self.bytes.get(self.at), Some(b'}') | None) {
                        break;
                    }
                    let key_start = self.at;
                    self.string();
                    let key_span = key_start..self.at.min(self.bytes.len());
                    let key = serde_json::from_str::<String>(&self.text[key_span.clone()])
                        .unwrap_or_default();
                    if let Some(first) = keys.iter().find(|(k, _)| *k == key) {
                        self.duplicates
                            .push((key.clone(), first.1.clone(), key_span.clone()));
                    } else {
                        keys.push((key.clone(), key_span));
                    }
                    self.skip_whitespace();
                    self.at += 1; // ':'
                    children.push((key.into_boxed_str(), self.value()));
                    self.skip_whitespace();
                    if self.bytes.get(self.at) == Some(&b',') {
                        self.at += 1;
                    }
                }
                self.at += 1;
            }
            Some(b'[') => {
                self.at += 1;
                loop {
                    self.skip_whitespace();
                    if matches!(self.bytes.get(self.at), Some(b']') | None) {
                        break;
                    }
                    let index = children.len().to_string().into_boxed_str();
                    children.push((index, self.value()));
                    self.skip_whitespace();
                    if self.bytes.get(self.at) == Some(&b',') {
                        self.at += 1;
                    }
                }
                self.at += 1;
            }
            Some(b'"') => self.string(),
            Some(_) => {
                while self
                    .bytes
                    .get(self.at)
                    .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b',' | b']' | b'}'))
                {
                    self.at += 1;
                }
            }
            None => {}
        }
        let end = self.at.min(self.bytes.len());
        SpanTree {
            span: start.min(end)..end,
            children,
        }
    }

    /// Skips a string, quotes included.
    fn string(&mut self) {
        self.at += 1;
        while let Some(&b) = self.bytes.get(self.at) {
            self.at += 1;
            match b {
                b'\\' => self.at += 1,
                b'"' => return,
                _ => {}
            }
        }
    }
}
