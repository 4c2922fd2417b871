//! `kgforge diff`: the default dataset against a copy with a few edits lists exactly those
//! edits, and its RDF patch turns one export into the other.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use kgforge::KnowledgeGraph;
use kgforge::diff::{FieldChange, RdfPatch, diff};
use kgforge::export::Format;
use kgforge::export::rdf::{RdfExporter, StatementNodes};
use oxigraph::sparql::SparqlEvaluator;
use oxigraph::store::Store;
use oxrdf::Triple;
use serde_json::json;

use crate::util::{default_dataset, graph, scratch_dir};

/// Replaces `from` (which must occur exactly once) in a file of `dir`.
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    assert_eq!(text.matches(from).count(), 1, "{from:?} in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

/// A copy of the default dataset with six edits: a figure corrected, a rank changed, a
/// reference added, an entity relabelled, a statement removed and one added.
fn edited_copy(name: &str) -> PathBuf {
    let dir = scratch_dir(name);
    for entry in std::fs::read_dir(default_dataset()).expect("list") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).expect("copy");
        }
    }
    let captivity = "statements-captivity.toml";
    edit(
        &dir,
        captivity,
        "quantity = { about = 594000, unit = \"people\" }\nreferences = [{ source = \"japantimes-2003\"",
        "quantity = { about = 595000, unit = \"people\" }\nreferences = [{ source = \"japantimes-2003\"",
    );
    edit(
        &dir,
        captivity,
        "quantity = { more_than = 500000, unit = \"people\" }\n",
        "quantity = { more_than = 500000, unit = \"people\" }\nrank = \"deprecated\"\n",
    );
    edit(
        &dir,
        captivity,
        "place = \"korea\" }\nnote = \"Prisoners were also taken in southern Sakhalin and the Kuril Islands.\"\nreferences = [{ source = \"wp-pows\", section = \"History\" }]",
        "place = \"korea\" }\nnote = \"Prisoners were also taken in southern Sakhalin and the Kuril Islands.\"\nreferences = [{ source = \"wp-pows\", section = \"History\" }, { source = \"article\", paragraph = 3 }]",
    );
    edit(
        &dir,
        "entities-forces.toml",
        "label = { en = \"Kwantung Army\", ja",
        "label = { en = \"Kwantung Army (IJA)\", ja",
    );
    edit(
        &dir,
        captivity,
        "[[statements]]\nid = \"pows-captured-soviet-claim-range\"\nsubject = \"japanese_pows\"\npredicate = \"number_captured\"\nquantity = { range = [594000, 609000], unit = \"people\" }\nqualifiers = { other = { scope = \"Soviet claim for the Manchurian campaign\" } }\nreferences = [{ source = \"wp-manchuria-2021\", section = \"infobox: casualties and losses (Soviet claim)\" }]\n",
        "",
    );
    let mut text = std::fs::read_to_string(dir.join(captivity)).expect("read");
    text.push_str(
        "\n[[statements]]\nid = \"pows-captured-added\"\nsubject = \"japanese_pows\"\npredicate = \"number_captured\"\nquantity = { about = 600000, unit = \"people\" }\nreferences = [{ source = \"article\", paragraph = 1 }]\n",
    );
    std::fs::write(dir.join(captivity), text).expect("write");
    dir
}

fn change(
    field: &str,
    old: Option<serde_json::Value>,
    new: Option<serde_json::Value>,
) -> FieldChange {
    FieldChange {
        field: field.into(),
        old,
        new,
    }
}

