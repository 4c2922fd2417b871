//! Benchmarks of the bulk pipeline (divan): CSV load, validation, graph indexing, the whole
//! build, and each exporter, on synthetic datasets of 10k and 100k statements
//! (`benches/synth`). `cargo bench` runs them; `benches/compare.sh` compares with other tools.

mod synth;

use std::path::PathBuf;
use std::sync::OnceLock;

use divan::{Bencher, black_box};
use kgforge::export::{self, Format};
use kgforge::{KnowledgeGraph, Loaded, ValidDataset};

fn main() {
    divan::main();
}

const SIZES: [usize; 2] = [10_000, 100_000];

/// The dataset directory of `statements` statements (a third as many entities), written once.
fn dataset(statements: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-data")
        .join(format!("divan-{statements}"));
    if !dir.join("relations.csv").exists() {
        synth::write_dataset(
            &dir,
            synth::Shape {
                entities: statements / 3,
                relations: statements,
                seed: 1945,
            },
        )
        .expect("write the benchmark data");
    }
    dir
}

fn load(statements: usize) -> Loaded {
    kgforge::load(&dataset(statements)).expect("a dataset")
}

fn valid(statements: usize) -> ValidDataset {
    kgforge::validate(load(statements), false)
        .dataset
        .expect("the synthetic data is valid")
}

/// One graph per size, built once and shared by the exporter benchmarks.
fn graph(statements: usize) -> &'static KnowledgeGraph {
    static GRAPHS: OnceLock<Vec<(usize, KnowledgeGraph)>> = OnceLock::new();
    let all = GRAPHS.get_or_init(|| {
        SIZES
            .iter()
            .map(|&n| (n, KnowledgeGraph::new(valid(n))))
            .collect()
    });
    &all.iter()
        .find(|(n, _)| *n == statements)
        .expect("a size")
        .1
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn load_csv(statements: usize) -> Loaded {
    dataset(statements);
    load(statements)
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn validate(bencher: Bencher, statements: usize) {
    bencher
        .with_inputs(|| load(statements))
        .bench_values(|loaded| kgforge::validate(loaded, false));
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn index_graph(bencher: Bencher, statements: usize) {
    bencher
        .with_inputs(|| valid(statements))
        .bench_values(KnowledgeGraph::new);
}

/// CSV to graph: what every export starts with.
#[divan::bench(args = SIZES, sample_count = 10)]
fn build(statements: usize) -> KnowledgeGraph {
    KnowledgeGraph::new(valid(statements))
}

fn write(bencher: Bencher, statements: usize, format: Format) {
    let graph = graph(statements);
    bencher.bench(|| export::export(black_box(graph), format, std::io::sink()).expect("writes"));
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn export_ntriples(bencher: Bencher, statements: usize) {
    write(bencher, statements, Format::NTriples);
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn export_nquads(bencher: Bencher, statements: usize) {
    write(bencher, statements, Format::NQuads);
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn export_turtle(bencher: Bencher, statements: usize) {
    write(bencher, statements, Format::Turtle);
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn export_trig(bencher: Bencher, statements: usize) {
    write(bencher, statements, Format::TriG);
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn export_rdfxml(bencher: Bencher, statements: usize) {
    write(bencher, statements, Format::RdfXml);
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn export_jsonld(bencher: Bencher, statements: usize) {
    write(bencher, statements, Format::JsonLd);
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn export_json(bencher: Bencher, statements: usize) {
    write(bencher, statements, Format::Json);
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn export_dot(bencher: Bencher, statements: usize) {
    write(bencher, statements, Format::Dot);
}

/// A million statements for [`derive_ids`]: bulk rows (an entity object, the fast path that
/// writes serde_json's bytes directly) or text values with a qualifier (through serde_json).
fn id_statements(kind: &str) -> &'static [kgforge::Statement] {
    static BULK: OnceLock<Vec<kgforge::Statement>> = OnceLock::new();
    static TEXT: OnceLock<Vec<kgforge::Statement>> = OnceLock::new();
    let make = |text: bool| {
        let mut rng = synth::Rng::new(1945);
        (0..1_000_000)
            .map(|i| {
                let subject = format!("e{}", i / 3);
                let object = format!("e{}", rng.below(333_333));
                if text {
                    let mut s = kgforge::Statement::new(
                        subject,
                        "note",
                        kgforge::Value::from(kgforge::Text::from(format!("note {object}"))),
                    );
                    s.qualifiers_mut().place = Some(object);
                    s
                } else {
                    kgforge::Statement::new(
                        subject,
                        "related_to",
                        kgforge::Value::Entity(object.into()),
                    )
                }
            })
            .collect()
    };
    match kind {
        "bulk" => BULK.get_or_init(|| make(false)),
        _ => TEXT.get_or_init(|| make(true)),
    }
}

/// Deriving a million statement ids (`Statement::id`, which exports call for every statement
/// without an explicit id); divide the time by 10^6 for the cost of one id.
#[divan::bench(args = ["bulk", "text"], sample_count = 5)]
fn derive_ids(bencher: Bencher, kind: &str) {
    let statements = id_statements(kind);
    bencher.bench(|| {
        for s in statements {
            black_box(s.id());
        }
    });
}
