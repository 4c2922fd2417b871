//! Statement identity (issue 12): derived ids that do not collide on valid data, honest
//! duplicate and collision reports, and `kgforge ids`, which pins derived ids in a dataset.

use std::path::Path;

use crate::util::scratch_dir;

/// Loads and validates a dataset: its rendered diagnostics, and every statement id when valid.
fn validate(dir: &Path) -> (String, Option<Vec<String>>) {
    let report = kgforge::validate(kgforge::load(dir).expect("a dataset"), false);
    let ids = report
        .dataset
        .map(|d| d.statements.iter().map(|s| s.id().into_owned()).collect());
    (report.diagnostics.render_short(), ids)
}

fn assert_distinct(ids: &[String]) {
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "repeated ids");
}

// See: issue 12, "Derived ids collide on valid data". The two texts' old 32-bit FNV-1a ids
// were both "a.txt.e50b134c".
#[test]
fn issue_12_two_texts_whose_old_ids_collided_are_valid() {
    let dir = scratch_dir("ids-text-pair");
    std::fs::write(dir.join("entities.csv"), "id,type,label\na,thing,A\n").expect("write");
    std::fs::write(
        dir.join("relations.csv"),
        "subject,predicate,text\na,txt,note 255081\na,txt,note 481190\n",
    )
    .expect("write");
    let (diagnostics, ids) = validate(&dir);
    assert!(!diagnostics.contains("error"), "{diagnostics}");
    let ids = ids.expect("valid");
    assert_eq!(
        ids,
        [
            "a.txt.d232831d9569ebfb64f9c91f",
            "a.txt.2cc7f5138e0a01ed9fd11d8c"
        ]
    );
}

/// Objects of one hub whose old 32-bit ids collided pairwise: found once, offline, among
/// 200,000 random objects (the issue's "hub entity with 200k random objects gets 7 such
/// errors"; this seed gave 6). Each pair had one id under `hub.links_to.<8 hex>`.
const OLD_COLLIDING_OBJECTS: [(&str, &str); 6] = [
    ("o43c05e78a11b", "o47cfa9b168a2"),
    ("o28991fe9d8ef", "o537403f37bb8"),
    ("o3b8703d273c5", "o2ece0f8e5b02"),
    ("o41596eb5f52d", "oab26cf334028"),
    ("o6dcfba5d38f6", "ob76eb6135d30"),
    ("o76f00a23f42a", "o6c253242bb03"),
];

// See: issue 12. The 200k-row run is a benchmark-sized input; here the colliding pairs it
// contained, among a few thousand other random objects, keep the test quick in debug builds.
#[test]
fn issue_12_a_hub_with_random_objects_is_valid() {
    let dir = scratch_dir("ids-hub");
    let mut objects: Vec<String> = OLD_COLLIDING_OBJECTS
        .iter()
        .flat_map(|(a, b)| [a.to_string(), b.to_string()])
        .collect();
    let mut state = 1945_u64;
    for _ in 0..3_000 {
        // xorshift64: deterministic, and no dependency for a test.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        objects.push(format!("r{:012x}", state >> 16));
    }
    let mut entities = String::from("id,type,label\nhub,thing,Hub\n");
    let mut relations = String::from("subject,predicate,object\n");
    for o in &objects {
        entities.push_str(&format!("{o},thing,{o}\n"));
        relations.push_str(&format!("hub,links_to,{o}\n"));
    }
    std::fs::write(dir.join("entities.csv"), entities).expect("write");
    std::fs::write(dir.join("relations.csv"), relations).expect("write");
    let (diagnostics, ids) = validate(&dir);
    assert!(!diagnostics.contains("error"), "{diagnostics}");
    let ids = ids.expect("valid");
    assert_eq!(ids.len(), objects.len());
    assert_distinct(&ids);
    assert!(ids.iter().all(|id| id.len() == "hub.links_to.".len() + 24));
}

fn kgforge(args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kgforge"))
        .args(args)
        .output()
        .expect("kgforge runs")
}

/// The TOML files of a dataset directory: name → bytes.
fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("a directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            let name = p
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(&p).expect("read"))
        })
        .collect()
}

