//! `kgforge build`: validate a dataset and write its exports.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kgforge::KnowledgeGraph;
use kgforge::export::dot::DotExporter;
use kgforge::export::parquet::{ParquetExporter, Table};
use kgforge::export::rdf::{RdfExporter, StatementNodes};
use kgforge::export::{self, Format, RenderError};

use super::console::say;
use super::draw::DrawArgs;
use super::progress::Progress;
use super::{CheckArgs, DatasetArgs, DatasetOperand, Failure, Verbosity, display};

/// Above this many entities a default build skips the SVG (with a note): Graphviz's layout
/// time grows far faster than the graph. Graphviz 2.43, generated datasets with twice as many
/// relations as entities, CPU seconds: 100 entities 0.3, 300 entities 14, 500 entities 40,
/// 750 entities 84, 1,000 entities more than 15 minutes (README.md). `--format svg` or
/// `--render svg` draws it anyway.
pub(crate) const DEFAULT_DRAWING_MAX_ENTITIES: usize = 300;

/// How long Graphviz may draw by default, in seconds.
const DEFAULT_GRAPHVIZ_TIMEOUT: u64 = 120;

/// The Graphviz options of `build` and `subgraph`.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct GraphvizArgs {
    /// Stop Graphviz after this many seconds (0: no limit).
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = DEFAULT_GRAPHVIZ_TIMEOUT,
        long_help = "Stop Graphviz `dot` when it is still drawing after this many seconds (0: \
no limit). A default build then skips the SVG with a note; when the drawing was asked for \
(--format svg, --render svg or png, subgraph --format svg) the command fails and writes \
nothing.\n\nExample: kgforge build data/big --format svg --graphviz-timeout 900"
    )]
    pub graphviz_timeout: u64,
}

impl GraphvizArgs {
    /// The time limit, `None` for none.
    pub(crate) fn timeout(&self) -> Option<Duration> {
        (self.graphviz_timeout > 0).then(|| Duration::from_secs(self.graphviz_timeout))
    }
}

/// Arguments of `kgforge build`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
DATASET may be a directory of TOML files, a directory of CSV files (entities.csv,
relations.csv, statements.csv; or any CSV files a mapping.toml describes), or a kgforge .json
export (which loads back losslessly).

Examples:
  kgforge build                                  every format of the default dataset into exports/
  kgforge build data/my-dataset -o out --format ttl,dot
  kgforge build exports/manchuria-1945.json -o out   a JSON export
  kgforge build data/gephi-export -o out             CSV with a mapping.toml (docs/FORMAT.md)
  kgforge build data/my-dataset --watch          again each time a file changes (Ctrl-C stops)
  kgforge build --format dot --render png        also draw a PNG with Graphviz
  kgforge build data/bulk-csv -o out --format nt  a CSV dataset (entities.csv, relations.csv)
  kgforge build --view soviet-command --lang ru   one view's DOT and SVG, names in Russian

Formats: dot, svg, png, json, ttl, nt, nq, trig, jsonld, rdf (RDF/XML), graphml, gexf, mmd
(Mermaid), cyjs (Cytoscape.js), html (the explorer), parquet (eight tables,
{dataset}.{table}.parquet: docs/parquet.md).
SVG and PNG are drawn by Graphviz `dot`. A default build skips an SVG, with a note, when its
drawing has more than 300 entities, or when Graphviz is missing, fails or runs past
--graphviz-timeout; with --format svg or --render svg those fail the build instead.
Each view the dataset declares ([views.<id>]) is drawn as views/<id>.dot and views/<id>.svg.

One build writes into a directory at a time: a second one waits for the first. Files are
written beside their targets and renamed into place together once all are complete; a
build that is interrupted leaves the earlier files as they were (see README.md).")]
pub(crate) struct Args {
    #[command(flatten)]
    pub(super) dataset: DatasetOperand,
    #[command(flatten)]
    pub(super) check: CheckArgs,
    /// Build again whenever a file of the dataset changes, until interrupted.
    #[arg(long)]
    watch: bool,
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
    #[command(flatten)]
    graphviz: GraphvizArgs,
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
    let dataset = DatasetArgs {
        dataset: args.dataset.path()?,
        deny_warnings: args.check.deny_warnings,
        short: args.check.short,
    };
    if args.watch {
        return super::watch::watch(&dataset.dataset, verbosity, || {
            once(&args, &dataset, verbosity)
        });
    }
    once(&args, &dataset, verbosity)
}

