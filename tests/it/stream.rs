//! Streamed builds (`kgforge build --stream`): the same bytes and diagnostics as a build in
//! memory, on datasets that use every statement feature, cut into many parts; refusals.

use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::process::Command;

use kgforge::export::Format;
use kgforge::export::rdf::{RdfExporter, StatementNodes};
use kgforge::stream::{StreamOptions, Streamed};
use kgforge::{Bound, Statement, Value};

/// A copy of `dataset` with its statements in CSV: every other one in `relations.csv`, the
/// rest in `statements.csv` (in their order), the other files as they are.
pub(crate) fn with_csv_statements(dataset: &Path, name: &str) -> PathBuf {
    let dir = crate::util::scratch_dir(name);
    let loaded = kgforge::load(dataset).expect("a dataset");
    for entry in std::fs::read_dir(dataset).expect("a directory") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if path.extension().is_some_and(|e| e == "toml") && !text.contains("[[statements]]") {
            std::fs::copy(&path, dir.join(path.file_name().expect("a name"))).expect("copy");
        }
    }
    let statements = &loaded.dataset.statements;
    let keys: std::collections::BTreeSet<&str> = statements
        .iter()
        .flat_map(|s| s.qualifiers().other.keys().map(String::as_str))
        .collect();
    let languages: std::collections::BTreeSet<&str> = statements
        .iter()
        .filter_map(|s| match &s.value {
            Value::Text(t) => t.language.as_deref(),
            _ => None,
        })
        .collect();
    let references = statements
        .iter()
        .map(|s| s.references().len())
        .max()
        .unwrap_or(0);
    let mut header: Vec<String> = [
        "id",
        "subject",
        "predicate",
        "object",
        "quantity",
        "unit",
        "decimal",
        "date",
        "span",
        "text",
    ]
    .map(String::from)
    .to_vec();
    header.extend(languages.iter().map(|l| format!("text@{l}")));
    header.extend(
        [
            "point_in_time",
            "start",
            "end",
            "place",
            "qualifier_quantity",
        ]
        .map(String::from),
    );
    header.extend(keys.iter().map(|k| format!("qual:{k}")));
    for _ in 0..references {
        header.extend(["source".to_string(), "locator".to_string()]);
    }
    header.extend(["rank", "disputed", "note"].map(String::from));
    let mut files = ["relations.csv", "statements.csv"].map(|f| {
        let mut w = csv::Writer::from_path(dir.join(f)).expect("create");
        w.write_record(&header).expect("write");
        w
    });
    for (i, s) in statements.iter().enumerate() {
        files[i % 2]
            .write_record(row(s, &keys, &languages, references))
            .expect("write");
    }
    for mut w in files {
        w.flush().expect("flush");
    }
    dir
}

fn bound(b: &Bound) -> String {
    match *b {
        Bound::Exact(n) => n.to_string(),
        Bound::About(n) => format!("about {n}"),
        Bound::AtLeast(n) => format!("at_least {n}"),
        Bound::MoreThan(n) => format!("more_than {n}"),
        Bound::AtMost(n) => format!("at_most {n}"),
        Bound::LessThan(n) => format!("less_than {n}"),
        Bound::Range(a, b) => format!("range {a} {b}"),
    }
}

