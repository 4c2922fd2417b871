//! `kgforge build`: validate a dataset and write its exports.

use std::path::PathBuf;
use std::time::Instant;

use kgforge::export::rdf::{RdfExporter, StatementNodes};
use kgforge::export::{self, Format, RenderError};

use super::progress::Progress;
use super::{DatasetArgs, Failure, Verbosity, display};

/// Arguments of `kgforge build`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  kgforge build                                  every format of the default dataset into exports/
  kgforge build data/my-dataset -o out --format ttl,dot
  kgforge build --format dot --render png        also draw a PNG with Graphviz
  kgforge build data/bulk-csv -o out --format nt  a CSV dataset (entities.csv, relations.csv)

Formats: dot, svg, png, json, ttl, nt, nq, trig, jsonld, rdf (RDF/XML).
SVG and PNG are drawn by Graphviz `dot`; without it the default build skips SVG with a note.")]
pub(crate) struct Args {
    #[command(flatten)]
    dataset: DatasetArgs,
    /// Directory for the exports (created if missing).
    #[arg(short, long, value_name = "DIR", default_value = "exports")]
    out_dir: PathBuf,
    /// Formats to write (repeat or separate with commas) [default: all but png].
    #[arg(short, long, value_name = "FMT", value_delimiter = ',', value_parser = parse_format)]
    format: Vec<Format>,
    /// Also draw the DOT export with Graphviz: svg or png.
    #[arg(long, value_name = "KIND", value_delimiter = ',', value_parser = parse_format)]
    render: Vec<Format>,
    /// RDF statement nodes: for every statement, or for annotated ones only.
    #[arg(
        long,
        value_name = "WHICH",
        default_value = "all",
        value_parser = parse_statement_nodes,
        long_help = "Which statements get an RDF statement node (wikibase:Statement, linked by \
p:) beside the direct triple of the best-ranked ones. `all` (the default): every statement, as \
in Wikidata's dumps. `annotated`: only those the direct layer cannot say whole (a rank other \
than normal or not the best, qualifiers, references, a dispute, a note, a date, a span, a \
quantity's bound or unit); a plain bulk row is then one triple.\n\n\
Example: kgforge build data/bulk -o out --format nt --statement-nodes annotated"
    )]
    statement_nodes: StatementNodes,
}

fn parse_statement_nodes(name: &str) -> Result<StatementNodes, String> {
    match name {
        "annotated" => Ok(StatementNodes::Annotated),
        "all" => Ok(StatementNodes::All),
        _ => Err(format!(
            "unknown choice \"{name}\"; choose annotated or all"
        )),
    }
}

/// Whether the SVG at `path` was drawn from exactly this DOT (its stamp says so).
fn already_drawn_from(path: &std::path::Path, dot: &[u8]) -> bool {
    std::fs::read(path)
        .ok()
        .is_some_and(|svg| export::svg_drawn_from(&svg) == Some(export::dot_digest(dot).as_str()))
}

pub(crate) fn parse_format(name: &str) -> Result<Format, String> {
    Format::from_name(name).ok_or_else(|| {
        let names: Vec<_> = Format::ALL.iter().map(|f| f.name()).collect();
        format!(
            "unknown format \"{name}\"; choose from {}",
            names.join(", ")
        )
    })
}

pub(crate) fn run(args: Args, verbosity: Verbosity) -> Result<(), Failure> {
    let started = Instant::now();
    let graph = super::open(&args.dataset, verbosity)?;
    if let Some(bad) = args.render.iter().find(|f| !f.needs_graphviz()) {
        return Err(Failure::Error(format!(
            "--render takes svg or png, not {}",
            bad.name()
        )));
    }
    let explicit = !args.format.is_empty();
    let mut formats: Vec<Format> = if explicit {
        args.format.clone()
    } else {
        Format::DEFAULT.to_vec()
    };
    formats.extend(&args.render);
    formats.sort();
    formats.dedup();

    std::fs::create_dir_all(&args.out_dir)
        .map_err(|e| Failure::Error(format!("cannot create {}: {e}", args.out_dir.display())))?;
    let stem = &graph.dataset().meta.id;
    let mut written = Vec::new();
    let mut dot_text: Option<Vec<u8>> = None;
    // All or nothing: the files are renamed into place only once every one is written.
    let mut staging = export::Staging::new();
    let built = formats.clone();
    for format in formats {
        let path = args.out_dir.join(format!("{stem}.{}", format.extension()));
        if format.needs_graphviz() {
            let dot = match &dot_text {
                Some(d) => d,
                None => dot_text.insert(export::export(&graph, Format::Dot, Vec::new())?),
            };
            if format == Format::Svg && already_drawn_from(&path, dot) {
                // Redrawing would change only what the installed fonts decide.
                if verbosity == Verbosity::Verbose {
                    eprintln!(
                        "kgforge: kept {}: it is a drawing of this DOT already (delete it to redraw)",
                        display(&path)
                    );
                }
                written.push(path);
                continue;
            }
            match export::render_with_graphviz(dot, format) {
                Ok((drawing, _warnings)) => {
                    staging.stage(&path, |w| {
                        std::io::Write::write_all(w, &drawing)
                            .map_err(|e| kgforge::Error::Export(e.to_string()))
                    })?;
                }
                Err(RenderError::NotInstalled(what)) if !explicit && args.render.is_empty() => {
                    if verbosity != Verbosity::Quiet {
                        eprintln!(
                            "kgforge: note: skipped {what}: {}",
                            RenderError::NotInstalled(what)
                        );
                    }
                    continue;
                }
                Err(e) => return Err(Failure::Error(e.to_string())),
            }
        } else {
            let progress = Progress::new(verbosity);
            staging.stage(&path, |w| {
                let w = progress.writer(format!("writing {}", display(&path)), w);
                if format.is_rdf() {
                    RdfExporter::new(format)
                        .with_statement_nodes(args.statement_nodes)
                        .export(&graph, w)
                        .map(drop)
                        .map_err(|e| kgforge::Error::Export(e.to_string()))
                } else {
                    export::export(&graph, format, w).map(drop)
                }
            })?;
        }
        if verbosity == Verbosity::Verbose {
            // Built beside its target; every output is renamed into place at the end.
            eprintln!(
                "kgforge: built {} ({:.2?} since the start)",
                display(&path),
                started.elapsed()
            );
        }
        written.push(path);
    }
    // The schema, vocabulary, shapes and context travel with the exports they describe.
    for (name, bytes) in export::companions(&graph, &built) {
        let path = args.out_dir.join(name);
        staging.stage(&path, |w| {
            std::io::Write::write_all(w, &bytes).map_err(|e| kgforge::Error::Export(e.to_string()))
        })?;
        written.push(path);
    }
    // A bulk graph has millions of small allocations; the process is about to exit, and
    // the operating system frees them at once.
    std::mem::forget(graph);
    staging.commit()?;
    if verbosity != Verbosity::Quiet {
        let names: Vec<_> = written
            .iter()
            .filter_map(|p| p.file_name().and_then(|e| e.to_str()))
            .collect();
        eprintln!(
            "kgforge: wrote {} file(s) to {}/: {}{}",
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
