//! Checks the schema: types and their hierarchy, predicates and sources.

use rustc_hash::FxHashSet as HashSet;

use super::Checker;
use crate::diag::{Code, Diagnostic, Location};
use crate::load::ItemKind;
use crate::model::{LiteralKind, Quantity, Range, Statement, Value};

impl Checker<'_> {
    pub(super) fn type_hierarchy(&mut self) {
        let types = &self.dataset.types;
        let mut reported_cycle: HashSet<&str> = HashSet::default();
        for (i, t) in types.iter().enumerate() {
            let mut chain = vec![t.id.as_str()];
            let mut current = t;
            while let Some(parent) = current.parent.as_deref() {
                let Some(&pi) = self.types.get(parent) else {
                    break; // Reported by type_fields.
                };
                if chain.contains(&parent) {
                    if parent == t.id && reported_cycle.insert(t.id.as_str()) {
                        for member in &chain {
                            reported_cycle.insert(member);
                        }
                        let mut cycle = chain.clone();
                        cycle.push(parent);
                        self.push(
                            Diagnostic::error(
                                Code::TypeCycle,
                                format!("the type hierarchy has a cycle: {}", cycle.join(" → ")),
                            )
                            .at(
                                self.at(ItemKind::Type, i, &["parent"]),
                                "this parent closes the cycle",
                            )
                            .with_help("a type cannot be its own ancestor; remove one `parent`"),
                        );
                    }
                    break;
                }
                chain.push(parent);
                current = &types[pi];
            }
            self.ancestors.insert(t.id.as_str(), chain);
        }
    }

    pub(super) fn is_a(&self, type_id: &str, wanted: &str) -> bool {
        self.ancestors
            .get(type_id)
            .is_some_and(|chain| chain.contains(&wanted))
    }

    pub(super) fn type_fields(&mut self) {
        for (i, t) in self.dataset.types.iter().enumerate() {
            let k = ItemKind::Type;
            if let Some(parent) = &t.parent
                && !self.types.contains_key(parent.as_str())
            {
                let d = self.unknown(ItemKind::Type, parent, self.at(k, i, &["parent"]));
                self.push(d);
            }
            if LiteralKind::from_name(&t.id).is_some() {
                self.push(
                    Diagnostic::error(
                        Code::ReservedType,
                        format!("a type may not be named \"{}\", a literal kind", t.id),
                    )
                    .at(self.id_at(k, i), "reserved name")
                    .with_help(format!("rename it, e.g. \"{}_type\"", t.id)),
                );
            }
            if let Some(class) = &t.class {
                self.check_iri(class, self.at(k, i, &["class"]));
            }
            if t.label.trim().is_empty() {
                self.push(
                    Diagnostic::error(
                        Code::EmptyText,
                        format!("type \"{}\" has an empty label", t.id),
                    )
                    .at(self.at(k, i, &["label"]), "empty"),
                );
            }
        }
    }

    pub(super) fn predicate_fields(&mut self) {
        for (i, p) in self.dataset.predicates.iter().enumerate() {
            let k = ItemKind::Predicate;
            for (j, t) in p.domain.iter().enumerate() {
                if !self.types.contains_key(t.as_str()) {
                    let at = self.at(k, i, &["domain", &j.to_string()]);
                    let d = self.unknown(ItemKind::Type, t, at);
                    self.push(d);
                }
            }
            if let Range::Entities(types) = &p.range {
                for (j, t) in types.iter().enumerate() {
                    if !self.types.contains_key(t.as_str()) {
                        let at = self.at(k, i, &["range", &j.to_string()]);
                        let kinds: Vec<&str> = LiteralKind::ALL.iter().map(|k| k.name()).collect();
                        let mut d = self.unknown(ItemKind::Type, t, at);
                        if d.help.is_none() {
                            d.help = Some(format!(
                                "a range is a list of types or one of: {}",
                                kinds.join(", ")
                            ));
                        }
                        self.push(d);
                    }
                }
            }
            if let Some(iri) = &p.property {
                self.check_iri(iri, self.at(k, i, &["property"]));
            }
            if p.label.trim().is_empty() {
                self.push(
                    Diagnostic::error(
                        Code::EmptyText,
                        format!("predicate \"{}\" has an empty label", p.id),
                    )
                    .at(self.at(k, i, &["label"]), "empty"),
                );
            }
        }
    }

    pub(super) fn source_fields(&mut self) {
        for (i, s) in self.dataset.sources.iter().enumerate() {
            let k = ItemKind::Source;
            if let Some(url) = &s.url {
                self.check_iri(url, self.at(k, i, &["url"]));
            }
            if let Some(lang) = &s.language
                && let Some(d) = super::check_language(lang, || self.at(k, i, &["language"]))
            {
                self.push(d);
            }
            if s.title.trim().is_empty() {
                self.push(
                    Diagnostic::error(
                        Code::EmptyText,
                        format!("source \"{}\" has an empty title", s.id),
                    )
                    .at(self.at(k, i, &["title"]), "empty"),
                );
            }
            if s.paragraphs == Some(0) {
                self.push(
                    Diagnostic::error(
                        Code::BadLocator,
                        format!("source \"{}\" has 0 paragraphs", s.id),
                    )
                    .at(self.at(k, i, &["paragraphs"]), "here")
                    .with_help("leave `paragraphs` out when it is not known"),
                );
            }
        }
    }

    pub(super) fn unit_fields(&mut self) {
        for (i, u) in self.dataset.units.iter().enumerate() {
            let k = ItemKind::Unit;
            if let Some(iri) = &u.iri {
                self.check_iri(iri, self.at(k, i, &["iri"]));
            }
            if u.label.trim().is_empty() {
                self.push(
                    Diagnostic::error(
                        Code::EmptyText,
                        format!("unit \"{}\" has an empty label", u.id),
                    )
                    .at(self.at(k, i, &["label"]), "empty"),
                );
            }
        }
        // One warning per undeclared unit, at its first use: a bulk dataset may use one on
        // every row.
        let mut reported: HashSet<&str> = HashSet::default();
        for (si, st) in self.dataset.statements.iter().enumerate() {
            let quantities = [
                (&["quantity", "unit"][..], value_quantity(st)),
                (
                    &["qualifiers", "quantity", "unit"][..],
                    st.qualifiers().quantity.as_ref(),
                ),
            ];
            for (path, q) in quantities {
                let Some(unit) = q.and_then(|q| q.unit.as_deref()) else {
                    continue;
                };
                if self.units.contains_key(unit) || !reported.insert(unit) {
                    continue;
                }
                let uses = self
                    .dataset
                    .statements
                    .iter()
                    .skip(si)
                    .filter(|s| {
                        value_quantity(s)
                            .into_iter()
                            .chain(s.qualifiers().quantity.as_ref())
                            .any(|q| q.unit.as_deref() == Some(unit))
                    })
                    .count();
                self.push(undeclared_unit(
                    unit,
                    uses,
                    self.at(ItemKind::Statement, si, path),
                ));
            }
        }
    }

    fn check_iri(&mut self, iri: &str, at: Option<Location>) {
        if let Err(e) = oxiri::Iri::parse(iri) {
            self.push(
                Diagnostic::error(
                    Code::BadIri,
                    format!("\"{iri}\" is not an absolute IRI: {e}"),
                )
                .at(at, "not an IRI")
                .with_help("write a full IRI with its scheme, e.g. \"https://…\""),
            );
        }
    }
}

/// A unit no `[units.*]` table declares, with how many times it is used and where first.
pub(crate) fn undeclared_unit(unit: &str, uses: usize, at: Option<Location>) -> Diagnostic {
    Diagnostic::warning(
        Code::UndeclaredUnit,
        format!("unit \"{unit}\" is not declared ({uses} use(s))"),
    )
    .at(at, "first used here")
    .with_help(if super::is_slug(unit) {
        format!("declare it: [units.{unit}] label = \"{unit}\" (and `iri` for an external unit); meanwhile the RDF export mints an IRI for it")
    } else {
        let slug: String = unit
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        format!("units have slug ids: declare [units.{slug}] label = \"{unit}\" and write unit = \"{slug}\"; meanwhile the RDF export mints an IRI for it")
    })
}

fn value_quantity(st: &Statement) -> Option<&Quantity> {
    match &st.value {
        Value::Quantity(q) => Some(q),
        _ => None,
    }
}
