//! What the tables are beyond their content: `best_rank` agrees with the RDF export's
//! `wikibase:BestRank` (also across batches), big tables come in row groups in dataset order,
//! hostile strings keep the schema, an empty table has no row group, and docs/parquet.md
//! documents exactly the columns written.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::PathBuf;

use kgforge::KnowledgeGraph;
use kgforge::export::Format;
use kgforge::export::parquet::{ParquetExporter, Table};
use kgforge::export::rdf::RdfExporter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::{Read, build_tables, read};
use crate::util;

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
