//! Writes under contention and interruption (issue 12): one build at a time per output
//! directory, a commit that is completed after a failure or a kill, temporary files that no
//! planted symlink can redirect, and `-o FILE` that never turns a special file into a regular
//! one or changes a file's mode.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use kgforge::export::{JOURNAL_FILE, Staging, TEMP_SUFFIX};

use crate::atomic::{FORMATS, build, other_dataset};
use crate::util::{files_in, kgforge, scratch_dir};

/// Few formats keep the concurrent rounds fast; the renames of a commit still interleave.
const FEW: &str = "dot,ttl,nt";

fn spawn_build(dataset: &Path, out: &Path, formats: &str) -> Child {
    kgforge()
        .arg("build")
        .arg(dataset)
        .arg("-o")
        .arg(out)
        .args(["--format", formats])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kgforge runs")
}

/// The exports of `dataset` in `formats`, built alone into a fresh directory.
fn reference(dataset: &Path, name: &str, formats: &str) -> BTreeMap<String, Vec<u8>> {
    let out = scratch_dir(name);
    let status = spawn_build(dataset, &out, formats).wait().expect("wait");
    assert!(status.success());
    files_in(&out)
}

fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(TEMP_SUFFIX) || n.contains(".tmp-"))
        .collect()
}

// See: issue 12, "two builds into one directory at once mix their outputs".
#[test]
fn concurrent_builds_into_one_directory_leave_the_files_of_one_build() {
    let first = crate::util::default_dataset();
    let second = other_dataset("writes-concurrent-dataset");
    let first_files = reference(&first, "writes-concurrent-first", FEW);
    let second_files = reference(&second, "writes-concurrent-second", FEW);
    // The three formats, what describes the RDF (vocabulary, shapes) and the views' DOT.
    assert!(first_files.len() > 3, "{:?}", first_files.keys());
    // The exports of the two datasets differ (the vocabulary, which is the same for every
    // dataset, and a view whose title was not changed, do not).
    let differing = first_files
        .iter()
        .filter(|(n, b)| second_files[*n] != **b)
        .count();
    assert!(differing >= 3, "{differing}");
    let out = scratch_dir("writes-concurrent-out");
    for round in 0..20 {
        let mut a = spawn_build(&first, &out, FEW);
        let mut b = spawn_build(&second, &out, FEW);
        for child in [&mut a, &mut b] {
            let status = crate::util::wait_at_most(child, 300, "a concurrent build");
            let mut stderr = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().expect("piped"), &mut stderr)
                .expect("stderr");
            assert!(status.success(), "round {round}: {stderr}");
        }
        let after = files_in(&out);
        assert!(
            after == first_files || after == second_files,
            "round {round}: the directory mixes two builds: {:?}",
            after
                .iter()
                .map(|(n, b)| (
                    n,
                    if first_files.get(n) == Some(b) {
                        "first"
                    } else {
                        "second"
                    }
                ))
                .collect::<Vec<_>>()
        );
    }
}

/// The blocked `flock` requests of a process, from /proc/locks (`-> FLOCK … PID …`).
#[cfg(target_os = "linux")]
fn waits_for_a_lock(pid: u32) -> bool {
    let locks = std::fs::read_to_string("/proc/locks").unwrap_or_default();
    locks.lines().any(|line| {
        let fields: Vec<_> = line.split_whitespace().collect();
        fields.get(1) == Some(&"->") && fields.get(5) == Some(&pid.to_string().as_str())
    })
}

