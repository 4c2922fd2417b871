//! Mapped CSV: files with their own column names and dialects, read as `mapping.toml` says
//! (Gephi, neo4j-admin, a Latin-1 spreadsheet), each to the dataset expected and through
//! every exporter. Broken mappings and cells are in the corpus: `tests/data/invalid/mapped_*`.

use kgforge::{Bound, KnowledgeGraph, Rank, Reference, Scalar, Statement, Value};

use crate::util::{graph, root, scratch_dir};

fn mapped(name: &str) -> KnowledgeGraph {
    graph(&root().join("tests/data/valid/mapped").join(name))
}

fn statement<'g>(graph: &'g KnowledgeGraph, id: &str) -> &'g Statement {
    graph
        .dataset()
        .statements
        .iter()
        .find(|s| s.id() == id)
        .unwrap_or_else(|| panic!("no statement {id}"))
}

/// Every export but the drawn ones (those need Graphviz) writes.
fn exports_all(graph: &KnowledgeGraph) {
    for format in crate::pipeline::written_formats() {
        let bytes = crate::pipeline::export_bytes(graph, format)
            .unwrap_or_else(|e| panic!("{}: {e}", format.name()));
        assert!(!bytes.is_empty(), "{}", format.name());
    }
}

#[test]
fn gephi_tables_load_as_gephi_wrote_them() {
    let g = mapped("gephi");
    let d = g.dataset();
    assert_eq!((d.entities.len(), d.statements.len()), (6, 7));
    let valjean = g.entity("n11").expect("node 11 as n11");
    assert_eq!(valjean.label["en"], "Valjean");
    assert_eq!(valjean.type_id, "character");
    assert_eq!(
        valjean.attributes.get("modularity_class"),
        Some(&Scalar::Integer(1))
    );
    let e1 = statement(&g, "e1");
    assert_eq!(
        (e1.subject.as_str(), e1.predicate.as_str(), e1.object()),
        ("n27", "appears_with", Some("n11"))
    );
    assert_eq!(
        e1.qualifiers().other.get("weight").map(String::as_str),
        Some("17.0")
    );
    exports_all(&g);
}

#[test]
fn neo4j_admin_files_load_with_their_headers_and_arrays() {
    let g = mapped("neo4j");
    let d = g.dataset();
    assert_eq!((d.entities.len(), d.statements.len()), (5, 5));
    let keanu = g.entity("keanu").unwrap();
    assert_eq!(keanu.type_id, "Person");
    assert_eq!(keanu.aliases["en"], ["Neo", "The One"]);
    assert_eq!(keanu.attributes.get("born"), Some(&Scalar::Integer(1964)));
    let reloaded = g.entity("reloaded").unwrap();
    assert_eq!(
        reloaded.description.as_deref(),
        Some("Free your mind, they said")
    );
    let roles: Vec<(&str, &str, &str)> = d
        .statements
        .iter()
        .map(|s| {
            (
                s.subject.as_str(),
                s.object().unwrap(),
                s.qualifiers().other["roles"].as_str(),
            )
        })
        .collect();
    assert!(
        roles.contains(&("laurence", "reloaded", "Morpheus;Narrator")),
        "{roles:?}"
    );
    assert!(d.statements.iter().all(|s| s.predicate == "ACTED_IN"));
    exports_all(&g);
}

