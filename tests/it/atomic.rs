//! Atomic output: a `kgforge build` that fails, for bad data, a full disk, a read-only
//! directory or a file in the way, leaves every earlier export byte for byte as it was and
//! no temporary file behind. Writes are staged beside their targets and renamed into place
//! only when all of them are complete (`kgforge::export::Staging`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Every format kgforge writes without Graphviz.
pub(crate) const FORMATS: &str = "dot,json,ttl,nt,nq,trig,jsonld,rdf";

pub(crate) fn build(dataset: &Path, out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kgforge"))
        .args(["-q", "build"])
        .arg(dataset)
        .arg("-o")
        .arg(out)
        .args(["--format", FORMATS])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("kgforge runs")
}

/// A copy of the default dataset under another title, so its exports differ from the
/// default's in every file.
pub(crate) fn other_dataset(name: &str) -> PathBuf {
    let dir = crate::util::scratch_dir(name);
    for entry in std::fs::read_dir(crate::util::default_dataset()).expect("default dataset") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path).expect("readable");
            let text = text.replacen("title = \"", "title = \"Earlier: ", 1);
            std::fs::write(dir.join(path.file_name().expect("name")), text).expect("write");
        }
    }
    dir
}

/// Builds the "earlier" exports into a fresh directory and returns it with its contents.
fn earlier_exports(name: &str) -> (PathBuf, BTreeMap<String, Vec<u8>>) {
    let dataset = other_dataset(&format!("{name}-dataset"));
    let out = crate::util::scratch_dir(&format!("{name}-out"));
    let first = build(&dataset, &out);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = crate::util::files_in(&out);
    // Eight formats, the JSON Schema, the RDF vocabulary, the shapes and the JSON-LD context,
    // and the DOT of each of the five views.
    assert_eq!(before.len(), 12 + 5, "{:?}", before.keys());
    (out, before)
}

fn assert_unchanged(out: &Path, before: &BTreeMap<String, Vec<u8>>, what: &str) {
    let after = crate::util::files_in(out);
    let temporary: Vec<_> = after
        .keys()
        .filter(|n| n.contains(".tmp-") || n.ends_with(kgforge::export::TEMP_SUFFIX))
        .collect();
    assert!(temporary.is_empty(), "{what}: left {temporary:?}");
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "{what}: other files"
    );
    for (name, bytes) in before {
        assert!(after[name] == *bytes, "{what}: {name} changed");
    }
}

#[test]
fn bad_data_leaves_earlier_exports_intact() {
    let (out, before) = earlier_exports("atomic-bad-data");
    let failed = build(Path::new("tests/data/invalid/unknown_entity"), &out);
    assert_eq!(failed.status.code(), Some(1));
    assert_unchanged(&out, &before, "bad data");
}

/// A full disk, simulated with a file-size limit (`ulimit -f`, which binds root too): the
/// N-Triples file, the fourth written, outgrows it after three others were complete.
#[cfg(unix)]
#[test]
fn a_write_failing_midway_leaves_no_partial_file_and_earlier_exports_intact() {
    let (out, before) = earlier_exports("atomic-full-disk");
    // Between the largest file written before the N-Triples (DOT, JSON, its schema, Turtle)
    // and the N-Triples itself, measured rather than assumed, since the dataset grows.
    let size = |name: &str| before[name].len();
    let written_first = [
        "manchuria-1945.dot",
        "manchuria-1945.json",
        "kgforge.schema.json",
        "manchuria-1945.ttl",
    ]
    .into_iter()
    .map(size)
    .max()
    .expect("files");
    let ntriples = size("manchuria-1945.nt");
    assert!(
        written_first < ntriples,
        "N-Triples is not the largest so far"
    );
    // bash counts `ulimit -f` in 1 KiB blocks.
    let limit_kib = (written_first + ntriples) / 2 / 1024;
    let script = format!(
        "trap '' XFSZ; ulimit -f {limit_kib} && exec '{}' -q build data/manchuria-1945 -o '{}' --format {FORMATS}",
        env!("CARGO_BIN_EXE_kgforge"),
        out.display()
    );
    let failed = Command::new("bash")
        .args(["-c", &script])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("sh runs");
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("manchuria-1945.nt"), "{stderr}");
    assert!(stderr.contains("File too large"), "{stderr}");
    assert_unchanged(&out, &before, "a full disk");
}

