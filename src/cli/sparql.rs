//! `kgforge sparql`: SPARQL over the dataset, in an embedded Oxigraph store.

use std::io::{Read, Write};
use std::time::Duration;

use kgforge::query::{SparqlError, SparqlStore};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryResults};

use super::console::{say, stdout};
use super::query::{QueryArgs, aligned};
use super::watchdog::{Paused, Watchdog};
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
  kgforge sparql @queries/deaths.rq --results csv   (queries/ in the repository)
  kgforge sparql 'SELECT * WHERE { ?s ?p ?o }' --limit 20

A query computes for at most --timeout seconds (default 30) and then fails (exit status 2);
the table prints at most --limit rows (default 10000) and says when it left some out.")]
pub(crate) struct Args {
    /// The query, or @FILE to read it from a file (at most 1 MiB).
    query: String,
    /// Results format: table (aligned, for people), csv, tsv, json or xml (SPARQL results
    /// formats). CONSTRUCT and DESCRIBE always print Turtle.
    #[arg(long, value_name = "FMT", default_value = "table")]
    results: ResultsFormat,
    /// Stop the query after this many seconds (0: no limit).
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = DEFAULT_TIMEOUT_SECONDS,
        long_help = "Stop the query once it has run for this many seconds (0: no limit); the \
command then fails with exit status 2. Time spent waiting for a slow reader of the output \
(a pager) does not count. Queries over a kgforge dataset take milliseconds to seconds; a cartesian \
product or an unbounded property path can run for hours and fill the memory.\n\n\
Example: kgforge sparql @heavy.rq --results csv --timeout 600"
    )]
    timeout: u64,
    /// Print at most N rows (0: all) [default: 10000 for table, all for the others].
    #[arg(
        long,
        value_name = "N",
        long_help = "Print at most N rows (or N triples for CONSTRUCT and DESCRIBE); 0 prints \
all. The default is 10000 for the table, which is held in memory to align its columns, and \
all rows for csv, tsv, json and xml, which are streamed. When rows are left out, a note on \
stderr says so.\n\nExample: kgforge sparql 'SELECT * WHERE { ?s ?p ?o }' --limit 20"
    )]
    limit: Option<u64>,
    /// Refused: the SPARQL results formats are chosen with --results (json among them).
    #[arg(long, hide = true)]
    json: bool,
    #[command(flatten)]
    query_args: QueryArgs,
}

/// The default `--timeout`: the Wikidata Query Service allows 60 s on a far bigger store; a
/// kgforge store is in memory and small, so a legitimate query is done long before 30 s,
/// while a runaway one (whose memory may grow all the while) is stopped sooner.
const DEFAULT_TIMEOUT_SECONDS: u64 = 30;

/// How many rows the table prints by default: it is held in memory to align its columns.
const DEFAULT_TABLE_ROWS: u64 = 10_000;

/// The longest query text read, inline or from @FILE.
const MAX_QUERY_BYTES: usize = 1 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ResultsFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
}

