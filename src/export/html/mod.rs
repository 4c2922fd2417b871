//! The HTML explorer: one self-contained, offline page to search and browse a graph.
//!
//! The page holds the graph as JSON (below), Cytoscape.js 3.35.0 (vendored with its MIT
//! licence in `vendor/`, embedded, no CDN) and a small script, `explorer.js`:
//!
//! - **search** by any label or alias in any language, by id too, ignoring case and
//!   diacritics;
//! - an **entity panel**: names, type, description, every figure with its qualifiers, rank,
//!   dispute and sources, and its relations;
//! - a **statement panel** for a clicked edge or relation;
//! - a **drawing of the neighbourhood** of the entity chosen (one or two steps, at most
//!   [`MAX_DRAWN`] nodes), never the whole graph at once unless it is small, so that a graph
//!   of 10,000 entities stays quick;
//! - **filters** by rank and by date (statements that may hold at a date, as
//!   `kgforge neighbors --as-of` judges them).
//!
//! # Data
//!
//! ```text
//! { "title", "description"?, "languages": [..],
//!   "types": {id: label}, "predicates": {id: [label, inverse?]},
//!   "sources": {id: {title, author?, date?, url?}},
//!   "entities": [ {id, label, labels: {lang: text}, aliases: [..], type, description?,
//!                  wikidata?, color, shape} ],
//!   "statements": [ {id, s: subject index, p: predicate, o: object index | null,
//!                    v: literal value as text | null, rank, disputed?, note?, q: qualifiers
//!                    as text, t: [from, to] as YYYYMMDD numbers | null,
//!                    refs: [[source, locator, note?]]} ] }
//! ```

use std::io::{self, Write};

use serde_json::{Map, Value as Json, json};

use crate::graph::KnowledgeGraph;
use crate::model::{Date, Statement, Value};

use super::dot::node_looks;
use super::flat::qualifiers_text;

/// The most nodes the explorer draws at once; the whole graph is drawn at first when it
/// has at most this many entities.
pub const MAX_DRAWN: usize = 150;

const CYTOSCAPE: &str = include_str!("vendor/cytoscape.min.js");
const SCRIPT: &str = include_str!("explorer.js");
const STYLE: &str = include_str!("explorer.css");

/// Writes a [`KnowledgeGraph`] as an HTML explorer page.
///
/// ```
/// use std::path::Path;
///
/// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
/// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
/// let page = kgforge::export::html::HtmlExporter::new().export(&graph, Vec::new())?;
/// let page = String::from_utf8(page).expect("UTF-8");
/// assert!(page.starts_with("<!DOCTYPE html>"));
/// assert!(!page.contains("<script src="), "everything is inline: the page works offline");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct HtmlExporter {}

impl HtmlExporter {
    /// An HTML explorer exporter.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes the page and returns the writer.
    ///
    /// # Errors
    /// I/O errors from the writer.
    ///
    /// # Complexity
    /// O(entities + statements); the data is streamed, one entity or statement at a time.
    pub fn export<W: Write>(&self, graph: &KnowledgeGraph, mut w: W) -> io::Result<W> {
        let d = graph.dataset();
        let title = html_text(&d.meta.title);
        let description = d.meta.description.as_deref().map(html_text);
        write!(
            w,
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"kgforge\">\n<link rel=\"icon\" href=\"data:,\">\n\
             <title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
             <header><h1>{title}</h1>{description}</header>\n\
             <div id=\"app\">\n<aside id=\"side\">\n\
             <input id=\"search\" type=\"search\" autocomplete=\"off\" \
             placeholder=\"Search names and aliases, any language\" aria-label=\"Search\">\n\
             <ul id=\"results\"></ul>\n\
             <fieldset id=\"filters\"><legend>Show statements</legend>\n\
             <label><input type=\"checkbox\" name=\"rank\" value=\"preferred\" checked> preferred</label>\n\
             <label><input type=\"checkbox\" name=\"rank\" value=\"normal\" checked> normal</label>\n\
             <label><input type=\"checkbox\" name=\"rank\" value=\"deprecated\"> deprecated</label><br>\n\
             <label>as of <input id=\"asof\" type=\"text\" size=\"10\" placeholder=\"YYYY-MM-DD\" \
             pattern=\"-?[0-9]{{1,4}}(-[0-9]{{2}}(-[0-9]{{2}})?)?\"></label>\n\
             <label>depth <select id=\"depth\"><option>1</option><option>2</option></select></label>\n\
             </fieldset>\n<section id=\"panel\"><p class=\"hint\">Search for an entity, or click \
             one in the drawing.</p></section>\n</aside>\n<main id=\"graph\"></main>\n</div>\n\
             <script id=\"kg-data\" type=\"application/json\">",
            lang = html_text(d.meta.primary_language()),
            description = description
                .map(|t| format!("<p>{t}</p>"))
                .unwrap_or_default(),
        )?;
        write_data(graph, &mut ScriptSafe(&mut w))?;
        write!(
            w,
            "</script>\n\
             <script>\n{CYTOSCAPE}\n</script>\n<script>\nconst MAX_DRAWN = {MAX_DRAWN};\n{SCRIPT}</script>\n\
             </body>\n</html>\n"
        )?;
        Ok(w)
    }
}

