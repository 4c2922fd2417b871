//! `kgforge describe`: everything the dataset says about one entity.

use std::fmt::Write as _;

use kgforge::Rank;
use kgforge::query::{Described, Description, Direction};

use super::query::{FilterArgs, JsonArg, QueryArgs, print, resolve};
use super::{Failure, Verbosity};

/// Arguments of `kgforge describe`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Prints the entity's labels in every language, aliases, type, description, Wikidata id and
attributes, then every statement about it, grouped by predicate: those whose subject it is
(literal values too: figures, dates, spans, texts), then those whose object it is. Each
statement shows its value in words (a bound, a date to its precision), qualifiers, rank,
dispute, note and sources with their locators; the best-ranked come first, deprecated ones
are shown too (marked) unless --rank says otherwise.

Examples:
  kgforge describe japanese_pows
  kgforge describe 'Otozo Yamada'                 any unambiguous name
  kgforge describe japanese_pows --rank preferred  only the preferred figures
  kgforge describe kwantung_army --as-of 1945-08-20 --json")]
pub(crate) struct Args {
    /// The entity: an id, or a name that matches one entity.
    entity: String,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    json: JsonArg,
    #[command(flatten)]
    query: QueryArgs,
}

pub(crate) fn run(args: Args, verbosity: Verbosity) -> Result<(), Failure> {
    let graph = args.query.open(verbosity)?;
    let entity = resolve(&graph, &args.entity)?;
    let mut filter = args.filter.filter(&graph)?;
    if !args.filter.has_rank() {
        // Everything about the entity: deprecated figures are part of the record.
        for rank in [Rank::Preferred, Rank::Normal, Rank::Deprecated] {
            filter = filter.with_rank(rank);
        }
    }
    let description = graph
        .describe(&entity.id, &filter)
        .expect("a resolved entity is in the graph");
    if args.json.json {
        return print(
            &(serde_json::to_string_pretty(&description.to_json()).expect("JSON") + "\n"),
        );
    }
    print(&text(&description))
}

/// The description as text: a header of the entity's own fields, then one block per claim.
fn text(d: &Description<'_>) -> String {
    let e = d.entity;
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", d.label_of(e), e.id);
    let mut fields: Vec<(&str, Vec<String>)> = Vec::new();
    fields.push((
        "type",
        vec![format!("{} ({})", d.entity_type.label, d.entity_type.id)],
    ));
    fields.push((
        "labels",
        e.label
            .iter()
            .map(|(lang, text)| format!("{lang}  {text}"))
            .collect(),
    ));
    if !e.aliases.is_empty() {
        fields.push((
            "aliases",
            e.aliases
                .iter()
                .map(|(lang, list)| format!("{lang}  {}", list.join(" · ")))
                .collect(),
        ));
    }
    if let Some(text) = &e.description {
        fields.push(("description", vec![text.clone()]));
    }
    if let Some(q) = &e.wikidata {
        fields.push((
            "wikidata",
            vec![format!("{q} <http://www.wikidata.org/entity/{q}>")],
        ));
    }
    if !e.attributes.is_empty() {
        fields.push((
            "attributes",
            e.attributes
                .iter()
                .map(|(k, v)| {
                    let v = serde_json::to_string(v).unwrap_or_default();
                    format!("{k} = {v}")
                })
                .collect(),
        ));
    }
    let width = fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (key, lines) in &fields {
        for (i, line) in lines.iter().enumerate() {
            let key = if i == 0 { *key } else { "" };
            let _ = writeln!(out, "  {key:<width$}  {line}");
        }
    }
    if d.claims.is_empty() {
        let _ = writeln!(out, "\n  no statements (none pass the filters given)");
    }
    for claim in &d.claims {
        let p = claim.predicate;
        let heading = match (claim.direction, &p.inverse) {
            (Direction::Incoming, Some(inverse)) => format!("{inverse} (← {})", p.id),
            (Direction::Incoming, None) => format!("← {} ({})", p.label, p.id),
            _ => format!("{} ({})", p.label, p.id),
        };
        let _ = writeln!(out, "\n{heading}");
        for s in &claim.statements {
            statement(&mut out, d, s);
        }
    }
    out
}

/// One statement: its value, rank and dispute on the first line, then its qualifiers, note
/// and sources.
fn statement(out: &mut String, d: &Description<'_>, described: &Described<'_>) {
    let s = described.statement;
    let value = match described.other {
        Some(other) => format!("{} ({})", d.label_of(other), other.id),
        None => d.value_in_words(&s.value),
    };
    let mut marks = Vec::new();
    match s.rank {
        Rank::Preferred => marks.push("preferred".to_string()),
        Rank::Deprecated => marks.push("deprecated".to_string()),
        Rank::Normal => {}
    }
    if s.disputed().is_some() {
        marks.push("disputed".to_string());
    }
    let marks = if marks.is_empty() {
        String::new()
    } else {
        format!("  [{}]", marks.join(", "))
    };
    let _ = writeln!(out, "  {value}{marks}");
    let qualifiers = d.qualifiers_in_words(s);
    if !qualifiers.is_empty() {
        let _ = writeln!(out, "      {}", qualifiers.join(" · "));
    }
    if let Some(why) = s.disputed() {
        let _ = writeln!(out, "      disputed: {why}");
    }
    if let Some(note) = s.note() {
        let _ = writeln!(out, "      note: {note}");
    }
    for r in s.references() {
        let at = r.locator();
        let mut line = if at.is_empty() {
            r.source.clone()
        } else {
            format!("{} {at}", r.source)
        };
        if let Some(note) = &r.note {
            let _ = write!(line, " ({note})");
        }
        let _ = writeln!(out, "      source: {line}");
    }
    if s.references().is_empty() {
        let _ = writeln!(out, "      source: none cited");
    }
}
