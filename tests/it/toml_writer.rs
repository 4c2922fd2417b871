//! The TOML dataset writer (`export::toml`): what it writes loads back into the same dataset,
//! for the default dataset, the stress dataset's hostile strings and random datasets.

use std::path::Path;

use kgforge::Dataset;
use kgforge::export::toml::TomlExporter;
use kgforge::export::{self, Format};
use proptest::prelude::*;

use crate::util::{root, scratch_dir};

/// Writes `dataset` into a fresh directory and loads it back, with no diagnostic.
fn round_trip(dataset: &Dataset, name: &str) -> Dataset {
    let dir = scratch_dir(name);
    TomlExporter::new()
        .write(dataset, &dir)
        .expect("the dataset is written");
    let loaded = kgforge::load(&dir).expect("a dataset directory");
    assert_eq!(
        loaded.diagnostics.error_count(),
        0,
        "{}",
        loaded.diagnostics.render()
    );
    loaded.dataset
}

#[test]
fn the_default_dataset_loads_back_the_same() {
    let dataset = kgforge::load(&crate::util::default_dataset())
        .expect("loads")
        .dataset;
    assert_eq!(round_trip(&dataset, "toml-writer-default"), dataset);
}

#[test]
fn the_default_dataset_written_as_toml_exports_the_committed_json() {
    let dataset = kgforge::load(&crate::util::default_dataset())
        .expect("loads")
        .dataset;
    let dir = scratch_dir("toml-writer-default-json");
    TomlExporter::new().write(&dataset, &dir).expect("written");
    let graph = crate::util::graph(&dir);
    let json = export::export(&graph, Format::Json, Vec::new()).expect("export");
    let committed = std::fs::read(root().join("exports/manchuria-1945.json")).expect("committed");
    assert!(json == committed, "the JSON export differs");
}

#[test]
fn the_stress_dataset_loads_back_the_same() {
    let dataset = kgforge::load(&root().join("tests/data/valid/stress"))
        .expect("loads")
        .dataset;
    assert_eq!(round_trip(&dataset, "toml-writer-stress"), dataset);
}

#[test]
fn every_statement_gets_its_id_written_and_files_are_split_by_section() {
    let dataset = kgforge::load(&crate::util::default_dataset())
        .expect("loads")
        .dataset;
    let files = TomlExporter::new().files(&dataset).expect("files");
    let names: Vec<&str> = files.iter().map(|f| f.name).collect();
    assert_eq!(
        names,
        [
            "dataset.toml",
            "schema.toml",
            "sources.toml",
            "entities.toml",
            "statements.toml",
            "views.toml"
        ]
    );
    let statements = &files[4].text;
    assert_eq!(
        statements.matches("[[statements]]\nid = ").count(),
        dataset.statements.len()
    );
    assert!(statements.contains(
        "quantity = { more_than = 600000, unit = \"people\" }\n\
         disputed = \"The article gives both"
    ));
    // Written twice, the same bytes.
    assert_eq!(TomlExporter::new().files(&dataset).expect("files"), files);
}

#[test]
fn a_dataset_with_nothing_but_metadata_writes_one_file() {
    let loaded = kgforge::load_bytes(
        Path::new("dataset.toml"),
        b"[dataset]\nid = \"x\"\ntitle = \"X\"\nbase_iri = \"https://example.org/x/\"\nlanguages = [\"en\"]\n",
    );
    let files = TomlExporter::new().files(&loaded.dataset).expect("files");
    assert_eq!(files.len(), 1);
    assert_eq!(
        files[0].text,
        "[dataset]\nid = \"x\"\ntitle = \"X\"\nbase_iri = \"https://example.org/x/\"\nlanguages = [\"en\"]\n"
    );
}

#[test]
fn ids_written_twice_are_refused_rather_than_written_as_broken_toml() {
    let mut dataset = kgforge::load(&crate::util::default_dataset())
        .expect("loads")
        .dataset;
    let twin = dataset.entities[0].clone();
    dataset.entities.push(twin);
    let error = TomlExporter::new().files(&dataset).unwrap_err();
    assert!(
        error.to_string().contains("two entity items have the id"),
        "{error}"
    );
}

use crate::properties::dataset;

proptest! {
    #![proptest_config(crate::properties::config(64))]

    /// load(write(d)) == d for random datasets with hostile, multilingual text.
    #[test]
    fn random_datasets_load_back_the_same(dataset in dataset()) {
        let back = round_trip(&dataset, "toml-writer-random");
        prop_assert_eq!(back, dataset);
    }
}