#[test]
fn a_directory_in_a_targets_place_fails_before_anything_is_replaced() {
    let (out, mut before) = earlier_exports("atomic-directory-in-the-way");
    std::fs::remove_file(out.join("manchuria-1945.nq")).expect("remove");
    std::fs::create_dir(out.join("manchuria-1945.nq")).expect("mkdir");
    std::fs::write(out.join("manchuria-1945.nq/keep"), "x").expect("write");
    before.remove("manchuria-1945.nq");
    before.insert("manchuria-1945.nq/keep".into(), b"x".to_vec());
    let failed = build(&crate::util::default_dataset(), &out);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("manchuria-1945.nq"), "{stderr}");
    assert_unchanged(&out, &before, "a directory in the way");
}

#[test]
fn an_output_directory_that_is_a_file_is_an_error_not_a_panic() {
    let dir = crate::util::scratch_dir("atomic-out-is-a-file");
    let file = dir.join("exports");
    std::fs::write(&file, "not a directory").expect("write");
    let failed = build(&crate::util::default_dataset(), &file);
    assert_eq!(failed.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("is a file: `build -o` names the directory"),
        "{stderr}"
    );
    assert!(!stderr.contains("File exists"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&file).expect("readable"),
        "not a directory"
    );
    assert_eq!(std::fs::read_dir(&dir).expect("dir").count(), 1);
}

/// A read-only directory refuses the temporary files. Root writes anyway, so there (as in CI)
/// the test says so and relies on the injections above.
#[cfg(unix)]
#[test]
fn a_read_only_directory_leaves_earlier_exports_intact() {
    use std::os::unix::fs::PermissionsExt;
    let (out, before) = earlier_exports("atomic-read-only");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let probe = out.join(".probe");
    if std::fs::write(&probe, "").is_ok() {
        let _ = std::fs::remove_file(&probe);
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        eprintln!(
            "a_read_only_directory_leaves_earlier_exports_intact: SKIPPED: running as root, \
             which writes into read-only directories; the full-disk and directory-in-the-way \
             tests cover failed writes"
        );
        return;
    }
    let failed = build(&crate::util::default_dataset(), &out);
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("Permission denied"), "{stderr}");
    assert_unchanged(&out, &before, "a read-only directory");
}

#[test]
fn staging_an_exporter_error_midway_leaves_earlier_files_intact() {
    use std::io::Write;
    let dir = crate::util::scratch_dir("atomic-staging");
    std::fs::write(dir.join("a.ttl"), "earlier a").expect("write");
    std::fs::write(dir.join("b.ttl"), "earlier b").expect("write");
    let mut staging = kgforge::export::Staging::open(&dir, |_| {}).expect("locked");
    staging
        .stage("a.ttl", |w| {
            w.write_all(b"new a")
                .map_err(|e| kgforge::Error::Export(e.to_string()))
        })
        .expect("a is staged");
    let failed: kgforge::Result<()> = staging.stage("b.ttl", |w| {
        w.write_all(b"half of b").expect("in memory");
        Err(kgforge::Error::Export("injected exporter failure".into()))
    });
    assert!(failed.is_err());
    drop(staging);
    let after = crate::util::files_in(&dir);
    assert_eq!(after.len(), 2, "{:?}", after.keys());
    assert_eq!(after["a.ttl"], b"earlier a");
    assert_eq!(after["b.ttl"], b"earlier b");
}
