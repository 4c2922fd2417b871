//! `kgforge import`: a TOML dataset made from RDF or Wikidata entity JSON.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use kgforge::export::toml::TomlExporter;
use kgforge::{ImportFormat, ImportOptions, Severity};

use super::console::{say, say_raw, stdout};
use super::{DatasetArgs, Failure, Verbosity, display};

const AFTER_HELP: &str = "\
Reads RDF (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) or Wikidata's entity JSON
(what Special:EntityData/Q42.json returns, or a JSON dump, read line by line) and writes a
dataset of TOML files into DIR: dataset.toml, schema.toml, sources.toml, entities.toml,
statements.toml (and views.toml). The written dataset is then validated like any other.

kgforge's own RDF exports (and its JSON export) are recognised and read back exactly
(qualifiers, ranks, references, units, views). Other RDF gets a schema inferred from what it holds; Wikidata
JSON keeps qualifiers, ranks and references (as sources). What was inferred and what was
skipped is summarised on stderr; docs/import.md describes every mapping.

The format comes from the extension (.ttl .nt .nq .trig .jsonld .rdf .owl .json); --format
overrides it, and is needed for standard input (FILE `-`): compressed dumps can be piped,
`zcat latest-all.json.gz | kgforge import - --format wikidata -o wd`.

Exit status: 0 written (warnings are counted, `kgforge validate DIR` lists them); 1 the input
has syntax errors (nothing is written) or the dataset written does not validate; 2 usage or
I/O error, or DIR is not empty (give --force).

Examples:
  kgforge import exports/manchuria-1945.ttl -o rebuilt
  kgforge import people.ttl -o data/people --base-iri https://example.org/people/
  kgforge import Q42.json -o data/adams --languages en,fr
  kgforge import dump.json -o data/wd --force      replace the dataset files in data/wd";

/// Arguments of `kgforge import`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct Args {
    /// The file to read; `-` reads standard input (give --format).
    #[arg(value_name = "FILE")]
    input: PathBuf,
    /// The dataset directory to write (created if missing).
    #[arg(short, long, value_name = "DIR")]
    out_dir: PathBuf,
    /// The input's format: ttl, nt, nq, trig, jsonld, rdf or wikidata [default: by extension].
    #[arg(short, long, value_name = "FMT", value_parser = parse_format)]
    format: Option<ImportFormat>,
    /// The dataset's languages, primary first (comma-separated) [default: en].
    #[arg(
        long,
        value_name = "LANGS",
        value_delimiter = ',',
        long_help = "The dataset's languages, the primary one first (comma-separated). A \
Wikidata import keeps labels, aliases and descriptions in these only; untagged RDF labels are \
in the primary one. kgforge's own RDF declares its languages and ignores this.\n\n\
Example: kgforge import Q42.json -o adams --languages en,ja,zh,ru"
    )]
    languages: Vec<String>,
    /// The dataset's id [default: the input file's name as a slug].
    #[arg(long, value_name = "ID")]
    id: Option<String>,
    /// The dataset's base IRI [default: https://kgforge.invalid/<id>/, to be replaced].
    #[arg(long, value_name = "IRI")]
    base_iri: Option<String>,
    /// Write into a DIR that is not empty, replacing its dataset files.
    #[arg(
        long,
        long_help = "Write into a DIR that is not empty. The files the import writes replace \
those of the same name, and the other files kgforge would read as part of the dataset (*.toml, \
entities.csv, relations.csv, statements.csv) are removed, so that none of the old dataset is \
merged into the new one. Other files stay."
    )]
    force: bool,
    /// One line per problem instead of source snippets.
    #[arg(long)]
    short: bool,
}

fn parse_format(name: &str) -> Result<ImportFormat, String> {
    ImportFormat::from_name(name).ok_or_else(|| {
        let names: Vec<_> = ImportFormat::ALL.iter().map(|f| f.name()).collect();
        format!(
            "unknown format \"{name}\"; choose from {}",
            names.join(", ")
        )
    })
}

