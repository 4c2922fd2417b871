//! What the drawing commands share: the diagram options (`--lang`, `--rankdir`, `--engine`,
//! `--legend`, …), applied on top of a view's own settings, and drawing DOT with Graphviz.

use kgforge::export::dot::{DotExporter, Engine, Legend, RankDir};
use kgforge::export::{self, Format};
use kgforge::{KnowledgeGraph, View};

use super::Failure;

/// Options of the diagrams (DOT, SVG, PNG); each overrides what a view sets.
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct DrawArgs {
    /// Show entity names in this language first (a BCP 47 tag: en, ja, zh, ru, …).
    #[arg(long = "lang", value_name = "LANG", value_parser = parse_language)]
    language: Option<String>,
    /// The direction of the diagram's ranks: TB, LR, BT or RL [default: LR].
    #[arg(long, value_name = "DIR", value_parser = parse_rankdir)]
    rankdir: Option<RankDir>,
    /// The Graphviz layout engine: dot, neato, fdp or sfdp [default: dot].
    #[arg(long, value_name = "ENGINE", value_parser = parse_engine)]
    engine: Option<Engine>,
    /// How much legend to draw: none, compact or full [default: compact].
    #[arg(long, value_name = "MODE", value_parser = parse_legend)]
    legend: Option<Legend>,
    /// Draw each display group as a box around its members (dot and fdp).
    #[arg(long)]
    clusters: bool,
    /// Draw entities that only a qualifier names (`place`) as nodes of their own.
    #[arg(long)]
    qualifier_places: bool,
}

fn parse_language(tag: &str) -> Result<String, String> {
    oxilangtag::LanguageTag::parse(tag)
        .map(|t| t.into_inner().to_string())
        .map_err(|e| format!("\"{tag}\" is not a BCP 47 language tag ({e}); try en, ja, zh or ru"))
}

fn parse_rankdir(code: &str) -> Result<RankDir, String> {
    RankDir::from_code(code)
        .ok_or_else(|| format!("unknown direction \"{code}\"; choose TB, LR, BT or RL"))
}

fn parse_engine(name: &str) -> Result<Engine, String> {
    Engine::from_name(name)
        .ok_or_else(|| format!("unknown engine \"{name}\"; choose dot, neato, fdp or sfdp"))
}

fn parse_legend(name: &str) -> Result<Legend, String> {
    Legend::from_name(name)
        .ok_or_else(|| format!("unknown legend \"{name}\"; choose none, compact or full"))
}

impl DrawArgs {
    /// The exporter for a diagram: the view's settings (if any), then these options.
    pub(crate) fn exporter(&self, view: Option<&View>) -> DotExporter {
        let mut exporter = DotExporter::new();
        if let Some(view) = view {
            exporter = exporter.with_view(view);
        }
        if let Some(l) = &self.language {
            exporter = exporter.with_language(l.clone());
        }
        if let Some(r) = self.rankdir {
            exporter = exporter.with_rankdir(r);
        }
        if let Some(e) = self.engine {
            exporter = exporter.with_engine(e);
        }
        if let Some(l) = self.legend {
            exporter = exporter.with_legend(l);
        }
        if self.clusters {
            exporter = exporter.with_clusters(true);
        }
        if self.qualifier_places {
            exporter = exporter.with_qualifier_places(true);
        }
        exporter
    }
}

/// A graph in `format`: DOT by `exporter`, SVG and PNG drawn from that DOT by Graphviz, any
/// other format by its exporter.
pub(crate) fn export_bytes(
    graph: &KnowledgeGraph,
    format: Format,
    exporter: &DotExporter,
    graphviz: &super::build::GraphvizArgs,
    verbosity: super::Verbosity,
) -> Result<Vec<u8>, Failure> {
    let dot = || {
        exporter
            .export(graph, Vec::new())
            .map_err(|e| Failure::Error(e.to_string()))
    };
    Ok(match format {
        Format::Dot => dot()?,
        f if f.needs_graphviz() => {
            let dot = dot()?;
            let step = super::progress::Progress::new(verbosity).step(format!(
                "drawing {} entities with Graphviz",
                graph.dataset().entities.len()
            ));
            let drawn = export::render_with_graphviz_within(&dot, f, graphviz.timeout());
            drop(step);
            drawn
                .map_err(|e| match e {
                    export::RenderError::TimedOut(_) => Failure::Error(format!(
                        "{e}; nothing was written (allow more time with --graphviz-timeout \
                         SECONDS, 0 for no limit, or draw less with --depth or the filters)"
                    )),
                    e => Failure::Error(e.to_string()),
                })?
                .0
        }
        f => export::export(graph, f, Vec::new())?,
    })
}
