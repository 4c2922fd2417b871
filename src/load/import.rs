//! Import: a dataset built from what users already have, RDF in any syntax
//! ([`super::rdf`]) or Wikidata's entity JSON ([`super::wikidata`]). [`import()`] reads the
//! file into a [`Loaded`] (the dataset, and the input's syntax errors located by line and
//! column) with an [`ImportSummary`] of what was recognised, inferred and skipped; the caller
//! writes the dataset out ([`crate::export::toml`]) and validates it like any other.

use std::fmt;
use std::io::BufRead;
use std::path::Path;

use super::Loaded;
use crate::error::{Error, Result};
use crate::model::Metadata;

/// What an input file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportFormat {
    /// RDF Turtle (`.ttl`).
    Turtle,
    /// RDF N-Triples (`.nt`).
    NTriples,
    /// RDF N-Quads (`.nq`): graph names are dropped, the triples merged.
    NQuads,
    /// RDF TriG (`.trig`): graph names are dropped, the triples merged.
    TriG,
    /// JSON-LD (`.jsonld`), with its context inline (no remote context is fetched).
    JsonLd,
    /// RDF/XML (`.rdf`, `.owl`, `.xml`).
    RdfXml,
    /// Wikidata's entity JSON (`.json`): what `Special:EntityData/Q….json` returns, or a JSON
    /// dump (one entity per line inside `[` … `]`), or JSON lines.
    Wikidata,
}

impl ImportFormat {
    /// Every format.
    pub const ALL: [ImportFormat; 7] = [
        ImportFormat::Turtle,
        ImportFormat::NTriples,
        ImportFormat::NQuads,
        ImportFormat::TriG,
        ImportFormat::JsonLd,
        ImportFormat::RdfXml,
        ImportFormat::Wikidata,
    ];

    /// The name `--format` takes (`ttl`).
    pub fn name(self) -> &'static str {
        match self {
            ImportFormat::Turtle => "ttl",
            ImportFormat::NTriples => "nt",
            ImportFormat::NQuads => "nq",
            ImportFormat::TriG => "trig",
            ImportFormat::JsonLd => "jsonld",
            ImportFormat::RdfXml => "rdf",
            ImportFormat::Wikidata => "wikidata",
        }
    }

    /// A human name (`Turtle`).
    pub fn title(self) -> &'static str {
        match self {
            ImportFormat::Turtle => "Turtle",
            ImportFormat::NTriples => "N-Triples",
            ImportFormat::NQuads => "N-Quads",
            ImportFormat::TriG => "TriG",
            ImportFormat::JsonLd => "JSON-LD",
            ImportFormat::RdfXml => "RDF/XML",
            ImportFormat::Wikidata => "Wikidata entity JSON",
        }
    }

    /// Parses a name or extension, ignoring case.
    ///
    /// ```
    /// use kgforge::ImportFormat;
    /// assert_eq!(ImportFormat::from_name("Turtle"), Some(ImportFormat::Turtle));
    /// assert_eq!(ImportFormat::from_name("json"), Some(ImportFormat::Wikidata));
    /// assert_eq!(ImportFormat::from_name("csv"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<ImportFormat> {
        Some(match name.to_ascii_lowercase().as_str() {
            "ttl" | "turtle" => ImportFormat::Turtle,
            "nt" | "ntriples" | "n-triples" => ImportFormat::NTriples,
            "nq" | "nquads" | "n-quads" => ImportFormat::NQuads,
            "trig" => ImportFormat::TriG,
            "jsonld" | "json-ld" => ImportFormat::JsonLd,
            "rdf" | "xml" | "rdfxml" | "rdf-xml" | "owl" => ImportFormat::RdfXml,
            "wikidata" | "json" | "jsonl" | "ndjson" => ImportFormat::Wikidata,
            _ => return None,
        })
    }

    /// The format a file name's extension says.
    pub fn from_path(path: &Path) -> Option<ImportFormat> {
        ImportFormat::from_name(path.extension()?.to_str()?)
    }

    /// Whether the format is an RDF syntax.
    pub fn is_rdf(self) -> bool {
        self != ImportFormat::Wikidata
    }
}

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The input's format; `None`: by the file's extension.
    pub format: Option<ImportFormat>,
    /// The dataset's languages, the first its primary one: which labels, aliases and
    /// descriptions a Wikidata import keeps, and the language of untagged RDF labels. Empty:
    /// `en`. kgforge's own RDF keeps the languages it declares.
    pub languages: Vec<String>,
    /// The dataset's id; `None`: the input file's name as a slug.
    pub id: Option<String>,
    /// The dataset's base IRI; `None`: `https://kgforge.invalid/<id>/`, to be replaced.
    pub base_iri: Option<String>,
}

