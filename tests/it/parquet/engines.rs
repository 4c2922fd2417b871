//! The Parquet tables read by the engines that users hand them to: DuckDB (Python package)
//! and PySpark in local mode. Each reads every table with the dataset's row counts, a few
//! typed values, and runs the two-hop join of docs/scaling.md (which groups of prisoners were
//! interned where, according to which source), which must give exactly what the same
//! question in SPARQL gives over the RDF export (`kgforge sparql`, the query also from
//! docs/scaling.md). The snippets are taken from the docs as they are, so the docs' recipes
//! are the ones tested.
//!
//! Outside CI a missing engine skips its test with a message; `.ci/run` installs duckdb and
//! pyspark (and Java) and sets KGFORGE_REQUIRE_PYTHON and KGFORGE_REQUIRE_SPARK.

use std::path::Path;
use std::process::Command;

use kgforge::export::parquet::Table;
use serde_json::Value;

use crate::util;

/// The fenced code block that follows `<!-- tested: NAME -->` in docs/scaling.md.
fn snippet(name: &str) -> String {
    let text =
        std::fs::read_to_string(util::root().join("docs/scaling.md")).expect("docs/scaling.md");
    let marker = format!("<!-- tested: {name} -->");
    let after = text
        .split_once(&marker)
        .unwrap_or_else(|| panic!("docs/scaling.md has no {marker}"))
        .1;
    let fence = after.find("```").expect("a code block after the marker");
    let body = &after[fence..];
    let start = body.find('\n').expect("a fence line") + 1;
    let end = body[start..].find("\n```").expect("a closing fence");
    body[start..start + end + 1].to_owned()
}