#[test]
fn the_edited_copy_differs_by_exactly_its_edits() {
    let old = graph(&default_dataset());
    let new = graph(&edited_copy("diff_exact"));
    let d = diff(old.dataset(), new.dataset());
    assert!(!d.equal);
    assert!(d.metadata.is_empty());
    for (kind, changes) in d.kinds() {
        if !matches!(kind, "entities" | "statements") {
            assert!(changes.is_empty(), "{kind}: {changes:?}");
        }
    }
    assert!(d.entities.added.is_empty() && d.entities.removed.is_empty());
    assert_eq!(d.entities.changed.len(), 1);
    assert_eq!(d.entities.changed[0].id, "kwantung_army");
    assert_eq!(
        d.entities.changed[0].fields,
        [change(
            "label.en",
            Some(json!("Kwantung Army")),
            Some(json!("Kwantung Army (IJA)"))
        )]
    );
    let ids = |items: &[serde_json::Value]| -> Vec<String> {
        items
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids(&d.statements.removed),
        ["pows-captured-soviet-claim-range"]
    );
    assert_eq!(ids(&d.statements.added), ["pows-captured-added"]);
    let mut changed: Vec<(&str, &[FieldChange])> = d
        .statements
        .changed
        .iter()
        .map(|c| (c.id.as_str(), c.fields.as_slice()))
        .collect();
    changed.sort_by_key(|(id, _)| *id);
    let reference_added = [change(
        "references",
        Some(json!([{ "source": "wp-pows", "section": "History" }])),
        Some(
            json!([{ "source": "wp-pows", "section": "History" }, { "source": "article", "paragraph": 3 }]),
        ),
    )];
    let figure = [change(
        "value",
        Some(json!({ "quantity": { "about": 594000, "unit": "people" } })),
        Some(json!({ "quantity": { "about": 595000, "unit": "people" } })),
    )];
    let rank = [change(
        "rank",
        Some(json!("normal")),
        Some(json!("deprecated")),
    )];
    assert_eq!(
        changed,
        [
            (
                "japanese_pows.captured_by.6d715991a9e891411bec1468",
                &reference_added[..]
            ),
            ("pows-captured-article-500k", &rank[..]),
            ("pows-captured-japantimes-594k", &figure[..]),
        ]
    );
}

/// The triples of a graph's RDF export (the default graph, as N-Triples writes it).
fn triples(graph: &KnowledgeGraph) -> HashSet<Triple> {
    RdfExporter::new(Format::NTriples).triples(graph).collect()
}

#[test]
fn the_sparql_update_turns_the_old_export_into_the_new_one() {
    let old = graph(&default_dataset());
    let new = graph(&edited_copy("diff_sparql"));
    let patch = RdfPatch::between(&old, &new, StatementNodes::All).expect("no blank nodes");
    assert!(!patch.deleted.is_empty() && !patch.inserted.is_empty());
    let update = String::from_utf8(patch.write_sparql_update(Vec::new()).unwrap()).unwrap();
    assert!(update.contains("DELETE DATA {") && update.contains("INSERT DATA {"));

    let store = Store::new().unwrap();
    let nt = RdfExporter::new(Format::NTriples)
        .export(&old, Vec::new())
        .unwrap();
    store
        .load_from_slice(oxrdfio::RdfFormat::NTriples, &nt)
        .expect("the old export loads");
    SparqlEvaluator::new()
        .parse_update(&update)
        .expect("the patch parses")
        .on_store(&store)
        .execute()
        .expect("the patch applies");
    let patched: HashSet<Triple> = store
        .iter()
        .map(|q| {
            let q = q.unwrap();
            Triple::new(q.subject, q.predicate, q.object)
        })
        .collect();
    let expected = triples(&new);
    assert_eq!(patched.len(), expected.len());
    assert!(
        patched == expected,
        "the patched store differs from the new export"
    );
}

