//! `kgforge build`: validate a dataset and write its exports.

use std::path::PathBuf;
use std::time::Instant;

use kgforge::KnowledgeGraph;
use kgforge::export::dot::DotExporter;
use kgforge::export::rdf::{RdfExporter, StatementNodes};
use kgforge::export::{self, Format, RenderError};

use super::draw::DrawArgs;
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
  kgforge build --view soviet-command --lang ru   one view's DOT and SVG, names in Russian

Formats: dot, svg, png, json, ttl, nt, nq, trig, jsonld, rdf (RDF/XML).
SVG and PNG are drawn by Graphviz `dot`; without it the default build skips SVG with a note.
Each view the dataset declares ([views.<id>]) is drawn as views/<id>.dot and views/<id>.svg.")]
pub(crate) struct Args {
    #[command(flatten)]
    pub(super) dataset: DatasetArgs,
    /// Directory for the exports (created if missing).
    #[arg(short, long, value_name = "DIR", default_value = "exports")]
    pub(super) out_dir: PathBuf,
    /// Formats to write (repeat or separate with commas) [default: all but png].
    #[arg(short, long, value_name = "FMT", value_delimiter = ',', value_parser = parse_format)]
    pub(super) format: Vec<Format>,
    /// Also draw the DOT export with Graphviz: svg or png.
    #[arg(long, value_name = "KIND", value_delimiter = ',', value_parser = parse_format)]
    pub(super) render: Vec<Format>,
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
    pub(super) statement_nodes: StatementNodes,
    /// Split the N-Triples and N-Quads outputs into N files by a hash of each subject, with a
    /// manifest.
    #[arg(
        long,
        value_name = "N",
        value_parser = clap::value_parser!(u16).range(1..=kgforge::export::shards::MAX_SHARDS as i64),
        long_help = "Split the N-Triples and N-Quads outputs into N files by a hash of each \
triple's subject (XXH3-64 of the subject IRI, modulo N), for parallel bulk loaders: \
{id}-00000-of-0000N.nq … and {id}.nq.manifest.json, which lists each file with its triple \
count, size and SHA-256. The files together hold exactly the lines of the single file.\n\n\
Example: kgforge build data/bulk -o out --format nq --shards 16"
    )]
    pub(super) shards: Option<u16>,
    /// Build N-Triples or N-Quads of a CSV dataset as a stream, in memory that grows with its
    /// entities, not its statements.
    #[arg(
        long,
        long_help = "Build the N-Triples or N-Quads (--format nt or --format nq, one of them) of a \
CSV dataset as a stream: the statement files (relations.csv, statements.csv) are read block by \
block and sorted by subject on disk beside the output, so that memory grows with the entities \
and the largest group of statements, not with all of them, and statement files of any size are \
read. Every validation rule runs and the bytes are those of a build without --stream. \
Refused: other formats, views, statements in TOML files.\n\n\
Example: kgforge build data/huge -o out --format nq --stream --shards 16"
    )]
    pub(super) stream: bool,
    /// Draw only this view (repeatable): its DOT and SVG (or the diagram formats given with
    /// --format), and nothing else.
    #[arg(long, value_name = "VIEW")]
    pub(super) view: Vec<String>,
    #[command(flatten)]
    draw: DrawArgs,
}