/// One build.
fn once(args: &Args, dataset: &DatasetArgs, verbosity: Verbosity) -> Result<(), Failure> {
    let started = Instant::now();
    if args.out_dir.exists() && !args.out_dir.is_dir() {
        return Err(Failure::Error(format!(
            "{} is a file: `build -o` names the directory the exports are written into",
            display(&args.out_dir)
        )));
    }
    if args.stream {
        return super::stream::run(args, dataset, verbosity);
    }
    if let Some(bad) = args.render.iter().find(|f| !f.needs_graphviz()) {
        return Err(Failure::Error(format!(
            "--render takes svg or png, not {}",
            bad.name()
        )));
    }
    let graph = super::open(dataset, verbosity)?;
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

    // One writer at a time in the directory, from the first temporary file to the commit;
    // all or nothing: the files are renamed into place only once every one is written.
    let staging = open_staging(&args.out_dir, verbosity)?;
    let stem = &graph.dataset().meta.id;
    let mut out = Outputs {
        staging,
        written: Vec::new(),
        verbosity,
        started,
        asked: formats_asked(args),
        graphviz: &args.graphviz,
    };
    if args.view.is_empty() {
        let mut dot_text: Option<Vec<u8>> = None;
        // The DOT text is kept in memory only for a drawing that will be made; a bulk graph's
        // DOT (gigabytes) is streamed to its file like every other export.
        let entities = graph.dataset().entities.len();
        let drawing = formats.iter().any(|f| {
            f.needs_graphviz()
                && (out.asked.contains(f) || entities <= DEFAULT_DRAWING_MAX_ENTITIES)
        });
        for &format in &formats {
            let name = format!("{stem}.{}", format.extension());
            if format == Format::Dot && !drawing {
                let exporter = args.draw.exporter(None);
                let path = args.out_dir.join(&name);
                let progress = Progress::new(verbosity);
                out.staging.stage(&name, |w| {
                    let w = progress.writer(format!("writing {}", display(&path)), w);
                    exporter
                        .export(&graph, w)
                        .map(drop)
                        .map_err(|e| kgforge::Error::Export(e.to_string()))
                })?;
                out.built(&name);
                continue;
            }
            if format.needs_graphviz()
                && !out.asked.contains(&format)
                && entities > DEFAULT_DRAWING_MAX_ENTITIES
            {
                // Skipped before any DOT text is made for it.
                let path = args.out_dir.join(&name);
                note_skipped(format, &path, &too_big_to_draw(entities), verbosity);
                continue;
            }
            if format == Format::Dot || format.needs_graphviz() {
                let dot = match &dot_text {
                    Some(d) => d,
                    None => dot_text.insert(diagram(&args.draw.exporter(None), &graph)?),
                };
                out.diagram(&graph, &name, dot, format)?;
                continue;
            }
            if format == Format::Mermaid && !out.asked.contains(&format) {
                // Past Mermaid's limits a default build goes on without the flowchart (an
                // explicit --format mmd fails, saying so); it is small, so built in memory.
                match export::export(&graph, format, Vec::new()) {
                    Ok(text) => out.stage(&name, &text)?,
                    Err(e) => {
                        if verbosity != Verbosity::Quiet {
                            say!("note: skipped {name}: {e}");
                        }
                    }
                }
                continue;
            }
            if format == Format::Parquet {
                // A set of tables, one file each: {stem}.{table}.parquet.
                for table in Table::ALL {
                    let name = table.file_name(stem);
                    let path = args.out_dir.join(&name);
                    let progress = Progress::new(verbosity);
                    out.staging.stage(&name, |w| {
                        let w = progress.writer(format!("writing {}", display(&path)), w);
                        ParquetExporter::new().export(&graph, table, w).map(drop)
                    })?;
                    out.built(&name);
                }
                continue;
            }
            if let Some(shards) = args.shards
                && sharded(&format)
            {
                let exporter = RdfExporter::new(format).with_statement_nodes(args.statement_nodes);
                out.shards(&exporter, &graph, usize::from(shards))?;
                continue;
            }
            let progress = Progress::new(verbosity);
            let path = args.out_dir.join(&name);
            out.staging.stage(&name, |w| {
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
            out.built(&name);
        }
        // The schema, vocabulary, shapes and context travel with the exports they describe.
        for (name, bytes) in export::companions(&graph, &formats) {
            out.stage(&name, &bytes)?;
        }
    }
    for view in views.into_iter().filter(|_| !diagrams.is_empty()) {
        let part = graph.view(view);
        let dot = diagram(&args.draw.exporter(Some(view)), &part)?;
        for &format in &diagrams {
            let name = format!("views/{}.{}", view.id, format.extension());
            out.diagram(&part, &name, &dot, format)?;
        }
    }
    // A bulk graph has millions of small allocations; the process is about to exit, and
    // the operating system frees them at once (unless --watch builds again).
    if args.watch {
        drop(graph);
    } else {
        std::mem::forget(graph);
    }
    let Outputs {
        staging, written, ..
    } = out;
    staging.commit()?;
    say_wrote("", &written, &args.out_dir, verbosity, started);
    Ok(())
}

/// Says which files a build wrote where (with the time taken, verbose), after `before`.
pub(super) fn say_wrote(
    before: &str,
    written: &[String],
    dir: &Path,
    verbosity: Verbosity,
    started: Instant,
) {
    if verbosity != Verbosity::Quiet {
        say!(
            "{before}wrote {} file(s) to {}/: {}{}",
            written.len(),
            display(dir),
            written.join(", "),
            if verbosity == Verbosity::Verbose {
                format!(" in {:.2?}", started.elapsed())
            } else {
                String::new()
            }
        );
    }
}

/// The diagram formats named with --format or --render: a drawing that was asked for fails the
/// build when it cannot be made; one a default build makes on its own is skipped with a note.
fn formats_asked(args: &Args) -> Vec<Format> {
    args.format.iter().chain(&args.render).copied().collect()
}

/// The DOT text of a graph.
fn diagram(exporter: &DotExporter, graph: &KnowledgeGraph) -> Result<Vec<u8>, Failure> {
    exporter
        .export(graph, Vec::new())
        .map_err(|e| Failure::Error(e.to_string()))
}

/// The files of one build, staged until every one is complete.
struct Outputs<'a> {
    staging: export::Staging,
    /// Names in the output directory, as staged (`views/<id>.svg` for a view).
    written: Vec<String>,
    verbosity: Verbosity,
    started: Instant,
    asked: Vec<Format>,
    graphviz: &'a GraphvizArgs,
}

impl Outputs<'_> {
    fn built(&mut self, name: &str) {
        if self.verbosity == Verbosity::Verbose {
            // Built beside its target; every output is renamed into place at the end.
            say!(
                "built {} ({:.2?} since the start)",
                display(&self.staging.dir().join(name)),
                self.started.elapsed()
            );
        }
        self.written.push(name.to_string());
    }

    /// Stages a file whose bytes are already in memory.
    fn stage(&mut self, name: &str, bytes: &[u8]) -> Result<(), Failure> {
        self.staging.stage(name, |w| {
            std::io::Write::write_all(w, bytes).map_err(|e| kgforge::Error::Export(e.to_string()))
        })?;
        self.built(name);
        Ok(())
    }

    /// Writes an N-Triples or N-Quads export in `shards` files and their manifest.
    fn shards(
        &mut self,
        exporter: &RdfExporter,
        graph: &KnowledgeGraph,
        shards: usize,
    ) -> Result<(), Failure> {
        let names = super::stream::stage_shards(&mut self.staging, exporter, graph, shards)?;
        for name in &names {
            self.built(name);
        }
        Ok(())
    }

    /// Writes the DOT text of `graph` as `format`: the text itself, or Graphviz's drawing.
    fn diagram(
        &mut self,
        graph: &KnowledgeGraph,
        name: &str,
        dot: &[u8],
        format: Format,
    ) -> Result<(), Failure> {
        if format == Format::Dot {
            return self.stage(name, dot);
        }
        let path = self.staging.dir().join(name);
        let asked = self.asked.contains(&format);
        match draw(
            graph,
            dot,
            format,
            &path,
            asked,
            self.graphviz,
            self.verbosity,
        )? {
            Drawing::Drawn(drawing) => self.stage(name, &drawing),
            Drawing::Kept => {
                self.written.push(name.to_string());
                Ok(())
            }
            Drawing::Skipped => Ok(()),
        }
    }
}