#[test]
fn the_rdf_patch_turns_the_old_triples_into_the_new_ones() {
    let old = graph(&default_dataset());
    let new = graph(&edited_copy("diff_rdf_patch"));
    let patch = RdfPatch::between(&old, &new, StatementNodes::Annotated).unwrap();
    let text = String::from_utf8(patch.write_rdf_patch(Vec::new()).unwrap()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.first(), Some(&"TX ."));
    assert_eq!(lines.last(), Some(&"TC ."));
    let exporter =
        RdfExporter::new(Format::NTriples).with_statement_nodes(StatementNodes::Annotated);
    let mut set: HashSet<Triple> = exporter.triples(&old).collect();
    for line in &lines[1..lines.len() - 1] {
        let (op, rest) = line.split_at(2);
        // Each change line's terms are N-Triples: read them as such.
        let triple: Triple = oxrdfio::RdfParser::from_format(oxrdfio::RdfFormat::NTriples)
            .for_slice(rest.as_bytes())
            .next()
            .expect("one triple")
            .expect("N-Triples terms")
            .into();
        match op {
            "D " => assert!(
                set.remove(&triple),
                "deletes a triple the old export has: {line}"
            ),
            "A " => assert!(
                set.insert(triple),
                "adds a triple the old export lacks: {line}"
            ),
            _ => panic!("not a change line: {line}"),
        }
    }
    assert!(set == exporter.triples(&new).collect::<HashSet<_>>());
}

#[test]
fn derived_ids_show_an_edit_as_removed_and_added_with_a_note() {
    let old = graph(&default_dataset()).dataset().clone();
    let mut unpinned = old.clone();
    for s in &mut unpinned.statements {
        s.set_explicit_id(None);
    }
    let mut edited = unpinned.clone();
    let i = edited
        .statements
        .iter()
        .position(|s| matches!(s.value, kgforge::Value::Quantity(_)))
        .unwrap();
    if let kgforge::Value::Quantity(q) = &mut edited.statements[i].value {
        q.bound = kgforge::Bound::Exact(1);
    }
    let d = diff(&unpinned, &edited);
    assert_eq!(
        (d.statements.removed.len(), d.statements.added.len()),
        (1, 1)
    );
    assert!(d.statements.changed.is_empty());
    let text = d.to_string();
    assert!(
        text.contains("note: 1 removed and 1 added statement(s) have derived ids"),
        "{text}"
    );
    assert!(text.contains("kgforge ids"), "{text}");
}

fn kgforge(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kgforge"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("kgforge runs")
}

#[test]
fn diff_exits_0_when_equal_1_when_different_2_on_error() {
    let same = kgforge(&["diff", "data/manchuria-1945", "data/manchuria-1945"]);
    assert_eq!(
        same.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&same.stderr)
    );
    assert!(same.stdout.is_empty());

    let copy = edited_copy("diff_cli");
    let copy = copy.to_str().unwrap();
    let out = kgforge(&["diff", "data/manchuria-1945", copy]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "--- data/manchuria-1945",
        "entities: 1 changed",
        "  ~ kwantung_army",
        "      label.en: \"Kwantung Army\" → \"Kwantung Army (IJA)\"",
        "statements: 1 removed, 1 added, 3 changed",
        "  - pows-captured-soviet-claim-range: japanese_pows number_captured quantity {\"range\":[594000,609000],\"unit\":\"people\"}",
        "  + pows-captured-added: japanese_pows number_captured quantity {\"about\":600000,\"unit\":\"people\"}",
        "      references: + article ¶3",
        "      rank: \"normal\" → \"deprecated\"",
        "      value: {\"quantity\":{\"about\":594000,\"unit\":\"people\"}} → {\"quantity\":{\"about\":595000,\"unit\":\"people\"}}",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "{line:?} missing from:\n{text}"
        );
    }

    let json = kgforge(&["diff", "--json", "data/manchuria-1945", copy]);
    assert_eq!(json.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(v["equal"], false);
    assert_eq!(v["entities"]["changed"][0]["id"], "kwantung_army");

    let patch = kgforge(&["diff", "--patch", "sparql", "data/manchuria-1945", copy]);
    assert_eq!(patch.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&patch.stdout).contains("INSERT DATA {"));

    let missing = kgforge(&["diff", "data/manchuria-1945", "no/such/dir"]);
    assert_eq!(missing.status.code(), Some(2));
    let invalid = kgforge(&[
        "diff",
        "data/manchuria-1945",
        "tests/data/invalid/unknown_entity",
    ]);
    assert_eq!(invalid.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&invalid.stderr).contains("does not validate"));
}