/// Whether a line pins a derived id: `id = "<subject>.<predicate>.<24 hex digits>"`.
fn pins_a_derived_id(line: &str) -> bool {
    let Some(id) = line
        .trim()
        .strip_prefix("id = \"")
        .and_then(|rest| rest.strip_suffix('"'))
    else {
        return false;
    };
    id.rsplit_once('.')
        .is_some_and(|(_, hash)| hash.len() == 24 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A copy of the default dataset's TOML files in a scratch directory, with the derived ids
/// that `kgforge ids` pinned into it taken out again, and how many were taken out (what a
/// run of `kgforge ids` on the copy must pin).
fn default_dataset_copy(name: &str) -> (std::path::PathBuf, usize) {
    let dir = scratch_dir(name);
    let mut unpinned = 0;
    for (name, bytes) in files(&crate::util::default_dataset()) {
        let text = String::from_utf8(bytes).expect("UTF-8");
        let kept: String = text
            .split_inclusive('\n')
            .filter(|line| {
                let pinned = pins_a_derived_id(line);
                unpinned += usize::from(pinned);
                !pinned
            })
            .collect();
        std::fs::write(dir.join(name), kept).expect("copy");
    }
    (dir, unpinned)
}

/// Every export kgforge writes itself, of the dataset in `dir`.
fn exports(dir: &Path) -> Vec<Vec<u8>> {
    use kgforge::export::{Format, export};
    let graph = crate::util::graph(dir);
    [
        Format::Json,
        Format::Dot,
        Format::Turtle,
        Format::NTriples,
        Format::NQuads,
        Format::TriG,
        Format::JsonLd,
        Format::RdfXml,
    ]
    .into_iter()
    .map(|f| export(&graph, f, Vec::new()).expect("exports"))
    .collect()
}

/// Whether `edited` is `original` with lines of the form `id = "…"` inserted and nothing
/// else changed; how many were inserted.
fn inserted_id_lines(original: &str, edited: &str) -> Option<usize> {
    let mut original_lines = original.split_inclusive('\n').peekable();
    let mut inserted = 0;
    for line in edited.split_inclusive('\n') {
        if original_lines.peek() == Some(&line) {
            original_lines.next();
            continue;
        }
        let body = line
            .trim_end_matches(['\r', '\n'])
            .trim_start_matches([' ', '\t']);
        let id = body.strip_prefix("id = \"")?.strip_suffix('"')?;
        if !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b))
        {
            return None;
        }
        inserted += 1;
    }
    original_lines.next().is_none().then_some(inserted)
}

#[test]
fn ids_pins_every_derived_id_changing_nothing_else_and_no_export() {
    let (dir, to_pin) = default_dataset_copy("ids-default");
    assert!(
        to_pin > 100,
        "the copy has only {to_pin} statements without an id"
    );
    let before = files(&dir);
    let exports_before = exports(&dir);
    let statements = crate::util::graph(&dir).dataset().statements.len();
    let had_one = statements - to_pin;

    let check = kgforge(&["ids".as_ref(), dir.as_os_str(), "--check".as_ref()]);
    let listed = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{listed}");
    assert!(
        listed.contains(&format!("{to_pin} id(s) to pin in ")),
        "{listed}"
    );
    assert!(
        listed.contains(&format!("; {had_one} statement(s) have one")),
        "{listed}"
    );
    assert_eq!(
        listed.lines().filter(|l| l.contains(": id = \"")).count(),
        to_pin
    );
    assert!(
        listed.contains(": id = \"japanese_pows.captured_by."),
        "{listed}"
    );
    assert_eq!(files(&dir), before, "--check wrote");

    let pin = kgforge(&["ids".as_ref(), dir.as_os_str()]);
    let said = String::from_utf8_lossy(&pin.stdout);
    assert_eq!(
        pin.status.code(),
        Some(0),
        "{said}{}",
        String::from_utf8_lossy(&pin.stderr)
    );
    assert!(
        said.contains(&format!("pinned {to_pin} id(s) in ")),
        "{said}"
    );
    assert!(
        said.contains(&format!("; {had_one} statement(s) already had one")),
        "{said}"
    );
    let after = files(&dir);
    let mut inserted = 0;
    for (name, old) in &before {
        let (old, new) = (
            String::from_utf8_lossy(old),
            String::from_utf8_lossy(&after[name]),
        );
        inserted += inserted_id_lines(&old, &new)
            .unwrap_or_else(|| panic!("{name} changed beyond inserted id lines:\n{new}"));
    }
    assert_eq!(inserted, to_pin);
    assert_eq!(exports(&dir), exports_before, "pinning changed an export");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // Twice changes nothing.
    let again = kgforge(&["ids".as_ref(), dir.as_os_str()]);
    assert_eq!(again.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&again.stdout).contains(&format!(
        "pinned 0 id(s) in 0 file(s); {statements} statement(s) already had one"
    )));
    assert_eq!(files(&dir), after);
    let check = kgforge(&["ids".as_ref(), dir.as_os_str(), "--check".as_ref()]);
    assert_eq!(check.status.code(), Some(0));
}

