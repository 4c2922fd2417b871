//! Determinism: the same dataset gives byte-identical exports however its files are laid out
//! on disk and in whatever order the file system lists them.
//!
//! Output order is the dataset's order: files by name, items in file order (docs/FORMAT.md).
//! What may not matter: the order the directory lists its files in, how items are split
//! across files as long as that order is kept, and repeated runs. Splitting a file in two
//! that sort apart (moving items before others) is a deliberate reordering and does change
//! the output order, never the content: the exports are then equal as sets of lines.
//!
//! Threads: bulk input is read, validated and written (N-Triples/N-Quads, DOT, JSON) on two
//! threads, or on one with `KGFORGE_THREADS=1`; the tests below compare the two settings and
//! check the threaded paths against the sequential order and across runs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use kgforge::export::Format;

#[cfg(feature = "parquet")]
const FORMATS: &str = "dot,json,ttl,nt,nq,trig,jsonld,rdf,parquet";
#[cfg(not(feature = "parquet"))]
const FORMATS: &str = "dot,json,ttl,nt,nq,trig,jsonld,rdf";
/// The files beyond one per format: Parquet is eight tables.
const MORE_PARQUET_FILES: usize = if cfg!(feature = "parquet") { 7 } else { 0 };

fn build(dataset: &Path, out: &Path) -> BTreeMap<String, Vec<u8>> {
    build_with_threads(dataset, out, None)
}

/// [`build`] with `KGFORGE_THREADS` set (`None`: the default, two threads).
fn build_with_threads(
    dataset: &Path,
    out: &Path,
    threads: Option<&str>,
) -> BTreeMap<String, Vec<u8>> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kgforge"));
    match threads {
        Some(n) => command.env("KGFORGE_THREADS", n),
        None => command.env_remove("KGFORGE_THREADS"),
    };
    let run = command
        .args(["-q", "build"])
        .arg(dataset)
        .arg("-o")
        .arg(out)
        .args(["--format", FORMATS])
        .output()
        .expect("kgforge runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // Every export, the views' DOT files too (views/<id>.dot); not the lock file a build
    // keeps in its directory.
    crate::util::files_in(out)
}

fn default_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(crate::util::default_dataset())
        .expect("default dataset")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).expect("readable"))
        })
        .collect();
    files.sort();
    files
}

/// Writes files into a fresh directory in the given order (creation order is what many
/// file systems list a small directory in).
fn write_dataset(name: &str, files: &[(String, String)]) -> PathBuf {
    let dir = crate::util::scratch_dir(name);
    for (file, text) in files {
        std::fs::write(dir.join(file), text).expect("write");
    }
    dir
}

fn assert_same(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{what}"
    );
    for (name, bytes) in a {
        assert!(b[name] == *bytes, "{what}: {name} differs");
    }
}

#[test]
fn exports_do_not_depend_on_the_order_files_are_listed_in() {
    let files = default_files();
    let forward = write_dataset("determinism-forward", &files);
    let mut reversed_files = files.clone();
    reversed_files.reverse();
    let reversed = write_dataset("determinism-reversed", &reversed_files);
    let a = build(
        &forward,
        &crate::util::scratch_dir("determinism-forward-out"),
    );
    let b = build(
        &reversed,
        &crate::util::scratch_dir("determinism-reversed-out"),
    );
    assert_same(&a, &b, "files created in reverse order");
    let c = build(&forward, &crate::util::scratch_dir("determinism-again-out"));
    assert_same(&a, &c, "a second run");
}

#[test]
fn exports_do_not_depend_on_how_items_are_split_across_files_in_order() {
    // Everything in one file, in the order the directory is read: the same dataset.
    let files = default_files();
    let merged: String = files.iter().map(|(_, text)| format!("{text}\n")).collect();
    let one = write_dataset("determinism-one-file", &[("all.toml".to_string(), merged)]);
    // The statements of each file split into many small files, named to keep the order.
    let mut many = Vec::new();
    for (i, (name, text)) in files.iter().enumerate() {
        if !text.contains("[[statements]]") {
            many.push((format!("{i:02}-{name}"), text.clone()));
            continue;
        }
        for (j, chunk) in text.split("\n[[statements]]").enumerate() {
            let chunk = if j == 0 {
                chunk.to_string()
            } else {
                format!("[[statements]]{chunk}")
            };
            many.push((format!("{i:02}-{j:04}-{name}"), chunk));
        }
    }
    assert!(many.len() > 100, "only {} files", many.len());
    let split = write_dataset("determinism-many-files", &many);
    let a = build(
        &crate::util::default_dataset(),
        &crate::util::scratch_dir("determinism-default-out"),
    );
    let b = build(&one, &crate::util::scratch_dir("determinism-one-file-out"));
    let c = build(
        &split,
        &crate::util::scratch_dir("determinism-many-files-out"),
    );
    assert_same(&a, &b, "one file");
    assert_same(&a, &c, "many files");
}

