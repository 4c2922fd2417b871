//! Comparing two versions of a dataset: what `kgforge diff` reports.
//!
//! [`diff()`] matches the items of two datasets by id (types, predicates, units, sources,
//! entities and views by their slug, statements by [`Statement::id`]) and lists what was
//! added, what was removed and, field by field, what changed. [`RdfPatch`] is the same change
//! one level down: the triples to delete from and insert into the old dataset's RDF export to
//! make the new one's, written as a SPARQL Update or an RDF Patch.
//!
//! A statement without an explicit `id` is named by a hash of its subject, predicate, value
//! and qualifiers, so correcting its value gives it another id: it shows as one statement
//! removed and another added. Statements whose ids are written out (`kgforge ids`) show such a
//! correction as a change of their `value`.
//!
//! # Wire format (`--json`)
//!
//! [`DatasetDiff`] serializes as one JSON object:
//!
//! ```text
//! {
//!   "equal": false,
//!   "metadata": [ {"field": "title", "old": "…", "new": "…"} ],
//!   "types":      { "removed": [item…], "added": [item…], "changed": [change…] },
//!   "predicates": { … }, "units": { … }, "sources": { … },
//!   "entities":   { … }, "statements": { … }, "views": { … }
//! }
//! ```
//!
//! An `item` is the item as the JSON export writes it (a statement with its `id`). A
//! `change` is `{"id": "…", "fields": [{"field": "label.en", "old": …, "new": …}]}`; `old`
//! is left out when the field is new, `new` when it is gone. Fields are the item's JSON keys,
//! except that a statement's value is one field, `value` (`{"quantity": {"about": 55000}}`),
//! its rank is always given (`normal` too), and the keys of `label`, `aliases`, `attributes`
//! and `qualifiers` are fields of their own (`label.en`, `qualifiers.point_in_time`).
//! Removed items are in the old dataset's order, added and changed ones in the new one's.

mod patch;
mod text;

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Map, Value as Json};

use crate::model::{Dataset, Statement};

pub use patch::RdfPatch;

/// What changed between two datasets, item by item.
///
/// ```
/// use std::path::Path;
///
/// let dataset = |path: &str| {
///     let report = kgforge::validate(kgforge::load(Path::new(path)).unwrap(), false);
///     report.dataset.expect("valid").into_inner()
/// };
/// let old = dataset("data/manchuria-1945");
/// let mut new = old.clone();
/// new.entities[0].label.insert("en", "Renamed".into());
/// new.statements.pop();
///
/// let diff = kgforge::diff::diff(&old, &new);
/// assert!(!diff.is_empty());
/// assert_eq!(diff.entities.changed.len(), 1);
/// assert_eq!(diff.entities.changed[0].fields[0].field, "label.en");
/// assert_eq!(diff.statements.removed.len(), 1);
/// assert!(kgforge::diff::diff(&old, &old).is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DatasetDiff {
    /// Whether nothing changed.
    pub equal: bool,
    /// Changes to `[dataset]`.
    pub metadata: Vec<FieldChange>,
    /// Entity types.
    pub types: ItemChanges,
    /// Predicates.
    pub predicates: ItemChanges,
    /// Units.
    pub units: ItemChanges,
    /// Sources.
    pub sources: ItemChanges,
    /// Entities.
    pub entities: ItemChanges,
    /// Statements, by [`Statement::id`].
    pub statements: ItemChanges,
    /// Views.
    pub views: ItemChanges,
}

/// The added, removed and changed items of one kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ItemChanges {
    /// Items only the old dataset has, as the JSON export writes them, in its order.
    pub removed: Vec<Json>,
    /// Items only the new dataset has, in its order.
    pub added: Vec<Json>,
    /// Items both have, with different content, in the new dataset's order.
    pub changed: Vec<ChangedItem>,
}

impl ItemChanges {
    /// Whether nothing of this kind changed.
    pub fn is_empty(&self) -> bool {
        self.removed.is_empty() && self.added.is_empty() && self.changed.is_empty()
    }
}

/// An item both datasets have, and how it changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangedItem {
    /// Its id.
    pub id: String,
    /// What changed, field by field.
    pub fields: Vec<FieldChange>,
}