/// "no view …" as a usage error, listing the views there are.
pub(crate) fn unknown_view(graph: &KnowledgeGraph, id: &str) -> Failure {
    let ids: Vec<&str> = graph
        .dataset()
        .views
        .iter()
        .map(|v| v.id.as_str())
        .collect();
    Failure::Error(if ids.is_empty() {
        format!("no view \"{id}\": the dataset declares none ([views.<id>], see docs/FORMAT.md)")
    } else {
        format!(
            "no view \"{id}\"; the dataset's views are: {}",
            ids.join(", ")
        )
    })
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
    if args.stream {
        return super::stream::run(&args, verbosity);
    }
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
    let diagrams: Vec<Format> = formats
        .iter()
        .copied()
        .filter(|f| *f == Format::Dot || f.needs_graphviz())
        .collect();
    // The views to draw: all, or those named with --view (then nothing else is written).
    let views: Vec<&kgforge::View> = if args.view.is_empty() {
        graph.dataset().views.iter().collect()
    } else {
        if let Some(other) = formats
            .iter()
            .find(|f| explicit && !diagrams.contains(f))
            .or(diagrams.is_empty().then_some(&Format::Json))
        {
            return Err(Failure::Error(format!(
                "--view draws diagrams (dot, svg, png), not {}; for other formats use \
                 `kgforge subgraph --view ID --format {}`",
                other.name(),
                other.name()
            )));
        }
        let mut chosen = Vec::new();
        for id in &args.view {
            let view = graph.dataset().views.iter().find(|v| v.id == *id);
            chosen.push(view.ok_or_else(|| unknown_view(&graph, id))?);
        }
        chosen
    };

    let sharded = |f: &Format| matches!(f, Format::NTriples | Format::NQuads);
    if args.shards.is_some() && !formats.iter().any(sharded) {
        return Err(Failure::Error(
            "--shards splits the N-Triples and N-Quads outputs: add --format nt or --format nq"
                .to_string(),
        ));
    }
    std::fs::create_dir_all(&args.out_dir)
        .map_err(|e| Failure::Error(format!("cannot create {}: {e}", args.out_dir.display())))?;
    let stem = &graph.dataset().meta.id;
    // All or nothing: the files are renamed into place only once every one is written.
    let mut out = Outputs {
        staging: export::Staging::new(),
        written: Vec::new(),
        verbosity,
        started,
        may_skip_drawings: !explicit && args.render.is_empty(),
        noted_skip: false,
    };
    if args.view.is_empty() {
        let mut dot_text: Option<Vec<u8>> = None;
        for &format in &formats {
            let path = args.out_dir.join(format!("{stem}.{}", format.extension()));
            if format == Format::Dot || format.needs_graphviz() {
                let dot = match &dot_text {
                    Some(d) => d,
                    None => dot_text.insert(diagram(&args.draw.exporter(None), &graph)?),
                };
                out.diagram(&path, dot, format)?;
                continue;
            }
            if format == Format::Mermaid && out.may_skip_drawings {
                // Past Mermaid's limits a default build goes on without the flowchart (an
                // explicit --format mmd fails, saying so); it is small, so built in memory.
                match export::export(&graph, format, Vec::new()) {
                    Ok(text) => {
                        out.staging.stage(&path, |w| {
                            std::io::Write::write_all(w, &text)
                                .map_err(|e| kgforge::Error::Export(e.to_string()))
                        })?;
                        out.built(path);
                    }
                    Err(e) => {
                        if verbosity != Verbosity::Quiet {
                            eprintln!("kgforge: note: skipped {}: {e}", display(&path));
                        }
                    }
                }
                continue;
            }
            if let Some(shards) = args.shards
                && sharded(&format)
            {
                let exporter = RdfExporter::new(format).with_statement_nodes(args.statement_nodes);
                out.shards(&exporter, &graph, &args.out_dir, usize::from(shards))?;
                continue;
            }
            let progress = Progress::new(verbosity);
            out.staging.stage(&path, |w| {
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
            out.built(path);
        }
        // The schema, vocabulary, shapes and context travel with the exports they describe.
        for (name, bytes) in export::companions(&graph, &formats) {
            let path = args.out_dir.join(name);
            out.staging.stage(&path, |w| {
                std::io::Write::write_all(w, &bytes)
                    .map_err(|e| kgforge::Error::Export(e.to_string()))
            })?;
            out.written.push(path);
        }
    }
    if !views.is_empty() && !diagrams.is_empty() {
        let dir = args.out_dir.join("views");
        std::fs::create_dir_all(&dir)
            .map_err(|e| Failure::Error(format!("cannot create {}: {e}", dir.display())))?;
        for view in views {
            let dot = diagram(&args.draw.exporter(Some(view)), &graph.view(view))?;
            for &format in &diagrams {
                let path = dir.join(format!("{}.{}", view.id, format.extension()));
                out.diagram(&path, &dot, format)?;
            }
        }
    }
    // A bulk graph has millions of small allocations; the process is about to exit, and
    // the operating system frees them at once.
    std::mem::forget(graph);
    let Outputs {
        staging, written, ..
    } = out;
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

/// The DOT text of a graph.
fn diagram(exporter: &DotExporter, graph: &KnowledgeGraph) -> Result<Vec<u8>, Failure> {
    exporter
        .export(graph, Vec::new())
        .map_err(|e| Failure::Error(e.to_string()))
}

/// The files of one build, staged until every one is complete.
struct Outputs {
    staging: export::Staging,
    written: Vec<PathBuf>,
    verbosity: Verbosity,
    started: Instant,
    /// Whether a drawing may be skipped, with a note, when Graphviz is missing (a default
    /// build; not when SVG or PNG was asked for).
    may_skip_drawings: bool,
    noted_skip: bool,
}

impl Outputs {
    fn built(&mut self, path: PathBuf) {
        if self.verbosity == Verbosity::Verbose {
            // Built beside its target; every output is renamed into place at the end.
            eprintln!(
                "kgforge: built {} ({:.2?} since the start)",
                display(&path),
                self.started.elapsed()
            );
        }
        self.written.push(path);
    }

    /// Writes an N-Triples or N-Quads export in `shards` files and their manifest.
    fn shards(
        &mut self,
        exporter: &RdfExporter,
        graph: &KnowledgeGraph,
        dir: &std::path::Path,
        shards: usize,
    ) -> Result<(), Failure> {
        use kgforge::export::shards::{Manifest, ShardFile, manifest_file_name, shard_file_name};
        let stem = &graph.dataset().meta.id;
        let extension = exporter.format().extension();
        let names: Vec<String> = (0..shards)
            .map(|i| shard_file_name(stem, i, shards, extension))
            .collect();
        let paths: Vec<PathBuf> = names.iter().map(|n| dir.join(n)).collect();
        let stats = self.staging.stage_many(&paths, |writers| {
            exporter
                .export_shards(graph, writers)
                .map_err(|e| kgforge::Error::Export(e.to_string()))
        })?;
        let files = names
            .into_iter()
            .zip(stats)
            .map(|(path, s)| ShardFile {
                path,
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
        let path = dir.join(manifest_file_name(stem, extension));
        self.staging.stage(&path, |w| {
            serde_json::to_writer_pretty(&mut *w, &manifest)
                .map_err(|e| kgforge::Error::Export(e.to_string()))?;
            std::io::Write::write_all(w, b"\n").map_err(|e| kgforge::Error::Export(e.to_string()))
        })?;
        for p in paths {
            self.built(p);
        }
        self.built(path);
        Ok(())
    }

    /// Writes DOT text as `format`: the text itself, or Graphviz's drawing of it.
    fn diagram(
        &mut self,
        path: &std::path::Path,
        dot: &[u8],
        format: Format,
    ) -> Result<(), Failure> {
        let bytes = if format == Format::Dot {
            dot.to_vec()
        } else if format == Format::Svg && already_drawn_from(path, dot) {
            // Redrawing would change only what the installed fonts decide.
            if self.verbosity == Verbosity::Verbose {
                eprintln!(
                    "kgforge: kept {}: it is a drawing of this DOT already (delete it to redraw)",
                    display(path)
                );
            }
            self.written.push(path.to_path_buf());
            return Ok(());
        } else {
            match export::render_with_graphviz(dot, format) {
                Ok((drawing, _warnings)) => drawing,
                Err(RenderError::NotInstalled(what)) if self.may_skip_drawings => {
                    if self.verbosity != Verbosity::Quiet && !self.noted_skip {
                        eprintln!(
                            "kgforge: note: skipped {what}: {}",
                            RenderError::NotInstalled(what)
                        );
                    }
                    self.noted_skip = true;
                    return Ok(());
                }
                Err(e) => return Err(Failure::Error(e.to_string())),
            }
        };
        self.staging.stage(path, |w| {
            std::io::Write::write_all(w, &bytes).map_err(|e| kgforge::Error::Export(e.to_string()))
        })?;
        self.built(path.to_path_buf());
        Ok(())
    }
}
