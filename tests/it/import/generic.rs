//! RDF that is not a kgforge export: entities, labels, statements and an inferred schema,
//! with what was inferred and skipped reported.

use std::path::Path;

use kgforge::export::toml::TomlExporter;
use kgforge::{Bound, ImportOptions, Imported, Quantity, Range, Value};

use crate::util::root;

fn people() -> Imported {
    kgforge::import(
        &root().join("tests/data/import/people.ttl"),
        &ImportOptions::default(),
    )
    .expect("imports")
}

#[test]
fn types_predicates_and_entities_are_inferred_from_the_triples() {
    let imported = people();
    assert_eq!(imported.loaded.diagnostics.error_count(), 0);
    let d = &imported.loaded.dataset;
    let types: Vec<(&str, Option<&str>, Option<&str>)> = d
        .types
        .iter()
        .map(|t| (t.id.as_str(), t.class.as_deref(), t.parent.as_deref()))
        .collect();
    assert_eq!(
        types,
        [
            (
                "scientist",
                Some("http://example.org/Scientist"),
                Some("person")
            ),
            ("person", Some("http://xmlns.com/foaf/0.1/Person"), None),
            ("university", Some("http://example.org/University"), None),
            ("thing", Some("http://www.w3.org/2002/07/owl#Thing"), None),
        ]
    );
    // Labels come from the data where it has them.
    assert_eq!(d.types[1].label, "person");
    assert_eq!(d.types[1].description.as_deref(), Some("A human being."));
    let predicate = |id: &str| d.predicates.iter().find(|p| p.id == id).expect(id);
    let birth = predicate("birth_date");
    assert_eq!(birth.label, "date of birth");
    assert_eq!(
        birth.property.as_deref(),
        Some("http://example.org/birthDate")
    );
    // Subject types scientist and person: scientist is a kind of person, so person says it.
    assert_eq!(birth.domain, ["person"]);
    assert_eq!(birth.range, Range::Literal(kgforge::LiteralKind::Date));
    assert_eq!(
        predicate("knows").range,
        Range::Entities(vec!["person".into(), "thing".into()])
    );
    assert_eq!(
        predicate("nobel_prizes").range,
        Range::Literal(kgforge::LiteralKind::Integer)
    );
    let ids: Vec<&str> = d.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["marie", "pierre", "blank_1", "henri"]);
    let marie = &d.entities[0];
    assert_eq!(marie.type_id, "scientist");
    assert_eq!(marie.label["en"], "Marie Curie");
    assert_eq!(marie.label["ru"], "Мария Кюри");
    assert_eq!(marie.aliases["en"], ["Maria Skłodowska"]);
    assert_eq!(marie.description.as_deref(), Some("Physicist and chemist."));
    assert_eq!(marie.wikidata.as_deref(), Some("Q7186"));
    // An IRI named only as an object is an entity labelled by its local name.
    assert_eq!(d.entities[3].label["en"], "henri");
    assert_eq!(d.entities[3].type_id, "thing");
    let value = |subject: &str, p: &str| -> &Value {
        &d.statements
            .iter()
            .find(|s| s.subject == subject && s.predicate == p)
            .expect(p)
            .value
    };
    assert_eq!(
        value("marie", "nobel_prizes"),
        &Value::from(Quantity {
            bound: Bound::Exact(2),
            unit: None
        })
    );
    assert_eq!(value("marie", "height"), &Value::Decimal(1.55));
    assert_eq!(
        value("pierre", "birth_date"),
        &Value::Date("1859-05-15".parse().unwrap())
    );
    assert_eq!(
        value("marie", "worked_at"),
        &Value::Entity("blank_1".into())
    );
    // Every statement cites the input file.
    assert!(
        d.statements
            .iter()
            .all(|s| s.references()[0].source == "people")
    );
    assert_eq!(d.sources[0].title, "people.ttl");
    // The dataset validates.
    let report = kgforge::validate(imported.loaded, true);
    assert!(report.dataset.is_some(), "{}", report.diagnostics.render());
}

#[test]
fn what_is_skipped_is_counted_with_its_reason() {
    let summary = people().summary;
    for (what, count) in [
        ("triples about subjects with no rdf:type and no label", 2),
        (
            "triples whose object is a blank node with no type or label",
            1,
        ),
        ("triples of rdf:Statement reifications", 4),
        ("rdf:type triples beyond an entity's first", 1),
        (
            "descriptions in another language than the primary one, or a second one",
            1,
        ),
    ] {
        assert_eq!(summary.skipped(what), count, "{what}:\n{summary}");
    }
    let text = summary.to_string();
    assert!(
        text.starts_with("read as Turtle, RDF of no kgforge dataset (36 records)\n"),
        "{text}"
    );
    assert!(
        text.contains("  predicate knows <http://xmlns.com/foaf/0.1/knows>: domain scientist, range person | thing\n"),
        "{text}"
    );
    assert!(
        text.contains("1 xsd:dateTime values kept as their day"),
        "{text}"
    );
}

#[test]
fn the_same_triples_in_another_syntax_give_the_same_dataset() {
    let turtle = people();
    let graph = oxrdfio::RdfParser::from_format(oxrdfio::RdfFormat::Turtle)
        .for_slice(&std::fs::read(root().join("tests/data/import/people.ttl")).unwrap())
        .collect::<Result<Vec<_>, _>>()
        .expect("parses");
    let mut out =
        oxrdfio::RdfSerializer::from_format(oxrdfio::RdfFormat::NTriples).for_writer(Vec::new());
    for q in &graph {
        out.serialize_quad(q).unwrap();
    }
    let dir = crate::util::scratch_dir("import-generic-nt");
    let path = dir.join("people.nt");
    std::fs::write(&path, out.finish().unwrap()).unwrap();
    let nt = kgforge::import(&path, &ImportOptions::default()).expect("imports");
    let files = |i: &Imported| TomlExporter::new().files(&i.loaded.dataset).unwrap();
    let (a, b) = (files(&turtle), files(&nt));
    // Only the source's title (the file name) differs.
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(
            x.text.replace("people.ttl", "people.nt"),
            y.text,
            "{}",
            x.name
        );
    }
}

#[test]
fn untagged_labels_are_in_the_primary_language_given() {
    let dir = crate::util::scratch_dir("import-generic-languages");
    let path = dir.join("x.nt");
    std::fs::write(
        &path,
        "<http://e/a> <http://www.w3.org/2000/01/rdf-schema#label> \"Kwantung Army\" .\n\
         <http://e/a> <http://www.w3.org/2000/01/rdf-schema#label> \"関東軍\"@ja .\n",
    )
    .unwrap();
    let options = ImportOptions {
        languages: vec!["de".into(), "ja".into()],
        ..ImportOptions::default()
    };
    let imported = kgforge::import(&path, &options).unwrap();
    let d = &imported.loaded.dataset;
    assert_eq!(d.meta.languages, ["de", "ja"]);
    assert_eq!(d.entities[0].label["de"], "Kwantung Army");
    assert_eq!(d.entities[0].label["ja"], "関東軍");
    assert_eq!(d.meta.base_iri, "https://kgforge.invalid/x/");
    assert!(Path::new(&d.meta.base_iri).to_str().is_some());
}
