//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use kgforge::KnowledgeGraph;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The default dataset's directory.
pub fn default_dataset() -> PathBuf {
    root().join("data/manchuria-1945")
}

/// Loads and validates a dataset directory, panicking with the rendered diagnostics if it is
/// invalid.
pub fn graph(dir: &Path) -> KnowledgeGraph {
    let report = kgforge::validate(kgforge::load(dir).expect("a dataset directory"), false);
    let diagnostics = report.diagnostics.render();
    KnowledgeGraph::new(
        report
            .dataset
            .unwrap_or_else(|| panic!("{} is invalid:\n{diagnostics}", dir.display())),
    )
}

/// The default dataset as a graph.
pub fn default_graph() -> KnowledgeGraph {
    graph(&default_dataset())
}

/// The stress dataset with hostile labels and ids.
pub fn stress_graph() -> KnowledgeGraph {
    graph(&root().join("tests/data/valid/stress"))
}

/// Whether Graphviz `dot` can be run. Outside CI a missing `dot` skips the calling test with a
/// message; with `KGFORGE_REQUIRE_GRAPHVIZ=1` (set by .ci/run) it fails the test instead.
pub fn graphviz_available(test: &str) -> bool {
    let found = std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var_os("KGFORGE_REQUIRE_GRAPHVIZ").is_some_and(|v| v == "1") {
            panic!(
                "{test}: Graphviz `dot` is required (KGFORGE_REQUIRE_GRAPHVIZ=1) but not installed"
            );
        }
        eprintln!("{test}: SKIPPED: Graphviz `dot` is not installed (apt-get install graphviz)");
    }
    found
}

/// A fresh empty directory under the target directory, unique per test name.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = root().join("target/test-scratch").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// A CSV dataset of `n` entities and `n` relations in a scratch directory: above 16,384
/// entities and statements, every chunked writer splits its work.
pub fn bulk_csv(name: &str, n: usize) -> PathBuf {
    let dir = scratch_dir(name);
    let mut entities = String::from("id,type,label\n");
    let mut relations = String::from("subject,predicate,object,source,locator\n");
    for i in 0..n {
        entities.push_str(&format!("e{i},army,\"Army {i}, \"\"the {i}th\"\"\"\n"));
        relations.push_str(&format!("e{i},follows,e{},book,p. {i}\n", (i * 7 + 1) % n));
    }
    std::fs::write(dir.join("entities.csv"), entities).expect("write");
    std::fs::write(dir.join("relations.csv"), relations).expect("write");
    dir
}

/// Every file in `dir` and its subdirectories (names relative to `dir`, `/`-separated, and
/// bytes), hidden ones included, except the lock file that `kgforge build` keeps in its output
/// directory (`.kgforge.lock`).
pub fn files_in(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).expect("a directory") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.is_file() && !path.ends_with(kgforge::export::LOCK_FILE) {
                let name = path
                    .strip_prefix(dir)
                    .expect("below dir")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                files.insert(name, std::fs::read(&path).expect("readable"));
            }
        }
    }
    files
}

/// The entities that only a qualifier names (`place = …`) and that are in no statement of
/// their own: the DOT export draws no node for them unless asked.
pub fn only_qualifier_places(graph: &KnowledgeGraph) -> std::collections::BTreeSet<String> {
    let statements = &graph.dataset().statements;
    let in_a_statement: std::collections::BTreeSet<&str> = statements
        .iter()
        .flat_map(|s| [Some(s.subject.as_str()), s.object()])
        .flatten()
        .collect();
    statements
        .iter()
        .filter_map(|s| s.qualifiers().place.as_deref())
        .filter(|place| !in_a_statement.contains(place))
        .map(str::to_owned)
        .collect()
}