/// The query text: the argument, or the file it names after `@`, up to [`MAX_QUERY_BYTES`].
fn read_query(arg: &str) -> Result<String, Failure> {
    let too_long = |what: &str| {
        Failure::Error(format!(
            "{what} is longer than 1 MiB; kgforge reads queries of up to 1 MiB"
        ))
    };
    let Some(path) = arg.strip_prefix('@') else {
        if arg.len() > MAX_QUERY_BYTES {
            return Err(too_long("the query"));
        }
        return Ok(arg.to_string());
    };
    let cannot =
        |e: std::io::Error| Failure::Error(format!("cannot read the query file {path}: {e}"));
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(cannot)?
        // One byte past the cap tells a file at the cap from a longer one (or an endless one,
        // such as /dev/zero).
        .take(MAX_QUERY_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() > MAX_QUERY_BYTES {
        return Err(too_long(&format!("the query file {path}")));
    }
    String::from_utf8(bytes)
        .map_err(|_| Failure::Error(format!("the query file {path} is not UTF-8 text")))
}

pub(crate) fn run(args: Args, verbosity: Verbosity) -> Result<(), Failure> {
    if args.json {
        return Err(Failure::Error(
            "kgforge sparql writes JSON with --results json (the SPARQL 1.1 JSON results format)"
                .into(),
        ));
    }
    let query = read_query(&args.query)?;
    // Oxigraph parses and evaluates recursively, once per level of nesting: a thread with a
    // roomy stack keeps the deepest query kgforge accepts far from overflowing it.
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("sparql".into())
            .stack_size(QUERY_STACK_BYTES)
            .spawn_scoped(scope, || answer(&args, &query, verbosity))
            .map_err(|e| Failure::Error(format!("cannot start the query: {e}")))?
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// The stack of the thread that answers a query (address space; only what is used is
/// committed).
const QUERY_STACK_BYTES: usize = 64 << 20;

fn answer(args: &Args, query: &str, verbosity: Verbosity) -> Result<(), Failure> {
    let graph = args.query_args.open(verbosity)?;
    let store = SparqlStore::new(&graph)?;
    let cancel = CancellationToken::new();
    let limit = Duration::from_secs(args.timeout);
    let watchdog = (args.timeout > 0)
        .then(|| Watchdog::start(limit, cancel.clone(), timed_out_message(limit)));
    let timed_out = || Failure::Error(timed_out_message(limit));
    let failed = |e: SparqlError| match e {
        SparqlError::Cancelled => timed_out(),
        other => Failure::Error(other.to_string()),
    };
    let results = store.query_cancellable(query, cancel).map_err(failed)?;
    // Longest namespace first, so `entity:` wins over the bare base.
    let mut prefixes = store.prefixes().to_vec();
    prefixes.sort_by_key(|(_, iri)| std::cmp::Reverse(iri.len()));
    let format = args.results;
    let rows_limit = args.limit.unwrap_or(if format == ResultsFormat::Table {
        DEFAULT_TABLE_ROWS
    } else {
        0
    });
    let mut rows = Rows {
        limit: (rows_limit > 0).then_some(rows_limit),
        taken: 0,
        cut: false,
    };
    // Buffered above the pause, so that only writes that can block on the reader stop the
    // clock.
    let mut out = std::io::BufWriter::with_capacity(
        1 << 16,
        Paused {
            watchdog: watchdog.as_ref(),
            inner: stdout(),
        },
    );
    let constructed = matches!(results, QueryResults::Graph(_));
    let found_nothing_yet = match results {
        QueryResults::Boolean(value) => Some(!value),
        _ => None,
    };
    match results {
        QueryResults::Graph(triples) => {
            let mut serializer = RdfSerializer::from_format(RdfFormat::Turtle);
            for (name, iri) in &prefixes {
                serializer = serializer
                    .with_prefix(*name, iri.as_str())
                    .map_err(|e| Failure::Error(e.to_string()))?;
            }
            let mut serializer = serializer.for_writer(&mut out);
            let mut triples = triples;
            while let Some(triple) = rows.next(&mut triples) {
                let triple = triple.map_err(|e| failed(e.into()))?;
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
        QueryResults::Solutions(mut solutions) => {
            let variables = solutions.variables().to_vec();
            if format == ResultsFormat::Table {
                let mut table = vec![
                    variables
                        .iter()
                        .map(|v| format!("?{}", v.as_str()))
                        .collect::<Vec<_>>(),
                ];
                while let Some(solution) = rows.next(&mut solutions) {
                    let solution = solution.map_err(|e| failed(e.into()))?;
                    table.push(
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
                out.write_all(aligned(&table).as_bytes())?;
            } else {
                let mut serializer = QueryResultsSerializer::from_format(results_format(format))
                    .serialize_solutions_to_writer(&mut out, variables)?;
                while let Some(solution) = rows.next(&mut solutions) {
                    let solution = solution.map_err(|e| failed(e.into()))?;
                    serializer.serialize(&solution)?;
                }
                serializer.finish()?;
            }
        }
    }
    out.flush()?;
    drop(out);
    drop(watchdog);
    // An empty result (or ASK's false) may come of a misspelt name: say which names no
    // triple uses.
    let found_nothing = found_nothing_yet.unwrap_or(rows.taken == 0);
    if found_nothing && verbosity != Verbosity::Quiet {
        for unknown in store.unknown_names(query) {
            match &unknown.suggestion {
                Some(close) => say!(
                    "note: no triple uses {}; did you mean {close}?",
                    unknown.name
                ),
                None => say!("note: no triple uses {}", unknown.name),
            }
        }
    }
    if rows.cut && verbosity != Verbosity::Quiet {
        let unit = match (constructed, rows.taken) {
            (true, 1) => "triple",
            (true, _) => "triples",
            (false, 1) => "row",
            (false, _) => "rows",
        };
        say!(
            "note: printed the first {} {unit}; there are more (--limit N prints N, --limit 0 \
             all)",
            rows.taken
        );
    }
    Ok(())
}

fn timed_out_message(limit: Duration) -> String {
    let seconds = limit.as_secs();
    format!(
        "the query was stopped after {seconds} s (--timeout {seconds}); narrow it (a LIMIT, \
         more specific patterns, no unbounded paths) or allow more time with --timeout \
         SECONDS (0: no limit)"
    )
}

/// Pulls results up to the row limit.
struct Rows {
    limit: Option<u64>,
    taken: u64,
    /// Whether the limit left rows out.
    cut: bool,
}

impl Rows {
    /// The next result; `None` at the end or at the limit.
    fn next<I: Iterator>(&mut self, results: &mut I) -> Option<I::Item> {
        if self.limit.is_some_and(|limit| self.taken >= limit) {
            // One more tells "exactly the limit" from "more than the limit".
            self.cut = results.next().is_some();
            return None;
        }
        let next = results.next();
        if next.is_some() {
            self.taken += 1;
        }
        next
    }
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