/// The answer of the docs' SPARQL query over the default dataset's RDF, as rows of text
/// (`kgforge sparql --results csv`, header dropped).
fn sparql_answer(dir: &Path) -> Vec<Vec<String>> {
    let query = dir.join("join.rq");
    std::fs::write(&query, snippet("sparql")).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_kgforge"))
        .arg("sparql")
        .arg(format!("@{}", query.display()))
        .args(["--results", "csv"])
        .current_dir(util::root())
        .output()
        .expect("kgforge runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("a CSV row").iter().map(str::to_owned).collect())
        .collect();
    assert!(rows.len() >= 10, "the question has answers: {rows:?}");
    rows
}

/// The row count of every table of the default dataset, as the engines' JSON reports them.
fn expected_counts() -> Value {
    let graph = util::default_graph();
    let d = graph.dataset();
    let qualifiers: usize = d.statements.iter().map(super::count_qualifiers).sum();
    let references: usize = d.statements.iter().map(|s| s.references().len()).sum();
    serde_json::json!({
        "nodes": d.entities.len(),
        "statements": d.statements.len(),
        "qualifiers": qualifiers,
        "references": references,
        "sources": d.sources.len(),
        "types": d.types.len(),
        "predicates": d.predicates.len(),
        "units": d.units.len(),
    })
}

/// What each engine script prints: its counts, the join's rows and a few typed values.
fn check_engine_output(engine: &str, stdout: &[u8], dir: &Path) {
    let out: Value = serde_json::from_slice(stdout).unwrap_or_else(|e| {
        panic!(
            "{engine} printed no JSON ({e}):\n{}",
            String::from_utf8_lossy(stdout)
        )
    });
    assert_eq!(out["counts"], expected_counts(), "{engine}: row counts");
    let rows: Vec<Vec<String>> = serde_json::from_value(out["rows"].clone()).expect("rows of text");
    assert_eq!(
        rows,
        sparql_answer(dir),
        "{engine}: the join differs from SPARQL's answer"
    );
    // Types survive: a range's bounds as integers, a date as a date, a map's value as text.
    assert_eq!(
        out["range"],
        serde_json::json!([560_000, 760_000, "range", "people"]),
        "{engine}"
    );
    assert_eq!(
        out["date"],
        serde_json::json!(["1945-08-23", "day"]),
        "{engine}"
    );
    assert_eq!(out["label_ja"], "ソ連の日本人捕虜", "{engine}");
}

/// Python that reads the tables in DIR (argv[1]) with DuckDB and runs the docs' SQL
/// (argv[2]) on them.
const DUCKDB_SCRIPT: &str = r#"
import json, sys, duckdb
folder, sql = sys.argv[1], open(sys.argv[2]).read()
tables = sys.argv[3].split(",")
con = duckdb.connect()
path = lambda t: f"{folder}/manchuria-1945.{t}.parquet"
counts = {t: con.execute(f"SELECT count(*) FROM '{path(t)}'").fetchone()[0] for t in tables}
rows = con.execute(sql.replace("exports/", folder + "/")).fetchall()
one = lambda sql: con.execute(sql).fetchone()
st, nodes = path("statements"), path("nodes")
rng = one(f"SELECT lower, upper, bound, unit FROM '{st}' WHERE id = 'pows-interned-wp-range'")
day = one(f"SELECT date, date_precision FROM '{st}' WHERE id = 'gko-decree-9898-date'")
ja = one(f"SELECT labels['ja'] FROM '{nodes}' WHERE id = 'japanese_pows'")[0]
print(json.dumps({"counts": counts, "rows": [[str(v) for v in r] for r in rows],
                  "range": list(rng), "date": [day[0].isoformat(), day[1]], "label_ja": ja},
                 ensure_ascii=False))
"#;

#[test]
fn duckdb_reads_the_tables_and_joins_as_sparql_answers() {
    if !util::python_has(
        "duckdb",
        "duckdb_reads_the_tables_and_joins_as_sparql_answers",
    ) {
        return;
    }
    let dir = super::build_tables(&util::default_dataset(), "parquet-duckdb");
    let sql = dir.join("join.sql");
    std::fs::write(&sql, snippet("duckdb")).expect("write");
    let tables: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
    let out = crate::util::run_python(
        DUCKDB_SCRIPT,
        [dir.as_os_str(), sql.as_os_str(), tables.join(",").as_ref()],
    );
    check_engine_output("DuckDB", out.as_bytes(), &dir);
}

/// Python that runs the docs' PySpark snippet (argv[2]) over the tables in DIR (argv[1]),
/// then counts every table and reads a few values in the same session.
const SPARK_SCRIPT: &str = r#"
import contextlib, io, json, sys
folder, code = sys.argv[1], open(sys.argv[2]).read()
tables = sys.argv[3].split(",")
scope = {}
with contextlib.redirect_stdout(io.StringIO()):  # the snippet's answer.show()
    exec(code.replace("exports/", folder + "/"), scope)
spark, table, answer, F = scope["spark"], scope["table"], scope["answer"], scope["F"]
counts = {t: table(t).count() for t in tables}
rows = [[str(v) for v in r] for r in answer.collect()]
st, nodes = table("statements"), table("nodes")
row = lambda df, id, *columns: df.where(F.col("id") == id).select(*columns).first()
rng = row(st, "pows-interned-wp-range", "lower", "upper", "bound", "unit")
day = row(st, "gko-decree-9898-date", "date", "date_precision")
ja = row(nodes, "japanese_pows", F.col("labels")["ja"])[0]
print(json.dumps({"counts": counts, "rows": rows, "range": list(rng),
                  "date": [day[0].isoformat(), day[1]], "label_ja": ja}, ensure_ascii=False))
spark.stop()
"#;

#[test]
fn pyspark_reads_the_tables_and_joins_as_sparql_answers() {
    if !util::spark_available("pyspark_reads_the_tables_and_joins_as_sparql_answers") {
        return;
    }
    let dir = super::build_tables(&util::default_dataset(), "parquet-spark");
    let code = dir.join("join.py");
    std::fs::write(&code, snippet("spark")).expect("write");
    let tables: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
    let out = Command::new("python3")
        .args(["-c", SPARK_SCRIPT])
        .arg(&dir)
        .arg(&code)
        .arg(tables.join(","))
        // Spark's scratch files under the test's directory, not the machine's /tmp.
        .env("SPARK_LOCAL_DIRS", &dir)
        // A JVM that lives for seconds: the quick compiler only and the serial collector
        // (a third less wall time on this 2-core machine).
        .env(
            "JAVA_TOOL_OPTIONS",
            "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
        )
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    check_engine_output("PySpark", &out.stdout, &dir);
}
