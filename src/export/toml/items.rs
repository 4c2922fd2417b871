//! One function per kind of item, each appending its TOML to the file's text, and the quoting
//! they share.

use std::fmt::Write as _;

use toml_writer::{ToTomlKey, ToTomlValue, TomlKeyBuilder, TomlStringBuilder};

use crate::model::{
    Bound, Date, Entity, EntityType, Metadata, Predicate, Qualifiers, Quantity, Range, Rank,
    Reference, Scalar, Source, SourceKind, Span, Statement, Unit, Value, View, ViewDirection,
};

/// A string as a TOML value: the plainest form that needs no escape, else an escaped one.
fn string(s: &str) -> String {
    TomlStringBuilder::new(s).as_default().to_toml_value()
}

/// A key: bare when it can be, quoted otherwise.
fn key(s: &str) -> String {
    TomlKeyBuilder::new(s).as_default().to_toml_key()
}

/// Starts a table (`[section.id]`), after a blank line unless it is the file's first.
fn header(out: &mut String, section: &str, id: &str) {
    separate(out);
    let _ = writeln!(out, "[{section}.{}]", key(id));
}

fn separate(out: &mut String) {
    if !out.is_empty() {
        out.push('\n');
    }
}

fn line(out: &mut String, name: &str, value: &str) {
    let _ = writeln!(out, "{name} = {value}");
}

fn text(out: &mut String, name: &str, value: Option<&str>) {
    if let Some(v) = value {
        line(out, name, &string(v));
    }
}

fn list<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = values.into_iter().map(string).collect();
    format!("[{}]", items.join(", "))
}

/// `{ a = 1, b = "x" }` from (key, TOML value) pairs; `{}` when there are none.
fn inline(pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return "{}".to_string();
    }
    let items: Vec<String> = pairs.iter().map(|(k, v)| format!("{k} = {v}")).collect();
    format!("{{ {} }}", items.join(", "))
}

fn date(d: &Date) -> String {
    string(&d.to_string())
}

pub(super) fn metadata(out: &mut String, meta: &Metadata) {
    separate(out);
    out.push_str("[dataset]\n");
    line(out, "id", &string(&meta.id));
    line(out, "title", &string(&meta.title));
    text(out, "description", meta.description.as_deref());
    text(out, "license", meta.license.as_deref());
    line(out, "base_iri", &string(&meta.base_iri));
    line(
        out,
        "languages",
        &list(meta.languages.iter().map(String::as_str)),
    );
}

pub(super) fn entity_type(out: &mut String, t: &EntityType) {
    header(out, "types", &t.id);
    line(out, "label", &string(&t.label));
    text(out, "parent", t.parent.as_deref());
    text(out, "class", t.class.as_deref());
    text(out, "group", t.group.as_deref());
    text(out, "description", t.description.as_deref());
}

pub(super) fn predicate(out: &mut String, p: &Predicate) {
    header(out, "predicates", &p.id);
    line(out, "label", &string(&p.label));
    text(out, "inverse", p.inverse.as_deref());
    if !p.domain.is_empty() {
        line(out, "domain", &list(p.domain.iter().map(String::as_str)));
    }
    match &p.range {
        Range::Entities(types) if types.is_empty() => {}
        Range::Entities(types) => line(out, "range", &list(types.iter().map(String::as_str))),
        Range::Literal(kind) => line(out, "range", &string(kind.name())),
    }
    text(out, "property", p.property.as_deref());
    if p.symmetric {
        line(out, "symmetric", "true");
    }
    text(out, "description", p.description.as_deref());
}

pub(super) fn unit(out: &mut String, u: &Unit) {
    header(out, "units", &u.id);
    line(out, "label", &string(&u.label));
    text(out, "iri", u.iri.as_deref());
    text(out, "description", u.description.as_deref());
}

pub(super) fn source(out: &mut String, s: &Source) {
    header(out, "sources", &s.id);
    line(out, "title", &string(&s.title));
    text(out, "author", s.author.as_deref());
    text(out, "publisher", s.publisher.as_deref());
    if let Some(d) = &s.date {
        line(out, "date", &date(d));
    }
    text(out, "url", s.url.as_deref());
    if let Some(d) = &s.accessed {
        line(out, "accessed", &date(d));
    }
    text(out, "language", s.language.as_deref());
    line(out, "kind", &string(source_kind(s.kind)));
    text(out, "note", s.note.as_deref());
    if let Some(n) = s.paragraphs {
        line(out, "paragraphs", &n.to_string());
    }
}

