//! Flat attributes: what the formats for other graph tools (GraphML, GEXF, Cytoscape.js)
//! carry on each node and edge. Every value is a string, a boolean or an integer, never a
//! nested structure, because those tools (and networkx's GraphML and GEXF readers) take
//! only scalars.
//!
//! Node columns: `label` (in the first of the dataset's languages that has one), `label_<lang>`
//! per dataset language, `type`, `type_label`, `group` (display group), `description`,
//! `wikidata`, `aliases` (`; `-joined), and one `fact_<predicate>` per literal-valued
//! predicate in use: its values as text, `; `-joined, each with its first source and rank
//! (`about 55,000 people (mhlw-2009, preferred)`).
//!
//! Edge columns: `statement` (its id), `predicate`, `label` (the predicate's label), `rank`,
//! `disputed` (boolean), `dispute` (why), `note`, `point_in_time`, `start`, `end`, `place`
//! (an entity id), `qualifiers` (all of them as text) and `sources` (`article ¶4; mhlw-2009
//! § …`).

use std::fmt::Write as _;

use crate::graph::KnowledgeGraph;
use crate::model::{Entity, Rank, Statement, Value};

/// The type of a column's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Bool,
}

/// A column: its name and type.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub(crate) name: String,
    pub(crate) kind: Kind,
}

/// A value in a row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Text(String),
    Bool(bool),
}

impl Cell {
    /// The value as text (`true`/`false` for booleans).
    pub(crate) fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Cell::Text(s) => s.as_str().into(),
            Cell::Bool(b) => if *b { "true" } else { "false" }.into(),
        }
    }
}

/// The columns of a graph's nodes and edges.
pub(crate) struct Columns {
    pub(crate) nodes: Vec<Column>,
    pub(crate) edges: Vec<Column>,
    languages: Vec<String>,
    /// Literal-valued predicates in use, in schema order.
    facts: Vec<String>,
}

const NODE_FIXED: [&str; 7] = [
    "label",
    "type",
    "type_label",
    "group",
    "description",
    "wikidata",
    "aliases",
];
const EDGE_FIXED: [(&str, Kind); 12] = [
    ("statement", Kind::Text),
    ("predicate", Kind::Text),
    ("label", Kind::Text),
    ("rank", Kind::Text),
    ("disputed", Kind::Bool),
    ("dispute", Kind::Text),
    ("note", Kind::Text),
    ("point_in_time", Kind::Text),
    ("start", Kind::Text),
    ("end", Kind::Text),
    ("place", Kind::Text),
    ("qualifiers", Kind::Text),
];

impl Columns {
    /// The columns of this graph.
    pub(crate) fn new(graph: &KnowledgeGraph) -> Self {
        let d = graph.dataset();
        let text = |name: &str| Column {
            name: name.to_string(),
            kind: Kind::Text,
        };
        let mut nodes: Vec<Column> = NODE_FIXED.iter().map(|n| text(n)).collect();
        let languages = d.meta.languages.clone();
        nodes.extend(languages.iter().map(|l| text(&format!("label_{l}"))));
        let used: std::collections::HashSet<&str> = d
            .statements
            .iter()
            .filter(|s| s.object().is_none())
            .map(|s| s.predicate.as_str())
            .collect();
        let facts: Vec<String> = d
            .predicates
            .iter()
            .filter(|p| used.contains(p.id.as_str()))
            .map(|p| p.id.clone())
            .collect();
        nodes.extend(facts.iter().map(|p| text(&format!("fact_{p}"))));
        let mut edges: Vec<Column> = EDGE_FIXED
            .iter()
            .map(|(n, kind)| Column {
                name: (*n).to_string(),
                kind: *kind,
            })
            .collect();
        edges.push(text("sources"));
        Columns {
            nodes,
            edges,
            languages,
            facts,
        }
    }