fn row(
    s: &Statement,
    keys: &std::collections::BTreeSet<&str>,
    languages: &std::collections::BTreeSet<&str>,
    references: usize,
) -> Vec<String> {
    let date = |d: Option<kgforge::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let (mut object, mut quantity, mut unit, mut decimal, mut date_cell, mut span, mut text) =
        Default::default();
    // One cell per language of the texts, `text@<lang>`, after the untagged `text`.
    let mut tagged = vec![String::new(); languages.len()];
    match &s.value {
        Value::Entity(o) => object = o.to_string(),
        Value::Quantity(q) => {
            quantity = bound(&q.bound);
            unit = q.unit.clone().unwrap_or_default();
        }
        Value::Decimal(x) => decimal = x.to_string(),
        Value::Date(d) => date_cell = d.to_string(),
        Value::Span(sp) => {
            let end = |d: Option<kgforge::Date>| d.map_or("..".to_string(), |d| d.to_string());
            span = format!("{}/{}", end(sp.start), end(sp.end));
        }
        Value::Text(t) => match t.language.as_deref() {
            Some(lang) => {
                let column = languages.iter().position(|l| *l == lang).expect("listed");
                tagged[column] = t.text.clone();
            }
            None => text = t.text.clone(),
        },
    }
    let q = s.qualifiers();
    let mut out = vec![
        s.explicit_id().unwrap_or_default().to_string(),
        s.subject.to_string(),
        s.predicate.to_string(),
        object,
        quantity,
        unit,
        decimal,
        date_cell,
        span,
        text,
    ];
    out.extend(tagged);
    out.extend([
        date(q.point_in_time),
        date(q.start),
        date(q.end),
        q.place.clone().unwrap_or_default(),
        q.quantity
            .as_ref()
            .map(|q| bound(&q.bound))
            .unwrap_or_default(),
    ]);
    out.extend(
        keys.iter()
            .map(|k| q.other.get(*k).cloned().unwrap_or_default()),
    );
    for j in 0..references {
        match s.references().get(j) {
            Some(r) => out.extend([r.source.clone(), r.locator()]),
            None => out.extend([String::new(), String::new()]),
        }
    }
    let rank = match s.rank {
        kgforge::Rank::Normal => "",
        r => r.name(),
    };
    out.extend([
        rank.to_string(),
        s.disputed().unwrap_or_default().to_string(),
        s.note().unwrap_or_default().to_string(),
    ]);
    out
}

/// The stress dataset with texts in languages other than its primary one (written
/// language-tagged in RDF).
fn texts_in_languages() -> PathBuf {
    let dir = crate::util::scratch_dir("stream-languages-source");
    let stress = crate::util::root().join("tests/data/valid/stress");
    for entry in std::fs::read_dir(&stress).expect("a directory") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.join(path.file_name().expect("a name"))).expect("copy");
    }
    std::fs::write(
        dir.join("texts.toml"),
        "[[statements]]\nsubject = \"edge\"\npredicate = \"note\"\ntext = { ja = \"満洲の記録\" }\n\
         references = [{ source = \"src-2\" }]\n\n\
         [[statements]]\nsubject = \"edge\"\npredicate = \"note\"\ntext = { zh-Hans = \"满洲\" }\n\
         references = [{ source = \"src-1\" }]\n",
    )
    .expect("write");
    dir
}

/// A streamed build of `dir` into memory-backed files under `scratch`: the streamed result and
/// the bytes of each output file.
fn streamed(dir: &Path, scratch: &Path, options: &StreamOptions) -> (Streamed, Vec<Vec<u8>>) {
    let count = options.shards.unwrap_or(1);
    let paths: Vec<PathBuf> = (0..count)
        .map(|i| scratch.join(format!("out-{i}")))
        .collect();
    let mut writers: Vec<_> = paths
        .iter()
        .map(|p| BufWriter::new(std::fs::File::create(p).expect("create")))
        .collect();
    let result = kgforge::stream::build(dir, scratch, options, &mut writers).expect("streams");
    drop(writers);
    let bytes = paths
        .iter()
        .map(|p| std::fs::read(p).expect("read"))
        .collect();
    (result, bytes)
}

fn options(format: Format, nodes: StatementNodes, part_bytes: u64) -> StreamOptions {
    StreamOptions {
        format,
        nodes,
        shards: None,
        deny_warnings: false,
        part_bytes,
    }
}