/// Writes JSON inside `<script>`, where "</script" or "<!--" would end or confuse the
/// element: `<` only occurs in JSON strings, where `\u003c` means the same.
struct ScriptSafe<'a, W: Write>(&'a mut W);

impl<W: Write> Write for ScriptSafe<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for (i, part) in buf.split(|&b| b == b'<').enumerate() {
            if i > 0 {
                self.0.write_all(b"\\u003c")?;
            }
            self.0.write_all(part)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Writes the page's data as `data` (a test's whole-value version) would be written by
/// serde_json, compact, with the entities and statements streamed in place of the empty
/// arrays of `document`.
fn write_data<W: Write>(graph: &KnowledgeGraph, w: &mut W) -> io::Result<()> {
    let d = graph.dataset();
    let looks = node_looks(graph);
    let empty = serde_json::to_vec(&document(graph, Vec::new(), Vec::new()))?;
    // serde_json's maps sort their keys; JSON strings escape their quotes, so these runs
    // occur only where the arrays are.
    let cut = |bytes: &[u8], marker: &[u8]| {
        bytes
            .windows(marker.len())
            .position(|window| window == marker)
            .map(|i| i + marker.len() - 1)
            .ok_or_else(|| io::Error::other("the explorer's data does not have its arrays"))
    };
    let entities_at = cut(&empty, b",\"entities\":[]")?;
    let statements_at = cut(&empty, b",\"statements\":[]")?;
    w.write_all(&empty[..entities_at])?;
    for i in 0..d.entities.len() {
        if i > 0 {
            w.write_all(b",")?;
        }
        serde_json::to_writer(&mut *w, &entity(graph, &looks, i))?;
    }
    w.write_all(&empty[entities_at..statements_at])?;
    for (i, s) in d.statements.iter().enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        serde_json::to_writer(&mut *w, &statement(graph, s))?;
    }
    w.write_all(&empty[statements_at..])
}

/// Text for HTML element content and attribute values.
fn html_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page's data (see the [module docs](self#data)), whole.
#[cfg(test)]
fn data(graph: &KnowledgeGraph) -> Json {
    let d = graph.dataset();
    let looks = node_looks(graph);
    let entities = (0..d.entities.len())
        .map(|i| entity(graph, &looks, i))
        .collect();
    let statements = d.statements.iter().map(|s| statement(graph, s)).collect();
    document(graph, entities, statements)
}

/// The page's data around its entities and statements.
fn document(graph: &KnowledgeGraph, entities: Vec<Json>, statements: Vec<Json>) -> Json {
    let d = graph.dataset();
    let languages = &d.meta.languages;
    let types: Map<String, Json> = d
        .types
        .iter()
        .map(|t| (t.id.clone(), Json::String(t.label.clone())))
        .collect();
    let predicates: Map<String, Json> = d
        .predicates
        .iter()
        .map(|p| (p.id.clone(), json!([p.label, p.inverse])))
        .collect();
    let sources: Map<String, Json> = d
        .sources
        .iter()
        .map(|s| {
            let mut m = Map::new();
            m.insert("title".into(), Json::String(s.title.clone()));
            if let Some(a) = &s.author {
                m.insert("author".into(), Json::String(a.clone()));
            }
            if let Some(date) = &s.date {
                m.insert("date".into(), Json::String(date.to_string()));
            }
            if let Some(u) = &s.url {
                m.insert("url".into(), Json::String(u.clone()));
            }
            (s.id.clone(), Json::Object(m))
        })
        .collect();
    json!({
        "title": d.meta.title,
        "description": d.meta.description,
        "languages": languages,
        "types": types,
        "predicates": predicates,
        "sources": sources,
        "entities": entities,
        "statements": statements,
    })
}

