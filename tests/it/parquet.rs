//! The Parquet tables read back with the `parquet` crate's own reader: every table's rows
//! say what the dataset says (counts, ids, values, ranks, qualifiers, references), a few rows
//! are checked against hand-written values, `best_rank` agrees with the RDF export's
//! `wikibase:BestRank`, big tables come in several row groups in dataset order, and
//! docs/parquet.md documents exactly the columns written. DuckDB and Spark read them in
//! `parquet/engines.rs`.

mod engines;

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Int32Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use kgforge::KnowledgeGraph;
use kgforge::export::Format;
use kgforge::export::parquet::{ParquetExporter, Table};
use kgforge::export::rdf::RdfExporter;
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
    for (i, e) in d.entities.iter().enumerate() {
        let expected: BTreeMap<String, String> = e
            .label
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        assert_eq!(labels[i], expected, "{}", e.id);
        let expected: BTreeMap<String, Vec<String>> = e
            .aliases
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        assert_eq!(aliases[i], expected, "{}", e.id);
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

/// The ids of the statements the RDF export types `wikibase:BestRank`.
fn rdf_best_ranked(graph: &KnowledgeGraph) -> BTreeSet<String> {
    let prefix = format!("{}statement/", graph.dataset().meta.base_iri);
    let best = oxrdf::NamedNode::new("http://wikiba.se/ontology#BestRank").expect("an IRI");
    RdfExporter::new(Format::NTriples)
        .quads(graph)
        .filter(|q| q.predicate == oxrdf::vocab::rdf::TYPE && q.object == best.clone().into())
        .filter_map(|q| match q.subject {
            oxrdf::NamedOrBlankNode::NamedNode(n) => {
                n.as_str().strip_prefix(&prefix).map(str::to_owned)
            }
            oxrdf::NamedOrBlankNode::BlankNode(_) => None,
        })
        .collect()
}

fn parquet_best_ranked(statements: &Read) -> BTreeSet<String> {
    statements
        .text("id")
        .into_iter()
        .zip(statements.bools("best_rank"))
        .filter(|(_, best)| *best == Some(true))
        .map(|(id, _)| id)
        .collect()
}

#[test]
fn best_rank_is_what_the_rdf_export_marks_wikibase_best_rank() {
    let graph = util::default_graph();
    let dir = build_tables(&util::default_dataset(), "parquet-best-rank");
    let statements = read(&dir.join(Table::Statements.file_name("manchuria-1945")));
    let best = parquet_best_ranked(&statements);
    assert!(
        best.len() < graph.dataset().statements.len(),
        "some are not the best"
    );
    assert_eq!(best, rdf_best_ranked(&graph));
}

/// A CSV dataset of 3 × `n` statements with every rank: each entity follows the next with
/// normal rank, every third also the one after with preferred rank, every fifth the one after
/// that with deprecated rank.
fn ranked_csv(name: &str, n: usize) -> PathBuf {
    let dir = util::scratch_dir(name);
    let mut entities = String::from("id,type,label\n");
    let mut relations = String::from("subject,predicate,object,rank\n");
    for i in 0..n {
        entities.push_str(&format!("e{i},army,Army {i}\n"));
        relations.push_str(&format!("e{i},follows,e{},normal\n", (i + 1) % n));
        if i % 3 == 0 {
            relations.push_str(&format!("e{i},follows,e{},preferred\n", (i + 2) % n));
        }
        if i % 5 == 0 {
            relations.push_str(&format!("e{i},follows,e{},deprecated\n", (i + 3) % n));
        }
    }
    std::fs::write(dir.join("entities.csv"), entities).expect("write");
    std::fs::write(dir.join("relations.csv"), relations).expect("write");
    dir
}

#[test]
fn big_tables_come_in_row_groups_in_dataset_order() {
    // 20,000 entities and 30,667 statements: two batches of statements, four row groups.
    let dataset = ranked_csv("parquet-ranked-csv", 20_000);
    let graph = util::graph(&dataset);
    let dir = util::scratch_dir("parquet-row-groups");
    let path = dir.join("statements.parquet");
    let file = File::create(&path).expect("create");
    ParquetExporter::new()
        .with_row_group_rows(10_000)
        .export(&graph, Table::Statements, file)
        .expect("export");
    let statements = read(&path);
    let n = graph.dataset().statements.len();
    assert!(n > kgforge::export::parquet::BATCH_ROWS, "{n} statements");
    assert_eq!(statements.rows(), n);
    assert_eq!(statements.row_groups, n.div_ceil(10_000));
    let ids: Vec<String> = graph
        .dataset()
        .statements
        .iter()
        .map(|s| s.id().into_owned())
        .collect();
    assert_eq!(statements.text("id"), ids);
    // Every batch's flags line up with its own statements.
    assert_eq!(parquet_best_ranked(&statements), rdf_best_ranked(&graph));
    let ranks: BTreeSet<String> = statements.text("rank").into_iter().collect();
    assert_eq!(ranks.len(), 3, "every rank is there");

    // The default row groups: one for these, and the same rows.
    let default = ParquetExporter::new()
        .export(
            &graph,
            Table::Statements,
            File::create(dir.join("one.parquet")).expect("create"),
        )
        .map(drop);
    default.expect("export");
    let one = read(&dir.join("one.parquet"));
    assert_eq!(one.row_groups, 1);
    assert_eq!(one.text("id"), ids);
}

#[test]
fn hostile_strings_keep_the_schema_and_an_empty_table_has_no_row_group() {
    let graph = util::stress_graph();
    for table in Table::ALL {
        let bytes = ParquetExporter::new()
            .export(&graph, table, Vec::new())
            .expect("export");
        let path = util::scratch_dir(&format!("parquet-stress-{}", table.name())).join("t.parquet");
        std::fs::write(&path, bytes).expect("write");
        let file = File::open(&path).expect("open");
        let builder = ParquetRecordBatchReaderBuilder::try_new(file).expect("a Parquet file");
        assert_eq!(
            builder.schema().fields(),
            table.schema().fields(),
            "{}",
            table.name()
        );
        if table == Table::Nodes {
            let nodes = read(&path);
            let ids: Vec<String> = graph
                .dataset()
                .entities
                .iter()
                .map(|e| e.id.to_string())
                .collect();
            assert_eq!(nodes.text("id"), ids);
        }
    }
    let unitless = util::graph(&ranked_csv("parquet-unitless", 10));
    let bytes = ParquetExporter::new()
        .export(&unitless, Table::Units, Vec::new())
        .expect("export");
    let path = util::scratch_dir("parquet-empty").join("units.parquet");
    std::fs::write(&path, bytes).expect("write");
    let units = read(&path);
    assert_eq!((units.rows(), units.row_groups), (0, 0));
}

/// The column tables of docs/parquet.md: per table, (column, Arrow type, nullable).
fn documented_columns() -> BTreeMap<String, Vec<(String, String, bool)>> {
    let text =
        std::fs::read_to_string(util::root().join("docs/parquet.md")).expect("docs/parquet.md");
    let mut tables = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("## ") {
            current = Some(name.trim().to_owned());
            continue;
        }
        let (Some(table), Some(row)) = (&current, line.strip_prefix("| `")) else {
            continue;
        };
        let cells: Vec<&str> = row.split(" | ").map(str::trim).collect();
        let column = cells[0].trim_end_matches('`').to_owned();
        let nullable = match cells[3] {
            "yes" => true,
            "no" => false,
            other => panic!("{table}.{column}: null is {other:?}, not yes or no"),
        };
        tables.entry(table.clone()).or_insert_with(Vec::new).push((
            column,
            cells[1].to_owned(),
            nullable,
        ));
    }
    tables
}