    /// An entity's values, one per node column (`None` where it has none).
    pub(crate) fn node_row(&self, graph: &KnowledgeGraph, e: &Entity) -> Vec<Option<Cell>> {
        let d = graph.dataset();
        let some = |s: &str| (!s.is_empty()).then(|| Cell::Text(s.to_string()));
        let t = graph.entity_type(&e.type_id);
        let aliases: Vec<&str> = e.aliases.values().flatten().map(String::as_str).collect();
        let mut row = vec![
            some(e.label_in(&d.meta.languages)),
            some(&e.type_id),
            t.and_then(|t| some(&t.label)),
            graph.group_of(&e.type_id).and_then(some),
            e.description.as_deref().and_then(some),
            e.wikidata.as_deref().and_then(some),
            some(&aliases.join("; ")),
        ];
        row.extend(
            self.languages
                .iter()
                .map(|l| e.label.get(l).and_then(|s| some(s))),
        );
        for p in &self.facts {
            let values: Vec<String> = graph
                .literal_statements(&e.id)
                .filter(|s| s.predicate == *p)
                .map(fact_text)
                .collect();
            row.push(some(&values.join("; ")));
        }
        row
    }

    /// A statement's values, one per edge column.
    pub(crate) fn edge_row(&self, graph: &KnowledgeGraph, s: &Statement) -> Vec<Option<Cell>> {
        let some = |s: &str| (!s.is_empty()).then(|| Cell::Text(s.to_string()));
        let q = s.qualifiers();
        let date = |d: Option<crate::model::Date>| d.map(|d| Cell::Text(d.to_string()));
        vec![
            some(&s.id()),
            some(&s.predicate),
            graph.predicate(&s.predicate).and_then(|p| some(&p.label)),
            Some(Cell::Text(s.rank.name().to_string())),
            Some(Cell::Bool(s.disputed().is_some())),
            s.disputed().and_then(some),
            s.note().and_then(some),
            date(q.point_in_time),
            date(q.start),
            date(q.end),
            q.place.as_deref().and_then(some),
            some(&qualifiers_text(s)),
            some(&sources_text(s)),
        ]
    }
}

/// `about 55,000 people (mhlw-2009 +1, preferred, disputed)`.
pub(crate) fn fact_text(s: &Statement) -> String {
    let mut out = match &s.value {
        Value::Text(t) => t.text.clone(),
        v => v.to_string(),
    };
    let mut notes = Vec::new();
    let q = qualifiers_text(s);
    if !q.is_empty() {
        notes.push(q);
    }
    if let Some(r) = s.references().first() {
        let mut r = reference_text(r);
        if s.references().len() > 1 {
            let _ = write!(r, " +{}", s.references().len() - 1);
        }
        notes.push(r);
    }
    if s.rank != Rank::Normal {
        notes.push(s.rank.name().to_string());
    }
    if s.disputed().is_some() {
        notes.push("disputed".into());
    }
    if !notes.is_empty() {
        let _ = write!(out, " ({})", notes.join(", "));
    }
    out
}

/// Every qualifier, `; `-joined: `1945-08-19; place: manchuria; kind: front`.
pub(crate) fn qualifiers_text(s: &Statement) -> String {
    let q = s.qualifiers();
    let mut parts = Vec::new();
    if let Some(d) = q.point_in_time {
        parts.push(d.to_string());
    }
    match (q.start, q.end) {
        (Some(a), Some(b)) => parts.push(format!("{a} – {b}")),
        (Some(a), None) => parts.push(format!("from {a}")),
        (None, Some(b)) => parts.push(format!("until {b}")),
        (None, None) => {}
    }
    if let Some(p) = &q.place {
        parts.push(format!("place: {p}"));
    }
    if let Some(n) = &q.quantity {
        parts.push(n.to_string());
    }
    for (k, v) in &q.other {
        parts.push(format!("{k}: {v}"));
    }
    parts.join("; ")
}

/// `article ¶4`.
pub(crate) fn reference_text(r: &crate::model::Reference) -> String {
    let at = r.locator();
    if at.is_empty() {
        r.source.clone()
    } else {
        format!("{} {at}", r.source)
    }
}

/// Every reference, `; `-joined.
pub(crate) fn sources_text(s: &Statement) -> String {
    let refs: Vec<String> = s.references().iter().map(reference_text).collect();
    refs.join("; ")
}