/// What an import read: the dataset and its diagnostics, and a summary of what was
/// recognised, inferred and skipped.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The dataset built, and the input's syntax errors (located by line and column).
    pub loaded: Loaded,
    /// What was done, for people.
    pub summary: ImportSummary,
}

/// What an import recognised, inferred and skipped; [`fmt::Display`] writes it for people.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// What the input was read as (`Turtle, a kgforge dataset's export`).
    pub read_as: String,
    /// How many triples, or entity documents, the input held.
    pub records: usize,
    /// One line per inferred type and predicate, and other decisions worth knowing.
    pub inferred: Vec<String>,
    /// What was left out, and why.
    pub skipped: Vec<Skipped>,
}

/// Something an import left out: how many, what, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// How many.
    pub count: usize,
    /// What (`triples about blank nodes`).
    pub what: String,
    /// Why they were left out.
    pub why: String,
}

impl ImportSummary {
    /// Records `count` things skipped (nothing when `count` is 0).
    pub(crate) fn skip(&mut self, count: usize, what: impl Into<String>, why: impl Into<String>) {
        if count > 0 {
            self.skipped.push(Skipped {
                count,
                what: what.into(),
                why: why.into(),
            });
        }
    }

    /// How many things of the kind `what` names were skipped.
    pub fn skipped(&self, what: &str) -> usize {
        self.skipped
            .iter()
            .filter(|s| s.what == what)
            .map(|s| s.count)
            .sum()
    }
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "read as {} ({} records)", self.read_as, self.records)?;
        for line in &self.inferred {
            writeln!(f, "  {line}")?;
        }
        if self.skipped.is_empty() {
            writeln!(f, "  nothing skipped")?;
        }
        for s in &self.skipped {
            writeln!(f, "  skipped {} {}: {}", s.count, s.what, s.why)?;
        }
        Ok(())
    }
}

/// Reads an RDF file or Wikidata entity JSON into a dataset (see [`ImportFormat`]). A `.json`
/// file that is kgforge's own JSON export (`"format": "kgforge"`) is read back as such.
///
/// The input's syntax errors are diagnostics in [`Imported::loaded`], located by line and
/// column, every one the parser can continue after. kgforge's own RDF exports are recognised
/// (by their dataset node) and read back exactly; other RDF and Wikidata JSON are mapped to a
/// dataset whose schema is inferred from what was seen, as [`Imported::summary`] reports.
/// docs/import.md describes every mapping.
///
/// ```
/// use std::path::Path;
///
/// let imported = kgforge::import(Path::new("exports/manchuria-1945.ttl"), &Default::default())?;
/// assert_eq!(imported.loaded.diagnostics.error_count(), 0);
/// let original = kgforge::load(Path::new("data/manchuria-1945"))?;
/// assert_eq!(imported.loaded.dataset.entities.len(), original.dataset.entities.len());
/// # Ok::<(), kgforge::Error>(())
/// ```
///
/// # Errors
/// [`Error::Io`] when the file cannot be read, [`Error::Unsupported`] when its format cannot
/// be told from its extension and none is given.
pub fn import(path: &Path, options: &ImportOptions) -> Result<Imported> {
    let format = match options.format.or_else(|| ImportFormat::from_path(path)) {
        Some(f) => f,
        None => {
            return Err(Error::Unsupported {
                path: path.to_path_buf(),
                reason: "cannot tell its format from its name; give one (ttl, nt, nq, trig, jsonld, rdf, wikidata)".into(),
            });
        }
    };
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    if format == ImportFormat::Wikidata {
        let file = std::fs::File::open(path).map_err(io)?;
        let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
        if options.format.is_none() && is_kgforge_json(reader.fill_buf().map_err(io)?) {
            // A `.json` that is kgforge's own JSON export, not Wikidata's: read back exactly.
            let loaded = super::load(path)?;
            let summary = ImportSummary {
                read_as: "kgforge's JSON export".into(),
                records: loaded.dataset.entities.len() + loaded.dataset.statements.len(),
                ..ImportSummary::default()
            };
            return Ok(Imported { loaded, summary });
        }
        return Ok(import_from(path, reader, format, options));
    }
    let mut loaded = Loaded::default();
    let Some((file, text)) = super::read_text(path, &mut loaded.diagnostics) else {
        return Ok(Imported {
            loaded,
            summary: ImportSummary::default(),
        });
    };
    let summary = super::rdf::read(
        &mut loaded,
        file,
        &text,
        format,
        options,
        &defaults(path, options),
        &file_name(path),
    );
    Ok(Imported { loaded, summary })
}

