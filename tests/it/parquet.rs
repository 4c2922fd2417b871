//! The Parquet tables read back with the `parquet` crate's own reader: every table's rows
//! say what the dataset says (counts, ids, values, ranks, qualifiers, references), and a few
//! rows are checked against hand-written values. `parquet/layout.rs` checks ranks, row groups
//! and the documented schema; `parquet/engines.rs` hands the tables to DuckDB and Spark.

mod engines;
mod layout;

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Int32Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use kgforge::export::parquet::Table;
use kgforge::format::parquet::{DATASET_KEY, TABLE_KEY, TABLES_VERSION, VERSION_KEY};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::util;

/// `kgforge build DATASET -o DIR --format parquet`, returning DIR.
pub(crate) fn build_tables(dataset: &Path, name: &str) -> PathBuf {
    let dir = util::scratch_dir(name);
    let out = Command::new(env!("CARGO_BIN_EXE_kgforge"))
        .args(["-q", "build"])
        .arg(dataset)
        .arg("-o")
        .arg(&dir)
        .args(["--format", "parquet"])
        .output()
        .expect("kgforge runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// One table read back: its batches, its row groups and its key-value metadata.
struct Read {
    batches: Vec<RecordBatch>,
    row_groups: usize,
    metadata: BTreeMap<String, String>,
}

fn read(path: &Path) -> Read {
    let file = File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).expect("a Parquet file");
    let meta = builder.metadata().file_metadata();
    let metadata = meta
        .key_value_metadata()
        .into_iter()
        .flatten()
        .map(|kv| (kv.key.clone(), kv.value.clone().unwrap_or_default()))
        .collect();
    let row_groups = builder.metadata().num_row_groups();
    let batches = builder
        .build()
        .expect("a reader")
        .collect::<Result<Vec<_>, _>>()
        .expect("readable batches");
    Read {
        batches,
        row_groups,
        metadata,
    }
}

impl Read {
    fn rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    fn columns(&self, name: &str) -> impl Iterator<Item = &dyn Array> {
        self.batches.iter().map(move |b| {
            b.column_by_name(name)
                .unwrap_or_else(|| panic!("no column {name}"))
                .as_ref()
        })
    }

    fn texts(&self, name: &str) -> Vec<Option<String>> {
        self.columns(name)
            .flat_map(|c| c.as_string::<i32>().iter().map(|v| v.map(str::to_owned)))
            .collect()
    }

    fn text(&self, name: &str) -> Vec<String> {
        self.texts(name)
            .into_iter()
            .map(|v| v.unwrap_or_else(|| panic!("a null in {name}")))
            .collect()
    }

    fn ints(&self, name: &str) -> Vec<Option<i64>> {
        self.columns(name)
            .flat_map(|c| c.as_primitive::<Int64Type>().iter())
            .collect()
    }

    fn int32s(&self, name: &str) -> Vec<Option<i32>> {
        self.columns(name)
            .flat_map(|c| c.as_primitive::<Int32Type>().iter())
            .collect()
    }

    fn dates(&self, name: &str) -> Vec<Option<i32>> {
        self.columns(name)
            .flat_map(|c| c.as_primitive::<Date32Type>().iter())
            .collect()
    }

    fn bools(&self, name: &str) -> Vec<Option<bool>> {
        self.columns(name)
            .flat_map(|c| c.as_boolean().iter())
            .collect()
    }

    /// A `MAP<STRING, STRING>` column.
    fn text_maps(&self, name: &str) -> Vec<BTreeMap<String, String>> {
        let mut out = Vec::new();
        for column in self.columns(name) {
            let maps = column.as_map();
            for i in 0..maps.len() {
                let entries = maps.value(i);
                let keys = entries.column(0).as_string::<i32>();
                let values = entries.column(1).as_string::<i32>();
                out.push(
                    (0..keys.len())
                        .map(|j| (keys.value(j).to_owned(), values.value(j).to_owned()))
                        .collect(),
                );
            }
        }
        out
    }

    /// A `MAP<STRING, LIST<STRING>>` column.
    fn list_maps(&self, name: &str) -> Vec<BTreeMap<String, Vec<String>>> {
        let mut out = Vec::new();
        for column in self.columns(name) {
            let maps = column.as_map();
            for i in 0..maps.len() {
                let entries = maps.value(i);
                let keys = entries.column(0).as_string::<i32>();
                let lists = entries.column(1).as_list::<i32>();
                out.push(
                    (0..keys.len())
                        .map(|j| {
                            let items = lists.value(j);
                            let items = items.as_string::<i32>();
                            let items = items.iter().map(|s| s.expect("no null").to_owned());
                            (keys.value(j).to_owned(), items.collect())
                        })
                        .collect(),
                );
            }
        }
        out
    }
}

fn tables(dir: &Path, stem: &str) -> BTreeMap<Table, Read> {
    Table::ALL
        .into_iter()
        .map(|t| (t, read(&dir.join(t.file_name(stem)))))
        .collect()
}

/// Days since 1970-01-01 (Python: `(date(1945, 8, 23) - date(1970, 1, 1)).days`): the tables
/// hold dates as Parquet `DATE`s.
const AUG_23_1945: i32 = -8897;
const AUG_1_1945: i32 = -8919;
const JAN_1_1956: i32 = -5114;

#[test]
fn the_tables_say_what_the_dataset_says() {
    let graph = util::default_graph();
    let d = graph.dataset();
    let dir = build_tables(&util::default_dataset(), "parquet-default");
    let t = tables(&dir, &d.meta.id);

    // Counts.
    let qualifiers: usize = d.statements.iter().map(count_qualifiers).sum();
    let references: usize = d.statements.iter().map(|s| s.references().len()).sum();
    let expected = [
        (Table::Nodes, d.entities.len()),
        (Table::Statements, d.statements.len()),
        (Table::Qualifiers, qualifiers),
        (Table::References, references),
        (Table::Sources, d.sources.len()),
        (Table::Types, d.types.len()),
        (Table::Predicates, d.predicates.len()),
        (Table::Units, d.units.len()),
    ];
    for (table, rows) in expected {
        assert_eq!(t[&table].rows(), rows, "{}", table.name());
        assert!(rows > 0, "the default dataset fills {}", table.name());
        let meta = &t[&table].metadata;
        assert_eq!(meta[TABLE_KEY], table.name());
        assert_eq!(meta[VERSION_KEY], TABLES_VERSION.to_string());
        let dataset: serde_json::Value = serde_json::from_str(&meta[DATASET_KEY]).expect("JSON");
        assert_eq!(dataset["id"], "manchuria-1945");
        assert_eq!(dataset["languages"][1], "ja");
    }

    // Nodes: every entity, in order, with its names.
    let nodes = &t[&Table::Nodes];
    let ids: Vec<String> = d.entities.iter().map(|e| e.id.to_string()).collect();
    assert_eq!(nodes.text("id"), ids);
    let labels = nodes.text_maps("labels");
    let aliases = nodes.list_maps("aliases");
    let attributes = nodes.text_maps("attributes");
    assert!(
        attributes.iter().any(|a| !a.is_empty()),
        "an entity has attributes"
    );
    for (i, e) in d.entities.iter().enumerate() {
        let expected: BTreeMap<String, String> = e
            .label
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        assert_eq!(labels[i], expected, "{}", e.id);
        let expected: BTreeMap<String, Vec<String>> = e
            .aliases
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        assert_eq!(aliases[i], expected, "{}", e.id);
        let expected: BTreeMap<String, String> = e
            .attributes
            .iter()
            .map(|(k, v)| {
                let text = match v {
                    kgforge::Scalar::Bool(b) => b.to_string(),
                    kgforge::Scalar::Integer(n) => n.to_string(),
                    kgforge::Scalar::Float(x) => x.to_string(),
                    kgforge::Scalar::String(s) => s.clone(),
                };
                (k.clone(), text)
            })
            .collect();
        assert_eq!(attributes[i], expected, "{}", e.id);
    }
    let pows = ids
        .iter()
        .position(|id| id == "japanese_pows")
        .expect("a node");
    assert_eq!(nodes.text("type")[pows], "prisoner_group");
    assert_eq!(
        nodes.text("label")[pows],
        "Japanese prisoners of war in the Soviet Union"
    );
    assert_eq!(labels[pows]["ja"], "ソ連の日本人捕虜");
    assert_eq!(aliases[pows]["ja"], ["シベリア抑留者"]);
    assert_eq!(nodes.texts("wikidata")[pows], None);

    // Statements: ids, ends, predicates, ranks, in order.
    let st = &t[&Table::Statements];
    let ids: Vec<String> = d.statements.iter().map(|s| s.id().into_owned()).collect();
    assert_eq!(st.text("id"), ids);
    let src: Vec<String> = d.statements.iter().map(|s| s.subject.to_string()).collect();
    assert_eq!(st.text("src"), src);
    let dst: Vec<Option<String>> = d
        .statements
        .iter()
        .map(|s| s.object().map(Into::into))
        .collect();
    assert_eq!(st.texts("dst"), dst);
    let ranks: Vec<String> = d
        .statements
        .iter()
        .map(|s| s.rank.name().to_owned())
        .collect();
    assert_eq!(st.text("rank"), ranks);
    let kinds: Vec<String> = d
        .statements
        .iter()
        .map(|s| s.value.key().to_owned())
        .collect();
    assert_eq!(st.text("kind"), kinds);
    let notes: Vec<Option<String>> = d
        .statements
        .iter()
        .map(|s| s.note().map(Into::into))
        .collect();
    assert_eq!(st.texts("note"), notes);
    let disputed: Vec<Option<String>> = d
        .statements
        .iter()
        .map(|s| s.disputed().map(Into::into))
        .collect();
    assert_eq!(st.texts("disputed"), disputed);
    assert!(
        disputed.iter().any(Option::is_some),
        "the dataset has disputed statements"
    );

    // A few rows, by hand.
    let row = |id: &str| {
        ids.iter()
            .position(|i| i == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    let range = row("pows-interned-wp-range");
    assert_eq!(st.text("kind")[range], "quantity");
    assert_eq!(st.texts("bound")[range].as_deref(), Some("range"));
    assert_eq!(st.ints("lower")[range], Some(560_000));
    assert_eq!(st.ints("upper")[range], Some(760_000));
    assert_eq!(st.ints("amount")[range], None);
    assert_eq!(st.texts("unit")[range].as_deref(), Some("people"));
    // pows-interned-mhlw-575k is preferred, so this normal one is not the best.
    assert_eq!(st.bools("best_rank")[range], Some(false));
    let more_than = row("pows-captured-soviet-594k");
    assert_eq!(st.texts("bound")[more_than].as_deref(), Some("more_than"));
    assert_eq!(st.ints("lower")[more_than], Some(594_000));
    assert_eq!(st.ints("upper")[more_than], None);
    assert_eq!(st.text("rank")[more_than], "preferred");
    assert_eq!(st.bools("best_rank")[more_than], Some(true));
    let dated = row("gko-decree-9898-date");
    assert_eq!(st.dates("date")[dated], Some(AUG_23_1945));
    assert_eq!(st.texts("date_precision")[dated].as_deref(), Some("day"));
    assert_eq!(st.texts("dst")[dated], None);
    let span = row("siberian_internment.time_span.3ce5cb1b49fae174b9747ab3");
    assert_eq!(st.dates("span_start")[span], Some(AUG_1_1945));
    assert_eq!(
        st.texts("span_start_precision")[span].as_deref(),
        Some("month")
    );
    assert_eq!(st.dates("span_end")[span], Some(JAN_1_1956));
    assert_eq!(
        st.texts("span_end_precision")[span].as_deref(),
        Some("year")
    );
    assert_eq!(st.dates("date")[span], None);

    // Qualifiers: the 594,000's point in time and its free scope.
    let q = &t[&Table::Qualifiers];
    let of_594k: Vec<usize> = (0..q.rows())
        .filter(|&i| q.text("statement")[i] == "pows-captured-soviet-594k")
        .collect();
    assert_eq!(of_594k.len(), 2);
    let (when, scope) = (of_594k[0], of_594k[1]);
    assert_eq!(q.text("key")[when], "point_in_time");
    assert_eq!(q.bools("free")[when], Some(false));
    assert_eq!(q.dates("date")[when], Some(AUG_1_1945));
    assert_eq!(q.texts("date_precision")[when].as_deref(), Some("month"));
    assert_eq!(q.text("key")[scope], "scope");
    assert_eq!(q.text("kind")[scope], "text");
    assert_eq!(q.bools("free")[scope], Some(true));
    assert!(
        q.texts("text")[scope]
            .as_deref()
            .is_some_and(|s| s.starts_with("soldiers"))
    );
    let places = q.texts("object").into_iter().flatten().count();
    let expected = d
        .statements
        .iter()
        .filter(|s| s.qualifiers().place.is_some())
        .count();
    assert_eq!(places, expected);

    // References: every one, in order, with its locator.
    let r = &t[&Table::References];
    let expected: Vec<ReferenceRow> = d
        .statements
        .iter()
        .flat_map(|s| {
            let id = s.id().into_owned();
            s.references().iter().enumerate().map(move |(i, r)| {
                (
                    id.clone(),
                    i as i32,
                    r.source.clone(),
                    r.paragraph.map(i64::from),
                    r.section.clone(),
                )
            })
        })
        .collect();
    let read: Vec<_> = (0..r.rows())
        .map(|i| {
            (
                r.text("statement")[i].clone(),
                r.int32s("position")[i].expect("not null"),
                r.text("source")[i].clone(),
                r.ints("paragraph")[i],
                r.texts("section")[i].clone(),
            )
        })
        .collect();
    assert_eq!(read, expected);
    let siberia: Vec<_> = read
        .iter()
        .filter(|r| r.0 == "pows-interned-in-siberia")
        .collect();
    assert_eq!(siberia.len(), 2);
    assert_eq!((siberia[0].2.as_str(), siberia[0].3), ("article", Some(7)));
    assert_eq!(siberia[1].4.as_deref(), Some("シベリア抑留中死亡者"));

    // The small tables.
    let sources = &t[&Table::Sources];
    let ids: Vec<String> = d.sources.iter().map(|s| s.id.clone()).collect();
    assert_eq!(sources.text("id"), ids);
    assert!(sources.text("kind").iter().all(|k| !k.is_empty()));
    let types = &t[&Table::Types];
    let prisoners = types
        .text("id")
        .iter()
        .position(|id| id == "prisoner_group")
        .expect("a type");
    assert_eq!(
        types.texts("display_group")[prisoners].as_deref(),
        Some("Japanese forces")
    );
    let predicates = &t[&Table::Predicates];
    let interned = predicates
        .text("id")
        .iter()
        .position(|id| id == "interned_in")
        .expect("a predicate");
    assert_eq!(predicates.texts("range_literal")[interned], None);
    let counted = predicates
        .text("id")
        .iter()
        .position(|id| id == "number_interned")
        .expect("a predicate");
    assert_eq!(
        predicates.texts("range_literal")[counted].as_deref(),
        Some("integer")
    );
    let units = &t[&Table::Units];
    assert_eq!(units.text("id"), ["people"]);
    assert_eq!(
        units.texts("iri")[0].as_deref(),
        Some("http://www.wikidata.org/entity/Q199")
    );
}

/// A row of the references table: statement, position, source, paragraph, section.
type ReferenceRow = (String, i32, String, Option<i64>, Option<String>);

/// How many rows a statement has in the qualifiers table.
fn count_qualifiers(s: &kgforge::Statement) -> usize {
    let q = s.qualifiers();
    [
        q.point_in_time.is_some(),
        q.start.is_some(),
        q.end.is_some(),
        q.place.is_some(),
        q.quantity.is_some(),
    ]
    .into_iter()
    .filter(|&set| set)
    .count()
        + q.other.len()
}