#[test]
fn a_latin1_semicolon_spreadsheet_loads_with_its_own_column_names() {
    let g = mapped("spreadsheet");
    let d = g.dataset();
    assert_eq!((d.entities.len(), d.statements.len()), (4, 5));
    let manchuria = g.entity("mandschurei").unwrap();
    assert_eq!(manchuria.label["de"], "Mandschurei");
    assert_eq!(manchuria.label["en"], "Manchuria");
    assert_eq!(
        manchuria.description.as_deref(),
        Some("Region im Nordosten Chinas; 1932-1945 »Mandschukuo«")
    );
    assert_eq!(
        g.entity("rote_armee").unwrap().description.as_deref(),
        Some("Landstreitkräfte der Sowjetunion")
    );
    let figures: Vec<&Statement> = d
        .statements
        .iter()
        .filter(|s| s.predicate == "anzahl_gefangen")
        .collect();
    assert_eq!(figures.len(), 3);
    let soviet = figures
        .iter()
        .find(|s| s.rank == Rank::Preferred)
        .expect("the preferred figure");
    let Value::Quantity(q) = &soviet.value else {
        panic!("a quantity")
    };
    assert_eq!(
        (q.bound, q.unit.as_deref()),
        (Bound::Exact(594_000), Some("personen"))
    );
    assert_eq!(
        soviet
            .qualifiers()
            .point_in_time
            .map(|d| d.to_string())
            .as_deref(),
        Some("1945-08")
    );
    assert_eq!(soviet.note(), Some("Sowjetische Angabe"));
    assert_eq!(
        soviet.references(),
        [Reference {
            source: "mhlw".into(),
            page: Some("12".into()),
            ..Default::default()
        }]
    );
    assert!(figures.iter().any(
        |s| s.note() == Some("Zahl ohne Beleg, größer als alle anderen")
            && matches!(&s.value, Value::Quantity(q) if q.bound == Bound::MoreThan(600_000))
    ));
    let surrender = d
        .statements
        .iter()
        .find(|s| s.predicate == "kapitulierte_vor")
        .unwrap();
    assert_eq!(surrender.qualifiers().place.as_deref(), Some("mandschurei"));
    assert_eq!(surrender.references()[0].page.as_deref(), Some("5"));
    exports_all(&g);
}

#[test]
fn utf16_tab_separated_files_without_a_header_load_by_column_number() {
    let dir = scratch_dir("mapped_utf16");
    std::fs::write(
        dir.join("dataset.toml"),
        "[dataset]\nid = \"x\"\ntitle = \"X\"\nbase_iri = \"https://example.org/x/\"\nlanguages = [\"ru\"]\n",
    )
    .unwrap();
    // UTF-16 little-endian with its byte-order mark, as Excel's "Unicode text" saves.
    let text = "harbin\tcity\tХарбин\nmukden\tcity\t\"Мукден\"\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(dir.join("cities.tsv"), bytes).unwrap();
    std::fs::write(dir.join("links.tsv"), "harbin\tnear\tmukden\n").unwrap();
    std::fs::write(
        dir.join("mapping.toml"),
        "[[entities]]\nfile = \"cities.tsv\"\nheader = false\nquote = \"\"\nid = 1\ntype = 2\nlabel = 3\n\n\
         [[statements]]\nfile = \"links.tsv\"\nheader = false\nsubject = 1\npredicate = 2\nobject = 3\n",
    )
    .unwrap();
    let g = graph(&dir);
    assert_eq!(g.entity("harbin").unwrap().label["ru"], "Харбин");
    // Without quoting, quotes are text.
    assert_eq!(g.entity("mukden").unwrap().label["ru"], "\"Мукден\"");
    assert_eq!(g.dataset().statements[0].object(), Some("mukden"));
}

#[test]
fn a_bad_cell_in_a_mapped_file_is_located_in_the_file_and_a_bad_fixed_value_in_the_mapping() {
    let report = kgforge::validate(
        kgforge::load(&root().join("tests/data/invalid/mapped_errors")).unwrap(),
        false,
    );
    let d = &report.diagnostics;
    let places: Vec<String> = d
        .items
        .iter()
        .filter_map(|x| x.primary.as_ref().map(|(l, _)| d.files.describe(l)))
        .collect();
    for place in [
        "beziehungen.csv:2:13",
        "beziehungen.csv:3:21",
        "beziehungen.csv:4:25",
        "mapping.toml:41:8",
        "mapping.toml:6:1",
    ] {
        assert!(
            places.iter().any(|p| p.ends_with(place)),
            "{place} not in {places:?}"
        );
    }
    // The fixed rank is wrong for all three rows: said once.
    assert_eq!(
        places
            .iter()
            .filter(|p| p.ends_with("mapping.toml:41:8"))
            .count(),
        1
    );
}