#[cfg(target_os = "linux")]
#[test]
fn a_build_waits_for_the_directory_lock_and_says_so_unless_quiet() {
    let out = scratch_dir("writes-lock-wait");
    for quiet in [false, true] {
        let held = Staging::open(&out, |_| {}).expect("locked");
        // Older than anything the build writes: a write while the lock is held shows.
        std::fs::write(out.join("manchuria-1945.ttl"), "earlier").expect("write");
        let before = files_in(&out);
        let mut command = kgforge();
        if quiet {
            command.arg("-q");
        }
        let mut child = command
            .args(["build", "--format", "ttl", "-o"])
            .arg(&out)
            .stderr(Stdio::piped())
            .spawn()
            .expect("kgforge runs");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        while !waits_for_a_lock(child.id()) {
            assert!(
                std::time::Instant::now() < deadline,
                "the build never waited for the lock"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert_eq!(
            files_in(&out),
            before,
            "the build wrote while the lock was held"
        );
        drop(held);
        let status = crate::util::wait_at_most(&mut child, 120, "the waiting build");
        let mut stderr = String::new();
        for line in BufReader::new(child.stderr.take().expect("piped")).lines() {
            stderr.push_str(&line.expect("line"));
            stderr.push('\n');
        }
        assert!(status.success(), "{stderr}");
        let waiting = stderr.lines().any(|l| {
            l.starts_with("kgforge: waiting for another kgforge to finish writing into ")
                && l.contains("writes-lock-wait/ ")
        });
        assert_eq!(waiting, !quiet, "{stderr}");
        assert_ne!(
            files_in(&out),
            before,
            "the build wrote once the lock was free"
        );
    }
}

// See: issue 12, "a failed rename or a kill during commit also leaves a mix".
#[test]
fn a_commit_that_fails_midway_is_completed_by_the_next_run() {
    let newer = other_dataset("writes-midway-dataset");
    let newer_files = reference(&newer, "writes-midway-newer", FORMATS);
    let out = scratch_dir("writes-midway-out");
    let earlier = build(&crate::util::default_dataset(), &out);
    assert!(earlier.status.success());
    let earlier_files = files_in(&out);
    let total = newer_files.len();
    assert_eq!(earlier_files.len(), total);
    assert!(
        earlier_files.keys().any(|n| n.starts_with("views/")),
        "a commit that spans a subdirectory"
    );

    for next_run in ["library", "cli"] {
        let mut staging = Staging::open(&out, |_| {}).expect("locked");
        for (name, bytes) in &newer_files {
            staging
                .stage(name, |w| {
                    w.write_all(bytes)
                        .map_err(|e| kgforge::Error::Export(e.to_string()))
                })
                .expect("staged");
        }
        staging.fail_after_renames(3);
        let error = staging.commit().expect_err("injected").to_string();
        assert!(
            error.contains(&format!("stopped after 3 of {total} files")),
            "{error}"
        );
        let midway = files_in(&out);
        // Renames go in staging order; a file the two builds write alike cannot tell.
        let renamed: Vec<&String> = newer_files.keys().take(3).collect();
        // (Beside them: the journal and the temporary files it names.)
        for (name, bytes) in midway
            .iter()
            .filter(|(n, _)| earlier_files.contains_key(*n))
        {
            let expected = if renamed.contains(&name) {
                &newer_files[name]
            } else {
                &earlier_files[name]
            };
            assert!(
                bytes == expected,
                "{next_run}: {name} is neither as staged nor as before"
            );
        }
        assert!(out.join(JOURNAL_FILE).is_file());

        match next_run {
            "library" => {
                let staging = Staging::open(&out, |_| {}).expect("locked");
                assert_eq!(staging.recovered().completed.len(), total - 3);
            }
            _ => {
                // This build writes only the DOT: every other file can only be new through
                // the completed commit.
                let run = kgforge()
                    .args(["build", "--format", "dot", "-o"])
                    .arg(&out)
                    .arg(&newer)
                    .output()
                    .expect("kgforge runs");
                let stderr = String::from_utf8_lossy(&run.stderr);
                assert!(run.status.success(), "{stderr}");
                assert!(stderr.contains("was interrupted"), "{stderr}");
            }
        }
        assert_eq!(files_in(&out), newer_files, "{next_run}: all new");
        assert!(!out.join(JOURNAL_FILE).exists());
        // Back to the earlier files for the next round.
        assert!(
            build(&crate::util::default_dataset(), &out)
                .status
                .success()
        );
        assert_eq!(files_in(&out), earlier_files);
    }
}

// See: issue 12, "killed builds leave hidden temp files forever".
#[cfg(unix)]
#[test]
fn a_killed_build_leaves_nothing_visible_and_the_next_run_cleans_up() {
    let out = scratch_dir("writes-killed-out");
    let earlier = build(&crate::util::default_dataset(), &out);
    assert!(earlier.status.success());
    let earlier_files = files_in(&out);
    // A `dot` that says it started and then draws for as long as kgforge lives: the build is
    // killed with the DOT staged and the SVG being drawn.
    let marker = scratch_dir("writes-killed-marker").join("started");
    let fake = crate::util::fake_dot(
        "writes-killed-dot",
        &format!(
            "touch '{}'\nwhile kill -0 $PPID 2>/dev/null; do sleep 0.05; done",
            marker.display()
        ),
    );
    let mut child = kgforge()
        .env("PATH", crate::util::path_with(&fake))
        .args(["-q", "build", "-o"])
        .arg(&out)
        .args(["--format", &format!("{FORMATS},svg")])
        .arg(other_dataset("writes-killed-dataset"))
        .spawn()
        .expect("kgforge runs");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while !marker.exists() {
        assert!(std::time::Instant::now() < deadline, "dot never started");
        assert!(child.try_wait().expect("wait").is_none(), "the build ended");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("wait");
    let left = temporaries(&out);
    assert_eq!(left.len(), 1, "the staged DOT: {left:?}");
    let visible: BTreeMap<_, _> = files_in(&out)
        .into_iter()
        .filter(|(n, _)| !n.starts_with('.'))
        .collect();
    assert_eq!(
        visible, earlier_files,
        "a killed build changed visible files"
    );

    let next = kgforge()
        .args(["-v", "build", "--format", "ttl", "-o"])
        .arg(&out)
        .output()
        .expect("kgforge runs");
    let stderr = String::from_utf8_lossy(&next.stderr);
    assert!(next.status.success(), "{stderr}");
    assert!(
        stderr.contains("removed 1 temporary file(s)") && stderr.contains(&left[0]),
        "{stderr}"
    );
    assert!(temporaries(&out).is_empty());
}

// See: issue 12, "a symlink planted at the predictable temp name gets its target overwritten".
#[cfg(unix)]
#[test]
fn symlinks_planted_at_temporary_names_are_never_followed() {
    let out = scratch_dir("writes-planted-out");
    let victim = scratch_dir("writes-planted-victim").join("precious");
    std::fs::write(&victim, "precious").expect("write");
    let pid = std::process::id();
    let mut planted = vec![
        // The names of kgforge before the fix, and of its own journal.
        format!(".a.ttl.tmp-{pid}"),
        format!(".{JOURNAL_FILE}.tmp-{pid}"),
        JOURNAL_FILE.to_string(),
    ];
    // Guesses at the unpredictable names, for the orphan clean-up to trip over.
    planted.extend((0..20).map(|i| format!(".a.ttl.guess{i:03}{TEMP_SUFFIX}")));
    for name in &planted {
        std::os::unix::fs::symlink(&victim, out.join(name)).expect("symlink");
    }
    for round in 0..2 {
        let mut staging = Staging::open(&out, |_| {}).expect("locked");
        for name in ["a.ttl", "b.ttl"] {
            staging
                .stage(name, |w| {
                    w.write_all(b"new")
                        .map_err(|e| kgforge::Error::Export(e.to_string()))
                })
                .expect("staged");
        }
        staging.commit().expect("committed");
        assert_eq!(std::fs::read_to_string(&victim).expect("read"), "precious");
        for name in ["a.ttl", "b.ttl"] {
            let meta = std::fs::symlink_metadata(out.join(name)).expect("written");
            assert!(meta.file_type().is_file(), "round {round}: {name}");
        }
    }
    // The journal symlink was not kgforge's journal: removed (the link, not its target).
    assert!(!out.join(JOURNAL_FILE).exists());
    for name in &planted[..2] {
        assert!(
            out.join(name).is_symlink(),
            "{name} was removed or replaced"
        );
    }
}

/// `kgforge subgraph kwantung_army -o PATH` with the format given.
fn subgraph_to(path: &Path, format: &str) -> std::process::Output {
    kgforge()
        .args(["subgraph", "kwantung_army", "--format", format, "-o"])
        .arg(path)
        .output()
        .expect("kgforge runs")
}

// See: issue 12, "`-o` replaces special files".
#[cfg(unix)]
#[test]
fn output_to_a_fifo_is_written_through() {
    use std::os::unix::fs::FileTypeExt;
    let dir = scratch_dir("writes-fifo");
    let fifo = dir.join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn({
        let fifo = fifo.clone();
        move || tx.send(std::fs::read(&fifo))
    });
    let out = subgraph_to(&fifo, "nt");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let read = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the reader of the FIFO got its end of file")
        .expect("read");
    assert!(
        String::from_utf8_lossy(&read).contains("kwantung_army"),
        "the FIFO's reader got no N-Triples"
    );
    let kind = std::fs::symlink_metadata(&fifo).expect("there").file_type();
    assert!(kind.is_fifo(), "the FIFO was replaced");
}

#[cfg(unix)]
#[test]
fn output_to_a_symlink_is_refused() {
    let dir = scratch_dir("writes-symlink");
    let target = dir.join("target.nt");
    std::fs::write(&target, "earlier").expect("write");
    let link = dir.join("link.nt");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let out = subgraph_to(&link, "nt");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is a symbolic link"), "{stderr}");
    assert!(link.is_symlink());
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "earlier");
}

#[cfg(unix)]
#[test]
fn replaced_files_keep_their_mode_and_new_files_get_the_usual_one() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).expect("there").permissions().mode() & 0o7777;
    let dir = scratch_dir("writes-mode");
    let private = dir.join("private.nt");
    std::fs::write(&private, "earlier").expect("write");
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let out = subgraph_to(&private, "nt");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_ne!(std::fs::read_to_string(&private).expect("read"), "earlier");
    assert_eq!(mode(&private), 0o640);

    // A new file gets what `File::create` gives (0o666 less the umask), not a temporary
    // file's 0o600.
    let usual = dir.join("usual");
    std::fs::write(&usual, "").expect("write");
    let fresh = dir.join("fresh.nt");
    assert!(subgraph_to(&fresh, "nt").status.success());
    assert_eq!(mode(&fresh), mode(&usual));

    // The same for the files of a build.
    let exports = scratch_dir("writes-mode-build");
    assert!(
        build(&crate::util::default_dataset(), &exports)
            .status
            .success()
    );
    let ttl = exports.join("manchuria-1945.ttl");
    assert_eq!(mode(&ttl), mode(&usual));
    std::fs::set_permissions(&ttl, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    assert!(
        build(&other_dataset("writes-mode-dataset"), &exports)
            .status
            .success()
    );
    assert_eq!(mode(&ttl), 0o600);
}
