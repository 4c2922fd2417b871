//! Work with a bound (issue 12, "bounded work"): SPARQL queries stop at `--timeout`, print at
//! most `--limit` rows and read at most 1 MiB of query text; a default build draws no SVG of a
//! big dataset and gives Graphviz a time limit. Graphviz is replaced by fake `dot` scripts, so
//! these tests need no Graphviz and wait for no real drawing.

use std::path::Path;
use std::process::{Output, Stdio};

use crate::util::{fake_dot, files_in, kgforge, path_with, scratch_dir, wait_at_most};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `kgforge ARGS`, failing the test instead of hanging when it runs past `seconds`.
fn run_at_most(args: &[&str], seconds: u64) -> Output {
    let mut child = kgforge()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kgforge runs");
    // Drained on threads, so a large output cannot block the child.
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut bytes).map(|_| bytes)
    });
    let err = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut bytes).map(|_| bytes)
    });
    let status = wait_at_most(&mut child, seconds, &args.join(" "));
    Output {
        status,
        stdout: out.join().expect("thread").expect("stdout"),
        stderr: err.join().expect("thread").expect("stderr"),
    }
}

/// Three copies of every triple side by side: some 10^11 rows for the default dataset.
const PRODUCT: &str = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";

// See: issue 12, "SPARQL has no timeout or row limit".
#[test]
fn a_runaway_query_stops_at_the_timeout_with_status_2() {
    let counted = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    for (query, results) in [(counted, "table"), (PRODUCT, "csv")] {
        // The csv streams rows: the timeout holds while results are being written, too.
        let out = run_at_most(
            &["sparql", query, "--timeout", "1", "--results", results],
            300,
        );
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{query}: {stderr}");
        assert!(
            stderr.contains("the query was stopped after 1 s (--timeout 1)"),
            "{query}: {stderr}"
        );
    }
}

#[test]
fn limit_cuts_the_rows_and_says_so() {
    let query = "SELECT ?s WHERE { ?s ?p ?o }";
    let cut = run_at_most(&["sparql", query, "--limit", "3", "--results", "csv"], 300);
    assert_eq!(cut.status.code(), Some(0), "{}", text(&cut.stderr));
    assert_eq!(text(&cut.stdout).lines().count(), 4, "a header and 3 rows");
    assert!(
        text(&cut.stderr).contains("note: printed the first 3 rows; there are more"),
        "{}",
        text(&cut.stderr)
    );
    let table = run_at_most(&["sparql", query, "--limit", "2"], 300);
    assert_eq!(
        text(&table.stdout).lines().count(),
        3,
        "a header and 2 rows"
    );
    // Exactly as many rows as the limit: nothing was left out, nothing is said.
    let exact = run_at_most(
        &[
            "sparql",
            "SELECT ?x WHERE { VALUES ?x { 1 2 } }",
            "--limit",
            "2",
        ],
        300,
    );
    assert_eq!(text(&exact.stdout).lines().count(), 3);
    assert!(exact.stderr.is_empty(), "{}", text(&exact.stderr));
    // The csv is not cut by default.
    let all = run_at_most(&["sparql", query, "--results", "csv"], 300);
    let triples = run_at_most(
        &[
            "sparql",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
            "--results",
            "csv",
        ],
        300,
    );
    let count: usize = text(&triples.stdout)
        .lines()
        .nth(1)
        .expect("a row")
        .parse()
        .expect("n");
    assert_eq!(text(&all.stdout).lines().count(), count + 1);
}

#[test]
fn query_text_is_read_up_to_1_mib() {
    let dir = scratch_dir("bounded-query-size");
    let big = dir.join("big.rq");
    let mut query = String::from("ASK { ?s ?p ?o }\n");
    query.push_str(&"#".repeat((1 << 20) + 1 - query.len()));
    std::fs::write(&big, &query).expect("write");
    let refused = run_at_most(&["sparql", &format!("@{}", big.display())], 300);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused.stderr).contains("is longer than 1 MiB"),
        "{}",
        text(&refused.stderr)
    );
    // One byte less is read and answered.
    query.pop();
    std::fs::write(&big, &query).expect("write");
    let read = run_at_most(&["sparql", &format!("@{}", big.display())], 300);
    assert_eq!(text(&read.stdout), "true\n", "{}", text(&read.stderr));
    #[cfg(unix)]
    {
        let endless = run_at_most(&["sparql", "@/dev/zero"], 300);
        assert_eq!(endless.status.code(), Some(2));
        assert!(text(&endless.stderr).contains("is longer than 1 MiB"));
    }
}

