//! The text form of a [`DatasetDiff`]: one line per added or removed item, an indented line
//! per changed field, as `kgforge diff` prints it.

use std::fmt;

use serde_json::Value as Json;

use super::{DatasetDiff, FieldChange, ItemChanges, has_derived_id};
use crate::model::Reference;

/// ```text
/// entities: 1 changed
///   ~ kwantung_army
///       label.en: "Kwantung Army" → "Kwantung Army (IJA)"
/// statements: 1 removed, 1 added
///   - japanese_pows.number_captured.1f…: japanese_pows number_captured quantity {"more_than":600000}
///   + soviet_pows.number_held.9a…: soviet_pows number_held quantity 1000
/// ```
impl fmt::Display for DatasetDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return writeln!(f, "no differences");
        }
        if !self.metadata.is_empty() {
            writeln!(f, "dataset: {} changed", self.metadata.len())?;
            for change in &self.metadata {
                write_field(f, "  ~ ", change)?;
            }
        }
        for (kind, changes) in self.kinds() {
            if !changes.is_empty() {
                write_kind(f, kind, changes)?;
            }
        }
        let derived = |items: &[Json]| items.iter().filter(|s| has_derived_id(s)).count();
        let (removed, added) = (
            derived(&self.statements.removed),
            derived(&self.statements.added),
        );
        if removed > 0 && added > 0 {
            writeln!(
                f,
                "note: {removed} removed and {added} added statement(s) have derived ids, which follow their content: an edited value or qualifier shows as a statement removed and one added. Pin the ids with `kgforge ids` to see such edits as changes."
            )?;
        }
        Ok(())
    }
}

fn write_kind(f: &mut fmt::Formatter<'_>, kind: &str, changes: &ItemChanges) -> fmt::Result {
    let mut counts = Vec::new();
    for (n, what) in [
        (changes.removed.len(), "removed"),
        (changes.added.len(), "added"),
        (changes.changed.len(), "changed"),
    ] {
        if n > 0 {
            counts.push(format!("{n} {what}"));
        }
    }
    writeln!(f, "{kind}: {}", counts.join(", "))?;
    for item in &changes.removed {
        writeln!(f, "  - {}", summary(kind, item))?;
    }
    for item in &changes.added {
        writeln!(f, "  + {}", summary(kind, item))?;
    }
    for item in &changes.changed {
        writeln!(f, "  ~ {}", item.id)?;
        for change in &item.fields {
            write_field(f, "      ", change)?;
        }
    }
    Ok(())
}

/// One changed field: `old → new`; references, a list, as the ones added and removed.
fn write_field(f: &mut fmt::Formatter<'_>, indent: &str, change: &FieldChange) -> fmt::Result {
    let name = &change.field;
    if name == "references" {
        let list = |v: &Option<Json>| {
            v.as_ref()
                .and_then(Json::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let (old, new) = (list(&change.old), list(&change.new));
        for r in old.iter().filter(|r| !new.contains(r)) {
            writeln!(f, "{indent}{name}: - {}", reference(r))?;
        }
        for r in new.iter().filter(|r| !old.contains(r)) {
            writeln!(f, "{indent}{name}: + {}", reference(r))?;
        }
        return Ok(());
    }
    match (&change.old, &change.new) {
        (Some(old), Some(new)) => {
            writeln!(f, "{indent}{name}: {} → {}", compact(old), compact(new))
        }
        (None, Some(new)) => writeln!(f, "{indent}{name}: (none) → {}", compact(new)),
        (Some(old), None) => writeln!(f, "{indent}{name}: {} → (none)", compact(old)),
        (None, None) => Ok(()),
    }
}

/// A reference as a reader cites it: `article ¶5`.
fn reference(r: &Json) -> String {
    match serde_json::from_value::<Reference>(r.clone()) {
        Ok(r) => {
            let locator = r.locator();
            let note = r.note.map(|n| format!(" ({n})")).unwrap_or_default();
            if locator.is_empty() {
                format!("{}{note}", r.source)
            } else {
                format!("{} {locator}{note}", r.source)
            }
        }
        Err(_) => compact(r),
    }
}

fn compact(v: &Json) -> String {
    v.to_string()
}

/// One line naming an added or removed item.
fn summary(kind: &str, item: &Json) -> String {
    let text = |key: &str| item.get(key).and_then(Json::as_str).unwrap_or("");
    let id = text("id");
    match kind {
        "statements" => {
            let value = item
                .as_object()
                .and_then(|o| {
                    super::VALUE_KEYS
                        .iter()
                        .find_map(|k| o.get(*k).map(|v| (*k, v)))
                })
                .map(|(key, v)| match (key, v) {
                    ("object", Json::String(id)) => id.clone(),
                    (key, v) => format!("{key} {}", compact(v)),
                })
                .unwrap_or_default();
            format!("{id}: {} {} {value}", text("subject"), text("predicate"))
        }
        "entities" => {
            let label = item
                .get("label")
                .and_then(Json::as_object)
                .and_then(|l| l.values().next())
                .map(compact)
                .unwrap_or_default();
            format!("{id}: {label} ({})", text("type"))
        }
        _ => {
            let name = ["title", "label"]
                .iter()
                .map(|k| text(k))
                .find(|t| !t.is_empty())
                .unwrap_or("");
            format!("{id}: {}", compact(&Json::from(name)))
        }
    }
}
