//! Sharded line outputs: one N-Triples or N-Quads export split into N files by a hash of each
//! triple's subject, with a manifest, so that parallel bulk loaders (Oxigraph's, QLever,
//! Virtuoso's `ld_dir`, Jena's xloader) can take one file per worker.
//!
//! # Files
//!
//! For a dataset `{id}` and N shards of format `{ext}` (`nt` or `nq`):
//!
//! - `{id}-{i}-of-{N}.{ext}` for each shard `i` in `0..N`, both numbers written with five
//!   digits (`bench-00003-of-00016.nq`), so that the files sort in shard order and a glob
//!   such as `bench-*-of-00016.nq` names exactly one build's shards;
//! - `{id}.{ext}.manifest.json`: the [`Manifest`].
//!
//! Files of an earlier build with another N are not removed; the manifest names the current
//! ones.
//!
//! # Which shard a triple goes to
//!
//! Shard `i` holds every triple whose subject IRI `s` has `xxh3_64(s) mod N == i`: XXH3's
//! 64-bit hash, seed 0, of the IRI's UTF-8 bytes (without angle brackets) — in Python,
//! `xxhash.xxh3_64_intdigest(s.encode()) % n`. All of a subject's triples are in one shard,
//! so a loader that groups by subject sees whole groups. Within a shard the lines are in the
//! order of the single-file export, so the shards are a partition of its lines: their union
//! is the single file (a test checks).

use std::io::{self, Write};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The most shards a build writes (each is an open file while the export runs).
pub const MAX_SHARDS: usize = 4096;

/// The hash that assigns subjects to shards, as the manifest names it.
pub const SHARD_HASH: &str = "xxh3-64";

/// The shard of a triple with this subject IRI, among `shards` (at least 1).
///
/// ```
/// use kgforge::export::shards::shard_of;
///
/// let s = "https://kgforge.invalid/bench/entity/e1";
/// assert!(shard_of(s, 16) < 16);
/// assert_eq!(shard_of(s, 1), 0);
/// assert_eq!(shard_of(s, 16), shard_of(s, 16));
/// ```
pub fn shard_of(subject_iri: &str, shards: usize) -> usize {
    let shards = shards.max(1) as u64;
    (xxhash_rust::xxh3::xxh3_64(subject_iri.as_bytes()) % shards) as usize
}

/// The file name of shard `index` of `count` (see the module docs).
///
/// ```
/// assert_eq!(kgforge::export::shards::shard_file_name("bench", 3, 16, "nq"), "bench-00003-of-00016.nq");
/// ```
pub fn shard_file_name(stem: &str, index: usize, count: usize, extension: &str) -> String {
    format!("{stem}-{index:05}-of-{count:05}.{extension}")
}

/// The file name of the manifest of a sharded export.
///
/// ```
/// assert_eq!(kgforge::export::shards::manifest_file_name("bench", "nq"), "bench.nq.manifest.json");
/// ```
pub fn manifest_file_name(stem: &str, extension: &str) -> String {
    format!("{stem}.{extension}.manifest.json")
}

/// What a sharded export wrote: written beside the shards as `{id}.{ext}.manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The syntax: `N-Triples` or `N-Quads`.
    pub format: String,
    /// Its media type: `application/n-triples` or `application/n-quads`.
    pub media_type: String,
    /// The dataset's id.
    pub dataset: String,
    /// For N-Quads, the named graph every quad is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graph: Option<String>,
    /// How subjects are assigned to shards.
    pub sharding: Sharding,
    /// Triples (lines) in all shards.
    pub triples: u64,
    /// Bytes in all shards.
    pub bytes: u64,
    /// The shards, in shard order.
    pub files: Vec<ShardFile>,
}

impl Manifest {
    /// The manifest of a sharded export of `format` (N-Triples or N-Quads) of dataset
    /// `dataset`, in named graph `graph` (N-Quads), with these files in shard order.
    pub fn new(
        format: super::Format,
        dataset: &str,
        graph: Option<String>,
        files: Vec<ShardFile>,
    ) -> Self {
        let (name, media_type) = match format {
            super::Format::NQuads => ("N-Quads", "application/n-quads"),
            _ => ("N-Triples", "application/n-triples"),
        };
        Manifest {
            format: name.to_string(),
            media_type: media_type.to_string(),
            dataset: dataset.to_string(),
            graph,
            sharding: Sharding {
                by: "subject".to_string(),
                hash: SHARD_HASH.to_string(),
                shards: files.len(),
            },
            triples: files.iter().map(|f| f.triples).sum(),
            bytes: files.iter().map(|f| f.bytes).sum(),
            files,
        }
    }
}

