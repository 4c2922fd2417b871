//! References as citations of sources: which source a Wikidata reference names, and what
//! else it says (locators, and a note).

use oxrdf::NamedNode;
use rustc_hash::FxHashMap;

use super::build::{Context, WD};
use super::raw::{RawSnak, RawValue};
use super::values::{Counts, render, time};
use crate::load::import::{Ids, slug};
use crate::model::{Date, Reference, Source, SourceKind};

/// The sources references cite, made as they are first cited.
///
/// A reference cites its "stated in" (P248) item; else its "imported from Wikimedia project"
/// (P143) item; else its "reference URL" (P854), "Wikimedia import URL" (P4656) or "archive
/// URL" (P1065); else its "published in" (P1433) item; else the first item any of its snaks
/// names; else the source `wikidata`. An item source's id is its English label as a slug (its
/// QID when the input has no label), its title that label, its url the item's IRI. A URL
/// source's id is the URL's host and path as a slug, its title the reference's "title"
/// (P1476) or the URL, its date the "publication date" (P577), its `accessed` the latest
/// "retrieved" (P813) of the references to it.
#[derive(Debug, Default)]
pub(super) struct Sources {
    pub(super) list: Vec<Source>,
    by_key: FxHashMap<String, usize>,
    ids: Ids,
}

/// A reference: the source it cites, page and section, and the rest in its note.
pub(super) fn reference(snaks: &[RawSnak], ctx: &mut Context) -> Reference {
    // Unknown and "no value" snaks say nothing a reference can keep.
    let snaks: Vec<&RawSnak> = (snaks.iter())
        .filter(|s| !matches!(s.value, RawValue::SomeValue | RawValue::NoValue))
        .collect();
    let find = |pids: &[&str]| snaks.iter().position(|s| pids.contains(&&*s.property));
    let item = |i: usize| snaks[i].entity_id().map(str::to_string);
    let (chosen, key) = if let Some(i) = find(&["P248", "P143"]).filter(|&i| item(i).is_some()) {
        (Some(i), format!("item:{}", item(i).unwrap_or_default()))
    } else if let Some(i) = find(&["P854", "P4656", "P1065"]) {
        (Some(i), format!("url:{}", render(snaks[i], ctx)))
    } else if let Some(i) = find(&["P1433"])
        .filter(|&i| item(i).is_some())
        .or_else(|| (snaks.iter()).position(|s| s.entity_id().is_some_and(|q| q.starts_with('Q'))))
    {
        (Some(i), format!("item:{}", item(i).unwrap_or_default()))
    } else {
        (None, "wikidata".to_string())
    };
    let of = |pid: &str| snaks.iter().find(|s| &*s.property == pid);
    let title = of("P1476").map(|s| render(s, ctx));
    let published = of("P577").and_then(|s| time(&s.value, &mut Counts::default()).ok());
    let retrieved = of("P813").and_then(|s| time(&s.value, &mut Counts::default()).ok());
    let property = chosen.map(|i| &*snaks[i].property);
    let source = ctx.sources.cite(
        &key,
        property,
        title,
        published,
        retrieved,
        (&ctx.item_id_labels, &ctx.item_labels),
    );
    let mut reference = Reference {
        source,
        ..Reference::default()
    };
    let mut notes = Vec::new();
    for (i, snak) in snaks.iter().enumerate() {
        if Some(i) == chosen {
            continue;
        }
        let text = render(snak, ctx);
        match &*snak.property {
            "P304" if reference.page.is_none() => reference.page = Some(text),
            "P958" if reference.section.is_none() => reference.section = Some(text),
            pid => notes.push(format!("{}: {text}", ctx.property_label(pid))),
        }
    }
    if !notes.is_empty() {
        reference.note = Some(notes.join("; "));
    }
    reference
}

impl Sources {
    /// The id of the source `key` names (`item:Q42`, `url:https://…`, `wikidata`), made on
    /// its first citation; a URL source takes the latest retrieved date of its citations.
    fn cite(
        &mut self,
        key: &str,
        property: Option<&str>,
        title: Option<String>,
        published: Option<Date>,
        retrieved: Option<Date>,
        (id_labels, labels): (&FxHashMap<String, String>, &FxHashMap<String, String>),
    ) -> String {
        if let Some(&i) = self.by_key.get(key) {
            let source = &mut self.list[i];
            if key.starts_with("url:")
                && let Some(r) = retrieved
                && source.accessed.is_none_or(|a| a < r)
            {
                source.accessed = Some(r);
            }
            return source.id.clone();
        }
        let source = if let Some(qid) = key.strip_prefix("item:") {
            let id_base = match id_labels.get(qid) {
                Some(l) => slug(l, "s"),
                None => qid.to_ascii_lowercase(),
            };
            Source {
                id: self.ids.unique(id_base),
                title: labels.get(qid).cloned().unwrap_or_else(|| qid.to_string()),
                url: Some(format!("{WD}{qid}")),
                kind: if property == Some("P143") {
                    SourceKind::Encyclopedia
                } else {
                    SourceKind::Other
                },
                ..Source::default()
            }
        } else if let Some(url) = key.strip_prefix("url:") {
            let bare = url.split_once("://").map_or(url, |(_, rest)| rest);
            let bare = bare.strip_prefix("www.").unwrap_or(bare);
            let mut base = slug(bare, "s");
            base.truncate(60);
            let valid = NamedNode::new(url).is_ok();
            Source {
                id: self
                    .ids
                    .unique(base.trim_end_matches(['_', '-']).to_string()),
                title: title
                    .filter(|t| !t.trim().is_empty())
                    .unwrap_or_else(|| url.to_string()),
                url: valid.then(|| url.to_string()),
                date: published,
                accessed: if valid { retrieved } else { None },
                kind: SourceKind::Website,
                note: (!valid).then(|| format!("Its address, which is no valid IRI: {url}")),
                ..Source::default()
            }
        } else {
            Source {
                id: self.ids.unique("wikidata".into()),
                title: "Wikidata (references that name no source)".into(),
                url: Some("https://www.wikidata.org/".into()),
                kind: SourceKind::Dataset,
                ..Source::default()
            }
        };
        let id = source.id.clone();
        self.by_key.insert(key.to_string(), self.list.len());
        self.list.push(source);
        id
    }
}
