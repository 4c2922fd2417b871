//! Other RDF consumers agree with kgforge: rdflib and pyoxigraph read every syntax as the
//! triples built, and pySHACL finds the exports conform to the generated shapes while a
//! deliberately broken graph does not (run by .ci/run, which installs them). See issue 13.

use std::path::{Path, PathBuf};

use kgforge::KnowledgeGraph;
use kgforge::export::rdf::{RdfExporter, shapes_turtle};

use super::{RDF_FORMATS, write};
use crate::util::default_graph;

/// Writes every RDF syntax and the shapes of `graph` into a scratch directory.
fn write_all(graph: &KnowledgeGraph, name: &str) -> (PathBuf, Vec<PathBuf>) {
    let dir = crate::util::scratch_dir(name);
    let shapes = dir.join("shapes.ttl");
    std::fs::write(&shapes, shapes_turtle(graph)).unwrap();
    let files = RDF_FORMATS
        .iter()
        .map(|f| {
            let path = dir.join(format!("export.{}", f.extension()));
            std::fs::write(&path, write(graph, *f)).unwrap();
            path
        })
        .collect();
    (shapes, files)
}

fn python(script: &str, args: &[&Path]) -> String {
    crate::util::run_python(script, args)
}

/// Reads a file into an rdflib Graph (named graphs merged into one).
const READ: &str = r#"
import sys, logging, rdflib
logging.disable(logging.WARNING)
FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld", "rdf": "xml"}
def read(path):
    ds = rdflib.Dataset()
    ds.parse(path, format=FORMATS[path.rsplit(".", 1)[1]])
    g = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g
"#;

#[test]
fn exports_conform_to_their_shapes_and_a_broken_graph_does_not() {
    if !crate::util::python_has("rdflib pyshacl", "pySHACL") {
        return;
    }
    let graph = default_graph();
    let (shapes, files) = write_all(&graph, "rdf-shacl");
    let script = format!(
        "{READ}{}",
        r#"
import pyshacl
shapes = rdflib.Graph().parse(sys.argv[1], format="turtle")
for path in sys.argv[2:]:
    conforms, _, text = pyshacl.validate(read(path), shacl_graph=shapes, inference="none")
    print(path.rsplit(".", 1)[1], conforms)
    if not conforms:
        for line in text.splitlines():
            if "Focus Node" in line or "Message" in line:
                print(line.strip())
"#
    );
    let mut args: Vec<&Path> = vec![&shapes];
    args.extend(files.iter().map(PathBuf::as_path));
    let report = python(&script, &args);
    for format in RDF_FORMATS {
        assert!(
            report.contains(&format!("{} True", format.extension())),
            "{report}"
        );
    }
    // A broken graph: a bare word as a death figure, a second rank that is a string, a
    // direct triple whose subject is outside the predicate's domain, a reference with no
    // source.
    let mut broken = String::from_utf8(write(&graph, kgforge::export::Format::Turtle)).unwrap();
    broken.push_str(
        "entity:japanese_pows prop:number_died \"many\" .\n\
         stmt:pows-died-mhlw-55k wikibase:rank \"normal\" .\n\
         entity:siberia prop:interned_in entity:japan .\n\
         ref:broken a wikibase:Reference .\n",
    );
    let broken_path = shapes.with_file_name("broken.ttl");
    std::fs::write(&broken_path, broken).unwrap();
    let report = python(&script, &[&shapes, &broken_path]);
    assert!(report.starts_with("ttl False"), "{report}");
    for expected in [
        "entity/japanese_pows>",
        "xsd:decimal",
        "statement/pows-died-mhlw-55k>",
        "entity/siberia>",
        "reference/broken>",
    ] {
        assert!(
            report.contains(expected),
            "{expected} not reported:\n{report}"
        );
    }
}

/// rdflib and pyoxigraph read every syntax of the default and the stress dataset as exactly
/// the triples of the N-Triples export, JSON-LD (compacted with its inline context) included.
#[test]
fn rdflib_and_pyoxigraph_read_every_export_as_the_same_triples() {
    if !crate::util::python_has("rdflib pyoxigraph", "RDF consumers") {
        return;
    }
    let script = format!(
        "{READ}{}",
        r#"
import pyoxigraph
from rdflib.compare import isomorphic
PYOX = {"ttl": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES,
        "nq": pyoxigraph.RdfFormat.N_QUADS, "trig": pyoxigraph.RdfFormat.TRIG,
        "jsonld": pyoxigraph.RdfFormat.JSON_LD, "rdf": pyoxigraph.RdfFormat.RDF_XML}
reference = read(sys.argv[1])
expected = {str(q.triple) for q in pyoxigraph.parse(path=sys.argv[1], format=PYOX["nt"])}
for path in sys.argv[1:]:
    ext = path.rsplit(".", 1)[1]
    same_rdflib = isomorphic(read(path), reference)
    got = {str(q.triple) for q in pyoxigraph.parse(path=path, format=PYOX[ext])}
    print(ext, len(reference), same_rdflib, got == expected)
"#
    );
    for (name, graph) in [
        ("default", default_graph()),
        ("stress", crate::util::stress_graph()),
    ] {
        let (_, files) = write_all(&graph, &format!("rdf-consumers-{name}"));
        // N-Triples first: the reference.
        let mut args: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        args.sort_by_key(|p| p.extension().is_none_or(|e| e != "nt"));
        let report = python(&script, &args);
        let built = RdfExporter::new(kgforge::export::Format::NTriples)
            .triples(&graph)
            .count();
        for format in RDF_FORMATS {
            assert!(
                report.contains(&format!("{} {built} True True", format.extension())),
                "{name}: {report}"
            );
        }
    }
}