/// How a [`Manifest`]'s subjects were assigned to shards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sharding {
    /// What is hashed: `subject`.
    pub by: String,
    /// The hash: [`SHARD_HASH`], over the subject IRI's UTF-8 bytes, seed 0.
    pub hash: String,
    /// How many shards; a subject's shard is its hash modulo this.
    pub shards: usize,
}

/// One shard file of a [`Manifest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardFile {
    /// The file name, relative to the manifest's directory.
    pub path: String,
    /// Triples (lines) in the file.
    pub triples: u64,
    /// Its size in bytes.
    pub bytes: u64,
    /// The SHA-256 of its bytes, in lower-case hex.
    pub sha256: String,
}

/// What one shard's writer saw: its lines, bytes and their SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardStats {
    /// Triples (lines) written.
    pub triples: u64,
    /// Bytes written.
    pub bytes: u64,
    /// The SHA-256 of the bytes, in lower-case hex.
    pub sha256: String,
}

/// The shard files' writers, counting lines and bytes and hashing what each is given.
pub(crate) struct ShardWriters<'w, W: Write> {
    writers: &'w mut [W],
    seen: Vec<(Sha256, u64, u64)>,
}

impl<'w, W: Write> ShardWriters<'w, W> {
    pub(crate) fn new(writers: &'w mut [W]) -> Self {
        let seen = writers.iter().map(|_| (Sha256::new(), 0, 0)).collect();
        ShardWriters { writers, seen }
    }

    /// How many shards there are.
    pub(crate) fn count(&self) -> usize {
        self.writers.len()
    }

    /// Appends `bytes`, holding `lines` lines, to shard `shard`.
    pub(crate) fn write(&mut self, shard: usize, bytes: &[u8], lines: u64) -> io::Result<()> {
        self.writers[shard].write_all(bytes)?;
        let (hash, triples, size) = &mut self.seen[shard];
        hash.update(bytes);
        *triples += lines;
        *size += bytes.len() as u64;
        Ok(())
    }

    /// What each shard was given, in shard order.
    pub(crate) fn finish(self) -> Vec<ShardStats> {
        self.seen
            .into_iter()
            .map(|(hash, triples, bytes)| ShardStats {
                triples,
                bytes,
                sha256: hex(&hash.finalize()),
            })
            .collect()
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// One chunk of a sharded export: each shard's bytes and lines.
pub(crate) struct ShardedChunk {
    pub(crate) parts: Vec<(Vec<u8>, u64)>,
}

impl ShardedChunk {
    pub(crate) fn new(shards: usize) -> Self {
        ShardedChunk {
            parts: (0..shards).map(|_| (Vec::new(), 0)).collect(),
        }
    }

    /// Writes each shard's part to its writer.
    pub(crate) fn write_to<W: Write>(&self, writers: &mut ShardWriters<'_, W>) -> io::Result<()> {
        for (shard, (bytes, lines)) in self.parts.iter().enumerate() {
            if !bytes.is_empty() {
                writers.write(shard, bytes, *lines)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shard_hash_is_xxh3_64_of_the_subject() {
        // xxhash.xxh3_64_intdigest(b"") == 0x2d06800538d394c2 (the reference value).
        assert_eq!(xxhash_rust::xxh3::xxh3_64(b""), 0x2d06_8005_38d3_94c2);
        let s = "https://kgforge.invalid/bench/entity/e1";
        assert_eq!(
            shard_of(s, 7) as u64,
            xxhash_rust::xxh3::xxh3_64(s.as_bytes()) % 7
        );
    }

    #[test]
    fn shard_writers_count_hash_and_pass_bytes_through() {
        let mut files = vec![Vec::new(), Vec::new()];
        let mut writers = ShardWriters::new(&mut files);
        writers.write(1, b"a .\nb .\n", 2).unwrap();
        writers.write(1, b"c .\n", 1).unwrap();
        let stats = writers.finish();
        assert_eq!(files[1], b"a .\nb .\nc .\n");
        assert_eq!((stats[0].triples, stats[0].bytes), (0, 0));
        assert_eq!((stats[1].triples, stats[1].bytes), (3, 12));
        // sha256("") and sha256("a .\nb .\nc .\n")
        assert_eq!(
            stats[0].sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(stats[1].sha256, hex(&Sha256::digest(b"a .\nb .\nc .\n")));
    }
}
