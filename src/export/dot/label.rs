//! Node labels: the entity's name, its type and its figures; edge labels' qualifiers.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::graph::KnowledgeGraph;
use crate::model::{Entity, Qualifiers, Quantity, Rank, Reference, Statement, Value};

use super::escape::html_into;
use super::style::{DEPRECATED_COLOUR, DISPUTED_COLOUR};
/// Characters per line in node labels before wrapping.
pub(super) const TITLE_WIDTH: usize = 28;
pub(super) const FIGURE_WIDTH: usize = 72;
/// Figures printed in one node's label; the rest are left to the tooltip.
pub(super) const MAX_FIGURES: usize = 40;
/// `other` qualifiers longer than this stay out of labels.
pub(super) const SHORT_QUALIFIER: usize = 24;

/// The HTML-like label of an entity's node: its name in the first available of `languages`
/// (wrapped), its own type in small grey, then (with `figures`) its figures.
pub(super) fn node_label(
    graph: &KnowledgeGraph,
    e: &Entity,
    type_label: &str,
    figures: bool,
    languages: &[String],
) -> String {
    let mut label = String::from(
        "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\"><TR><TD><B>",
    );
    for (i, line) in wrap(e.label_in(languages), TITLE_WIDTH).iter().enumerate() {
        if i > 0 {
            label.push_str("<BR/>");
        }
        html_into(&mut label, line);
    }
    label.push_str("</B></TD></TR><TR><TD><FONT POINT-SIZE=\"8\" COLOR=\"#555555\">");
    html_into(&mut label, type_label);
    label.push_str("</FONT></TD></TR>");
    if figures {
        figures_into(&mut label, graph, e, languages);
    }
    label.push_str("</TABLE>");
    label
}

/// The label of a statement's edge: the predicate, then its qualifiers on one line.
pub(super) fn edge_label<'a>(
    graph: &KnowledgeGraph,
    s: &Statement,
    predicate_label: &'a str,
    languages: &[String],
) -> Cow<'a, str> {
    let bits = qualifier_bits(graph, s.qualifiers(), false, languages);
    if bits.is_empty() {
        return Cow::Borrowed(predicate_label);
    }
    Cow::Owned(format!("{predicate_label}\n{}", bits.join(", ")))
}

/// Qualifiers as short phrases: `1945-08-19`, `in Manchuria`, `about 5`; with `full`, every
/// `other` qualifier as `key: value`, else only the short values.
pub(super) fn qualifier_bits(
    graph: &KnowledgeGraph,
    q: &Qualifiers,
    full: bool,
    languages: &[String],
) -> Vec<String> {
    let mut bits = Vec::new();
    match (q.start, q.end) {
        (Some(a), Some(b)) => bits.push(format!("{a} – {b}")),
        (Some(a), None) => bits.push(format!("from {a}")),
        (None, Some(b)) => bits.push(format!("until {b}")),
        (None, None) => {}
    }
    if let Some(t) = q.point_in_time {
        bits.push(t.to_string());
    }
    if let Some(place) = &q.place {
        let name = graph
            .entity(place)
            .map_or(place.as_str(), |e| e.label_in(languages));
        bits.push(format!("in {name}"));
    }
    if let Some(n) = &q.quantity {
        bits.push(n.to_string());
    }
    for (key, value) in &q.other {
        if full {
            bits.push(format!("{key}: {value}"));
        } else if value.chars().count() <= SHORT_QUALIFIER {
            bits.push(value.clone());
        }
    }
    bits
}

/// `article ¶3`: a source id with a paragraph or page, for labels.
pub(super) fn short_reference(r: &Reference) -> String {
    match (&r.paragraph, &r.page) {
        (Some(p), _) => format!("{} ¶{p}", r.source),
        (None, Some(p)) => format!("{} p. {p}", r.source),
        (None, None) => r.source.clone(),
    }
}

/// A literal value without its unit (the caller prints a shared unit once).
pub(super) fn value_text(value: &Value, drop_unit: bool) -> String {
    match value {
        Value::Quantity(q) if drop_unit => Quantity {
            bound: q.bound,
            unit: None,
        }
        .to_string(),
        other => other.to_string(),
    }
}

pub(super) fn unit_of(s: &Statement) -> Option<&str> {
    match &s.value {
        Value::Quantity(q) => q.unit.as_deref(),
        _ => None,
    }
}

