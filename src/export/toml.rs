//! The dataset as its own source files: a [`Dataset`] written back as a directory of TOML
//! files that [`crate::load()`] reads into the same dataset, in the hand-written style of
//! `data/manchuria-1945` (docs/FORMAT.md).
//!
//! | file              | holds                                                        |
//! |-------------------|--------------------------------------------------------------|
//! | `dataset.toml`    | `[dataset]`                                                  |
//! | `schema.toml`     | `[types.*]`, `[predicates.*]`, `[units.*]` (when there are any) |
//! | `sources.toml`    | `[sources.*]` (when there are any)                           |
//! | `entities.toml`   | `[entities.*]` (when there are any)                          |
//! | `statements.toml` | one `[[statements]]` table per statement (when there are any) |
//! | `views.toml`      | `[views.*]` (when there are any)                             |
//!
//! Items are written in the dataset's order, keys in the order docs/FORMAT.md lists them,
//! labels, aliases, attributes, qualifiers and references as inline tables, a statement's
//! references one per line when there are several. Every statement gets its `id` written out,
//! so its IRI stays what it is now when a value is corrected later (as `kgforge ids` does).
//! Strings are quoted and escaped by `toml_writer` (the `toml` crate's own writer): a literal
//! string when that needs no escape, a multi-line string for text with line breaks, escapes
//! for control characters. The same dataset always gives the same bytes.
//!
//! What the writer does not check: a dataset that does not validate is written as it is (the
//! files then report its problems at their lines when loaded), but ids that repeat within a
//! kind cannot be written as TOML table keys twice and are refused ([`Error::Export`]).
//!
//! ```
//! use std::path::Path;
//! use kgforge::export::toml::TomlExporter;
//!
//! let dataset = kgforge::load(Path::new("data/manchuria-1945"))?.dataset;
//! let dir = std::env::temp_dir().join(format!("kgforge-toml-doc-{}", std::process::id()));
//! # let _ = std::fs::remove_dir_all(&dir);
//! let written = TomlExporter::new().write(&dataset, &dir)?;
//! assert_eq!(written.len(), 6);
//! assert_eq!(kgforge::load(&dir)?.dataset, dataset);
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use toml_writer::{ToTomlKey, ToTomlValue, TomlKeyBuilder, TomlStringBuilder};

use crate::error::{Error, Result};
use crate::model::{
    Bound, Dataset, Date, Entity, EntityType, Metadata, Predicate, Qualifiers, Quantity, Range,
    Rank, Reference, Scalar, Source, SourceKind, Span, Statement, Unit, Value, View, ViewDirection,
};

/// Writes a [`Dataset`] as a directory of TOML files (see the [module docs](self)).
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct TomlExporter {
    comment: Option<String>,
}

/// One file of a written dataset: its name in the directory and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TomlFile {
    /// The file name (`statements.toml`).
    pub name: &'static str,
    /// The whole file.
    pub text: String,
}

impl TomlExporter {
    /// A writer with no header comment.
    pub fn new() -> Self {
        Self::default()
    }

