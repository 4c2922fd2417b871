//! Checks statements: unique ids, subjects, predicates' domains and ranges, values, qualifiers.

use super::Checker;
use crate::diag::{Code, Diagnostic};
use crate::load::ItemKind;
use crate::model::{LiteralKind, Range, Value};
use crate::validate::NO_ENTITY;

impl Checker<'_> {
    pub(super) fn statement_ids(&mut self) {
        use std::hash::BuildHasher;
        let hash = |id: &str| rustc_hash::FxBuildHasher.hash_one(id);
        // A table of statement positions, not of ids: most ids are derived and not stored,
        // and a map of millions of owned strings (or of 16-byte entries) would be the largest
        // thing validation holds. An id is derived again only to confirm a hash match.
        let statements = &self.dataset.statements;
        let mut seen: hashbrown::HashTable<u32> =
            hashbrown::HashTable::with_capacity(statements.len());
        let (mut id, mut other) = (String::new(), String::new());
        for (i, s) in statements.iter().enumerate() {
            let k = ItemKind::Statement;
            id.clear();
            s.write_id(&mut id);
            if id.is_empty()
                || id.len() > 256
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b))
            {
                self.push(
                    Diagnostic::error(Code::BadId, format!("statement id \"{id}\" is not valid"))
                        .at(self.at(k, i, &["id"]), "here")
                        .with_help(
                            "use ASCII letters, digits, `_`, `-` and `.`, at most 256 characters",
                        ),
                );
            }
            let h = hash(&id);
            let first = seen.find(h, |&j| {
                other.clear();
                statements[j as usize].write_id(&mut other);
                other == id
            });
            match first {
                Some(&first) => {
                    let first = first as usize;
                    self.push(
                        Diagnostic::error(Code::DuplicateId, format!("two statements have the id \"{id}\""))
                            .at(self.at(k, i, &["id"]), "second statement")
                            .also(self.at(k, first, &["id"]), "first statement")
                            .with_help("statements that say the same thing are one statement: merge their references (or give each an explicit `id`)"),
                    );
                }
                None => {
                    // Positions fit in 32 bits: 2^32 statements would take half a terabyte.
                    let position = u32::try_from(i).unwrap_or(u32::MAX);
                    seen.insert_unique(h, position, |&j| {
                        let mut buffer = String::new();
                        statements[j as usize].write_id(&mut buffer);
                        hash(&buffer)
                    });
                }
            }
        }
    }

    pub(super) fn statements(&mut self) {
        let mut used = vec![false; self.dataset.entities.len()];
        for (i, s) in self.dataset.statements.iter().enumerate() {
            let k = ItemKind::Statement;
            // Subject and object were looked up once, by `resolve_ends`.
            let [subject_at, object_at] =
                self.ends[i].map(|e| (e != NO_ENTITY).then_some(e as usize));
            let place = s.qualifiers().place.as_deref();
            let place_at = place.and_then(|p| self.entity(p));
            for e in [subject_at, object_at, place_at].into_iter().flatten() {
                used[e] = true;
            }
            let subject = subject_at.map(|e| &self.dataset.entities[e]);
            if subject.is_none() {
                let d = self.unknown(ItemKind::Entity, &s.subject, self.at(k, i, &["subject"]));
                self.push(d);
            }
            let predicate = self
                .predicates
                .get(s.predicate.as_str())
                .map(|&p| &self.dataset.predicates[p]);
            let Some(predicate) = predicate else {
                let d = self.unknown(
                    ItemKind::Predicate,
                    &s.predicate,
                    self.at(k, i, &["predicate"]),
                );
                self.push(d);
                // Without a predicate there is no range to check, but an object entity must
                // still exist, and the qualifiers and references are checked as usual.
                if let Value::Entity(object) = &s.value
                    && object_at.is_none()
                {
                    let d = self.unknown(ItemKind::Entity, object, self.at(k, i, &["object"]));
                    self.push(d);
                }
                self.qualifiers_and_references(i);
                continue;
            };
            if let Some(subject) = subject
                && !predicate.domain.is_empty()
                && self.types.contains_key(subject.type_id.as_str())
                && !predicate
                    .domain
                    .iter()
                    .any(|t| self.is_a(&subject.type_id, t))
            {
                self.push(
                    Diagnostic::error(
                        Code::Domain,
                        format!(
                            "\"{}\" is a {}, but `{}` applies to {}",
                            s.subject,
                            subject.type_id,
                            s.predicate,
                            or_list(&predicate.domain)
                        ),
                    )
                    .at(
                        self.at(k, i, &["subject"]),
                        "subject outside the predicate's domain",
                    )
                    .with_help("use another predicate, or widen its `domain` in the schema"),
                );
            }
            self.value(
                i,
                s.predicate.as_str(),
                &predicate.range,
                &s.value,
                object_at,
            );
            self.qualifiers_and_references(i);
        }
        self.used = used;
        self.uncited_rows();
    }

    fn qualifiers_and_references(&mut self, i: usize) {
        let s = &self.dataset.statements[i];
        let k = ItemKind::Statement;
        if let Some(place) = &s.qualifiers().place
            && self.entity(place).is_none()
        {
            let d = self.unknown(
                ItemKind::Entity,
                place,
                self.at(k, i, &["qualifiers", "place"]),
            );
            self.push(d);
        }
        if let (Some(a), Some(b)) = (s.qualifiers().start, s.qualifiers().end)
            && a.earliest() > b.latest()
        {
            self.push(
                Diagnostic::error(
                    Code::BadSpan,
                    format!("the qualifiers start ({a}) after they end ({b})"),
                )
                .at(self.at(k, i, &["qualifiers", "end"]), "before the start"),
            );
        }
        self.references(i);
    }

    fn value(
        &mut self,
        i: usize,
        predicate: &str,
        range: &Range,
        value: &Value,
        object_at: Option<usize>,
    ) {
        // Located only when reported: for a CSV row that means scanning the row again.
        let at = |this: &Self| this.at(ItemKind::Statement, i, &[value.key()]);
        match (range, value) {
            (Range::Entities(types), Value::Entity(object)) => {
                let Some(oi) = object_at else {
                    let d = self.unknown(ItemKind::Entity, object, at(self));
                    self.push(d);
                    return;
                };
                let object_type = &self.dataset.entities[oi].type_id;
                if !types.is_empty()
                    && self.types.contains_key(object_type.as_str())
                    && !types.iter().any(|t| self.is_a(object_type, t))
                {
                    self.push(
                        Diagnostic::error(
                            Code::Range,
                            format!(
                                "\"{object}\" is a {object_type}, but `{predicate}` points to {}",
                                or_list(types)
                            ),
                        )
                        .at(at(self), "object outside the predicate's range")
                        .with_help("use another predicate, or widen its `range` in the schema"),
                    );
                }
            }
            (Range::Literal(kind), v) if v.fits(*kind) => {}
            (Range::Literal(kind), v) => {
                let wanted = match kind {
                    LiteralKind::Integer => "`quantity = …`",
                    LiteralKind::Decimal => "`decimal = …`",
                    LiteralKind::Date => "`date = \"YYYY-MM-DD\"` (or YYYY-MM, YYYY)",
                    LiteralKind::Year => "`date = \"YYYY\"` (a year only)",
                    LiteralKind::Span => "`span = { start = …, end = … }`",
                    LiteralKind::String => "`text = \"…\"`",
                };
                self.push(
                    Diagnostic::error(
                        Code::Range,
                        format!(
                            "`{predicate}` takes a {} value, not {}",
                            kind.name(),
                            describe_value(v)
                        ),
                    )
                    .at(at(self), "wrong kind of value")
                    .with_help(format!("write {wanted}")),
                );
            }
            (Range::Entities(_), v) => {
                self.push(
                    Diagnostic::error(
                        Code::Range,
                        format!(
                            "`{predicate}` points to an entity, not {}",
                            describe_value(v)
                        ),
                    )
                    .at(at(self), "wrong kind of value")
                    .with_help(
                        "write `object = \"<entity id>\"`, or give the predicate a literal range",
                    ),
                );
            }
        }
    }
}

fn describe_value(v: &Value) -> String {
    match v {
        Value::Entity(id) => format!("an entity (\"{id}\")"),
        Value::Quantity(q) => format!("a quantity ({q})"),
        Value::Decimal(x) => format!("a decimal ({x})"),
        Value::Date(d) => format!("a date ({d})"),
        Value::Span(_) => "a span".to_string(),
        Value::Text(_) => "a text".to_string(),
    }
}

fn or_list(items: &[String]) -> String {
    match items {
        [one] => format!("type {one}"),
        _ => format!("types {}", items.join(", ")),
    }
}