#[test]
fn a_query_nested_too_deep_is_refused_not_a_crash() {
    let deep = format!(
        "SELECT * WHERE {}?s ?p ?o{}",
        "{".repeat(5000),
        "}".repeat(5000)
    );
    let out = run_at_most(&["sparql", &deep], 300);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("the query nests brackets 5000 deep"),
        "{}",
        text(&out.stderr)
    );
    let deepest = format!(
        "ASK {}?s ?p ?o{}",
        "{".repeat(kgforge::query::MAX_QUERY_NESTING),
        "}".repeat(kgforge::query::MAX_QUERY_NESTING)
    );
    let out = run_at_most(&["sparql", &deepest], 300);
    assert_eq!(text(&out.stdout), "true\n", "{}", text(&out.stderr));
}

/// A CSV dataset one entity above what a default build draws.
fn big_dataset(name: &str) -> std::path::PathBuf {
    crate::util::bulk_csv(name, 301)
}

/// `kgforge build` with `dot` on the PATH replaced by the one in `fake`.
fn build_with(fake: &Path, dataset: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut child = kgforge()
        .env("PATH", path_with(fake))
        .arg("build")
        .arg(dataset)
        .arg("-o")
        .arg(out)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kgforge runs");
    let status = wait_at_most(&mut child, 300, "kgforge build");
    let mut stderr = Vec::new();
    std::io::Read::read_to_end(child.stderr.as_mut().expect("piped"), &mut stderr).expect("read");
    Output {
        status,
        stdout: Vec::new(),
        stderr,
    }
}

/// A `dot` that leaves a mark and draws an empty SVG.
#[cfg(unix)]
fn marking_dot(name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let mark = scratch_dir(&format!("{name}-mark")).join("ran");
    let fake = fake_dot(
        name,
        &format!(
            "touch '{}'\ncat >/dev/null\nprintf '<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\\n'",
            mark.display()
        ),
    );
    (fake, mark)
}

// See: issue 12, "`kgforge build` of a CSV dataset renders SVG by default".
#[cfg(unix)]
#[test]
fn a_default_build_skips_the_svg_of_a_big_dataset_unless_asked() {
    let dataset = big_dataset("bounded-big-dataset");
    let (fake, mark) = marking_dot("bounded-big-dot");
    let out = scratch_dir("bounded-big-out");
    let default = build_with(&fake, &dataset, &out, &[]);
    let stderr = text(&default.stderr);
    assert_eq!(default.status.code(), Some(0), "{stderr}");
    assert!(
        stderr
            .contains("note: skipped SVG: 301 entities are more than a default build draws (300)")
            && stderr.contains("kgforge subgraph ENTITY --format svg"),
        "{stderr}"
    );
    assert!(!mark.exists(), "Graphviz ran");
    let files = files_in(&out);
    assert!(
        files.keys().any(|n| n.ends_with(".ttl")) && !files.keys().any(|n| n.ends_with(".svg"))
    );

    // Without a drawing the DOT is streamed to its file; with one it is kept in memory for
    // Graphviz. Both are the same bytes.
    let streamed = files
        .iter()
        .find(|(n, _)| n.ends_with(".dot"))
        .expect("a DOT");
    for asked in [&["--format", "dot,svg"][..], &["--render", "svg"][..]] {
        let out = scratch_dir("bounded-big-asked");
        let drawn = build_with(&fake, &dataset, &out, asked);
        assert_eq!(drawn.status.code(), Some(0), "{}", text(&drawn.stderr));
        assert!(mark.exists(), "{asked:?}: Graphviz did not run");
        let files = files_in(&out);
        assert!(files.keys().any(|n| n.ends_with(".svg")));
        assert!(
            files.get(streamed.0) == Some(streamed.1),
            "{asked:?}: another DOT"
        );
        std::fs::remove_file(&mark).expect("rm");
    }
}

