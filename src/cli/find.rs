//! `kgforge find`: entities by id, label or alias.

use super::console::say;
use super::query::{JsonArg, QueryArgs, aligned, entity_json, label, print};
use super::{Failure, Verbosity};

/// Arguments of `kgforge find`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Matching ignores case, diacritics and the difference between spaces, `_` and `-`; exact
matches of an id, label or alias (any language) come first, otherwise names containing TEXT.
Exit status 1 when nothing matches.

Examples:
  kgforge find 'otozo yamada'
  kgforge find Boli                 an alias: finds Khabarovsk
  kgforge find army --json")]
pub(crate) struct Args {
    /// The text to look for.
    text: String,
    #[command(flatten)]
    json: JsonArg,
    #[command(flatten)]
    query: QueryArgs,
}

pub(crate) fn run(args: Args, verbosity: Verbosity) -> Result<(), Failure> {
    let graph = args.query.open(verbosity)?;
    let matches = graph.find(&args.text);
    if args.json.json {
        let list: Vec<_> = matches
            .iter()
            .map(|m| {
                let mut v = entity_json(&graph, m.entity);
                v["matched"] = m.text.into();
                v["language"] = m.language.into();
                v["exact"] = m.exact.into();
                v
            })
            .collect();
        print(&(serde_json::to_string_pretty(&list).expect("JSON") + "\n"))?;
    } else {
        let rows: Vec<Vec<String>> = matches
            .iter()
            .map(|m| {
                let via = match m.language {
                    Some(lang) if m.text != label(&graph, m.entity) => {
                        format!("(as \"{}\", {lang})", m.text)
                    }
                    _ => String::new(),
                };
                vec![
                    m.entity.id.to_string(),
                    label(&graph, m.entity).to_string(),
                    m.entity.type_id.to_string(),
                    via,
                ]
            })
            .collect();
        print(&aligned(&rows))?;
    }
    if matches.is_empty() {
        if verbosity != Verbosity::Quiet && !args.json.json {
            say!(
                "no entity matches \"{}\" (ids, labels and aliases in every language were searched)",
                args.text
            );
        }
        Err(Failure::NoMatch)
    } else {
        Ok(())
    }
}
