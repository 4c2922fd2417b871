//! The bad-input corpus through the real binary, and the size limits. Every broken dataset in
//! `tests/data/invalid` makes `kgforge validate` and `kgforge build` exit 1 with its
//! diagnostics on stderr: never 101 (a panic), never 0, never a half-written export.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn kgforge(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kgforge"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("kgforge runs")
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(crate::util::root().join("tests/data/invalid"))
        .expect("tests/data/invalid")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_none_or(|e| e != "stderr"))
        .collect();
    cases.sort();
    cases
}

#[test]
fn the_corpus_has_at_least_fifty_cases_of_each_kind_of_input() {
    let cases = cases();
    let json = cases
        .iter()
        .filter(|c| c.extension().is_some_and(|e| e == "json"))
        .count();
    assert!(cases.len() >= 50, "only {} cases", cases.len());
    assert!(json >= 10, "only {json} JSON cases");
}

#[test]
fn every_corpus_case_exits_1_with_diagnostics_and_never_panics() {
    let out_dir = crate::util::scratch_dir("corpus-build");
    let mut failures = Vec::new();
    for case in cases() {
        let validate = kgforge(&[
            "validate".as_ref(),
            "--deny-warnings".as_ref(),
            case.as_os_str(),
        ]);
        let build = kgforge(&[
            "-q".as_ref(),
            "build".as_ref(),
            "--deny-warnings".as_ref(),
            case.as_os_str(),
            "-o".as_ref(),
            out_dir.as_os_str(),
            "--format".as_ref(),
            "json,ttl,dot".as_ref(),
        ]);
        for (command, out) in [("validate", &validate), ("build", &build)] {
            let stderr = String::from_utf8_lossy(&out.stderr);
            if out.status.code() != Some(1)
                || !stderr.contains("error[KG") && !stderr.contains("warning[KG")
            {
                failures.push(format!(
                    "kgforge {command} {}: exit {:?}\n{stderr}",
                    case.display(),
                    out.status.code()
                ));
            }
        }
    }
    let written: Vec<_> = std::fs::read_dir(&out_dir).expect("out dir").collect();
    assert!(written.is_empty(), "a refused dataset wrote {written:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn diagnostics_of_long_lines_are_shortened() {
    // The corpus's one-megabyte label: its diagnostic shows a window of the line, not all of it.
    let expected =
        std::fs::read_to_string(crate::util::root().join("tests/data/invalid/huge_label.stderr"))
            .expect("huge_label.stderr");
    assert!(expected.len() < 2_000, "{} bytes", expected.len());
    assert!(expected.contains("entities.toml:3:16"), "{expected}");
    assert!(expected.contains('…'), "{expected}");
}

#[test]
fn a_file_over_the_size_limit_is_refused_without_being_read() {
    let dir = crate::util::scratch_dir("limit-file-size");
    std::fs::copy(
        crate::util::root().join("tests/data/invalid/empty_dataset/dataset.toml"),
        dir.join("dataset.toml"),
    )
    .expect("copy");
    // A sparse file: no disk space, no memory, but its size is one byte over the limit.
    let big = std::fs::File::create(dir.join("huge.toml")).expect("create");
    big.set_len(kgforge::MAX_FILE_BYTES + 1).expect("set_len");
    drop(big);
    let started = std::time::Instant::now();
    let report = kgforge::validate(kgforge::load(&dir).expect("a dataset"), false);
    assert!(started.elapsed().as_secs() < 5, "the big file was read");
    assert!(report.dataset.is_none());
    let short = report.diagnostics.render_short();
    assert!(
        short.contains(&format!(
            "error[KG0008]: {} is 1073741825 bytes, more than the 1073741824 kgforge reads",
            dir.join("huge.toml").display()
        )),
        "{short}"
    );
    // The same through the CLI: exit 1, the file named.
    let out = kgforge(&["validate".as_ref(), dir.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("KG0008"));
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_directory_with_too_many_files_is_refused_before_reading_them() {
    let dir = crate::util::scratch_dir("limit-file-count");
    for i in 0..=kgforge::MAX_FILES {
        std::fs::File::create(dir.join(format!("f{i:05}.toml"))).expect("create");
    }
    let report = kgforge::validate(kgforge::load(&dir).expect("a dataset"), false);
    assert!(report.dataset.is_none());
    let short = report.diagnostics.render_short();
    assert!(short.contains("error[KG0008]"), "{short}");
    assert!(short.contains("more than 10000 .toml files"), "{short}");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_big_json_label_is_refused_with_the_text_limit_not_memory() {
    // A 10 MB label in a JSON document: loads (under the file limit), refused by validation.
    let label = "x".repeat(10 << 20);
    let text = std::fs::read_to_string(crate::util::root().join("exports/manchuria-1945.json"))
        .expect("the default dataset's JSON export")
        .replacen("\"Kwantung Army\"", &format!("\"{label}\""), 1);
    let report = kgforge::validate(
        kgforge::load_bytes(Path::new("big.json"), text.as_bytes()),
        false,
    );
    let short = report.diagnostics.render_short();
    assert!(
        short.contains("error[KG0506]: a text of 10485760 characters"),
        "{short}"
    );
    assert!(report.diagnostics.render().len() < 10_000);
}
