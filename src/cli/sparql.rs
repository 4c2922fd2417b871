//! `kgforge sparql`: SPARQL over the dataset, in an embedded Oxigraph store.

use std::io::Write;

use kgforge::query::{SparqlError, SparqlStore};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};

use super::query::{QueryArgs, aligned};
use super::{Failure, Verbosity};

/// Arguments of `kgforge sparql`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
The dataset's RDF export (Wikibase's model: direct triples of the best-ranked statements,
statement nodes, vocabulary, sources) is loaded into an in-memory Oxigraph store. The export's
prefixes are predeclared: entity:, prop: (as Wikidata's wdt:), p:, ps:, psv:, pq:, pqv:, pr:,
stmt:, ref:, value:, source:, wikibase:, kg:, rdf:, rdfs:, owl:, xsd:, prov:, time:, wd: …

Examples:
  kgforge sparql 'SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }'
  kgforge sparql 'SELECT ?to WHERE { entity:kwantung_army prop:surrendered_to ?to }'
  kgforge sparql 'SELECT ?n ?rank WHERE { entity:japanese_pows p:number_died ?st .
    ?st ps:number_died ?n ; wikibase:rank ?rank }'
  kgforge sparql @queries/deaths.rq --results csv")]
pub(crate) struct Args {
    /// The query, or @FILE to read it from a file.
    query: String,
    /// Results format: table (aligned, for people), csv, tsv, json or xml (SPARQL results
    /// formats). CONSTRUCT and DESCRIBE always print Turtle.
    #[arg(long, value_name = "FMT", default_value = "table")]
    results: ResultsFormat,
    #[command(flatten)]
    query_args: QueryArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ResultsFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
}

pub(crate) fn run(args: Args, verbosity: Verbosity) -> Result<(), Failure> {
    let query = match args.query.strip_prefix('@') {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| Failure::Error(format!("cannot read the query file {path}: {e}")))?,
        None => args.query.clone(),
    };
    let graph = args.query_args.open(verbosity)?;
    let store = SparqlStore::new(&graph)?;
    let results = store.query(&query).map_err(|e| match e {
        SparqlError::Syntax(message) => {
            Failure::Error(format!("the query does not parse: {message}"))
        }
        other => Failure::Error(other.to_string()),
    })?;
    // Longest namespace first, so `entity:` wins over the bare base.
    let mut prefixes = store.prefixes().to_vec();
    prefixes.sort_by_key(|(_, iri)| std::cmp::Reverse(iri.len()));
    let format = if args.query_args.json {
        ResultsFormat::Json
    } else {
        args.results
    };
    let mut out = std::io::stdout().lock();
    match results {
        QueryResults::Graph(triples) => {
            let mut serializer = RdfSerializer::from_format(RdfFormat::Turtle);
            for (name, iri) in &prefixes {
                serializer = serializer
                    .with_prefix(*name, iri.as_str())
                    .map_err(|e| Failure::Error(e.to_string()))?;
            }
            let mut serializer = serializer.for_writer(&mut out);
            for triple in triples {
                let triple = triple.map_err(|e| Failure::Error(e.to_string()))?;
                serializer.serialize_triple(&triple)?;
            }
            serializer.finish()?;
        }
        QueryResults::Boolean(value) => match format {
            ResultsFormat::Table => writeln!(out, "{value}")?,
            other => {
                QueryResultsSerializer::from_format(results_format(other))
                    .serialize_boolean_to_writer(&mut out, value)?;
            }
        },
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            if format == ResultsFormat::Table {
                let mut rows = vec![
                    variables
                        .iter()
                        .map(|v| format!("?{}", v.as_str()))
                        .collect::<Vec<_>>(),
                ];
                for solution in solutions {
                    let solution = solution.map_err(|e| Failure::Error(e.to_string()))?;
                    rows.push(
                        variables
                            .iter()
                            .map(|v| {
                                solution
                                    .get(v)
                                    .map_or_else(String::new, |t| short(t, &prefixes))
                            })
                            .collect(),
                    );
                }
                out.write_all(aligned(&rows).as_bytes())?;
            } else {
                let mut serializer = QueryResultsSerializer::from_format(results_format(format))
                    .serialize_solutions_to_writer(&mut out, variables)?;
                for solution in solutions {
                    let solution = solution.map_err(|e| Failure::Error(e.to_string()))?;
                    serializer.serialize(&solution)?;
                }
                serializer.finish()?;
            }
        }
    }
    Ok(())
}

fn results_format(format: ResultsFormat) -> QueryResultsFormat {
    match format {
        ResultsFormat::Csv => QueryResultsFormat::Csv,
        ResultsFormat::Tsv => QueryResultsFormat::Tsv,
        ResultsFormat::Xml => QueryResultsFormat::Xml,
        ResultsFormat::Json | ResultsFormat::Table => QueryResultsFormat::Json,
    }
}

/// A term as a person reads it: IRIs with a known prefix as `prefix:local`, literals as
/// their text (with a language tag when they have one).
fn short(term: &Term, prefixes: &[(&'static str, String)]) -> String {
    match term {
        Term::NamedNode(n) => prefixes
            .iter()
            .find_map(|(name, ns)| {
                let local = n.as_str().strip_prefix(ns.as_str())?;
                let plain = local
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b));
                plain.then(|| format!("{name}:{local}"))
            })
            .unwrap_or_else(|| format!("<{}>", n.as_str())),
        Term::Literal(l) => match l.language() {
            Some(lang) => format!("{}@{lang}", l.value()),
            None => l.value().to_string(),
        },
        other => other.to_string(),
    }
}