/// Whether `python3` can import every module in `modules` (space-separated). Outside CI a
/// missing one skips the calling test with a message; with `KGFORGE_REQUIRE_PYTHON=1` (set
/// by .ci/run, which installs them) it fails the test instead.
pub fn python_has(modules: &str, test: &str) -> bool {
    let imports = modules.split_whitespace().collect::<Vec<_>>().join(", ");
    let found = std::process::Command::new("python3")
        .args(["-c", &format!("import {imports}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var_os("KGFORGE_REQUIRE_PYTHON").is_some_and(|v| v == "1") {
            panic!("{test}: python3 with {modules} is required (KGFORGE_REQUIRE_PYTHON=1)");
        }
        eprintln!("{test}: SKIPPED: python3 with {modules} is not installed");
    }
    found
}

/// Runs `python3 -c script` with `args` and returns its stdout; a failure panics with its
/// stderr. Call [`python_has`] first.
pub fn run_python<A: AsRef<std::ffi::OsStr>>(
    script: &str,
    args: impl IntoIterator<Item = A>,
) -> String {
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The `node_modules` directory holding Ajv (`target/node/node_modules`, where .ci/run installs
/// it), when `node` runs. Outside CI a missing one skips the calling test with a message; with
/// `KGFORGE_REQUIRE_NODE=1` (set by .ci/run) it fails the test instead.
pub fn node_with_ajv(test: &str) -> Option<PathBuf> {
    let modules = root().join("target/node/node_modules");
    let node = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if node && modules.join("ajv/dist/2020.js").is_file() {
        return Some(modules);
    }
    if std::env::var_os("KGFORGE_REQUIRE_NODE").is_some_and(|v| v == "1") {
        panic!("{test}: node and Ajv in target/node are required (KGFORGE_REQUIRE_NODE=1)");
    }
    eprintln!("{test}: SKIPPED: node with Ajv in target/node/node_modules is not installed");
    None
}

/// The kgforge binary, run from the repository root.
pub fn kgforge() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kgforge"));
    command.current_dir(root());
    command
}

/// A directory holding an executable `dot` that runs `script` (a `sh` script body), to put
/// first on the PATH in place of Graphviz.
#[cfg(unix)]
pub fn fake_dot(name: &str, script: &str) -> PathBuf {
    let dir = scratch_dir(name);
    let source = dir.join("dot.sh");
    std::fs::write(&source, format!("#!/bin/sh\n{script}\n")).expect("write");
    // Copied and made executable by another process: a file this process held open for
    // writing could leak into a child forked meanwhile by a parallel test, and executing it
    // would then fail with "Text file busy".
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("cp \"$1\" \"$2\" && chmod 755 \"$2\"")
        .arg("sh")
        .arg(&source)
        .arg(dir.join("dot"))
        .status()
        .expect("sh runs");
    assert!(status.success());
    dir
}

/// The PATH with `dir` first.
pub fn path_with(dir: &Path) -> std::ffi::OsString {
    let mut paths = vec![dir.to_path_buf()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).expect("a valid PATH")
}

/// Waits for a child at most `seconds` (a guard against a hang, not a timing assertion):
/// kills it and panics when it is still running then.
pub fn wait_at_most(
    child: &mut std::process::Child,
    seconds: u64,
    what: &str,
) -> std::process::ExitStatus {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {seconds} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Whether PySpark can run: `python3` imports `pyspark` and `java -version` works (Spark 4
/// runs on Java 17). Outside CI a missing one skips the calling test with a message; with
/// `KGFORGE_REQUIRE_SPARK=1` (set by .ci/run, which installs both) it fails the test instead.
pub fn spark_available(test: &str) -> bool {
    let java = std::process::Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    let pyspark = std::process::Command::new("python3")
        .args(["-c", "import pyspark"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !(java && pyspark) {
        let missing = match (java, pyspark) {
            (false, false) => "java and the pyspark Python package are",
            (false, true) => "java is",
            _ => "the pyspark Python package is",
        };
        if std::env::var_os("KGFORGE_REQUIRE_SPARK").is_some_and(|v| v == "1") {
            panic!("{test}: PySpark is required (KGFORGE_REQUIRE_SPARK=1) but {missing} missing");
        }
        eprintln!("{test}: SKIPPED: {missing} not installed (PySpark in local mode)");
        return false;
    }
    true
}