pub(crate) fn run(args: Args, verbosity: Verbosity) -> Result<(), Failure> {
    let stale = check_out_dir(&args.out_dir, args.force)?;
    let options = ImportOptions {
        format: args.format,
        languages: args.languages.clone(),
        id: args.id.clone(),
        base_iri: args.base_iri.clone(),
    };
    let stdin = args.input.as_os_str() == "-";
    let imported = if stdin {
        let format = args.format.ok_or_else(|| {
            Failure::Error(
                "reading standard input needs --format (ttl, nt, nq, trig, jsonld, rdf, wikidata)"
                    .into(),
            )
        })?;
        let name = Path::new("<stdin>");
        kgforge::import_from(name, std::io::stdin().lock(), format, &options)
    } else {
        kgforge::import(&args.input, &options)?
    };
    let shown = DatasetArgs {
        dataset: args.input.clone(),
        deny_warnings: false,
        short: args.short,
    };
    if imported.loaded.diagnostics.error_count() > 0 {
        super::print_diagnostics(&imported.loaded.diagnostics, &shown, verbosity);
        say!(
            "nothing written to {}: fix the input first",
            display(&args.out_dir)
        );
        return Err(Failure::Invalid);
    }
    if verbosity != Verbosity::Quiet {
        super::print_diagnostics(&imported.loaded.diagnostics, &shown, verbosity);
        say_raw(&format!(
            "kgforge import: {}: {}",
            display(&args.input),
            imported.summary
        ));
    }
    let name = args.input.file_name().map_or_else(
        || "standard input".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let comment = format!(
        "Imported by `kgforge import` from {name}; docs/import.md says how each part was read."
    );
    let dataset = imported.loaded.dataset;
    let (entities, statements) = (dataset.entities.len(), dataset.statements.len());
    let written = TomlExporter::new()
        .with_comment(comment)
        .write(&dataset, &args.out_dir)?;
    for path in stale.iter().filter(|p| !written.contains(p)) {
        std::fs::remove_file(path)
            .map_err(|e| Failure::Error(format!("cannot remove {}: {e}", display(path))))?;
        if verbosity == Verbosity::Verbose {
            say!("removed {}", display(path));
        }
    }
    // Validated in memory (reading a bulk import's TOML back costs several times its size);
    // only when it has errors are the files read again, to point into them.
    let mut loaded = kgforge::Loaded::default();
    loaded.dataset = dataset;
    let report = kgforge::validate(loaded, false);
    if report.dataset.is_none() {
        let located = kgforge::validate(kgforge::load(&args.out_dir)?, false);
        let out = DatasetArgs {
            dataset: args.out_dir.clone(),
            deny_warnings: false,
            short: args.short,
        };
        super::print_diagnostics(&located.diagnostics, &out, verbosity);
        say!(
            "{} was written but does not validate: fix what is listed above",
            display(&args.out_dir)
        );
        return Err(Failure::Invalid);
    }
    if verbosity != Verbosity::Quiet {
        let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
        for d in &report.diagnostics.items {
            if d.severity == Severity::Warning {
                *by_code.entry(d.code.to_string()).or_default() += 1;
            }
        }
        if !by_code.is_empty() {
            let counts: Vec<String> = by_code.iter().map(|(c, n)| format!("{c} ×{n}")).collect();
            say!(
                "{} validates, with warnings ({}); `kgforge validate {}` lists them",
                display(&args.out_dir),
                counts.join(", "),
                display(&args.out_dir)
            );
        }
        let mut stdout = stdout();
        writeln!(
            stdout,
            "{}: wrote {entities} entities and {statements} statements in {} files",
            display(&args.out_dir),
            written.len()
        )?;
        stdout.flush()?;
    }
    Ok(())
}

/// Refuses a directory that holds anything, unless `force`; then returns the dataset files
/// in it (which the new dataset replaces).
fn check_out_dir(dir: &Path, force: bool) -> Result<Vec<PathBuf>, Failure> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        if dir.exists() {
            return Err(Failure::Error(format!(
                "{} is not a directory",
                display(dir)
            )));
        }
        return Ok(Vec::new());
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    if names.is_empty() {
        return Ok(Vec::new());
    }
    if !force {
        let shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
        let more = if names.len() > 3 { ", …" } else { "" };
        return Err(Failure::Error(format!(
            "{} is not empty (it holds {}{more}); give --force to replace the dataset in it",
            display(dir),
            shown.join(", ")
        )));
    }
    let dataset_file = |name: &str| {
        name.ends_with(".toml")
            || matches!(name, "entities.csv" | "relations.csv" | "statements.csv")
    };
    Ok(names
        .iter()
        .filter(|n| dataset_file(n))
        .map(|n| dir.join(n))
        .filter(|p| p.is_file())
        .collect())
}
