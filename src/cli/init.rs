//! `kgforge init DIR`: a small valid dataset to start from, with comments that say what
//! each part is.

use std::io::Write;
use std::path::{Path, PathBuf};

use kgforge::export;

use super::console::say;
use super::{Failure, Verbosity, display};

/// Arguments of `kgforge init`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Writes dataset.toml, schema.toml, sources.toml, entities.toml, statements.toml and
views.toml into DIR (created if missing; it must not hold any of them yet): a small dataset
about the Treaty of Portsmouth (1905) that validates with --deny-warnings and builds, with
comments saying what each key is. Replace its entities and statements with your own.

Examples:
  kgforge init my-dataset
  kgforge validate my-dataset --watch     check it again at each save
  kgforge build my-dataset -o my-exports")]
pub(crate) struct Args {
    /// The directory to write the dataset into.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
}

pub(crate) fn run(args: Args, verbosity: Verbosity) -> Result<(), Failure> {
    let dir = &args.dir;
    if dir.exists() && !dir.is_dir() {
        return Err(Failure::Error(format!(
            "{} is a file; name a directory for the dataset",
            display(dir)
        )));
    }
    let files = scaffold(&id_of(dir));
    let existing: Vec<String> = files
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|p| p.exists())
        .map(|p| display(&p))
        .collect();
    if !existing.is_empty() {
        return Err(Failure::Error(format!(
            "{} already holds {}; kgforge init writes only into a directory without them",
            display(dir),
            existing.join(", ")
        )));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::Error(format!("cannot create {}: {e}", display(dir))))?;
    for (name, text) in &files {
        let path = dir.join(name);
        export::write_atomic(&path, |w| {
            w.write_all(text.as_bytes())
                .map_err(|source| kgforge::Error::Io {
                    path: path.clone(),
                    source,
                })
        })?;
    }
    if verbosity != Verbosity::Quiet {
        let names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
        say!(
            "wrote a dataset to start from into {}/: {}\n  next: kgforge validate {0}, then kgforge build {0} (docs/FORMAT.md has every key)",
            display(dir),
            names.join(", ")
        );
    }
    Ok(())
}

