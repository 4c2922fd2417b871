//! Sharded line outputs (`kgforge build --shards N`): N-Triples and N-Quads split by a hash of
//! each subject, with a manifest whose counts and checksums describe the files.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use kgforge::export::shards::{
    Manifest, SHARD_HASH, manifest_file_name, shard_file_name, shard_of,
};
use sha2::{Digest, Sha256};

fn build(dataset: &Path, out: &Path, extra: &[&str], threads: &str) -> BTreeMap<String, Vec<u8>> {
    let run = Command::new(env!("CARGO_BIN_EXE_kgforge"))
        .env("KGFORGE_THREADS", threads)
        .args(["-q", "build"])
        .arg(dataset)
        .arg("-o")
        .arg(out)
        .args(["--format", "nt,nq", "--statement-nodes", "annotated"])
        .args(extra)
        .output()
        .expect("kgforge runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    crate::util::files_in(out)
}

fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    bytes.split_inclusive(|&b| b == b'\n').collect()
}

/// The subject IRI of an N-Triples or N-Quads line (kgforge's subjects are IRIs).
fn subject(line: &[u8]) -> &str {
    let line = std::str::from_utf8(line).expect("UTF-8");
    let end = line.find("> ").expect("a subject IRI");
    &line[1..end]
}

/// Over bulk data that splits into chunks: each shard holds exactly the lines whose subject
/// hashes to it, in the single file's order, so that the shards together are the single file;
/// one thread and two write the same shards.
#[test]
fn shards_partition_the_single_file_by_subject() {
    let dataset = crate::util::bulk_csv("shards-bulk", 20_000);
    let scratch = crate::util::scratch_dir("shards-bulk-out");
    let single = build(&dataset, &scratch.join("single"), &[], "2");
    let sharded = build(&dataset, &scratch.join("sharded"), &["--shards", "3"], "2");
    let one_thread = build(
        &dataset,
        &scratch.join("one-thread"),
        &["--shards", "3"],
        "1",
    );
    assert!(
        sharded == one_thread,
        "one thread and two wrote other shards"
    );
    for ext in ["nt", "nq"] {
        let whole = &single[&format!("shards-bulk.{ext}")];
        assert!(!sharded.contains_key(&format!("shards-bulk.{ext}")));
        let mut expected: Vec<Vec<&[u8]>> = vec![Vec::new(); 3];
        for line in lines(whole) {
            expected[shard_of(subject(line), 3)].push(line);
        }
        for (i, expected) in expected.iter().enumerate() {
            let shard = &sharded[&shard_file_name("shards-bulk", i, 3, ext)];
            assert!(
                expected.len() > 10_000,
                "shard {i} of {ext}: {}",
                expected.len()
            );
            assert!(lines(shard) == *expected, "shard {i} of {ext}");
        }
    }
}

/// The manifest names every shard with its triple count, size and SHA-256, each checked
/// against the file, and says how subjects were assigned; each shard parses as its syntax.
#[test]
fn the_manifest_describes_the_shards() {
    let out = crate::util::scratch_dir("shards-default-out");
    let files = build(
        &crate::util::default_dataset(),
        &out,
        &["--shards", "4"],
        "2",
    );
    for (ext, syntax, graph) in [
        ("nt", oxrdfio::RdfFormat::NTriples, None),
        (
            "nq",
            oxrdfio::RdfFormat::NQuads,
            Some("https://w3id.org/kgforge/manchuria-1945/dataset"),
        ),
    ] {
        let manifest: Manifest =
            serde_json::from_slice(&files[&manifest_file_name("manchuria-1945", ext)])
                .expect("the manifest reads as a Manifest");
        assert_eq!(manifest.graph.as_deref(), graph);
        assert_eq!(manifest.dataset, "manchuria-1945");
        assert_eq!(
            (
                manifest.sharding.by.as_str(),
                manifest.sharding.hash.as_str(),
                manifest.sharding.shards
            ),
            ("subject", SHARD_HASH, 4)
        );
        assert_eq!(manifest.files.len(), 4);
        let mut triples = 0;
        for (i, file) in manifest.files.iter().enumerate() {
            assert_eq!(file.path, shard_file_name("manchuria-1945", i, 4, ext));
            let bytes = &files[&file.path];
            assert_eq!(file.bytes, bytes.len() as u64, "{}", file.path);
            assert_eq!(file.triples, lines(bytes).len() as u64, "{}", file.path);
            let digest: String = Sha256::digest(bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(file.sha256, digest, "{}", file.path);
            let parsed = oxrdfio::RdfParser::from_format(syntax)
                .for_slice(bytes)
                .collect::<Result<Vec<_>, _>>()
                .unwrap_or_else(|e| panic!("{}: {e}", file.path));
            assert_eq!(parsed.len() as u64, file.triples, "{}", file.path);
            triples += file.triples;
        }
        assert_eq!(manifest.triples, triples);
        assert!(
            manifest.files.iter().all(|f| f.triples > 0),
            "an empty shard of 4"
        );
    }
}

#[test]
fn shards_need_a_line_format() {
    let out = crate::util::scratch_dir("shards-refused");
    let run = Command::new(env!("CARGO_BIN_EXE_kgforge"))
        .args(["-q", "build", "-o"])
        .arg(&out)
        .args(["--format", "ttl", "--shards", "4"])
        .output()
        .expect("kgforge runs");
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("--shards splits the N-Triples and N-Quads outputs"),
        "{stderr}"
    );
    assert!(crate::util::files_in(&out).is_empty());
    let zero = Command::new(env!("CARGO_BIN_EXE_kgforge"))
        .args(["-q", "build", "-o"])
        .arg(&out)
        .args(["--format", "nq", "--shards", "0"])
        .output()
        .expect("kgforge runs");
    assert_eq!(zero.status.code(), Some(2));
}
