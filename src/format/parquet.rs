#![doc = include_str!("../../docs/parquet.md")]

#[cfg(feature = "parquet")]
use std::sync::Arc;

#[cfg(feature = "parquet")]
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};

/// The version of the tables' layout, written into every file's key-value metadata under
/// [`VERSION_KEY`]; it changes when a column is renamed, retyped or removed (a new nullable
/// column at the end does not change it).
pub const TABLES_VERSION: u32 = 1;

/// The key-value metadata key holding [`TABLES_VERSION`].
pub const VERSION_KEY: &str = "kgforge.tables_version";

/// The key-value metadata key holding the table's name (`statements`).
pub const TABLE_KEY: &str = "kgforge.table";

/// The key-value metadata key holding the `[dataset]` table as JSON (id, title, description,
/// license, base IRI, languages), as in the node-link JSON's `graph.dataset`.
pub const DATASET_KEY: &str = "kgforge.dataset";

/// One of the Parquet tables of a dataset.
///
/// ```
/// use kgforge::format::parquet::Table;
///
/// assert_eq!(Table::Statements.file_name("manchuria-1945"), "manchuria-1945.statements.parquet");
/// let schema = Table::Statements.schema();
/// assert_eq!(schema.field(1).name(), "src");
/// assert!(schema.field_with_name("dst")?.is_nullable());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    /// One row per entity.
    Nodes,
    /// One row per statement; entity-to-entity ones have `dst`.
    Statements,
    /// One row per qualifier of a statement.
    Qualifiers,
    /// One row per reference of a statement.
    References,
    /// One row per source.
    Sources,
    /// One row per entity type.
    Types,
    /// One row per predicate.
    Predicates,
    /// One row per declared unit.
    Units,
}

impl Table {
    /// Every table, in the order `kgforge build` writes them.
    pub const ALL: [Table; 8] = [
        Table::Nodes,
        Table::Statements,
        Table::Qualifiers,
        Table::References,
        Table::Sources,
        Table::Types,
        Table::Predicates,
        Table::Units,
    ];

    /// The table's name (`statements`).
    pub fn name(self) -> &'static str {
        match self {
            Table::Nodes => "nodes",
            Table::Statements => "statements",
            Table::Qualifiers => "qualifiers",
            Table::References => "references",
            Table::Sources => "sources",
            Table::Types => "types",
            Table::Predicates => "predicates",
            Table::Units => "units",
        }
    }

    /// The file the table is written to, beside the dataset's other exports:
    /// `{stem}.{name}.parquet`.
    pub fn file_name(self, stem: &str) -> String {
        format!("{stem}.{}.parquet", self.name())
    }

    /// The table's Arrow schema (columns, types, nullability), as documented above (with
    /// the `parquet` cargo feature, on by default).
    #[cfg(feature = "parquet")]
    pub fn schema(self) -> SchemaRef {
        let fields = match self {
            Table::Nodes => vec![
                text("id"),
                text("type"),
                text("label"),
                Field::new("labels", map(DataType::Utf8, false), false),
                Field::new("aliases", map(list_of_text(), false), false),
                optional_text("description"),
                optional_text("wikidata"),
                Field::new("attributes", map(DataType::Utf8, false), false),
            ],
            Table::Statements => {
                let mut fields = vec![
                    text("id"),
                    text("src"),
                    text("predicate"),
                    optional_text("dst"),
                ];
                fields.extend(value_fields(ValueColumns::Statement));
                fields.extend([
                    text("rank"),
                    Field::new("best_rank", DataType::Boolean, false),
                    optional_text("disputed"),
                    optional_text("note"),
                ]);
                fields
            }
            Table::Qualifiers => {
                let mut fields = vec![
                    text("statement"),
                    text("key"),
                    Field::new("free", DataType::Boolean, false),
                    optional_text("object"),
                ];
                fields.extend(value_fields(ValueColumns::Qualifier));
                fields
            }
            Table::References => vec![
                text("statement"),
                Field::new("position", DataType::Int32, false),
                text("source"),
                Field::new("paragraph", DataType::Int64, true),
                optional_text("page"),
                optional_text("section"),
                optional_text("note"),
            ],
            Table::Sources => vec![
                text("id"),
                text("title"),
                optional_text("author"),
                optional_text("publisher"),
                Field::new("date", DataType::Date32, true),
                optional_text("date_precision"),
                optional_text("url"),
                Field::new("accessed", DataType::Date32, true),
                optional_text("accessed_precision"),
                optional_text("language"),
                text("kind"),
                optional_text("note"),
                Field::new("paragraphs", DataType::Int64, true),
            ],
            Table::Types => vec![
                text("id"),
                text("label"),
                optional_text("parent"),
                optional_text("class"),
                optional_text("display_group"),
                optional_text("description"),
            ],
            Table::Predicates => vec![
                text("id"),
                text("label"),
                optional_text("inverse"),
                Field::new("domain", list_of_text(), false),
                Field::new("range_types", list_of_text(), true),
                optional_text("range_literal"),
                optional_text("property"),
                Field::new("is_symmetric", DataType::Boolean, false),
                optional_text("description"),
            ],
            Table::Units => vec![
                text("id"),
                text("label"),
                optional_text("iri"),
                optional_text("description"),
            ],
        };
        Arc::new(Schema::new(fields))
    }
}