/// The kind's name in TOML (`government-report`).
fn source_kind(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Article => "article",
        SourceKind::Book => "book",
        SourceKind::GovernmentReport => "government-report",
        SourceKind::Archive => "archive",
        SourceKind::Encyclopedia => "encyclopedia",
        SourceKind::Website => "website",
        SourceKind::Dataset => "dataset",
        SourceKind::Other => "other",
    }
}

pub(super) fn entity(out: &mut String, e: &Entity) {
    header(out, "entities", &e.id);
    line(out, "type", &string(&e.type_id));
    let labels: Vec<(String, String)> = e.label.iter().map(|(l, t)| (key(l), string(t))).collect();
    line(out, "label", &inline(&labels));
    if !e.aliases.is_empty() {
        let aliases: Vec<(String, String)> = e
            .aliases
            .iter()
            .map(|(l, names)| (key(l), list(names.iter().map(String::as_str))))
            .collect();
        line(out, "aliases", &inline(&aliases));
    }
    text(out, "description", e.description.as_deref());
    text(out, "wikidata", e.wikidata.as_deref());
    if !e.attributes.is_empty() {
        let attributes: Vec<(String, String)> = e
            .attributes
            .iter()
            .map(|(k, v)| (key(k), scalar(v)))
            .collect();
        line(out, "attributes", &inline(&attributes));
    }
}

fn scalar(value: &Scalar) -> String {
    match value {
        Scalar::Bool(b) => b.to_string(),
        Scalar::Integer(n) => n.to_string(),
        Scalar::Float(x) => x.to_toml_value(),
        Scalar::String(s) => string(s),
    }
}

pub(super) fn statement(out: &mut String, s: &Statement) {
    separate(out);
    out.push_str("[[statements]]\n");
    line(out, "id", &string(&s.id()));
    line(out, "subject", &string(&s.subject));
    line(out, "predicate", &string(&s.predicate));
    let (name, value) = value(&s.value);
    line(out, name, &value);
    if !s.qualifiers().is_empty() {
        line(out, "qualifiers", &qualifiers(s.qualifiers()));
    }
    if s.rank != Rank::Normal {
        line(out, "rank", &string(s.rank.name()));
    }
    text(out, "disputed", s.disputed());
    text(out, "note", s.note());
    match s.references() {
        [] => {}
        [one] => {
            let _ = writeln!(out, "references = [{}]", reference(one));
        }
        many => {
            out.push_str("references = [\n");
            for r in many {
                let _ = writeln!(out, "  {},", reference(r));
            }
            out.push_str("]\n");
        }
    }
}

/// The statement key and TOML value of a statement's value.
fn value(v: &Value) -> (&'static str, String) {
    let written = match v {
        Value::Entity(id) => string(id),
        Value::Quantity(q) => quantity(q),
        Value::Decimal(x) => x.to_toml_value(),
        Value::Date(d) => date(d),
        Value::Span(sp) => span(sp),
        Value::Text(t) => match &t.language {
            // `text = { ja = "…" }`: a text in another language than the primary one.
            Some(language) => inline(&[(key(language), string(t))]),
            None => string(t),
        },
    };
    (v.key(), written)
}

/// A bare integer for an exact count without a unit, else `{ bound = n, unit = "…" }`.
fn quantity(q: &Quantity) -> String {
    if let (Bound::Exact(n), None) = (q.bound, &q.unit) {
        return n.to_string();
    }
    let mut pairs = vec![match q.bound {
        Bound::Range(lo, hi) => ("range".to_string(), format!("[{lo}, {hi}]")),
        b => (b.key().to_string(), b.amount().to_string()),
    }];
    if let Some(u) = &q.unit {
        pairs.push(("unit".to_string(), string(u)));
    }
    inline(&pairs)
}

fn span(sp: &Span) -> String {
    let mut pairs = Vec::new();
    if let Some(d) = &sp.start {
        pairs.push(("start".to_string(), date(d)));
    }
    if let Some(d) = &sp.end {
        pairs.push(("end".to_string(), date(d)));
    }
    inline(&pairs)
}