/// Appends one table row per predicate with the entity's figures (not its texts).
pub(super) fn figures_into(
    label: &mut String,
    graph: &KnowledgeGraph,
    e: &Entity,
    languages: &[String],
) {
    // Predicates in order of first statement, each with its statements in order.
    let mut by_predicate: Vec<(&str, Vec<&Statement>)> = Vec::new();
    let mut total = 0;
    for s in graph.literal_statements(&e.id) {
        if matches!(s.value, Value::Text(_)) {
            continue;
        }
        total += 1;
        match by_predicate.iter_mut().find(|(p, _)| *p == s.predicate) {
            Some((_, list)) => list.push(s),
            None => by_predicate.push((&s.predicate, vec![s])),
        }
    }
    if by_predicate.is_empty() {
        return;
    }
    label.push_str(
        "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"9\" COLOR=\"#1a1a1a\">",
    );
    let mut shown = 0;
    for (row, (predicate, statements)) in by_predicate.iter().enumerate() {
        if shown == MAX_FIGURES {
            break;
        }
        if row > 0 {
            label.push_str("<BR/>");
        }
        let unit = unit_of(statements[0]);
        let shared_unit = unit.is_some() && statements.iter().all(|s| unit_of(s) == unit);
        let mut head = graph
            .predicate(predicate)
            .map_or_else(|| (*predicate).to_string(), |p| p.label.clone());
        if let (true, Some(u)) = (shared_unit, unit) {
            let _ = write!(head, " ({u})");
        }
        head.push_str(": ");
        label.push_str("<B>");
        html_into(label, &head);
        label.push_str("</B>");
        let mut width = head.chars().count();
        for (i, s) in statements.iter().enumerate() {
            if shown == MAX_FIGURES {
                break;
            }
            shown += 1;
            let (plain, html) = figure(graph, s, shared_unit, languages);
            let piece = plain.chars().count() + 3;
            if i > 0 {
                if width + piece > FIGURE_WIDTH {
                    label.push_str("<BR/>   · ");
                    width = 5;
                } else {
                    label.push_str(" · ");
                }
            }
            label.push_str(&html);
            width += piece;
        }
    }
    if shown < total {
        let _ = write!(label, "<BR/><I>+{} more in the tooltip</I>", total - shown);
    }
    label.push_str("</FONT></TD></TR>");
}

/// One figure as plain text (for measuring) and as HTML: `575,000 (mhlw-2009, preferred)`.
pub(super) fn figure(
    graph: &KnowledgeGraph,
    s: &Statement,
    drop_unit: bool,
    languages: &[String],
) -> (String, String) {
    let value = value_text(&s.value, drop_unit);
    let mut notes = qualifier_bits(graph, s.qualifiers(), false, languages);
    if let Some(first) = s.references().first() {
        let mut r = short_reference(first);
        if s.references().len() > 1 {
            let _ = write!(r, " +{}", s.references().len() - 1);
        }
        notes.push(r);
    }
    match s.rank {
        Rank::Preferred => notes.push("preferred".into()),
        Rank::Deprecated => notes.push("deprecated".into()),
        Rank::Normal => {}
    }
    if s.disputed().is_some() {
        notes.push("disputed".into());
    }
    let notes = if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join(", "))
    };
    let mut html = String::new();
    match (s.rank, s.disputed().is_some()) {
        (Rank::Deprecated, _) => {
            let _ = write!(html, "<FONT COLOR=\"{DEPRECATED_COLOUR}\"><S>");
            html_into(&mut html, &value);
            html.push_str("</S>");
            html_into(&mut html, &notes);
            html.push_str("</FONT>");
        }
        (_, true) => {
            let _ = write!(html, "<FONT COLOR=\"{DISPUTED_COLOUR}\"><I>");
            html_into(&mut html, &value);
            html_into(&mut html, &notes);
            html.push_str("</I></FONT>");
        }
        (Rank::Preferred, false) => {
            html.push_str("<B>");
            html_into(&mut html, &value);
            html.push_str("</B>");
            html_into(&mut html, &notes);
        }
        (Rank::Normal, false) => {
            html_into(&mut html, &value);
            html_into(&mut html, &notes);
        }
    }
    (value + &notes, html)
}

/// Splits text into lines of at most `width` characters at spaces (longer words stay whole);
/// existing line breaks are kept.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        let mut len = 0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let n = word.chars().count();
            if len > 0 && len + 1 + n > width {
                lines.push(std::mem::take(&mut line));
                len = 0;
            }
            if len > 0 {
                line.push(' ');
                len += 1;
            }
            line.push_str(word);
            len += n;
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_splits_at_spaces_and_keeps_long_words() {
        assert_eq!(
            wrap("High Command of Soviet Forces in the Far East", 28),
            ["High Command of Soviet", "Forces in the Far East"]
        );
        assert_eq!(wrap("Квантунская", 4), ["Квантунская"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
    }
}
