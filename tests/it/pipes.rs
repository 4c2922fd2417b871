//! No command panics on its output (issue 12, "never exit 101"): a reader that leaves early
//! ends the command quietly with status 0, a full disk behind stdout is an error with status
//! 2, and a stderr that cannot be written to changes nothing but the messages.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::util::{kgforge, scratch_dir};

/// Each command once, writing to stdout (all but `build`, which reports on stderr).
fn commands(test: &str) -> Vec<(&'static str, Command, bool)> {
    let out = scratch_dir(&format!("{test}-build"));
    let bare = bare_dir(&format!("{test}-bare"));
    let mut list = Vec::new();
    let mut add = |name, args: &[&str], writes_stdout| {
        let mut command = kgforge();
        command.args(args);
        list.push((name, command, writes_stdout));
    };
    add("validate", &["validate"], true);
    add("stats", &["stats"], true);
    add("find", &["find", "army"], true);
    add("neighbors", &["neighbors", "kwantung_army"], true);
    add(
        "path",
        &["path", "kwantung_army", "siberia", "--undirected"],
        true,
    );
    add(
        "subgraph",
        &["subgraph", "kwantung_army", "--format", "nt"],
        true,
    );
    add(
        "sparql",
        &["sparql", "SELECT * WHERE { ?s ?p ?o }", "--results", "csv"],
        true,
    );
    add("--help", &["--help"], true);
    let mut build = kgforge();
    build.args(["build", "--format", "ttl", "-o"]).arg(&out);
    list.push(("build", build, false));
    // No command: the default build, into exports/ of the current directory.
    let mut none = Command::new(env!("CARGO_BIN_EXE_kgforge"));
    none.current_dir(&bare);
    list.push(("(no command)", none, false));
    list
}

/// A directory with a copy of the default dataset where the bare `kgforge` belongs.
fn bare_dir(name: &str) -> PathBuf {
    let dir = scratch_dir(name);
    let data = dir.join("data/manchuria-1945");
    std::fs::create_dir_all(&data).expect("mkdir");
    for entry in std::fs::read_dir(crate::util::default_dataset()).expect("dataset") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, data.join(path.file_name().expect("name"))).expect("copy");
    }
    dir
}

fn dev_full() -> Stdio {
    Stdio::from(
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full"),
    )
}

// See: issue 12, "`kgforge validate DATASET | head -c0` panics".
#[test]
fn a_reader_that_leaves_early_ends_every_command_quietly() {
    for (name, mut command, _) in commands("pipes-closed-stdout") {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("kgforge runs");
        // Closed before kgforge writes anything: its first write to stdout fails.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert!(!stderr.contains("cannot write"), "{name}: {stderr}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_behind_stdout_is_an_error_with_status_2() {
    for (name, mut command, writes_stdout) in commands("pipes-full-stdout") {
        let out = command
            .stdout(dev_full())
            .stderr(Stdio::piped())
            .output()
            .expect("kgforge runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        if writes_stdout {
            assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
            assert!(
                stderr.contains("kgforge: cannot write to stdout: No space left on device"),
                "{name}: {stderr}"
            );
        } else {
            assert_eq!(out.status.code(), Some(0), "{name}: {stderr}");
        }
    }
}

// See: issue 12, "any command whose stderr is a closed pipe or /dev/full panics".
#[cfg(target_os = "linux")]
#[test]
fn a_stderr_that_cannot_be_written_changes_only_the_messages() {
    for closed in [false, true] {
        for (name, mut command, _) in commands("pipes-stderr") {
            command.stdout(Stdio::null());
            let status = if closed {
                let mut child = command.stderr(Stdio::piped()).spawn().expect("runs");
                drop(child.stderr.take());
                child.wait().expect("wait")
            } else {
                command.stderr(dev_full()).status().expect("runs")
            };
            assert_eq!(status.code(), Some(0), "{name}, stderr closed: {closed}");
        }
        // Errors too: the status still says what happened.
        let mut missing = kgforge();
        missing
            .args(["validate", "no/such/dataset"])
            .stdout(Stdio::null());
        let status = if closed {
            let mut child = missing.stderr(Stdio::piped()).spawn().expect("runs");
            drop(child.stderr.take());
            child.wait().expect("wait")
        } else {
            missing.stderr(dev_full()).status().expect("runs")
        };
        assert_eq!(status.code(), Some(2), "stderr closed: {closed}");
        let usage = kgforge()
            .arg("--no-such-flag")
            .stderr(dev_full())
            .status()
            .expect("runs");
        assert_eq!(usage.code(), Some(2));
    }
}

// See: issue 12, "`kgforge validate 'Broken pipe'` exits 0 and prints nothing".
#[test]
fn an_error_is_never_taken_for_a_broken_pipe_by_its_text() {
    let out = kgforge()
        .args(["validate", "Broken pipe"])
        .output()
        .expect("kgforge runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("Broken pipe is not a dataset: it does not exist"),
        "{stderr}"
    );
}

// `diff` says with its status whether the datasets differ, even when its reader left early.
#[test]
fn diff_keeps_its_status_when_the_reader_leaves_early() {
    for extra in [&[][..], &["--json"][..], &["--patch", "sparql"][..]] {
        let mut child = kgforge()
            .args(["diff", "tests/data/valid/stress", "data/manchuria-1945"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("kgforge runs");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{extra:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{extra:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{extra:?}: {stderr}");
    }
}
