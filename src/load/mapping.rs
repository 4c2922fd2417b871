//! `mapping.toml`: how to read CSV files that have their own column names (docs/FORMAT.md,
//! "Mapped CSV").
//!
//! A dataset directory that holds a `mapping.toml` reads the CSV files it names, each as
//! entities (`[[entities]]`) or as statements (`[[statements]]`), by the columns it gives for
//! each part of an item: `id = "Id"` (a column by name), `id = 1` (by number, from 1),
//! `type = { value = "node" }` (the same for every row), `subject = { column = "Source",
//! template = "n{}" }` (the cell inside a template). The file is read like the dataset's own
//! TOML (located errors, unknown keys refused with a did-you-mean); `mapped.rs` in `csv/`
//! then checks it against each CSV header and reads the rows.
//!
//! TOML rather than W3C CSVW metadata: CSVW describes how cells become plain triples about
//! a row's subject (`aboutUrl`, `propertyUrl`, `valueUrl`), and has no place for what a
//! kgforge statement carries besides its value (rank, qualifiers, references with their
//! locators); expressing those would mean conventions no CSVW processor knows. The names of
//! the dialect keys follow CSVW's (`delimiter`, `quote` for `quoteChar`, `encoding`,
//! `header`).

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use toml::Spanned;

use super::Loaded;
use super::toml::TomlReader;
use crate::diag::{Code, Diagnostic, FileId, Location, did_you_mean};

/// The file name a dataset directory's mapping has.
pub(crate) const MAPPING_FILE: &str = "mapping.toml";

/// The tables of `mapping.toml`, each a CSV file to read.
#[derive(Debug, Default)]
pub(crate) struct Mapping {
    pub(crate) entities: Vec<EntityTable>,
    pub(crate) statements: Vec<StatementTable>,
}

/// The keys of `mapping.toml`.
const SECTIONS: &[&str] = &["entities", "statements"];

/// Reads `mapping.toml` at `path` into its tables, reporting every problem into `loaded`;
/// `None` when the file cannot be read or parsed. A table that cannot be read is left out
/// (and reported); the others are kept.
pub(crate) fn read(loaded: &mut Loaded, path: &std::path::Path) -> Option<(FileId, Mapping)> {
    let (file, text) = super::read_text(path, &mut loaded.diagnostics)?;
    let mut reader = TomlReader::new(loaded);
    let root = reader.parse(file, &text)?;
    let mut mapping = Mapping::default();
    let at = |span: Range<usize>| Some(Location { file, span });
    for (key, value) in root.get_ref() {
        let name = key.get_ref().as_ref();
        if !SECTIONS.contains(&name) {
            let help = match did_you_mean(name, SECTIONS.iter().copied()) {
                Some(s) => format!("did you mean [[{s}]]?"),
                None => "a mapping holds [[entities]] and [[statements]] tables, one per CSV file"
                    .to_string(),
            };
            reader.loaded.diagnostics.items.push(
                Diagnostic::error(
                    Code::Shape,
                    format!("unknown key `{name}` in {MAPPING_FILE}"),
                )
                .at(at(key.span()), "not a mapping key")
                .with_help(help),
            );
            continue;
        }
        let Some(tables) = value.get_ref().as_array() else {
            reader.loaded.diagnostics.items.push(
                Diagnostic::error(Code::Shape, format!("`{name}` must be an array of tables"))
                    .at(at(value.span()), "here")
                    .with_help(format!(
                        "write each CSV file's table under its own [[{name}]] header"
                    )),
            );
            continue;
        };
        for table in tables.iter() {
            if name == "entities" {
                if let Some(t) = reader.deserialize::<EntityTable>(file, table) {
                    mapping.entities.push(t);
                }
            } else if let Some(t) = reader.deserialize::<StatementTable>(file, table) {
                mapping.statements.push(t);
            }
        }
    }
    Some((file, mapping))
}

/// How a CSV file is written: CSVW's dialect keys, the same in both kinds of table.
#[derive(Debug, Clone)]
pub(crate) struct FileSpec {
    /// The CSV file, relative to the mapping.
    pub(crate) file: Spanned<String>,
    /// One ASCII character between cells (`","`, `";"`, `"\t"`); default `,` (a tab for a
    /// `.tsv` file).
    pub(crate) delimiter: Option<Spanned<String>>,
    /// One ASCII character that quotes cells, or `""` for none; default `"`.
    pub(crate) quote: Option<Spanned<String>>,
    /// A WHATWG encoding label (`utf-8`, `utf-16le`, `latin1`, `windows-1251`, `shift_jis`…);
    /// default UTF-8. A byte-order mark decides over it.
    pub(crate) encoding: Option<Spanned<String>>,
    /// Whether the first row names the columns (default yes); without one, columns are
    /// named by number.
    pub(crate) header: bool,
    /// Columns that are read by nothing, on purpose.
    pub(crate) ignore: Vec<Spanned<ColumnRef>>,
}

