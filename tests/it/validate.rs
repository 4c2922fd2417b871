//! The diagnostics corpus: each directory (or `.json` file) under `tests/data/invalid` is a
//! broken dataset, and `<name>.stderr` beside it is exactly what validation reports.
//! Run with `KGFORGE_BLESS=1` to rewrite the expectations after a deliberate change.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use kgforge::{Code, Severity};

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir("tests/data/invalid")
        .expect("tests/data/invalid")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_none_or(|e| e != "stderr"))
        .collect();
    cases.sort();
    cases
}

fn expected_path(case: &Path) -> PathBuf {
    let name = case.file_stem().expect("a name").to_string_lossy();
    case.with_file_name(format!("{name}.stderr"))
}

#[test]
fn every_invalid_dataset_reports_exactly_its_expected_diagnostics() {
    let bless = std::env::var_os("KGFORGE_BLESS").is_some();
    let mut mismatches = Vec::new();
    for case in cases() {
        let loaded = kgforge::load(&case).expect("every case is a directory or a JSON file");
        let report = kgforge::validate(loaded, true);
        assert!(
            report.dataset.is_none(),
            "{} was accepted under --deny-warnings",
            case.display()
        );
        assert!(
            !report.diagnostics.items.is_empty(),
            "{} reported nothing",
            case.display()
        );
        let actual = report.diagnostics.render();
        let expected_file = expected_path(&case);
        if bless {
            std::fs::write(&expected_file, &actual).expect("write expectation");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_file).unwrap_or_default();
        if actual != expected {
            mismatches.push(format!(
                "--- {}\n{expected}+++ actual\n{actual}",
                expected_file.display()
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} case(s) differ (KGFORGE_BLESS=1 rewrites them):\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn the_corpus_covers_every_diagnostic_code() {
    // Codes that need inputs too large to commit (unit tests cover their limits), and a
    // collision of 96-bit hashes, which no one can produce: the unit tests in
    // `validate::rules::statements` inject colliding ids through the same code path.
    let untestable = [Code::TooLarge, Code::IdCollision];
    let mut seen = BTreeSet::new();
    for case in cases() {
        let report = kgforge::validate(kgforge::load(&case).expect("loadable"), false);
        seen.extend(report.diagnostics.items.iter().map(|d| d.code));
    }
    let missing: Vec<_> = Code::ALL
        .iter()
        .filter(|c| !seen.contains(c) && !untestable.contains(c))
        .map(|c| c.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "no case in tests/data/invalid reports {missing:?}"
    );
}

#[test]
fn every_error_has_a_file_line_and_column() {
    for case in cases() {
        let report = kgforge::validate(kgforge::load(&case).expect("loadable"), false);
        for d in &report.diagnostics.items {
            let whole_dataset = matches!(d.code, Code::MissingDataset | Code::UnreadFiles);
            assert!(
                d.primary.is_some() || whole_dataset,
                "{}: {} has no location",
                case.display(),
                d.message
            );
        }
        let short = report.diagnostics.render_short();
        for line in short
            .lines()
            .filter(|l| !l.starts_with("error[KG0005]") && !l.starts_with("warning[KG0012]"))
        {
            let mut parts = line.splitn(4, ':');
            let (file, line_no, column) = (parts.next(), parts.next(), parts.next());
            assert!(
                file.is_some_and(|f| [".toml", ".json", ".csv"].iter().any(|e| f.ends_with(e))),
                "{line}"
            );
            assert!(
                line_no.and_then(|n| n.parse::<u32>().ok()).is_some(),
                "{line}"
            );
            assert!(
                column.and_then(|n| n.parse::<u32>().ok()).is_some(),
                "{line}"
            );
        }
    }
}

#[test]
fn all_problems_of_a_run_are_reported_not_only_the_first() {
    let report = kgforge::validate(
        kgforge::load(Path::new("tests/data/invalid/many_errors")).expect("loadable"),
        false,
    );
    // Four mistakes in four files: a type, a domain, a source URL and a statement's rank.
    let files: BTreeSet<_> = report
        .diagnostics
        .items
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter_map(|d| d.primary.as_ref().map(|(l, _)| l.file))
        .collect();
    assert_eq!(files.len(), 4, "{}", report.diagnostics.render());
    assert_eq!(
        report.diagnostics.error_count(),
        4,
        "{}",
        report.diagnostics.render()
    );
    assert_eq!(
        report.diagnostics.warning_count(),
        0,
        "{}",
        report.diagnostics.render()
    );
}

#[test]
fn warnings_alone_do_not_block_unless_denied() {
    for case in ["orphan_entity", "unreferenced_statement", "uncited_source"] {
        let path = Path::new("tests/data/invalid").join(case);
        let lenient = kgforge::validate(kgforge::load(&path).expect("loadable"), false);
        assert!(
            lenient.dataset.is_some(),
            "{case} blocked without --deny-warnings"
        );
        assert_eq!(lenient.diagnostics.error_count(), 0, "{case}");
        assert_eq!(lenient.diagnostics.warning_count(), 1, "{case}");
    }
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_accepted() {
    let report = kgforge::validate(
        kgforge::load(Path::new("tests/data/valid/bom_crlf")).expect("loadable"),
        true,
    );
    assert!(report.dataset.is_some(), "{}", report.diagnostics.render());
}

#[test]
fn the_default_dataset_is_clean_even_with_warnings_denied() {
    let report = kgforge::validate(
        kgforge::load(&crate::util::default_dataset()).expect("loadable"),
        true,
    );
    assert!(
        report.diagnostics.items.is_empty(),
        "{}",
        report.diagnostics.render()
    );
}

#[test]
fn docs_errors_md_lists_every_code() {
    let doc = std::fs::read_to_string(crate::util::root().join("docs/errors.md"))
        .expect("docs/errors.md");
    for code in Code::ALL {
        assert!(
            doc.contains(&format!("| {} |", code.as_str())),
            "docs/errors.md does not list {code}"
        );
    }
}

// See: issue 12, "an empty span … accepted". The loaders refuse `span = {}`; a dataset built in
// code is refused by validation, so no export ever writes a span that says nothing.
#[test]
fn a_span_with_neither_end_is_refused_even_when_built_in_code() {
    let mut loaded = kgforge::load(&crate::util::default_dataset()).expect("loadable");
    let statement = loaded
        .dataset
        .statements
        .iter_mut()
        .find(|s| matches!(s.value, kgforge::Value::Span(_)))
        .expect("the default dataset has a span");
    statement.value = kgforge::Value::Span(kgforge::Span {
        start: None,
        end: None,
    });
    let report = kgforge::validate(loaded, false);
    assert!(report.dataset.is_none());
    let codes: Vec<Code> = report.diagnostics.items.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::BadSpan], "{}", report.diagnostics.render());
}