// See: issue 12, "Ids change when a statement is corrected".
#[test]
fn a_pinned_statement_keeps_its_id_when_corrected() {
    let (dir, _) = default_dataset_copy("ids-corrected");
    let old_id = "japanese_pows.captured_by.26edc84240e19a3ae12d9b03";
    let corrected = |dir: &Path| {
        let path = dir.join("statements-captivity.toml");
        let text = std::fs::read_to_string(&path).expect("read");
        let text = text.replacen(
            "place = \"manchuria\" }",
            "place = \"korea\", start = \"1945-08-09\" }",
            1,
        );
        std::fs::write(&path, text).expect("write");
        let (diagnostics, ids) = validate(dir);
        let ids = ids.unwrap_or_else(|| panic!("{diagnostics}"));
        ids.contains(&old_id.to_string())
    };
    let unpinned = scratch_dir("ids-corrected-unpinned");
    for (name, bytes) in files(&dir) {
        std::fs::write(unpinned.join(name), bytes).expect("copy");
    }
    assert!(!corrected(&unpinned), "a derived id follows the content");
    assert_eq!(
        kgforge(&["-q".as_ref(), "ids".as_ref(), dir.as_os_str()])
            .status
            .code(),
        Some(0)
    );
    assert!(corrected(&dir), "the pinned id was kept");
}

#[test]
fn ids_keep_crlf_byte_order_marks_indentation_and_inline_tables() {
    let dir = scratch_dir("ids-layout");
    std::fs::write(
        dir.join("dataset.toml"),
        "[dataset]\nid = \"t\"\ntitle = \"T\"\nbase_iri = \"https://example.org/t/\"\nlanguages = [\"en\"]\n\
         [types.thing]\nlabel = \"thing\"\n[predicates.p]\nlabel = \"p\"\n[predicates.n]\nlabel = \"n\"\nrange = \"string\"\n\
         [entities.a]\ntype = \"thing\"\nlabel = { en = \"A\" }\n[entities.b]\ntype = \"thing\"\nlabel = { en = \"B\" }\n",
    )
    .expect("write");
    let crlf = "\u{feff}# CRLF, indented\r\n[[statements]]   # first\r\n    subject = \"a\"\r\n    predicate = \"p\"\r\n    object = \"b\"\r\n\r\n[[statements]]\r\nid = \"kept\"\r\nsubject = \"b\"\r\npredicate = \"p\"\r\nobject = \"a\"\r\n\r\n[[statements]]\r\nsubject = \"a\"\r\npredicate = \"n\"\r\ntext = \"\"\"\r\ntwo\r\nlines\"\"\"\r\n";
    std::fs::write(dir.join("crlf.toml"), crlf).expect("write");
    let inline = "statements = [\n  { subject = \"b\", predicate = \"n\", text = \"x\" }, # one\n  {subject=\"b\",predicate=\"n\",text=\"y\"},\n]\n";
    std::fs::write(dir.join("inline.toml"), inline).expect("write");
    let ids = validate(&dir).1.expect("valid");
    let exports_before = exports(&dir);

    let out = kgforge(&["ids".as_ref(), dir.as_os_str()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("pinned 4 id(s) in 2 file(s); 1 statement(s) already had one"),
        "{said}"
    );
    let none = kgforge::Qualifiers::default();
    let derived =
        |s: &str, p: &str, v: kgforge::Value| kgforge::derive_statement_id(s, p, &v, &none);
    let ap = derived("a", "p", kgforge::Value::Entity("b".into()));
    let an = ids
        .iter()
        .find(|id| id.starts_with("a.n."))
        .expect("the text statement");
    let bx = derived("b", "n", kgforge::Value::from(kgforge::Text::from("x")));
    let by = derived("b", "n", kgforge::Value::from(kgforge::Text::from("y")));
    let crlf_after = std::fs::read_to_string(dir.join("crlf.toml")).expect("read");
    assert_eq!(
        crlf_after,
        crlf.replace("# first\r\n", &format!("# first\r\n    id = \"{ap}\"\r\n"))
            .replace(
                "[[statements]]\r\nsubject = \"a\"",
                &format!("[[statements]]\r\nid = \"{an}\"\r\nsubject = \"a\"")
            )
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("inline.toml")).expect("read"),
        format!(
            "statements = [\n  {{ id = \"{bx}\", subject = \"b\", predicate = \"n\", text = \"x\" }}, # one\n  \
             {{id = \"{by}\", subject=\"b\",predicate=\"n\",text=\"y\"}},\n]\n"
        )
    );
    assert_eq!(exports(&dir), exports_before);
}

#[test]
fn ids_refuses_an_invalid_dataset_and_csv_rows() {
    let dir = scratch_dir("ids-invalid");
    let case = crate::util::root().join("tests/data/invalid/duplicate_statement");
    for (name, bytes) in files(&case) {
        std::fs::write(dir.join(name), bytes).expect("copy");
    }
    let before = files(&dir);
    let out = kgforge(&["ids".as_ref(), dir.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error[KG0103]"), "{stderr}");
    assert_eq!(files(&dir), before);

    let csv = crate::util::root().join("tests/data/valid/csv_mixed");
    let out = kgforge(&["ids".as_ref(), csv.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("statement(s) are CSV rows; kgforge ids edits TOML only"),
        "{stderr}"
    );

    let json = crate::util::root().join("exports/manchuria-1945.json");
    let out = kgforge(&["ids".as_ref(), json.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("a JSON export writes every statement's id already")
    );
}