/// Opens the output directory for writing: waits (saying so) for another kgforge writing
/// into it, and says what an interrupted build left there.
pub(super) fn open_staging(dir: &Path, verbosity: Verbosity) -> Result<export::Staging, Failure> {
    let staging = export::Staging::open(dir, |dir| {
        if verbosity != Verbosity::Quiet {
            say!(
                "waiting for another kgforge to finish writing into {}/ (it holds {})",
                display(dir),
                display(&dir.join(export::LOCK_FILE))
            );
        }
    })?;
    report_recovery(staging.recovered(), dir, verbosity);
    Ok(staging)
}

/// Says what opening the output directory completed or cleaned up.
fn report_recovery(recovery: &export::Recovery, dir: &Path, verbosity: Verbosity) {
    if !recovery.completed.is_empty() && verbosity != Verbosity::Quiet {
        say!(
            "note: an earlier build into {}/ was interrupted while renaming its files into \
             place; completed it ({} file(s))",
            display(dir),
            recovery.completed.len()
        );
    }
    if !recovery.removed.is_empty() && verbosity == Verbosity::Verbose {
        let names: Vec<_> = recovery
            .removed
            .iter()
            .filter_map(|p| p.file_name().and_then(|n| n.to_str()))
            .collect();
        say!(
            "removed {} temporary file(s) left in {}/ by a build that did not finish: {}",
            names.len(),
            display(dir),
            names.join(", ")
        );
    }
}