fn qualifiers(q: &Qualifiers) -> String {
    let mut pairs = Vec::new();
    for (name, d) in [
        ("point_in_time", &q.point_in_time),
        ("start", &q.start),
        ("end", &q.end),
    ] {
        if let Some(d) = d {
            pairs.push((name.to_string(), date(d)));
        }
    }
    if let Some(place) = &q.place {
        pairs.push(("place".to_string(), string(place)));
    }
    if let Some(quantity_qualifier) = &q.quantity {
        pairs.push(("quantity".to_string(), quantity(quantity_qualifier)));
    }
    if !q.other.is_empty() {
        let other: Vec<(String, String)> =
            q.other.iter().map(|(k, v)| (key(k), string(v))).collect();
        pairs.push(("other".to_string(), inline(&other)));
    }
    inline(&pairs)
}

fn reference(r: &Reference) -> String {
    let mut pairs = vec![("source".to_string(), string(&r.source))];
    if let Some(n) = r.paragraph {
        pairs.push(("paragraph".to_string(), n.to_string()));
    }
    for (name, value) in [
        ("page", &r.page),
        ("section", &r.section),
        ("note", &r.note),
    ] {
        if let Some(v) = value {
            pairs.push((name.to_string(), string(v)));
        }
    }
    inline(&pairs)
}

pub(super) fn view(out: &mut String, v: &View) {
    header(out, "views", &v.id);
    line(out, "title", &string(&v.title));
    text(out, "description", v.description.as_deref());
    let lists = [
        ("focus", &v.focus),
        ("predicates", &v.predicates),
        ("exclude_predicates", &v.exclude_predicates),
        ("types", &v.types),
        ("exclude_types", &v.exclude_types),
    ];
    for (name, values) in &lists[..1] {
        if !values.is_empty() {
            line(out, name, &list(values.iter().map(String::as_str)));
        }
    }
    if let Some(depth) = v.depth {
        line(out, "depth", &depth.to_string());
    }
    if let Some(direction) = v.direction {
        let name = match direction {
            ViewDirection::In => "in",
            ViewDirection::Out => "out",
            ViewDirection::Both => "both",
        };
        line(out, "direction", &string(name));
    }
    for (name, values) in &lists[1..] {
        if !values.is_empty() {
            line(out, name, &list(values.iter().map(String::as_str)));
        }
    }
    if !v.ranks.is_empty() {
        line(out, "ranks", &list(v.ranks.iter().map(|r| r.name())));
    }
    if let Some(d) = &v.as_of {
        line(out, "as_of", &date(d));
    }
    text(out, "language", v.language.as_deref());
    text(out, "rankdir", v.rankdir.map(|r| r.code()));
    text(out, "engine", v.engine.map(|e| e.name()));
    text(out, "legend", v.legend.map(|l| l.name()));
    for (name, flag) in [
        ("qualifier_places", v.qualifier_places),
        ("figures", v.figures),
        ("timeline", v.timeline),
    ] {
        if let Some(b) = flag {
            line(out, name, &b.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_pick_the_plainest_form_that_reads_back() {
        for s in [
            "plain",
            "it's",
            "say \"x\"",
            "back\\slash",
            "two\nlines",
            "cr\r\nlf",
            "\u{7f}",
            "'''",
            "\"\"\"",
            "ends with \"",
            "",
        ] {
            let doc = format!("v = {}\n", string(s));
            let table: toml::Table = toml::from_str(&doc).unwrap_or_else(|e| panic!("{doc}: {e}"));
            assert_eq!(table["v"].as_str(), Some(s), "{doc}");
        }
        assert_eq!(string("plain"), "\"plain\"");
        assert_eq!(key("zh-Hans"), "zh-Hans");
        assert_eq!(key("key with spaces"), "\"key with spaces\"");
    }

    #[test]
    fn a_statement_writes_its_id_and_one_reference_per_line() {
        let mut s = Statement::new("a", "p", Value::Entity("b".into()));
        s.set_references(vec![
            Reference {
                source: "article".into(),
                paragraph: Some(3),
                ..Default::default()
            },
            Reference {
                source: "book".into(),
                page: Some("45".into()),
                ..Default::default()
            },
        ]);
        let mut out = String::new();
        statement(&mut out, &s);
        assert_eq!(
            out,
            format!(
                "[[statements]]\nid = \"{}\"\nsubject = \"a\"\npredicate = \"p\"\nobject = \"b\"\n\
                 references = [\n  {{ source = \"article\", paragraph = 3 }},\n  {{ source = \"book\", page = \"45\" }},\n]\n",
                s.id()
            )
        );
    }
}