#[test]
fn reordering_files_changes_only_the_order_of_the_exports() {
    // Renamed so they sort in reverse: the items come in another order, the graph is the same.
    let files = default_files();
    let count = files.len();
    let renamed: Vec<_> = files
        .iter()
        .enumerate()
        .map(|(i, (name, text))| (format!("{:02}-{name}", count - i), text.clone()))
        .collect();
    let dir = write_dataset("determinism-renamed", &renamed);
    let a = build(
        &crate::util::default_dataset(),
        &crate::util::scratch_dir("determinism-renamed-a"),
    );
    let b = build(&dir, &crate::util::scratch_dir("determinism-renamed-b"));
    for format in ["nt", "nq"] {
        let name = format!("manchuria-1945.{format}");
        let lines = |bytes: &[u8]| {
            let mut lines: Vec<Vec<u8>> =
                bytes.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect();
            lines.sort();
            lines
        };
        assert!(
            lines(&a[&name]) == lines(&b[&name]),
            "{name}: other triples"
        );
    }
}

#[test]
fn a_csv_dataset_read_on_two_threads_exports_the_same_bytes_every_run() {
    // The CSV loader parses entities and statements on two threads; their results are merged
    // in file order, so thread scheduling cannot reach the output.
    let dataset = crate::util::root().join("tests/data/valid/csv_mixed");
    let first = build(&dataset, &crate::util::scratch_dir("determinism-csv-0"));
    for run in 1..5 {
        let again = build(
            &dataset,
            &crate::util::scratch_dir(&format!("determinism-csv-{run}")),
        );
        assert_same(&first, &again, "another run of a CSV dataset");
    }
}

/// Every export of a bulk dataset (two chunks of 16,384 entities and of statements, so every
/// chunked writer splits) is the same with one thread and with two.
#[test]
fn one_thread_and_two_threads_write_the_same_bytes() {
    let dir = crate::util::bulk_csv("determinism-threads", 20_000);
    let scratch = crate::util::scratch_dir("determinism-threads-out");
    let one = build_with_threads(&dir, &scratch.join("one"), Some("1"));
    let two = build_with_threads(&dir, &scratch.join("two"), Some("2"));
    // Every format, and the JSON Schema beside the JSON.
    assert_eq!(
        one.len(),
        // And the JSON Schema, the RDF vocabulary, the shapes and the JSON-LD context.
        FORMATS.split(',').count() + MORE_PARQUET_FILES + 4,
        "{:?}",
        one.keys()
    );
    let dot = &one["determinism-threads.dot"];
    assert!(dot.len() > 1_000_000, "the DOT is too small to split");
    assert_same(&one, &two, "KGFORGE_THREADS=1 and 2");
}

/// The chunked writers against one oxrdfio serializer: N-Triples and N-Quads (whose lines
/// kgforge writes itself) and Turtle (one serializer per chunk) are byte for byte what one
/// oxrdfio serializer writes for `RdfExporter::quads`, on bulk data that splits into chunks
/// (entities and statements: the two-thread path) and on the stress dataset's hostile
/// strings; and every run gives the same bytes.
#[test]
fn chunked_writers_equal_one_oxrdfio_serializer_every_run() {
    use kgforge::export::rdf::{RdfExporter, RdfIris};
    use oxrdfio::{RdfFormat, RdfSerializer};
    let bulk = crate::util::bulk_csv("determinism-bulk", 20_000);
    for (name, graph) in [
        ("bulk", crate::util::graph(&bulk)),
        ("stress", crate::util::stress_graph()),
    ] {
        for (format, syntax) in [
            (Format::NTriples, RdfFormat::NTriples),
            (Format::NQuads, RdfFormat::NQuads),
            (Format::Turtle, RdfFormat::Turtle),
        ] {
            let written = kgforge::export::export(&graph, format, Vec::new()).expect("export");
            let again = kgforge::export::export(&graph, format, Vec::new()).expect("export");
            assert!(written == again, "{name} {format:?}: two runs differ");
            let mut serializer = RdfSerializer::from_format(syntax);
            for (prefix, iri) in RdfIris::for_graph(&graph).prefixes() {
                serializer = serializer.with_prefix(prefix, iri).expect("a valid prefix");
            }
            let mut one = serializer.for_writer(Vec::new());
            for quad in RdfExporter::new(format).quads(&graph) {
                one.serialize_quad(&quad).expect("in memory");
            }
            let one = one.finish().expect("in memory");
            if name == "bulk" {
                assert!(written.len() > 500_000, "{} bytes", written.len());
            }
            if written != one {
                let (a, b) = (
                    String::from_utf8_lossy(&written),
                    String::from_utf8_lossy(&one),
                );
                let first = a.lines().zip(b.lines()).position(|(x, y)| x != y);
                panic!(
                    "{name} {format:?}: the chunked writer differs from one serializer, first at \
                     line {first:?}: {:?}",
                    first.map(|i| (a.lines().nth(i), b.lines().nth(i)))
                );
            }
        }
    }
}