#[cfg(feature = "parquet")]
/// Which value columns a table has: a statement's value may be any kind; a qualifier's is a
/// date, a place (in `object`), a quantity or text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ValueColumns {
    Statement,
    Qualifier,
}

#[cfg(feature = "parquet")]
/// The columns that hold a value, after its kind: a quantity's `amount`, `lower`, `upper`,
/// `bound` and `unit`; a decimal; a date and its precision; a span's two ends and their
/// precisions; text. Only those of the value's kind are set.
fn value_fields(columns: ValueColumns) -> Vec<Field> {
    let mut fields = vec![
        text("kind"),
        Field::new("amount", DataType::Int64, true),
        Field::new("lower", DataType::Int64, true),
        Field::new("upper", DataType::Int64, true),
        optional_text("bound"),
        optional_text("unit"),
    ];
    if columns == ValueColumns::Statement {
        fields.push(Field::new("decimal", DataType::Float64, true));
    }
    fields.extend([
        Field::new("date", DataType::Date32, true),
        optional_text("date_precision"),
    ]);
    if columns == ValueColumns::Statement {
        fields.extend([
            Field::new("span_start", DataType::Date32, true),
            optional_text("span_start_precision"),
            Field::new("span_end", DataType::Date32, true),
            optional_text("span_end_precision"),
        ]);
    }
    fields.push(optional_text("text"));
    if columns == ValueColumns::Statement {
        fields.push(optional_text("text_language"));
    }
    fields
}

#[cfg(feature = "parquet")]
fn text(name: &str) -> Field {
    Field::new(name, DataType::Utf8, false)
}

#[cfg(feature = "parquet")]
fn optional_text(name: &str) -> Field {
    Field::new(name, DataType::Utf8, true)
}

#[cfg(feature = "parquet")]
/// The item field of every list column: named `element`, as the Parquet specification's
/// LIST layout names it, and never null.
pub(crate) fn list_item() -> Arc<Field> {
    Arc::new(Field::new("element", DataType::Utf8, false))
}

#[cfg(feature = "parquet")]
fn list_of_text() -> DataType {
    DataType::List(list_item())
}

#[cfg(feature = "parquet")]
/// The entries of a map column with text keys: `key_value` { `key`, `value` }, as the Parquet
/// specification's MAP layout names them. The keys come in sorted order (the model's maps are
/// sorted), but the column does not declare it (Arrow's map builder cannot).
pub(crate) fn map_entries(value: DataType, value_nullable: bool) -> Arc<Field> {
    Arc::new(Field::new(
        "key_value",
        DataType::Struct(Fields::from(vec![
            Field::new("key", DataType::Utf8, false),
            Field::new("value", value, value_nullable),
        ])),
        false,
    ))
}

#[cfg(feature = "parquet")]
fn map(value: DataType, value_nullable: bool) -> DataType {
    DataType::Map(map_entries(value, value_nullable), false)
}

#[cfg(all(test, feature = "parquet"))]
mod tests {
    use super::*;

    #[test]
    fn names_and_files_are_distinct() {
        let names: std::collections::BTreeSet<_> = Table::ALL.iter().map(|t| t.name()).collect();
        assert_eq!(names.len(), Table::ALL.len());
        for table in Table::ALL {
            let schema = table.schema();
            let columns: std::collections::BTreeSet<_> =
                schema.fields().iter().map(|f| f.name()).collect();
            assert_eq!(columns.len(), schema.fields().len(), "{}", table.name());
        }
    }
}