/// The default dataset and the stress dataset (qualifiers, references, ranks, disputes,
/// notes, every kind of value, units, explicit ids, hostile strings; and again with texts in
/// other languages than the primary one, `text@<lang>` columns) with their statements in
/// CSV, and a bulk dataset: streamed in one part and in parts of a few rows, every format and
/// both kinds of statement nodes, the bytes are those of the build in memory, and the
/// diagnostics read the same.
#[test]
fn streamed_builds_write_the_bytes_of_builds_in_memory() {
    let datasets = [
        (
            "stream-default",
            with_csv_statements(&crate::util::default_dataset(), "stream-default"),
        ),
        (
            "stream-stress",
            with_csv_statements(
                &crate::util::root().join("tests/data/valid/stress"),
                "stream-stress",
            ),
        ),
        (
            "stream-languages",
            with_csv_statements(&texts_in_languages(), "stream-languages"),
        ),
        ("stream-bulk", crate::util::bulk_csv("stream-bulk", 3_000)),
    ];
    for (name, dir) in &datasets {
        let report = kgforge::validate(kgforge::load(dir).expect("a dataset"), false);
        let expected_diagnostics = report.diagnostics.render();
        let graph = kgforge::KnowledgeGraph::new(
            report
                .dataset
                .unwrap_or_else(|| panic!("{name} is invalid:\n{expected_diagnostics}")),
        );
        let scratch = crate::util::scratch_dir(&format!("{name}-out"));
        for format in [Format::NTriples, Format::NQuads] {
            for nodes in [StatementNodes::All, StatementNodes::Annotated] {
                let expected = RdfExporter::new(format)
                    .with_statement_nodes(nodes)
                    .export(&graph, Vec::new())
                    .expect("export");
                for part_bytes in [kgforge::stream::PART_BYTES, 700] {
                    let (result, bytes) =
                        streamed(dir, &scratch, &options(format, nodes, part_bytes));
                    let what = format!("{name} {format:?} {nodes:?} parts of {part_bytes}");
                    assert!(result.written, "{what}: {}", result.diagnostics.render());
                    assert_eq!(result.diagnostics.render(), expected_diagnostics, "{what}");
                    if bytes[0] != expected {
                        let (a, b) = (
                            String::from_utf8_lossy(&bytes[0]),
                            String::from_utf8_lossy(&expected),
                        );
                        let at = a.lines().zip(b.lines()).position(|(x, y)| x != y);
                        panic!(
                            "{what}: other bytes, first at line {at:?}: {:?}",
                            at.map(|i| (a.lines().nth(i), b.lines().nth(i)))
                        );
                    }
                }
            }
        }
    }
}

/// Sharded, a streamed build writes the shards of the build in memory.
#[test]
fn streamed_shards_equal_the_shards_in_memory() {
    let dir = with_csv_statements(&crate::util::default_dataset(), "stream-shards");
    let graph = crate::util::graph(&dir);
    let exporter = RdfExporter::new(Format::NQuads);
    let mut expected = vec![Vec::new(); 3];
    let stats = exporter
        .export_shards(&graph, &mut expected)
        .expect("export");
    let scratch = crate::util::scratch_dir("stream-shards-out");
    let mut o = options(Format::NQuads, StatementNodes::All, 900);
    o.shards = Some(3);
    let (result, bytes) = streamed(&dir, &scratch, &o);
    assert!(result.written);
    assert_eq!(result.shards, stats);
    assert!(bytes == expected, "other shards");
}

