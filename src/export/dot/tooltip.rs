//! Tooltips: descriptions, ids, qualifiers and every source with its locator.

use std::fmt::Write as _;

use crate::graph::KnowledgeGraph;
use crate::model::{Entity, Rank, Reference, Scalar, Statement};

use super::label::qualifier_bits;
/// The statement's rank, dispute and note as tooltip lines.
pub(super) fn assessment_into(out: &mut String, s: &Statement, indent: &str) {
    if s.rank != Rank::Normal {
        let _ = write!(out, "\n{indent}rank: {}", s.rank.name());
    }
    if let Some(why) = &s.disputed() {
        let _ = write!(out, "\n{indent}disputed: {why}");
    }
    if let Some(note) = s.note() {
        let _ = write!(out, "\n{indent}note: {note}");
    }
}

pub(super) fn node_tooltip(
    graph: &KnowledgeGraph,
    e: &Entity,
    type_label: &str,
    languages: &[String],
) -> String {
    let shown = e.label_in(languages);
    let mut out = format!("{shown}\nid: {}\ntype: {type_label}", e.id);
    if let Some(group) = graph.group_of(&e.type_id) {
        let _ = write!(out, " · {group}");
    }
    if let Some(qid) = &e.wikidata {
        let _ = write!(out, "\nWikidata: {qid}");
    }
    if let Some(description) = &e.description {
        let _ = write!(out, "\n\n{description}");
    }
    let others: Vec<String> = e
        .label
        .iter()
        .filter(|(_, l)| l.as_str() != shown)
        .map(|(lang, l)| format!("{lang}: {l}"))
        .collect();
    if !others.is_empty() {
        let _ = write!(out, "\nlabels: {}", others.join(" · "));
    }
    let aliases: Vec<&str> = e.aliases.values().flatten().map(String::as_str).collect();
    if !aliases.is_empty() {
        let _ = write!(out, "\nalso: {}", aliases.join(" · "));
    }
    for (key, value) in &e.attributes {
        let value = match value {
            Scalar::Bool(b) => b.to_string(),
            Scalar::Integer(n) => n.to_string(),
            Scalar::Float(x) => x.to_string(),
            Scalar::String(s) => s.clone(),
        };
        let _ = write!(out, "\n{key}: {value}");
    }
    let mut first = true;
    for s in graph.literal_statements(&e.id) {
        if first {
            out.push_str("\n\nFacts:");
            first = false;
        }
        let predicate = graph
            .predicate(&s.predicate)
            .map_or(s.predicate.as_str(), |p| p.label.as_str());
        let _ = write!(out, "\n• {predicate}: {}", s.value);
        let bits = qualifier_bits(graph, s.qualifiers(), true, languages);
        if !bits.is_empty() {
            let _ = write!(out, " ({})", bits.join("; "));
        }
        assessment_into(&mut out, s, "   ");
        sources_into(&mut out, graph, s.references(), "   ");
    }
    out
}

pub(super) fn edge_tooltip(
    graph: &KnowledgeGraph,
    (subject, s, object): (&Entity, &Statement, &Entity),
    id: &str,
    predicate_label: &str,
    languages: &[String],
) -> String {
    let mut out = format!(
        "{} → {predicate_label} → {}",
        subject.label_in(languages),
        object.label_in(languages)
    );
    let bits = qualifier_bits(graph, s.qualifiers(), true, languages);
    if !bits.is_empty() {
        let _ = write!(out, "\n{}", bits.join("; "));
    }
    assessment_into(&mut out, s, "");
    sources_into(&mut out, graph, s.references(), "");
    let _ = write!(out, "\nstatement: {id}");
    out
}

/// `Title, ¶3 (note)`: a source's title with the full locator, for tooltips.
pub(super) fn full_reference(graph: &KnowledgeGraph, r: &Reference) -> String {
    let mut out = graph
        .source(&r.source)
        .map_or_else(|| r.source.clone(), |s| s.title.clone());
    let locator = r.locator();
    if !locator.is_empty() {
        out.push_str(", ");
        out.push_str(&locator);
    }
    if let Some(note) = &r.note {
        let _ = write!(out, " ({note})");
    }
    out
}

pub(super) fn sources_into(
    out: &mut String,
    graph: &KnowledgeGraph,
    refs: &[Reference],
    indent: &str,
) {
    for r in refs {
        let _ = write!(out, "\n{indent}source: {}", full_reference(graph, r));
    }
}
