//! Wikidata entity JSON: real entity documents (tests/data/wikidata, CC0) keep every
//! reference, their qualifiers and ranks; dumps are read line by line with located errors.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use kgforge::{Bound, ImportOptions, Imported, Rank, Value};

use crate::util::{root, scratch_dir};

fn data(name: &str) -> PathBuf {
    root().join("tests/data/wikidata").join(name)
}

fn import(path: &Path) -> Imported {
    let imported = kgforge::import(path, &ImportOptions::default()).expect("imports");
    assert_eq!(
        imported.loaded.diagnostics.error_count(),
        0,
        "{}",
        imported.loaded.diagnostics.render()
    );
    imported
}

/// Each statement GUID of the documents, with its references' snaks (as `P…` lists).
fn references_in(paths: &[PathBuf]) -> HashMap<String, Vec<Vec<String>>> {
    let mut out = HashMap::new();
    for path in paths {
        let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        for entity in doc["entities"].as_object().unwrap().values() {
            for claims in entity["claims"].as_object().unwrap().values() {
                for claim in claims.as_array().unwrap() {
                    if claim["mainsnak"]["snaktype"] != "value" {
                        assert!(
                            claim.get("references").is_none(),
                            "a skipped statement had references"
                        );
                        continue;
                    }
                    let refs = claim
                        .get("references")
                        .and_then(|r| r.as_array())
                        .map(|refs| {
                            refs.iter()
                                .map(|r| {
                                    r["snaks-order"]
                                        .as_array()
                                        .unwrap()
                                        .iter()
                                        .map(|p| p.as_str().unwrap().to_string())
                                        .collect()
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    let id = claim["id"].as_str().unwrap().replace('$', "-");
                    out.insert(id, refs);
                }
            }
        }
    }
    out
}

#[test]
fn every_reference_of_the_test_entities_is_kept() {
    let paths = [data("Q106975887.json"), data("Q513.json")];
    let expected = references_in(&paths);
    let total: usize = expected.values().map(Vec::len).sum();
    assert_eq!(total, 29, "the test documents hold 29 references");
    let mut seen = 0;
    for path in &paths {
        let imported = import(path);
        let d = &imported.loaded.dataset;
        for st in &d.statements {
            let id = st.id().into_owned();
            let wanted = expected
                .get(&id)
                .unwrap_or_else(|| panic!("{id} is no statement of the input"));
            assert_eq!(st.references().len(), wanted.len(), "{id}");
            for (r, snaks) in st.references().iter().zip(wanted) {
                assert!(
                    d.sources.iter().any(|s| s.id == r.source),
                    "{id} cites an unknown source"
                );
                // Whatever did not name the source is in the reference's locator or note.
                let said = [r.page.as_deref(), r.section.as_deref(), r.note.as_deref()]
                    .iter()
                    .flatten()
                    .count();
                assert!(snaks.len() <= 1 || said > 0, "{id}: {snaks:?} became {r:?}");
            }
            seen += st.references().len();
        }
        // The dataset validates, as written and loaded back.
        let dir = scratch_dir(&format!(
            "import-wikidata-{}",
            path.file_stem().unwrap().to_str().unwrap()
        ));
        kgforge::export::toml::TomlExporter::new()
            .write(d, &dir)
            .unwrap();
        let report = kgforge::validate(kgforge::load(&dir).unwrap(), false);
        assert!(report.dataset.is_some(), "{}", report.diagnostics.render());
    }
    assert_eq!(seen, total);
}

#[test]
fn statements_keep_their_ranks_qualifiers_and_wikidata_ids() {
    let imported = import(&data("Q513.json"));
    let d = &imported.loaded.dataset;
    let everest = d
        .entities
        .iter()
        .find(|e| e.wikidata.as_deref() == Some("Q513"))
        .unwrap();
    assert_eq!(everest.id, "mount_everest");
    assert_eq!(everest.label["en"], "Mount Everest");
    // Only the dataset's languages (by default English) are kept.
    assert_eq!(everest.label.keys().collect::<Vec<_>>(), ["en"]);
    let elevation = d
        .predicates
        .iter()
        .find(|p| p.id == "elevation_above_sea_level")
        .unwrap();
    assert_eq!(
        elevation.property.as_deref(),
        Some("http://www.wikidata.org/prop/direct/P2044")
    );
    let by_id = |id: &str| {
        d.statements
            .iter()
            .find(|s| s.id() == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    // 8848.86 m, preferred, with a reason for its rank and two references.
    let preferred = by_id("Q513-507DAC90-718D-41A7-BB1A-F5074A720AF1");
    assert_eq!(preferred.rank, Rank::Preferred);
    assert_eq!(preferred.value, Value::Decimal(8848.86));
    assert_eq!(
        preferred.qualifiers().other["quantity unit"],
        "metre (Q11573)"
    );
    assert_eq!(preferred.references().len(), 2);
    // The 1856 survey's 29,002 feet, deprecated.
    let old = by_id("Q513-002f3deb-4fa2-7a40-e2c7-2981043a6259");
    assert_eq!(old.rank, Rank::Deprecated);
    assert_eq!(old.qualifiers().other["quantity unit"], "foot (Q3710)");
    // Climbers per year: whole counts, with a year as their point in time.
    let climbers: Vec<_> = d
        .statements
        .iter()
        .filter(|s| s.predicate == "p1174")
        .collect();
    assert!(climbers.len() > 10);
    assert!(
        climbers.iter().all(
            |s| matches!(s.value, Value::Quantity(ref q) if matches!(q.bound, Bound::Exact(_)))
        )
    );
    assert!(climbers.iter().any(|s| {
        s.qualifiers()
            .point_in_time
            .map(|d| d.to_string())
            .as_deref()
            == Some("2019")
    }));
    // The first ascent: a day, and its participants as text.
    let ascent = d
        .statements
        .iter()
        .find(|s| {
            s.qualifiers()
                .point_in_time
                .map(|d| d.to_string())
                .as_deref()
                == Some("1953-05-29")
        })
        .unwrap();
    assert_eq!(ascent.qualifiers().other["participant"], "Q33817; Q80732");
    // A coordinate as WKT.
    let point = Value::from(kgforge::Text::from(
        "Point(86.925277777778 27.988055555556)",
    ));
    assert!(d.statements.iter().any(|s| s.value == point));
    // "no value" statements are skipped, and said to be.
    assert_eq!(
        imported
            .summary
            .skipped("statements with an unknown value or no value"),
        3
    );
}

#[test]
fn a_dump_is_read_line_by_line_and_gives_the_documents_dataset() {
    let dir = scratch_dir("import-wikidata-dump");
    let mut dump = String::from("[\n");
    let mut lines = String::new();
    for (name, qid) in [("Q106975887.json", "Q106975887"), ("Q513.json", "Q513")] {
        // The entity's own text, in the order written (serde_json would sort its keys).
        let doc = std::fs::read_to_string(data(name)).unwrap();
        let entity = doc
            .trim()
            .strip_prefix(&format!("{{\"entities\":{{\"{qid}\":"))
            .and_then(|rest| rest.strip_suffix("}}"))
            .unwrap();
        dump.push_str(entity);
        dump.push_str(",\n");
        lines.push_str(doc.trim());
        lines.push('\n');
    }
    dump.truncate(dump.len() - 2);
    dump.push_str("\n]\n");
    std::fs::write(dir.join("dump.json"), &dump).unwrap();
    std::fs::write(dir.join("docs.jsonl"), &lines).unwrap();
    // A document over several lines is read whole.
    let doc = std::fs::read_to_string(data("Q513.json")).unwrap();
    let spread = format!("{{\n  {}\n}}\n", &doc.trim()[1..doc.trim().len() - 1]);
    std::fs::write(dir.join("spread.json"), spread).unwrap();
    let options = ImportOptions {
        id: Some("wd".into()),
        ..ImportOptions::default()
    };
    let read = |name: &str| {
        let mut imported = kgforge::import(&dir.join(name), &options).unwrap();
        assert_eq!(
            imported.loaded.diagnostics.error_count(),
            0,
            "{}",
            imported.loaded.diagnostics.render()
        );
        imported.loaded.dataset.meta.title = String::new();
        imported
    };
    let (from_dump, from_lines) = (read("dump.json"), read("docs.jsonl"));
    assert_eq!(from_dump.loaded.dataset, from_lines.loaded.dataset);
    assert_eq!(from_dump.summary.records, 2);
    assert_eq!(
        from_dump.loaded.dataset.entities[0].wikidata.as_deref(),
        Some("Q106975887")
    );
    let mut everest = kgforge::import(&data("Q513.json"), &options)
        .unwrap()
        .loaded
        .dataset;
    everest.meta.title = String::new();
    assert_eq!(read("spread.json").loaded.dataset, everest);
}

#[test]
fn errors_in_a_dump_are_located_and_the_other_lines_read() {
    let dir = scratch_dir("import-wikidata-errors");
    let path = dir.join("dump.json");
    std::fs::write(
        &path,
        "[\n{\"type\":\"item\",\"id\":\"Q1\",\"labels\":{\"en\":{\"language\":\"en\",\"value\":\"one\"}}},\n\
         {\"type\":\"item\",\"id\":\"Q2\",\"labels\":{\"en\":{\"language\":\"en\",\"value\":\"two\"}},\n\
         {\"type\":\"item\",\"id\":\"Q3\",\"claims\":5},\n\
         {\"type\":\"item\",\"id\":\"Q4\",\"labels\":{\"en\":{\"language\":\"en\",\"value\":\"four\"}}}\n]\n",
    )
    .unwrap();
    let imported = kgforge::import(&path, &ImportOptions::default()).unwrap();
    let short = imported.loaded.diagnostics.render_short();
    assert_eq!(imported.loaded.diagnostics.error_count(), 2, "{short}");
    assert!(
        short.contains("dump.json:3:72: error[KG0001]: JSON syntax: EOF while parsing an object"),
        "{short}"
    );
    assert!(
        short.contains(
            "dump.json:4:35: error[KG0002]: Wikidata entity JSON: invalid type: integer `5`"
        ),
        "{short}"
    );
    let full = imported.loaded.diagnostics.render();
    assert!(
        full.contains("4 │ {\"type\":\"item\",\"id\":\"Q3\",\"claims\":5},"),
        "{full}"
    );
    let ids: Vec<&str> = imported
        .loaded
        .dataset
        .entities
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(ids, ["one", "four"]);
}

#[test]
fn labels_follow_the_languages_asked_for_and_property_documents_name_predicates() {
    let dir = scratch_dir("import-wikidata-languages");
    let path = dir.join("lines.json");
    let everest = std::fs::read_to_string(data("Q513.json")).unwrap();
    let property = r#"{"type":"property","id":"P2660","datatype":"quantity","labels":{"en":{"language":"en","value":"topographic prominence"},"ja":{"language":"ja","value":"プロミネンス"}}}"#;
    std::fs::write(&path, format!("{}\n{property}\n", everest.trim())).unwrap();
    let options = ImportOptions {
        languages: vec!["ja".into(), "en".into()],
        ..ImportOptions::default()
    };
    let imported = kgforge::import(&path, &options).unwrap();
    let d = &imported.loaded.dataset;
    let everest = &d.entities[0];
    assert_eq!(everest.label["ja"], "エベレスト");
    assert_eq!(everest.label["en"], "Mount Everest");
    assert!(!everest.label.contains_key("fr"));
    // The id comes from the English label, the label from the primary language.
    let prominence = d
        .predicates
        .iter()
        .find(|p| p.property.as_deref() == Some("http://www.wikidata.org/prop/direct/P2660"))
        .unwrap();
    assert_eq!(prominence.id, "topographic_prominence");
    assert_eq!(prominence.label, "プロミネンス");
}

/// A dump's lines are parsed half on each thread; the dataset written is the same bytes on
/// one thread (`KGFORGE_THREADS=1`).
#[test]
fn a_dump_imports_to_the_same_bytes_on_one_thread_or_two() {
    let dir = scratch_dir("import-wikidata-threads");
    let mut dump = String::from("[\n");
    for (name, qid) in [("Q106975887.json", "Q106975887"), ("Q513.json", "Q513")] {
        let doc = std::fs::read_to_string(data(name)).unwrap();
        let entity = doc
            .trim()
            .strip_prefix(&format!("{{\"entities\":{{\"{qid}\":"))
            .and_then(|rest| rest.strip_suffix("}}"))
            .unwrap();
        dump.push_str(entity);
        dump.push_str(",\n");
    }
    dump.truncate(dump.len() - 2);
    dump.push_str("\n]\n");
    let path = dir.join("dump.json");
    std::fs::write(&path, dump).unwrap();
    let run = |threads: Option<&str>, out: &str| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kgforge"));
        match threads {
            Some(n) => command.env("KGFORGE_THREADS", n),
            None => command.env_remove("KGFORGE_THREADS"),
        };
        let status = command
            .args(["-q", "import"])
            .arg(&path)
            .arg("-o")
            .arg(dir.join(out))
            .status()
            .unwrap();
        assert!(status.success());
        crate::util::files_in(&dir.join(out))
    };
    assert_eq!(run(None, "two"), run(Some("1"), "one"));
}
