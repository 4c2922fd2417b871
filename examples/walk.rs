//! Walks the default dataset from the Yalta Conference to the prisoners' repatriation, printing
//! each statement on the way with its sources, then the figures the sources give for the
//! prisoners.
//!
//! ```sh
//! cargo run --example walk
//! ```

use std::path::Path;
use std::process::ExitCode;

use kgforge::query::{Direction, Filter};
use kgforge::{KnowledgeGraph, Rank, Value};

fn main() -> ExitCode {
    let loaded = match kgforge::load(Path::new("data/manchuria-1945")) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("walk: {e} (run it from the repository root)");
            return ExitCode::from(2);
        }
    };
    let report = kgforge::validate(loaded, false);
    let Some(dataset) = report.dataset else {
        eprint!("{}", report.diagnostics.render());
        return ExitCode::from(1);
    };
    let graph = KnowledgeGraph::new(dataset);
    let languages = &graph.dataset().meta.languages;

    let (from, to) = ("yalta_conference", "repatriation");
    let Some(path) = graph.shortest_path(from, to, Direction::Both, &Filter::new()) else {
        eprintln!("walk: no path from {from} to {to}");
        return ExitCode::from(1);
    };
    println!(
        "From the Yalta Conference to the repatriation, {} statements:\n",
        path.len()
    );
    for step in &path {
        let predicate = graph
            .predicate(&step.statement.predicate)
            .map_or(step.statement.predicate.as_str(), |p| p.label.as_str());
        let (subject, object) = if step.forward {
            (step.from, step.to)
        } else {
            (step.to, step.from)
        };
        let sources: Vec<String> = step
            .statement
            .references()
            .iter()
            .map(|r| format!("{} {}", r.source, r.locator()))
            .collect();
        println!(
            "  {} — {predicate} → {}\n      sources: {}",
            subject.label_in(languages),
            object.label_in(languages),
            sources.join("; ")
        );
    }

    println!("\nWhat the sources say about the prisoners:\n");
    for s in graph.literal_statements("japanese_pows") {
        if let Value::Quantity(q) = &s.value {
            let rank = match s.rank {
                Rank::Preferred => " (preferred)",
                Rank::Deprecated => " (deprecated)",
                Rank::Normal => "",
            };
            let source = s.references().first().map_or("", |r| r.source.as_str());
            let scope: Vec<&str> = s.qualifiers().other.values().map(String::as_str).collect();
            let scope = if scope.is_empty() {
                String::new()
            } else {
                format!("\n      ({})", scope.join("; "))
            };
            println!(
                "  {:<22} {:<26} {source}{rank}{scope}",
                s.predicate,
                q.to_string()
            );
        }
    }
    ExitCode::SUCCESS
}