/// Declares a table struct with the dialect keys (serde's `flatten` cannot be combined with
/// `deny_unknown_fields`, nor keep spans) and a `file()` that collects them.
macro_rules! table {
    ($(#[$attr:meta])* $name:ident { $($(#[$fattr:meta])* $field:ident : $ty:ty,)* }) => {
        $(#[$attr])*
        #[derive(Debug, Clone, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub(crate) struct $name {
            file: Spanned<String>,
            #[serde(default)]
            delimiter: Option<Spanned<String>>,
            #[serde(default)]
            quote: Option<Spanned<String>>,
            #[serde(default)]
            encoding: Option<Spanned<String>>,
            #[serde(default = "yes")]
            header: bool,
            #[serde(default)]
            ignore: Vec<Spanned<ColumnRef>>,
            $($(#[$fattr])* pub(crate) $field: $ty,)*
        }

        impl $name {
            /// The file and how it is written.
            pub(crate) fn file(&self) -> FileSpec {
                FileSpec {
                    file: self.file.clone(),
                    delimiter: self.delimiter.clone(),
                    quote: self.quote.clone(),
                    encoding: self.encoding.clone(),
                    header: self.header,
                    ignore: self.ignore.clone(),
                }
            }
        }
    };
}

fn yes() -> bool {
    true
}

table! {
    /// `[[entities]]`: one entity per row.
    EntityTable {
        id: Field,
        #[serde(rename = "type")]
        type_id: Field,
        label: Texts,
        #[serde(default)]
        aliases: Option<Texts>,
        #[serde(default)]
        description: Option<Field>,
        #[serde(default)]
        wikidata: Option<Field>,
        /// Free attributes by key.
        #[serde(default)]
        attributes: BTreeMap<String, Field>,
    }
}

table! {
    /// `[[statements]]`: one statement per row.
    StatementTable {
        #[serde(default)]
        id: Option<Field>,
        subject: Field,
        predicate: Field,
        #[serde(default)]
        object: Option<Field>,
        #[serde(default)]
        quantity: Option<Field>,
        #[serde(default)]
        decimal: Option<Field>,
        #[serde(default)]
        date: Option<Field>,
        #[serde(default)]
        span: Option<Field>,
        #[serde(default)]
        text: Option<Field>,
        #[serde(default)]
        unit: Option<Field>,
        #[serde(default)]
        qualifiers: QualifierFields,
        #[serde(default)]
        references: Vec<ReferenceFields>,
        #[serde(default)]
        rank: Option<Field>,
        #[serde(default)]
        disputed: Option<Field>,
        #[serde(default)]
        note: Option<Field>,
    }
}

/// `qualifiers = { … }` of a statement table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct QualifierFields {
    #[serde(default)]
    pub(crate) point_in_time: Option<Field>,
    #[serde(default)]
    pub(crate) start: Option<Field>,
    #[serde(default)]
    pub(crate) end: Option<Field>,
    #[serde(default)]
    pub(crate) place: Option<Field>,
    #[serde(default)]
    pub(crate) quantity: Option<Field>,
    /// Free qualifiers by name.
    #[serde(default)]
    pub(crate) other: BTreeMap<String, Field>,
}

/// One reference of a statement table: a source and where in it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReferenceFields {
    pub(crate) source: Field,
    /// A locator in kgforge's syntax (`¶3, p. 45`).
    #[serde(default)]
    pub(crate) locator: Option<Field>,
    #[serde(default)]
    pub(crate) paragraph: Option<Field>,
    #[serde(default)]
    pub(crate) page: Option<Field>,
    #[serde(default)]
    pub(crate) section: Option<Field>,
    #[serde(default)]
    pub(crate) note: Option<Field>,
}

/// A column, by header name or by number (from 1).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged, expecting = "a column name (a string) or number (from 1)")]
pub(crate) enum ColumnRef {
    Number(i64),
    Name(String),
}

impl fmt::Display for ColumnRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnRef::Number(n) => write!(f, "column {n}"),
            ColumnRef::Name(name) => write!(f, "column `{name}`"),
        }
    }
}

/// Where one part of an item comes from, and where the mapping says so.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub(crate) from: FieldFrom,
    /// The cell inside a template: `{}` is replaced by it (`n{}` makes `n17` of `17`).
    pub(crate) template: Option<Spanned<String>>,
    /// For aliases: what separates several in one cell (default `|`).
    pub(crate) split: Option<Spanned<String>>,
    /// The whole field in the mapping file.
    pub(crate) span: Range<usize>,
}

/// A column, or one value for every row.
#[derive(Debug, Clone)]
pub(crate) enum FieldFrom {
    /// The column, and where the mapping names it.
    Column(ColumnRef, Range<usize>),
    /// The same value for every row.
    Value(String),
}