    /// A comment written at the top of every file (each line prefixed with `# `), such as
    /// where the data came from.
    ///
    /// ```
    /// use kgforge::export::toml::TomlExporter;
    ///
    /// let dataset = kgforge::load(std::path::Path::new("data/manchuria-1945"))?.dataset;
    /// let files = TomlExporter::new().with_comment("Imported from Q42.json").files(&dataset)?;
    /// assert!(files[0].text.starts_with("# Imported from Q42.json\n\n[dataset]\n"));
    /// # Ok::<(), kgforge::Error>(())
    /// ```
    pub fn with_comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// The files of the dataset, in the order of the table in the [module docs](self); a file
    /// with nothing to hold is left out (`dataset.toml` is always there).
    ///
    /// # Errors
    /// [`Error::Export`] when two items of one kind share an id: TOML cannot write a table
    /// key twice.
    ///
    /// # Complexity
    /// O(size of the dataset): each item is written once into the file's string.
    pub fn files(&self, dataset: &Dataset) -> Result<Vec<TomlFile>> {
        let mut files = vec![TomlFile {
            name: "dataset.toml",
            text: self.file(|out| metadata(out, &dataset.meta)),
        }];
        unique("type", dataset.types.iter().map(|t| t.id.as_str()))?;
        unique(
            "predicate",
            dataset.predicates.iter().map(|p| p.id.as_str()),
        )?;
        unique("unit", dataset.units.iter().map(|u| u.id.as_str()))?;
        unique("source", dataset.sources.iter().map(|s| s.id.as_str()))?;
        unique("entity", dataset.entities.iter().map(|e| e.id.as_str()))?;
        unique("view", dataset.views.iter().map(|v| v.id.as_str()))?;
        let schema = !(dataset.types.is_empty()
            && dataset.predicates.is_empty()
            && dataset.units.is_empty());
        if schema {
            files.push(TomlFile {
                name: "schema.toml",
                text: self.file(|out| {
                    dataset.types.iter().for_each(|t| entity_type(out, t));
                    dataset.predicates.iter().for_each(|p| predicate(out, p));
                    dataset.units.iter().for_each(|u| unit(out, u));
                }),
            });
        }
        let mut push = |name: &'static str, empty: bool, fill: &dyn Fn(&mut String)| {
            if !empty {
                files.push(TomlFile {
                    name,
                    text: self.file(fill),
                });
            }
        };
        push("sources.toml", dataset.sources.is_empty(), &|out| {
            dataset.sources.iter().for_each(|s| source(out, s));
        });
        push("entities.toml", dataset.entities.is_empty(), &|out| {
            dataset.entities.iter().for_each(|e| entity(out, e));
        });
        push("statements.toml", dataset.statements.is_empty(), &|out| {
            dataset.statements.iter().for_each(|s| statement(out, s));
        });
        push("views.toml", dataset.views.is_empty(), &|out| {
            dataset.views.iter().for_each(|v| view(out, v));
        });
        Ok(files)
    }

    /// Writes [`TomlExporter::files`] into `dir` (created if missing), all or nothing
    /// ([`super::Staging`]), and returns the paths written. Other files in `dir` are left as
    /// they are.
    ///
    /// # Errors
    /// As [`TomlExporter::files`]; [`Error::Io`] when the directory cannot be created or a
    /// file written (nothing is then left half-written).
    pub fn write(&self, dataset: &Dataset, dir: &Path) -> Result<Vec<PathBuf>> {
        let files = self.files(dataset)?;
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut staging = super::Staging::new();
        let mut paths = Vec::with_capacity(files.len());
        for file in &files {
            let path = dir.join(file.name);
            staging.stage(&path, |w| {
                w.write_all(file.text.as_bytes())
                    .map_err(|source| Error::Io {
                        path: path.clone(),
                        source,
                    })
            })?;
            paths.push(path);
        }
        staging.commit()?;
        Ok(paths)
    }

    /// A file's text: the comment, then what `fill` writes, tables separated by blank lines.
    fn file(&self, fill: impl FnOnce(&mut String)) -> String {
        let mut out = String::new();
        if let Some(comment) = &self.comment {
            for line in comment.lines() {
                out.push_str(if line.is_empty() { "#" } else { "# " });
                out.push_str(line);
                out.push('\n');
            }
        }
        fill(&mut out);
        out
    }
}

fn unique<'a>(kind: &str, ids: impl Iterator<Item = &'a str>) -> Result<()> {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(Error::Export(format!(
                "two {kind} items have the id \"{id}\"; TOML cannot write a table key twice"
            )));
        }
    }
    Ok(())
}

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

fn metadata(out: &mut String, meta: &Metadata) {
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

fn entity_type(out: &mut String, t: &EntityType) {
    header(out, "types", &t.id);
    line(out, "label", &string(&t.label));
    text(out, "parent", t.parent.as_deref());
    text(out, "class", t.class.as_deref());
    text(out, "group", t.group.as_deref());
    text(out, "description", t.description.as_deref());
}

fn predicate(out: &mut String, p: &Predicate) {
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

fn unit(out: &mut String, u: &Unit) {
    header(out, "units", &u.id);
    line(out, "label", &string(&u.label));
    text(out, "iri", u.iri.as_deref());
    text(out, "description", u.description.as_deref());
}

fn source(out: &mut String, s: &Source) {
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

fn entity(out: &mut String, e: &Entity) {
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

fn statement(out: &mut String, s: &Statement) {
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
        Value::Text(t) => string(t),
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

fn view(out: &mut String, v: &View) {
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