/// Problems anywhere in the stream are found, whatever part they fall in: the same
/// diagnostics, at the same lines, as when the dataset is read whole; nothing is written.
#[test]
fn streamed_builds_report_what_builds_in_memory_report() {
    let dir = crate::util::bulk_csv("stream-invalid", 3_000);
    let relations = dir.join("relations.csv");
    let mut text = std::fs::read_to_string(&relations).expect("read");
    // A statement written again far from its first row, a subject no entity has, a row
    // with a cell too many, an explicit id given twice (in different parts).
    let first_row = text.lines().nth(1).expect("a row").to_string();
    text.push_str(&first_row);
    text.push('\n');
    text.push_str("ghost,follows,e1,book,p. 1\n");
    text.push_str("e5,follows,e6,book,p. 2,extra\n");
    std::fs::write(&relations, text).expect("write");
    std::fs::write(
        dir.join("statements.csv"),
        "id,subject,predicate,object\ntwice,e1,follows,e9\ntwice,e2999,follows,e8\n",
    )
    .expect("write");
    let expected = kgforge::validate(kgforge::load(&dir).expect("a dataset"), false);
    assert!(expected.dataset.is_none());
    let expected = expected.diagnostics.render();
    for code in ["KG0103", "KG0201", "KG0002", "KG0101"] {
        assert!(expected.contains(code), "{code} in\n{expected}");
    }
    let scratch = crate::util::scratch_dir("stream-invalid-out");
    for part_bytes in [kgforge::stream::PART_BYTES, 2_000] {
        let (result, _) = streamed(
            &dir,
            &scratch,
            &options(Format::NTriples, StatementNodes::All, part_bytes),
        );
        assert!(!result.written);
        assert_eq!(
            result.diagnostics.render(),
            expected,
            "parts of {part_bytes}"
        );
    }
}

/// What a streamed build cannot take it refuses, saying why and what to do instead.
#[test]
fn streamed_builds_refuse_what_they_cannot_do() {
    let scratch = crate::util::scratch_dir("stream-refused");
    let o = options(
        Format::NTriples,
        StatementNodes::All,
        kgforge::stream::PART_BYTES,
    );
    let mut writers = vec![BufWriter::new(
        std::fs::File::create(scratch.join("x")).expect("create"),
    )];
    let e = kgforge::stream::build(&crate::util::default_dataset(), &scratch, &o, &mut writers)
        .expect_err("statements in TOML files");
    assert!(
        e.to_string()
            .contains("statement(s) are written in TOML files"),
        "{e}"
    );
    // CSV files a mapping names are read whole, not streamed.
    let mapped = crate::util::root().join("tests/data/valid/mapped/gephi");
    let e = kgforge::stream::build(&mapped, &scratch, &o, &mut writers)
        .expect_err("CSV files named by a mapping");
    assert!(e.to_string().contains("mapping.toml names"), "{e}");
    let kgforge = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_kgforge"))
            .args(["-q", "build", "-o"])
            .arg(&scratch)
            .args(args)
            .output()
            .expect("kgforge runs")
    };
    let bulk = crate::util::bulk_csv("stream-refused-bulk", 10);
    let bulk = bulk.to_str().expect("UTF-8");
    for (args, message) in [
        (
            &[bulk, "--stream", "--format", "ttl"][..],
            "--stream writes N-Triples or N-Quads, one per run",
        ),
        (
            &[bulk, "--stream", "--format", "nt,nq"][..],
            "--stream writes N-Triples or N-Quads, one per run",
        ),
        (
            &[bulk, "--stream"][..],
            "--stream writes N-Triples or N-Quads, one per run",
        ),
        (&["--stream", "--format", "nt"][..], "written in TOML files"),
        (
            &[
                mapped.to_str().expect("UTF-8"),
                "--stream",
                "--format",
                "nt",
            ][..],
            "build without --stream",
        ),
    ] {
        let run = kgforge(args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    let ok = kgforge(&[bulk, "--stream", "--format", "nq", "--shards", "2"]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let files = crate::util::files_in(&scratch);
    assert!(
        files.contains_key("stream-refused-bulk-00001-of-00002.nq"),
        "{:?}",
        files.keys()
    );
    assert!(files.contains_key("stream-refused-bulk.nq.manifest.json"));
    assert!(
        !files.keys().any(|f| f.starts_with('.')),
        "left over: {:?}",
        files.keys()
    );
}