#[cfg(unix)]
#[test]
fn graphviz_past_its_timeout_is_stopped_skipping_or_failing() {
    let dataset = crate::util::default_dataset();
    let fake = fake_dot("bounded-slow-dot", "cat >/dev/null\nexec sleep 600");
    let out = scratch_dir("bounded-slow-out");
    // A default build skips the SVG and writes everything else.
    let default = build_with(&fake, &dataset, &out, &["--graphviz-timeout", "1"]);
    let stderr = text(&default.stderr);
    assert_eq!(default.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("note: skipped SVG: Graphviz `dot` was still drawing after 1 s"),
        "{stderr}"
    );
    let written = files_in(&out);
    assert_eq!(
        written.len(),
        exports_but_drawings(),
        "{:?}",
        written.keys()
    );
    assert!(!written.keys().any(|n| n.ends_with(".svg")));

    // Asked for, it fails and writes nothing.
    let asked = scratch_dir("bounded-slow-asked");
    let failed = build_with(
        &fake,
        &dataset,
        &asked,
        &["--format", "ttl,svg", "--graphviz-timeout", "1"],
    );
    let stderr = text(&failed.stderr);
    assert_eq!(failed.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(files_in(&asked).is_empty(), "{:?}", files_in(&asked).keys());

    let svg = scratch_dir("bounded-slow-subgraph").join("part.svg");
    let mut child = kgforge()
        .env("PATH", path_with(&fake))
        .args(["subgraph", "kwantung_army", "--graphviz-timeout", "1", "-o"])
        .arg(&svg)
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let status = wait_at_most(&mut child, 300, "kgforge subgraph");
    assert_eq!(status.code(), Some(2));
    assert!(!svg.exists());
}

#[cfg(unix)]
#[test]
fn graphviz_failing_skips_the_svg_of_a_default_build_and_fails_one_asked_for() {
    let dataset = crate::util::default_dataset();
    let fake = fake_dot(
        "bounded-failing-dot",
        "cat >/dev/null\necho 'out of memory' >&2\nexit 1",
    );
    let out = scratch_dir("bounded-failing-out");
    let default = build_with(&fake, &dataset, &out, &[]);
    let stderr = text(&default.stderr);
    assert_eq!(default.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("note: skipped SVG: Graphviz `dot` failed: out of memory"),
        "{stderr}"
    );
    assert_eq!(files_in(&out).len(), exports_but_drawings());
    let asked = scratch_dir("bounded-failing-asked");
    let failed = build_with(&fake, &dataset, &asked, &["--format", "svg"]);
    assert_eq!(failed.status.code(), Some(2));
    assert!(files_in(&asked).is_empty());
}

/// A time limit too long to add to the clock is no limit, not an overflow.
#[cfg(unix)]
#[test]
fn the_longest_time_limits_are_no_limit() {
    let (fake, mark) = marking_dot("bounded-longest-dot");
    let out = scratch_dir("bounded-longest-out");
    let forever = u64::MAX.to_string();
    let drawn = build_with(
        &fake,
        &crate::util::default_dataset(),
        &out,
        &["--format", "svg", "--graphviz-timeout", &forever],
    );
    assert_eq!(drawn.status.code(), Some(0), "{}", text(&drawn.stderr));
    assert!(mark.exists());
    let asked = run_at_most(&["sparql", "ASK { ?s ?p ?o }", "--timeout", &forever], 300);
    assert_eq!(text(&asked.stdout), "true\n", "{}", text(&asked.stderr));
}

/// How many files a default build of the default dataset writes besides the SVGs.
fn exports_but_drawings() -> usize {
    files_in(&crate::util::root().join("exports"))
        .keys()
        .filter(|n| !n.ends_with(".svg"))
        .count()
}