/// Reads an input from `reader` (standard input, a decompressor); `name` labels diagnostics
/// and names the dataset. RDF is read whole; Wikidata JSON line by line.
///
/// ```
/// use std::path::Path;
/// use kgforge::{ImportFormat, ImportOptions};
///
/// let turtle = r#"
///     @prefix ex: <http://example.org/> .
///     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
///     ex:harbin a ex:City ; rdfs:label "Harbin"@en, "哈尔滨"@zh .
/// "#;
/// let imported = kgforge::import_from(Path::new("cities.ttl"), turtle.as_bytes(),
///                                     ImportFormat::Turtle, &ImportOptions::default());
/// let harbin = &imported.loaded.dataset.entities[0];
/// assert_eq!((harbin.id.as_str(), harbin.type_id.as_str()), ("harbin", "city"));
/// assert_eq!(harbin.label["zh"], "哈尔滨");
/// ```
pub fn import_from(
    name: &Path,
    reader: impl BufRead,
    format: ImportFormat,
    options: &ImportOptions,
) -> Imported {
    let mut loaded = Loaded::default();
    let meta = defaults(name, options);
    if format == ImportFormat::Wikidata {
        let summary = super::wikidata::read(&mut loaded, name, reader, options, meta);
        return Imported { loaded, summary };
    }
    let mut bytes = Vec::new();
    let mut reader = reader;
    if let Err(e) = reader.read_to_end(&mut bytes) {
        loaded
            .diagnostics
            .items
            .push(crate::diag::Diagnostic::error(
                crate::diag::Code::Io,
                format!("cannot read {}: {e}", name.display()),
            ));
        return Imported {
            loaded,
            summary: ImportSummary::default(),
        };
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    let file = loaded.diagnostics.files.add(name, text.clone());
    let summary = super::rdf::read(
        &mut loaded,
        file,
        &text,
        format,
        options,
        &meta,
        &file_name(name),
    );
    Imported { loaded, summary }
}

/// Whether a JSON document begins as kgforge's JSON export does (`{"format": "kgforge"`).
fn is_kgforge_json(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&head[..head.len().min(4096)]);
    let rest = text
        .trim_start()
        .strip_prefix('{')
        .unwrap_or_default()
        .trim_start();
    rest.strip_prefix("\"format\"")
        .map(|r| r.trim_start().trim_start_matches(':').trim_start())
        .is_some_and(|r| r.starts_with("\"kgforge\""))
}

/// The metadata of a dataset built from `path` (not kgforge's own RDF, which has its own):
/// the options' id and base IRI, else the file's name and a placeholder IRI to replace.
fn defaults(path: &Path, options: &ImportOptions) -> Metadata {
    let stem = path
        .file_name()
        .and_then(|n| n.to_str())
        .map(|n| n.split('.').next().unwrap_or(n))
        .unwrap_or("import");
    let id = options.id.clone().unwrap_or_else(|| slug(stem, "import"));
    let name = file_name(path);
    Metadata {
        base_iri: options
            .base_iri
            .clone()
            .unwrap_or_else(|| format!("https://kgforge.invalid/{id}/")),
        title: format!("Imported from {name}"),
        id,
        description: None,
        license: None,
        languages: if options.languages.is_empty() {
            vec!["en".to_string()]
        } else {
            options.languages.clone()
        },
    }
}