/// Says that a drawing was skipped, and why.
fn note_skipped(format: Format, path: &Path, why: &str, verbosity: Verbosity) {
    if verbosity != Verbosity::Quiet {
        let earlier = if path.exists() {
            format!(" ({} is from an earlier build)", display(path))
        } else {
            String::new()
        };
        say!(
            "note: skipped {}: {why}{earlier}",
            format.name().to_ascii_uppercase()
        );
    }
}

/// Why a default build does not draw a graph of `entities` entities.
fn too_big_to_draw(entities: usize) -> String {
    format!(
        "{entities} entities are more than a default build draws \
         ({DEFAULT_DRAWING_MAX_ENTITIES}): Graphviz's layout time grows steeply with size \
         (minutes for a few hundred entities); draw a part with `kgforge subgraph ENTITY \
         --format svg -o part.svg`, or ask for the whole with --format svg"
    )
}

/// What became of a drawing.
enum Drawing {
    /// Graphviz drew it.
    Drawn(Vec<u8>),
    /// The SVG in place is a drawing of this DOT already.
    Kept,
    /// Not drawn, with a note saying why (a default build only).
    Skipped,
}

/// Draws the DOT as SVG or PNG, unless an SVG of this DOT is in place already. A drawing
/// that was not `asked` for (the SVG of a default build) is skipped with a note when the
/// graph is too big or Graphviz is missing, fails or runs out of time; one that was asked
/// for fails the build instead.
fn draw(
    graph: &kgforge::KnowledgeGraph,
    dot: &[u8],
    format: Format,
    path: &Path,
    asked: bool,
    graphviz: &GraphvizArgs,
    verbosity: Verbosity,
) -> Result<Drawing, Failure> {
    let skip = |why: String| {
        note_skipped(format, path, &why, verbosity);
        Ok(Drawing::Skipped)
    };
    if format == Format::Svg && already_drawn_from(path, dot) {
        // Redrawing would change only what the installed fonts decide.
        if verbosity == Verbosity::Verbose {
            say!(
                "kept {}: it is a drawing of this DOT already (delete it to redraw)",
                display(path)
            );
        }
        return Ok(Drawing::Kept);
    }
    let entities = graph.dataset().entities.len();
    if !asked && entities > DEFAULT_DRAWING_MAX_ENTITIES {
        return skip(too_big_to_draw(entities));
    }
    let step = Progress::new(verbosity).step(format!(
        "drawing {} with Graphviz ({entities} entities)",
        display(path)
    ));
    let drawn = export::render_with_graphviz_within(dot, format, graphviz.timeout());
    drop(step);
    match drawn {
        Ok((drawing, _warnings)) => Ok(Drawing::Drawn(drawing)),
        Err(e @ RenderError::TimedOut(_)) if !asked => skip(format!(
            "{e} (--graphviz-timeout {}); draw a part with `kgforge subgraph ENTITY --format \
             svg -o part.svg`, or allow more time",
            graphviz.graphviz_timeout
        )),
        // Graphviz failing on a big graph (out of memory, "trouble in init_rank") must not
        // cost the build the files kgforge writes itself.
        Err(e) if !asked => skip(e.to_string()),
        Err(e @ RenderError::TimedOut(_)) => Err(Failure::Error(format!(
            "{e}; nothing was written (allow more time with --graphviz-timeout SECONDS, 0 for \
             no limit)"
        ))),
        Err(e) => Err(Failure::Error(e.to_string())),
    }
}
