//! `kgforge build --stream` and `--shards`: the N-Triples or N-Quads of a CSV dataset built
//! as a stream (`kgforge::stream`), and line outputs split into shards with their manifest;
//! staged and committed like every build's files.

use std::time::Instant;

use kgforge::KnowledgeGraph;
use kgforge::export::rdf::RdfExporter;
use kgforge::export::shards::{Manifest, ShardFile, manifest_file_name, shard_file_name};
use kgforge::export::{Format, Staging};
use kgforge::stream::StreamOptions;

use super::build::{Args, open_staging, say_wrote};
use super::{DatasetArgs, Failure, Verbosity};

pub(crate) fn run(args: &Args, dataset: &DatasetArgs, verbosity: Verbosity) -> Result<(), Failure> {
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
    let options = StreamOptions {
        format,
        nodes: args.statement_nodes,
        shards: args.shards.map(usize::from),
        deny_warnings: dataset.deny_warnings,
        part_bytes: kgforge::stream::PART_BYTES,
    };
    let mut staging = open_staging(&args.out_dir, verbosity)?;
    // The file names need the dataset's id, which is in its files: named once it is known.
    let extension = format.extension();
    let count = options.shards.unwrap_or(1);
    let placeholders: Vec<String> = (0..count)
        .map(|i| format!("stream-{}-{i}.{extension}", std::process::id()))
        .collect();
    let streamed = staging.stage_many(&placeholders, |writers| {
        kgforge::stream::build(&dataset.dataset, &args.out_dir, &options, writers)
    })?;
    super::print_diagnostics(&streamed.diagnostics, dataset, verbosity);
    if !streamed.written {
        return Err(Failure::Invalid);
    }
    let stem = &streamed.id;
    let mut written: Vec<String> = match options.shards {
        Some(n) => (0..n)
            .map(|i| shard_file_name(stem, i, n, extension))
            .collect(),
        None => vec![format!("{stem}.{extension}")],
    };
    staging.retarget(&placeholders, &written)?;
    if options.shards.is_some() {
        let files = written
            .iter()
            .zip(&streamed.shards)
            .map(|(path, s)| ShardFile {
                path: path.clone(),
                triples: s.triples,
                bytes: s.bytes,
                sha256: s.sha256.clone(),
            })
            .collect();
        let manifest = Manifest::new(format, stem, streamed.graph.clone(), files);
        written.push(stage_manifest(&mut staging, extension, &manifest)?);
    }
    for (name, bytes) in kgforge::stream::companions(&streamed, format) {
        staging.stage(&name, |w| {
            std::io::Write::write_all(w, &bytes).map_err(|e| kgforge::Error::Export(e.to_string()))
        })?;
        written.push(name);
    }
    staging.commit()?;
    let streamed = format!("streamed {} statement(s); ", streamed.statements);
    say_wrote(&streamed, &written, &args.out_dir, verbosity, started);
    Ok(())
}

/// Stages an N-Triples or N-Quads export of `graph` in `shards` files and their manifest;
/// the names staged.
pub(super) fn stage_shards(
    staging: &mut Staging,
    exporter: &RdfExporter,
    graph: &KnowledgeGraph,
    shards: usize,
) -> Result<Vec<String>, Failure> {
    let stem = &graph.dataset().meta.id;
    let extension = exporter.format().extension();
    let mut names: Vec<String> = (0..shards)
        .map(|i| shard_file_name(stem, i, shards, extension))
        .collect();
    let stats = staging.stage_many(&names, |writers| {
        exporter
            .export_shards(graph, writers)
            .map_err(|e| kgforge::Error::Export(e.to_string()))
    })?;
    let files = names
        .iter()
        .zip(stats)
        .map(|(path, s)| ShardFile {
            path: path.clone(),
            triples: s.triples,
            bytes: s.bytes,
            sha256: s.sha256,
        })
        .collect();
    let graph_name = match exporter.graph_name(graph) {
        oxrdf::GraphName::NamedNode(n) => Some(n.into_string()),
        _ => None,
    };
    let manifest = Manifest::new(exporter.format(), stem, graph_name, files);
    names.push(stage_manifest(staging, extension, &manifest)?);
    Ok(names)
}

/// Stages the manifest of sharded files with this extension; its name.
fn stage_manifest(
    staging: &mut Staging,
    extension: &str,
    manifest: &Manifest,
) -> Result<String, Failure> {
    let name = manifest_file_name(&manifest.dataset, extension);
    staging.stage(&name, |w| {
        serde_json::to_writer_pretty(&mut *w, manifest)
            .map_err(|e| kgforge::Error::Export(e.to_string()))?;
        std::io::Write::write_all(w, b"\n").map_err(|e| kgforge::Error::Export(e.to_string()))
    })?;
    Ok(name)
}