/// The file's name (`people.ttl`), for titles.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || "standard input".into(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// A slug (docs/FORMAT.md, "Identifiers") made from a name: camelCase split with `_`, lower
/// case, every run of other characters one `_`, at most 128 bytes, starting with a letter
/// (`fallback` in front of a name that does not, `fallback` itself for one with nothing left).
///
/// ```text
/// "birthDate" → "birth_date"   "Douglas Adams" → "douglas_adams"   "1945" → "x_1945"
/// ```
pub(crate) fn slug(name: &str, fallback: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            let split_camel = c.is_ascii_uppercase()
                && previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit());
            if split_camel && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
        previous = Some(c);
    }
    let trimmed = out.trim_matches(|c| c == '_' || c == '-');
    let mut id = if trimmed.starts_with(|c: char| c.is_ascii_alphabetic()) {
        trimmed.to_string()
    } else if trimmed.is_empty() {
        fallback.to_string()
    } else {
        format!("{fallback}_{trimmed}")
    };
    id.truncate(128);
    while id.ends_with(['_', '-']) {
        id.pop();
    }
    id
}

/// Hands out unique ids: the slug itself the first time, then `slug_2`, `slug_3`, … (never a
/// name in `reserved`).
#[derive(Debug, Default)]
pub(crate) struct Ids {
    taken: std::collections::HashSet<String>,
}

impl Ids {
    /// Ids that are never handed out (a type may not be named after a literal kind).
    pub(crate) fn reserving(reserved: &[&str]) -> Ids {
        Ids {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// A fresh id for `slug`.
    pub(crate) fn unique(&mut self, slug: String) -> String {
        if self.taken.insert(slug.clone()) {
            return slug;
        }
        let base = {
            let mut b = slug;
            b.truncate(120);
            b
        };
        (2..)
            .map(|n| format!("{base}_{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unused suffix")
    }
}

/// The local name of an IRI: what follows its last `#`, `/` or `:` (the segment before a
/// trailing one).
pub(crate) fn local_name(iri: &str) -> &str {
    let trimmed = iri.trim_end_matches(['/', '#']);
    trimmed
        .rsplit(['#', '/', ':'])
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(trimmed)
}

/// A local name as words for a label: `birthDate` → `birth date`, `date_of_birth` → `date of
/// birth`.
pub(crate) fn words(local: &str) -> String {
    let mut out = String::with_capacity(local.len() + 4);
    let mut previous: Option<char> = None;
    for c in local.chars() {
        if c == '_' || c == '-' {
            out.push(' ');
        } else {
            if c.is_uppercase() && previous.is_some_and(char::is_lowercase) {
                out.push(' ');
            }
            out.extend(c.to_lowercase());
        }
        previous = Some(c);
    }
    let collapsed: Vec<&str> = out.split_whitespace().collect();
    if collapsed.is_empty() {
        local.to_string()
    } else {
        collapsed.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ids() {
        for (name, id) in [
            ("birthDate", "birth_date"),
            ("Douglas Adams", "douglas_adams"),
            ("1945", "x_1945"),
            ("", "x"),
            ("日本", "x"),
            ("instance of", "instance_of"),
            ("URL", "url"),
            ("hasURL", "has_url"),
            ("P31", "p31"),
            ("a--b", "a--b"),
            ("__x__", "x"),
        ] {
            assert_eq!(slug(name, "x"), id, "{name}");
        }
        assert_eq!(slug(&"a".repeat(300), "x").len(), 128);
    }

    #[test]
    fn ids_are_unique_and_avoid_reserved_names() {
        let mut ids = Ids::reserving(&["date"]);
        assert_eq!(ids.unique("date".into()), "date_2");
        assert_eq!(ids.unique("paris".into()), "paris");
        assert_eq!(ids.unique("paris".into()), "paris_2");
    }

    #[test]
    fn local_names_and_words() {
        assert_eq!(local_name("http://xmlns.com/foaf/0.1/knows"), "knows");
        assert_eq!(local_name("http://schema.org/Person"), "Person");
        assert_eq!(local_name("http://example.org/a#b"), "b");
        assert_eq!(local_name("urn:isbn:0451450523"), "0451450523");
        assert_eq!(local_name("http://example.org/people/"), "people");
        assert_eq!(words("birthDate"), "birth date");
        assert_eq!(words("date_of_birth"), "date of birth");
    }
}