/// One field of an item that changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// The field: a JSON key of the item (`description`, `rank`), a key inside one
    /// (`label.en`, `qualifiers.place`), or a statement's `value`.
    pub field: String,
    /// The old value; `None` when the field is new.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Json>,
    /// The new value; `None` when the field is gone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Json>,
}

impl DatasetDiff {
    /// Whether the two datasets hold the same items with the same content.
    pub fn is_empty(&self) -> bool {
        self.metadata.is_empty() && self.kinds().iter().all(|(_, c)| c.is_empty())
    }

    /// Each kind of item with its changes, in the order they are reported.
    pub fn kinds(&self) -> [(&'static str, &ItemChanges); 7] {
        [
            ("types", &self.types),
            ("predicates", &self.predicates),
            ("units", &self.units),
            ("sources", &self.sources),
            ("entities", &self.entities),
            ("statements", &self.statements),
            ("views", &self.views),
        ]
    }
}

/// Compares two datasets item by item.
///
/// Pass validated datasets ([`crate::ValidDataset::into_inner`]): validation puts language
/// tags in their usual case and statements in canonical order, so that two ways of writing
/// the same data compare equal.
///
/// # Complexity
/// O(items) time and memory: each item is serialized once and found by id in a hash table.
pub fn diff(old: &Dataset, new: &Dataset) -> DatasetDiff {
    let id = |j: &Json| j.get("id").and_then(Json::as_str).unwrap_or("").to_string();
    let mut d = DatasetDiff {
        equal: false,
        metadata: field_changes(
            &fields(&json(&old.meta), false),
            &fields(&json(&new.meta), false),
        ),
        types: compare(&old.types, &new.types, id, false),
        predicates: compare(&old.predicates, &new.predicates, id, false),
        units: compare(&old.units, &new.units, id, false),
        sources: compare(&old.sources, &new.sources, id, false),
        entities: compare(&old.entities, &new.entities, id, false),
        statements: compare(&old.statements, &new.statements, id, true),
        views: compare(&old.views, &new.views, id, false),
    };
    d.equal = d.is_empty();
    d
}

fn json<T: Serialize>(item: &T) -> Json {
    // The model's types serialize to JSON without fail (finite numbers, string keys).
    serde_json::to_value(item).unwrap_or(Json::Null)
}

fn compare<T: Serialize>(
    old: &[T],
    new: &[T],
    id: impl Fn(&Json) -> String,
    statements: bool,
) -> ItemChanges {
    let old: Vec<Json> = old.iter().map(json).collect();
    let new: Vec<Json> = new.iter().map(json).collect();
    let old_ids: Vec<String> = old.iter().map(&id).collect();
    let new_ids: Vec<String> = new.iter().map(&id).collect();
    let position: HashMap<&str, usize> = old_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let in_new: std::collections::HashSet<&str> = new_ids.iter().map(String::as_str).collect();
    let mut changes = ItemChanges::default();
    for (item, item_id) in old.iter().zip(&old_ids) {
        if !in_new.contains(item_id.as_str()) {
            changes.removed.push(item.clone());
        }
    }
    for (item, item_id) in new.iter().zip(&new_ids) {
        match position.get(item_id.as_str()) {
            None => changes.added.push(item.clone()),
            Some(&i) if old[i] != *item => {
                let fields = field_changes(&fields(&old[i], statements), &fields(item, statements));
                if !fields.is_empty() {
                    changes.changed.push(ChangedItem {
                        id: item_id.clone(),
                        fields,
                    });
                }
            }
            Some(_) => {}
        }
    }
    changes
}

/// The keys whose own keys are reported one by one: names per language, free attributes,
/// qualifiers.
const NESTED: &[&str] = &["label", "aliases", "attributes", "qualifiers"];

/// The value keys of a statement, reported together as `value`.
const VALUE_KEYS: &[&str] = &["object", "quantity", "decimal", "date", "span", "text"];

/// The order fields are reported in; others follow in the order of their names.
const FIELD_ORDER: &[&str] = &[
    "type",
    "label",
    "aliases",
    "description",
    "wikidata",
    "attributes",
    "subject",
    "predicate",
    "value",
    "qualifiers",
    "rank",
    "disputed",
    "note",
    "references",
];

/// An item's fields as (name, value) pairs, in report order, without its id.
fn fields(item: &Json, statement: bool) -> Vec<(String, Json)> {
    let Some(object) = item.as_object() else {
        return Vec::new();
    };
    let mut top: Vec<(String, Json)> = Vec::new();
    let mut value = Map::new();
    for (key, v) in object {
        if key == "id" {
            continue;
        }
        if statement && VALUE_KEYS.contains(&key.as_str()) {
            value.insert(key.clone(), v.clone());
        } else {
            top.push((key.clone(), v.clone()));
        }
    }
    if statement {
        top.push(("value".into(), Json::Object(value)));
        if !object.contains_key("rank") {
            top.push(("rank".into(), Json::from("normal")));
        }
    }
    let order = |name: &str| {
        FIELD_ORDER
            .iter()
            .position(|f| *f == name)
            .unwrap_or(usize::MAX)
    };
    top.sort_by(|(a, _), (b, _)| order(a).cmp(&order(b)).then(a.cmp(b)));
    let mut out = Vec::new();
    for (key, v) in top {
        match v {
            Json::Object(inner) if NESTED.contains(&key.as_str()) => {
                for (sub, v) in inner {
                    out.push((format!("{key}.{sub}"), v));
                }
            }
            v => out.push((key, v)),
        }
    }
    out
}

/// The fields that differ: the old fields' order first, then fields only the new item has.
fn field_changes(old: &[(String, Json)], new: &[(String, Json)]) -> Vec<FieldChange> {
    let find = |fields: &[(String, Json)], name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let mut changes = Vec::new();
    for (name, value) in old {
        let now = find(new, name);
        if now.as_ref() != Some(value) {
            changes.push(FieldChange {
                field: name.clone(),
                old: Some(value.clone()),
                new: now,
            });
        }
    }
    for (name, value) in new {
        if find(old, name).is_none() {
            changes.push(FieldChange {
                field: name.clone(),
                old: None,
                new: Some(value.clone()),
            });
        }
    }
    // Keep the report order of the fields whichever side named them first.
    let rank = |f: &FieldChange| {
        let top = f.field.split('.').next().unwrap_or("");
        FIELD_ORDER
            .iter()
            .position(|o| *o == top)
            .unwrap_or(usize::MAX)
    };
    changes.sort_by_key(rank);
    changes
}

/// Whether a removed or added statement's id was derived (no explicit id): such a statement
/// may be an edited one whose id followed its content.
pub(crate) fn has_derived_id(statement: &Json) -> bool {
    // The JSON reader drops an id equal to the derived one, so a statement read back without
    // an explicit id had a derived one.
    serde_json::from_value::<Statement>(statement.clone())
        .is_ok_and(|parsed| parsed.explicit_id().is_none())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, Rank, Value};

    #[test]
    fn fields_follow_the_report_order_and_split_names() {
        let e = Entity {
            id: "a".into(),
            type_id: "t".into(),
            label: [("en".to_string(), "A".to_string())].into(),
            description: Some("d".into()),
            ..Default::default()
        };
        let names: Vec<String> = fields(&json(&e), false)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["type", "label.en", "description"]);
        let s = Statement::new("a", "p", Value::Entity("b".into()));
        let names: Vec<String> = fields(&json(&s), true)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["subject", "predicate", "value", "rank"]);
    }

    #[test]
    fn a_rank_change_is_one_field() {
        let old = Statement::new("a", "p", Value::Entity("b".into()));
        let mut new = old.clone();
        new.rank = Rank::Preferred;
        let d = compare(
            &[old],
            &[new],
            |j| j["id"].as_str().unwrap().to_string(),
            true,
        );
        assert_eq!(d.changed.len(), 1);
        assert_eq!(
            d.changed[0].fields,
            [FieldChange {
                field: "rank".into(),
                old: Some("normal".into()),
                new: Some("preferred".into()),
            }]
        );
    }
}