/// How docs/parquet.md writes an Arrow type.
fn arrow_type_name(data_type: &arrow_schema::DataType) -> String {
    use arrow_schema::DataType as T;
    match data_type {
        T::Utf8 => "Utf8".into(),
        T::Int32 => "Int32".into(),
        T::Int64 => "Int64".into(),
        T::Float64 => "Float64".into(),
        T::Boolean => "Boolean".into(),
        T::Date32 => "Date32".into(),
        T::List(item) => format!("List({})", arrow_type_name(item.data_type())),
        T::Map(entries, _) => {
            let T::Struct(fields) = entries.data_type() else {
                panic!("a map of structs")
            };
            format!(
                "Map({}, {})",
                arrow_type_name(fields[0].data_type()),
                arrow_type_name(fields[1].data_type())
            )
        }
        other => panic!("undocumented type {other:?}"),
    }
}

#[test]
fn docs_parquet_md_lists_every_column_with_its_type_and_nullability() {
    let documented = documented_columns();
    let names: BTreeSet<&str> = documented.keys().map(String::as_str).collect();
    let tables: BTreeSet<&str> = Table::ALL.iter().map(|t| t.name()).collect();
    assert_eq!(names, tables, "docs/parquet.md has a section per table");
    for table in Table::ALL {
        let schema = table.schema();
        let written: Vec<(String, String, bool)> = schema
            .fields()
            .iter()
            .map(|f| {
                (
                    f.name().clone(),
                    arrow_type_name(f.data_type()),
                    f.is_nullable(),
                )
            })
            .collect();
        assert_eq!(
            documented[table.name()],
            written,
            "docs/parquet.md, {}",
            table.name()
        );
    }
}