/// The keys of a field written as a table.
const FIELD_KEYS: &[&str] = &["column", "value", "template", "split"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldTable {
    #[serde(default)]
    column: Option<Spanned<ColumnRef>>,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    template: Option<Spanned<String>>,
    #[serde(default)]
    split: Option<Spanned<String>>,
}

/// A field before its span is known (a field is always read inside a `Spanned`).
enum FieldForm {
    Column(ColumnRef),
    Table(FieldTable),
}

impl<'de> Deserialize<'de> for FieldForm {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FieldForm;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a column name, a column number, or a table such as { column = \"Id\", template = \"n{}\" } or { value = \"…\" }",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FieldForm, E> {
                Ok(FieldForm::Column(ColumnRef::Name(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<FieldForm, E> {
                Ok(FieldForm::Column(ColumnRef::Number(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<FieldForm, E> {
                Ok(FieldForm::Column(ColumnRef::Number(
                    i64::try_from(v).unwrap_or(i64::MAX),
                )))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<FieldForm, A::Error> {
                FieldTable::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(FieldForm::Table)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<FieldForm>::deserialize(d)?;
        let span = spanned.span();
        field(spanned.into_inner(), span).map_err(de::Error::custom)
    }
}

/// A field from its form and its span in the mapping.
fn field(form: FieldForm, span: Range<usize>) -> Result<Field, String> {
    Ok(match form {
        FieldForm::Column(c) => Field {
            from: FieldFrom::Column(c, span.clone()),
            template: None,
            split: None,
            span,
        },
        FieldForm::Table(t) => {
            let from = match (t.column, t.value) {
                (Some(c), None) => {
                    let at = c.span();
                    FieldFrom::Column(c.into_inner(), at)
                }
                (None, Some(v)) => FieldFrom::Value(v),
                (Some(_), Some(_)) => {
                    return Err("a field takes `column` or `value`, not both".into());
                }
                (None, None) => {
                    return Err("a field needs `column` (a name or a number) or `value`".into());
                }
            };
            if let Some(t) = &t.template
                && t.get_ref().matches("{}").count() != 1
            {
                return Err(format!(
                    "the template \"{}\" needs one `{{}}` where the cell goes, e.g. \"n{{}}\"",
                    t.get_ref()
                ));
            }
            Field {
                from,
                template: t.template,
                split: t.split,
                span,
            }
        }
    })
}

/// Labels or aliases: a field for the dataset's primary language, or a field per language
/// (`{ en = "Label", ja = "Label (ja)" }`).
#[derive(Debug, Clone)]
pub(crate) enum Texts {
    Primary(Field),
    ByLanguage(BTreeMap<String, Field>),
}

/// Labels or aliases before their span is known.
enum TextsForm {
    One(ColumnRef),
    /// A table: of languages, or a field's own keys.
    Table(BTreeMap<String, Spanned<FieldForm>>),
}

impl<'de> Deserialize<'de> for TextsForm {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TextsForm;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a column (a name or a number), a field table, or a table of languages such as { en = \"Label\", ja = \"Label (ja)\" }",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TextsForm, E> {
                Ok(TextsForm::One(ColumnRef::Name(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<TextsForm, E> {
                Ok(TextsForm::One(ColumnRef::Number(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<TextsForm, E> {
                Ok(TextsForm::One(ColumnRef::Number(
                    i64::try_from(v).unwrap_or(i64::MAX),
                )))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<TextsForm, A::Error> {
                BTreeMap::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(TextsForm::Table)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Texts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<TextsForm>::deserialize(d)?;
        let span = spanned.span();
        match spanned.into_inner() {
            TextsForm::One(c) => Ok(Texts::Primary(
                field(FieldForm::Column(c), span).map_err(de::Error::custom)?,
            )),
            // `{ column = "Name" }` is a field, not a language called "column".
            TextsForm::Table(table) if table.keys().any(|k| FIELD_KEYS.contains(&k.as_str())) => {
                let mut t = FieldTable {
                    column: None,
                    value: None,
                    template: None,
                    split: None,
                };
                for (key, v) in table {
                    let at = v.span();
                    let text = match v.into_inner() {
                        FieldForm::Column(ColumnRef::Name(s)) => s,
                        FieldForm::Column(ColumnRef::Number(n)) if key == "column" => {
                            t.column = Some(Spanned::new(at, ColumnRef::Number(n)));
                            continue;
                        }
                        _ => return Err(de::Error::custom(format!("`{key}` takes a string"))),
                    };
                    match key.as_str() {
                        "column" => t.column = Some(Spanned::new(at, ColumnRef::Name(text))),
                        "value" => t.value = Some(text),
                        "template" => t.template = Some(Spanned::new(at, text)),
                        "split" => t.split = Some(Spanned::new(at, text)),
                        other => {
                            return Err(de::Error::custom(format!(
                                "unknown field `{other}` beside a field's keys, expected one of `column`, `value`, `template`, `split` (or a table of languages)"
                            )));
                        }
                    }
                }
                Ok(Texts::Primary(
                    field(FieldForm::Table(t), span).map_err(de::Error::custom)?,
                ))
            }
            TextsForm::Table(table) => table
                .into_iter()
                .map(|(lang, v)| {
                    let at = v.span();
                    field(v.into_inner(), at)
                        .map(|f| (lang, f))
                        .map_err(de::Error::custom)
                })
                .collect::<Result<_, _>>()
                .map(Texts::ByLanguage),
        }
    }
}