/// Entity `i` of the page's data.
fn entity(graph: &KnowledgeGraph, looks: &[(&str, usize)], i: usize) -> Json {
    let d = graph.dataset();
    let e = &d.entities[i];
    let mut m = Map::new();
    m.insert("id".into(), Json::String(e.id.to_string()));
    m.insert(
        "label".into(),
        Json::String(e.label_in(&d.meta.languages).to_string()),
    );
    m.insert("labels".into(), json!(e.label));
    let aliases: Vec<&String> = e.aliases.values().flatten().collect();
    m.insert("aliases".into(), json!(aliases));
    m.insert("type".into(), Json::String(e.type_id.to_string()));
    if let Some(t) = &e.description {
        m.insert("description".into(), Json::String(t.clone()));
    }
    if let Some(q) = &e.wikidata {
        m.insert("wikidata".into(), Json::String(q.clone()));
    }
    m.insert("color".into(), Json::String(looks[i].0.to_string()));
    m.insert("shape".into(), json!(looks[i].1));
    Json::Object(m)
}

/// A statement of the page's data.
fn statement(graph: &KnowledgeGraph, s: &Statement) -> Json {
    let position = |id: &str| graph.entity_position(id);
    let mut m = Map::new();
    m.insert("id".into(), Json::String(s.id().to_string()));
    m.insert("s".into(), json!(position(&s.subject)));
    m.insert("p".into(), Json::String(s.predicate.to_string()));
    m.insert("o".into(), json!(s.object().and_then(position)));
    let value = match &s.value {
        Value::Entity(_) => Json::Null,
        Value::Text(t) => Json::String(t.text.clone()),
        v => Json::String(v.to_string()),
    };
    m.insert("v".into(), value);
    m.insert("rank".into(), Json::String(s.rank.name().into()));
    if let Some(why) = s.disputed() {
        m.insert("disputed".into(), Json::String(why.to_string()));
    }
    if let Some(n) = s.note() {
        m.insert("note".into(), Json::String(n.to_string()));
    }
    m.insert("q".into(), Json::String(qualifiers_text(s)));
    m.insert("t".into(), json!(time_range(s)));
    let refs: Vec<Json> = s
        .references()
        .iter()
        .map(|r| json!([r.source, r.locator(), r.note]))
        .collect();
    m.insert("refs".into(), Json::Array(refs));
    Json::Object(m)
}

/// When a statement may hold, as `[from, to]` in `YYYYMMDD` numbers (open ends far out),
/// from its time qualifiers; `None` when it has none (it always holds), as
/// [`crate::query::Filter::as_of`] judges.
fn time_range(s: &Statement) -> Option<[i64; 2]> {
    let number =
        |(y, m, d): (i16, u8, u8)| i64::from(y) * 10_000 + i64::from(m) * 100 + i64::from(d);
    let q = s.qualifiers();
    if let Some(p) = q.point_in_time {
        return Some([number(p.earliest()), number(p.latest())]);
    }
    if q.start.is_none() && q.end.is_none() {
        return None;
    }
    Some([
        q.start.map_or(-99_999_999, |d: Date| number(d.earliest())),
        q.end.map_or(99_999_999, |d: Date| number(d.latest())),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_streamed_data_is_what_serde_json_writes_whole_with_no_less_than_sign() {
        let path = std::path::Path::new("data/manchuria-1945");
        let mut loaded = crate::load(path).expect("loads");
        // A `</script>` in the data would end the element.
        loaded.dataset.entities[0]
            .label
            .insert("en", "</script><!-- x".to_string());
        let report = crate::validate(loaded, false);
        let graph = KnowledgeGraph::new(report.dataset.expect("valid"));
        let mut streamed = Vec::new();
        write_data(&graph, &mut ScriptSafe(&mut streamed)).expect("writes");
        let whole = serde_json::to_string(&data(&graph))
            .expect("serializes")
            .replace('<', "\\u003c");
        let streamed = String::from_utf8(streamed).expect("UTF-8");
        assert!(!streamed.contains('<') && streamed.contains("\\u003c/script>"));
        assert_eq!(streamed, whole);
    }
}
