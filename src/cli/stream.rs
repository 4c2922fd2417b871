//! `kgforge build --stream`: the N-Triples or N-Quads of a CSV dataset built as a stream
//! (`kgforge::stream`), staged and committed like every build's files.

use std::path::PathBuf;
use std::time::Instant;

use kgforge::export::shards::{Manifest, ShardFile, manifest_file_name, shard_file_name};
use kgforge::export::{Format, Staging};
use kgforge::stream::StreamOptions;

use super::build::Args;
use super::{Failure, Verbosity, display};

pub(crate) fn run(args: &Args, verbosity: Verbosity) -> Result<(), Failure> {
    let started = Instant::now();
    let format = match args.format[..] {
        [f @ (Format::NTriples | Format::NQuads)] => f,
        _ => {
            return Err(Failure::Error(
                "--stream writes N-Triples or N-Quads, one per run: give --format nt or \
                 --format nq (build the other formats without --stream)"
                    .to_string(),
            ));
        }
    };
    if !args.view.is_empty() || !args.render.is_empty() {
        return Err(Failure::Error(
            "--stream writes N-Triples or N-Quads only, not views or drawings".to_string(),
        ));
    }
    std::fs::create_dir_all(&args.out_dir)
        .map_err(|e| Failure::Error(format!("cannot create {}: {e}", args.out_dir.display())))?;
    let options = StreamOptions {
        format,
        nodes: args.statement_nodes,
        shards: args.shards.map(usize::from),
        deny_warnings: args.dataset.deny_warnings,
        part_bytes: kgforge::stream::PART_BYTES,
    };
    // The file names need the dataset's id, which is in its files: named once it is known.
    let mut staging = Staging::new();
    let extension = format.extension();
    let count = options.shards.unwrap_or(1);
    let placeholders: Vec<PathBuf> = (0..count)
        .map(|i| {
            args.out_dir
                .join(format!(".stream-{}-{i}.{extension}", std::process::id()))
        })
        .collect();
    let streamed = staging.stage_many(&placeholders, |writers| {
        kgforge::stream::build(&args.dataset.dataset, &args.out_dir, &options, writers)
    })?;
    super::print_diagnostics(&streamed.diagnostics, &args.dataset, verbosity);
    if !streamed.written {
        return Err(Failure::Invalid);
    }
    let stem = &streamed.id;
    let names: Vec<String> = match options.shards {
        Some(n) => (0..n)
            .map(|i| shard_file_name(stem, i, n, extension))
            .collect(),
        None => vec![format!("{stem}.{extension}")],
    };
    let mut written: Vec<PathBuf> = names.iter().map(|n| args.out_dir.join(n)).collect();
    staging.retarget(&placeholders, &written);
    if options.shards.is_some() {
        let files = names
            .into_iter()
            .zip(&streamed.shards)
            .map(|(path, s)| ShardFile {
                path,
                triples: s.triples,
                bytes: s.bytes,
                sha256: s.sha256.clone(),
            })
            .collect();
        let manifest = Manifest::new(format, stem, streamed.graph.clone(), files);
        let path = args.out_dir.join(manifest_file_name(stem, extension));
        staging.stage(&path, |w| {
            serde_json::to_writer_pretty(&mut *w, &manifest)
                .map_err(|e| kgforge::Error::Export(e.to_string()))?;
            std::io::Write::write_all(w, b"\n").map_err(|e| kgforge::Error::Export(e.to_string()))
        })?;
        written.push(path);
    }
    for (name, bytes) in kgforge::stream::companions(&streamed, format) {
        let path = args.out_dir.join(name);
        staging.stage(&path, |w| {
            std::io::Write::write_all(w, &bytes).map_err(|e| kgforge::Error::Export(e.to_string()))
        })?;
        written.push(path);
    }
    staging.commit()?;
    if verbosity != Verbosity::Quiet {
        let names: Vec<_> = written
            .iter()
            .map(|p| {
                p.strip_prefix(&args.out_dir)
                    .unwrap_or(p)
                    .display()
                    .to_string()
            })
            .collect();
        eprintln!(
            "kgforge: streamed {} statement(s); wrote {} file(s) to {}/: {}{}",
            streamed.statements,
            written.len(),
            display(&args.out_dir),
            names.join(", "),
            if verbosity == Verbosity::Verbose {
                format!(" in {:.2?}", started.elapsed())
            } else {
                String::new()
            }
        );
    }
    Ok(())
}