/// The directory's name as a dataset id (a slug).
fn id_of(dir: &Path) -> String {
    let name = std::path::absolute(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    kgforge::dataset_id_from_name(&name)
}

/// The files of the dataset, by name.
fn scaffold(id: &str) -> Vec<(&'static str, String)> {
    vec![
        ("dataset.toml", DATASET.replace("{id}", id)),
        ("schema.toml", SCHEMA.to_string()),
        ("sources.toml", SOURCES.to_string()),
        ("entities.toml", ENTITIES.to_string()),
        ("statements.toml", STATEMENTS.to_string()),
        ("views.toml", VIEWS.to_string()),
    ]
}

const DATASET: &str = r#"# A kgforge dataset: every *.toml file directly in this directory is read and merged.
# docs/FORMAT.md describes every key; `kgforge validate` checks the files and says where a
# problem is (file:line:column) and how to fix it.

[dataset]
id = "{id}"                                # a slug: ASCII letters, digits, _ and -
title = "The Treaty of Portsmouth, 1905"
description = "A dataset to start from: replace its entities and statements with your own."
license = "CC-BY-4.0"
base_iri = "https://example.org/{id}/"     # the namespace of the RDF export: use one you control
languages = ["en", "ja", "ru"]              # the languages of labels, in fallback order;
                                            # the first is the primary language
"#;

const SCHEMA: &str = r#"# The schema: the types of entities and the predicates statements may use.

[types.person]
label = "person"

[types.treaty]
label = "treaty"
group = "agreements"                    # optional: a box in the diagram

[types.place]
label = "place"

[predicates.signed_by]
label = "signed by"
inverse = "signed"                      # how the statement reads from the object's side
domain = "treaty"                       # optional: the subject's type(s)
range = "person"                        # the object's type(s), or a literal kind (below)

[predicates.mediated_by]
label = "mediated by"
domain = "treaty"
range = "person"

[predicates.signed_in]
label = "signed in"
domain = "treaty"
range = "place"

[predicates.date_signed]
label = "date signed"
range = "date"                          # a literal: integer, decimal, date, year, span or string

[predicates.number_of_articles]
label = "number of articles"
range = "integer"                       # a count, with a bound: exact, about, more_than, range …
"#;

const SOURCES: &str = r#"# The sources statements cite. Every statement names at least one, with where in it.

[sources.wp-portsmouth]
title = "Treaty of Portsmouth"
publisher = "Wikipedia"
url = "https://en.wikipedia.org/wiki/Treaty_of_Portsmouth"
accessed = "2026-01-01"                 # when you read it
kind = "encyclopedia"                   # article, book, government-report, archive, encyclopedia, website, dataset, other
"#;

const ENTITIES: &str = r#"# The entities: the things statements are about. The table key is the entity's id.

[entities.treaty_of_portsmouth]
type = "treaty"
label = { en = "Treaty of Portsmouth", ja = "ポーツマス条約", ru = "Портсмутский мирный договор" }
description = "The treaty that ended the Russo-Japanese War."   # in the primary language

[entities.sergei_witte]
type = "person"
label = { en = "Sergei Witte", ru = "Сергей Юльевич Витте" }
aliases = { en = ["Count Witte"] }      # other names, per language; `kgforge find` searches them

[entities.komura_jutaro]
type = "person"
label = { en = "Komura Jutarō", ja = "小村寿太郎" }

[entities.theodore_roosevelt]
type = "person"
label = "Theodore Roosevelt"            # a plain string is the label in the primary language

[entities.portsmouth]
type = "place"
label = { en = "Portsmouth, New Hampshire" }
"#;

const STATEMENTS: &str = r#"# The statements: one claim each, with its sources. Two sources that disagree are two
# statements, kept side by side, each with a rank (preferred, normal, deprecated).

[[statements]]
subject = "treaty_of_portsmouth"
predicate = "signed_by"
object = "sergei_witte"
qualifiers = { point_in_time = "1905-09-05", place = "portsmouth" }   # when and where
references = [{ source = "wp-portsmouth", section = "Treaty" }]      # or paragraph = 3, page = "45"

[[statements]]
subject = "treaty_of_portsmouth"
predicate = "signed_by"
object = "komura_jutaro"
qualifiers = { point_in_time = "1905-09-05", place = "portsmouth" }
references = [{ source = "wp-portsmouth", section = "Treaty" }]

[[statements]]
subject = "treaty_of_portsmouth"
predicate = "mediated_by"
object = "theodore_roosevelt"
references = [{ source = "wp-portsmouth" }]

[[statements]]
subject = "treaty_of_portsmouth"
predicate = "signed_in"
object = "portsmouth"
references = [{ source = "wp-portsmouth" }]

[[statements]]
subject = "treaty_of_portsmouth"
predicate = "date_signed"
date = "1905-09-05"                     # "1905", "1905-09" or "1905-09-05": as precise as known
rank = "preferred"
references = [{ source = "wp-portsmouth" }]

[[statements]]
subject = "treaty_of_portsmouth"
predicate = "number_of_articles"
quantity = { at_least = 15 }            # a bound, not a bare number: exact = 15 once you have checked
note = "An example of a bounded figure; check it against the treaty's text."
references = [{ source = "wp-portsmouth" }]
"#;

const VIEWS: &str = r#"# Views: named diagrams of a part of the dataset, drawn into views/<id>.svg by `kgforge build`.

[views.treaty]
title = "Who signed the Treaty of Portsmouth"
focus = ["treaty_of_portsmouth"]        # the entities at the centre
depth = 1                               # statements away from the focus
"#;
