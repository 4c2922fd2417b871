//! Value and reference nodes: which ones a statement has, their content-hash IRIs, their
//! literals, and the plan that decides which statement writes each shared node once.

use oxrdf::vocab::xsd;
use oxrdf::{Literal, NamedNode};
use rustc_hash::{FxHashMap, FxHashSet};
use sha2::{Digest, Sha256};

use super::build::PredicateIris;
use crate::format::rdf::RdfIris;
use crate::format::rdf::vocab;
use crate::model::{Bound, Date, Precision, Quantity, Rank, Reference, Span, Statement, Value};

/// A node that several statements may share, named by the hash of its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Shared<'a> {
    /// A `wikibase:TimeValue`.
    Time(Date),
    /// A `wikibase:QuantityValue` of a bounded count.
    Quantity(&'a Quantity),
    /// A `wikibase:QuantityValue` of a decimal (its `f64` bits).
    Decimal(u64),
    /// A `time:Interval`.
    Span(Span),
    /// A `wikibase:Reference`.
    Reference(&'a Reference),
}

/// What a shared node is to the statement that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// The statement's value (`psv:`).
    Value,
    /// The start or end of a span value (named by the span node only).
    SpanEnd,
    /// A time qualifier (`pqv:point_in_time`, …), by its built-in name.
    Qualifier(&'static str),
    /// A reference (`prov:wasDerivedFrom`).
    Reference,
    /// The retrieved date of the reference before it (`prv:retrieved`).
    Retrieved,
}

/// The shared nodes of a statement, in a fixed order: its value's, its qualifiers', its
/// references'. [`Plan::new`] and the statement writer both walk this order, so a slot's
/// position names it.
pub(super) fn slots<'a>(st: &'a Statement, plan: &Plan<'a>) -> Vec<(Role, Shared<'a>)> {
    let mut out = Vec::new();
    match &st.value {
        Value::Quantity(q) => out.push((Role::Value, Shared::Quantity(q))),
        Value::Decimal(x) => out.push((Role::Value, Shared::Decimal(x.to_bits()))),
        Value::Date(d) => out.push((Role::Value, Shared::Time(*d))),
        Value::Span(sp) => {
            out.push((Role::Value, Shared::Span(*sp)));
            for d in [sp.start, sp.end].into_iter().flatten() {
                out.push((Role::SpanEnd, Shared::Time(d)));
            }
        }
        Value::Entity(_) | Value::Text(_) => {}
    }
    let q = st.qualifiers();
    for (name, date) in [
        ("point_in_time", &q.point_in_time),
        ("start_time", &q.start),
        ("end_time", &q.end),
    ] {
        if let Some(d) = date {
            out.push((Role::Qualifier(name), Shared::Time(*d)));
        }
    }
    if let Some(quantity) = &q.quantity {
        out.push((Role::Qualifier("quantity"), Shared::Quantity(quantity)));
    }
    for r in st.references() {
        out.push((Role::Reference, Shared::Reference(r)));
        if let Some(d) = plan.accessed.get(r.source.as_str()) {
            out.push((Role::Retrieved, Shared::Time(*d)));
        }
    }
    out
}

/// Decided once before writing: each statement's predicate position, which statements have
/// the best rank, which get a node, and which shared node each writes.
pub(super) struct Plan<'g> {
    /// Each statement's predicate's position in the schema, from 1 (0 when undeclared).
    pub(super) order: Vec<u32>,
    /// Each predicate's IRIs, at its position (index 0: a placeholder for undeclared ones).
    pub(super) predicates: Vec<super::build::PredicateIris>,
    /// Each type's class IRI: made once, not once per entity.
    pub(super) classes: FxHashMap<&'g str, NamedNode>,
    /// Statements with the best rank of their subject and predicate: preferred when the pair
    /// has a preferred statement, else normal; never deprecated.
    pub(super) best: Vec<bool>,
    /// Statements that get a statement node.
    pub(super) noded: Vec<bool>,
    /// Slots (statement, position in [`slots`]) whose node an earlier statement wrote.
    pub(super) repeated: FxHashSet<(u32, u16)>,
    /// Each source's access date.
    pub(super) accessed: FxHashMap<&'g str, Date>,
    /// The IRI of each unit a quantity may name.
    units: FxHashMap<&'g str, NamedNode>,
    iris: RdfIris,
    /// What the head declares beyond what the dataset's statements name: for a streamed
    /// build, whose statements are not in the dataset, the undeclared units (in the order
    /// of their first use) and the free qualifier keys.
    pub(super) streamed_units: Vec<String>,
    pub(super) streamed_qualifiers: std::collections::BTreeSet<String>,
}

/// The value and reference nodes a streamed build has written so far, by the hash that
/// names each (the first 128 bits of its SHA-256).
pub(crate) type Written = FxHashSet<[u8; 16]>;

impl<'g> Plan<'g> {
    pub(super) fn new(d: &'g crate::model::Dataset, nodes: super::StatementNodes) -> Self {
        Self::build(d, nodes, None, None)
    }

    /// The plan of some statements of a streamed build: `best` as the whole stream decided
    /// it; a value or reference node goes to the first statement that names it since the
    /// stream began (`written`, updated).
    pub(super) fn streamed(
        d: &'g crate::model::Dataset,
        nodes: super::StatementNodes,
        best: Vec<bool>,
        written: &mut Written,
    ) -> Self {
        Self::build(d, nodes, Some(best), Some(written))
    }

    fn build(
        d: &'g crate::model::Dataset,
        nodes: super::StatementNodes,
        given_best: Option<Vec<bool>>,
        written: Option<&mut Written>,
    ) -> Self {
        let iris = RdfIris::for_dataset(d);
        let position: FxHashMap<&str, u32> = d
            .predicates
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i as u32 + 1))
            .collect();
        let order: Vec<u32> = d
            .statements
            .iter()
            .map(|st| position.get(st.predicate.as_str()).copied().unwrap_or(0))
            .collect();
        // The best rank of a subject and predicate is preferred when the pair has a preferred
        // statement, else normal. Preferred statements are few: the pairs that have one are
        // found first, then each statement is judged in one pass in statement order (no walk
        // through each entity's statements, which are scattered over the whole vector).
        let preferred: FxHashSet<(&str, u32)> = if given_best.is_some() {
            FxHashSet::default()
        } else {
            d.statements
                .iter()
                .zip(&order)
                .filter(|(st, _)| st.rank == Rank::Preferred)
                .map(|(st, &o)| (st.subject.as_str(), o))
                .collect()
        };
        let best: Vec<bool> = given_best.unwrap_or_else(|| {
            d.statements
                .iter()
                .zip(&order)
                .map(|(st, &o)| match st.rank {
                    Rank::Preferred => true,
                    Rank::Normal => {
                        preferred.is_empty() || !preferred.contains(&(st.subject.as_str(), o))
                    }
                    Rank::Deprecated => false,
                })
                .collect()
        });
        drop(preferred);
        let noded: Vec<bool> = d
            .statements
            .iter()
            .zip(&best)
            .map(|(st, &b)| nodes.includes(st, b))
            .collect();
        let accessed = d
            .sources
            .iter()
            .filter_map(|s| Some((s.id.as_str(), s.accessed?)))
            .collect();
        let mut units: FxHashMap<&str, NamedNode> = d
            .units
            .iter()
            .map(|u| {
                let iri = u.iri.as_deref().and_then(|i| NamedNode::new(i).ok());
                (u.id.as_str(), iri.unwrap_or_else(|| iris.unit(&u.id)))
            })
            .collect();
        for st in &d.statements {
            for q in quantities(st) {
                if let Some(u) = q.unit.as_deref() {
                    units.entry(u).or_insert_with(|| iris.unit(u));
                }
            }
        }
        let predicates = std::iter::once(PredicateIris::new(&iris, ""))
            .chain(
                d.predicates
                    .iter()
                    .map(|p| PredicateIris::new(&iris, &p.id)),
            )
            .collect();
        let classes = d
            .types
            .iter()
            .map(|t| (t.id.as_str(), iris.class(&t.id)))
            .collect();
        let mut plan = Plan {
            order,
            predicates,
            classes,
            best,
            noded,
            repeated: FxHashSet::default(),
            accessed,
            units,
            iris,
            streamed_units: Vec::new(),
            streamed_qualifiers: std::collections::BTreeSet::new(),
        };
        // Which statement writes each shared node: the first that names it. The set holds
        // borrowed keys, and only while this pass runs; a streamed build's, the nodes' hashes.
        let mut seen: FxHashSet<Shared<'g>> = FxHashSet::default();
        let mut written = written;
        let mut repeated = FxHashSet::default();
        for (si, st) in d.statements.iter().enumerate() {
            if !plan.noded[si] {
                continue;
            }
            for (k, (_, shared)) in slots(st, &plan).into_iter().enumerate() {
                let first = match written.as_deref_mut() {
                    Some(written) => written.insert(plan.digest(&shared)),
                    None => seen.insert(shared),
                };
                if !first {
                    repeated.insert((si as u32, k as u16));
                }
            }
        }
        plan.repeated = repeated;
        plan
    }

    /// The IRI of a unit id (declared or not); `wd:Q199` for none.
    pub(super) fn unit_iri(&self, unit: Option<&str>) -> NamedNode {
        match unit.and_then(|u| self.units.get(u)) {
            Some(iri) => iri.clone(),
            None => NamedNode::new_unchecked(vocab::DIMENSIONLESS),
        }
    }

    /// The units the dataset names but does not declare, in first-use order (their minted
    /// IRIs are declared by the export).
    pub(super) fn undeclared_units<'p>(&'p self, d: &'p crate::model::Dataset) -> Vec<&'p str> {
        let mut seen = FxHashSet::default();
        d.statements
            .iter()
            .flat_map(quantities)
            .filter_map(|q| q.unit.as_deref())
            .chain(self.streamed_units.iter().map(String::as_str))
            .filter(|u| !d.units.iter().any(|declared| declared.id == *u) && seen.insert(*u))
            .collect()
    }

    /// The IRI of a shared node: `value:` or `ref:` and the hash of its content.
    pub(super) fn iri(&self, shared: &Shared<'_>) -> NamedNode {
        let digest = self.digest(shared);
        let mut hex = String::with_capacity(32);
        for b in &digest {
            use std::fmt::Write as _;
            let _ = write!(hex, "{b:02x}");
        }
        match shared {
            Shared::Reference(_) => self.iris.reference(&hex),
            _ => self.iris.value(&hex),
        }
    }

    /// The first 128 bits of the SHA-256 of a shared node's content: its name.
    fn digest(&self, shared: &Shared<'_>) -> [u8; 16] {
        let mut h = Sha256::new();
        match shared {
            Shared::Time(d) => h.update(format!("time {d}")),
            Shared::Quantity(q) => {
                let unit = self.unit_iri(q.unit.as_deref());
                h.update(match q.bound {
                    Bound::Range(lo, hi) => format!("quantity range {lo} {hi} {unit}"),
                    b => format!("quantity {} {} {unit}", b.key(), b.amount()),
                });
                // A unit with an external IRI shares it with other units and with plain
                // counts (wd:Q199): its own IRI (kg:unit) tells their nodes apart.
                if let Some(own) = q.unit.as_deref().map(|u| self.iris.unit(u))
                    && own != unit
                {
                    h.update(format!(" {own}"));
                }
            }
            Shared::Decimal(bits) => h.update(format!(
                "decimal {}",
                decimal(f64::from_bits(*bits)).value()
            )),
            Shared::Span(sp) => {
                let end = |d: Option<Date>| d.map_or_else(|| "..".to_string(), |d| d.to_string());
                h.update(format!("span {}/{}", end(sp.start), end(sp.end)));
            }
            Shared::Reference(r) => {
                let content = (
                    &r.source,
                    r.paragraph,
                    &r.page,
                    &r.section,
                    &r.note,
                    self.accessed.get(r.source.as_str()),
                );
                h.update(b"reference ");
                h.update(serde_json::to_vec(&content).expect("plain data serializes"));
            }
        }
        let digest = h.finalize();
        let mut name = [0u8; 16];
        name.copy_from_slice(&digest[..16]);
        name
    }
}

/// The quantities of a statement: its value and its quantity qualifier.
fn quantities(st: &Statement) -> impl Iterator<Item = &Quantity> {
    let value = match &st.value {
        Value::Quantity(q) => Some(&**q),
        _ => None,
    };
    value.into_iter().chain(st.qualifiers().quantity.as_ref())
}

/// `xsd:dateTime` at midnight UTC of the first day a date stands for, as Wikidata writes
/// every time value whatever its precision (`1945-08` → `1945-08-01T00:00:00Z`).
pub(super) fn date_time(d: &Date) -> Literal {
    let (year, month, day) = d.earliest();
    let year = if year < 0 {
        format!("-{:04}", -i32::from(year))
    } else {
        format!("{year:04}")
    };
    Literal::new_typed_literal(
        format!("{year}-{month:02}-{day:02}T00:00:00Z"),
        xsd::DATE_TIME,
    )
}

/// Wikibase's precision code: 9 year, 10 month, 11 day.
pub(super) fn precision(d: &Date) -> Literal {
    integer(match d.precision() {
        Precision::Year => 9,
        Precision::Month => 10,
        Precision::Day => 11,
    })
}

/// A W3C date of the date's own precision (`xsd:gYear`, `xsd:gYearMonth`, `xsd:date`), for
/// bibliographic dates (a source's publication and access), as Dublin Core writes them.
pub(super) fn w3c_date(d: &Date) -> Literal {
    let datatype = match d.precision() {
        Precision::Year => xsd::G_YEAR,
        Precision::Month => xsd::G_YEAR_MONTH,
        Precision::Day => xsd::DATE,
    };
    Literal::new_typed_literal(d.to_string(), datatype)
}

pub(super) fn integer(n: i64) -> Literal {
    Literal::new_typed_literal(n.to_string(), xsd::INTEGER)
}

/// A count as `xsd:decimal`, as Wikibase writes quantity amounts.
pub(super) fn amount(n: i64) -> Literal {
    Literal::new_typed_literal(n.to_string(), xsd::DECIMAL)
}

/// An `xsd:decimal` whose lexical form reads back as the same `f64`: Rust's `Display` for
/// `f64` writes the shortest round-tripping digits and never an exponent. Infinities and NaN,
/// which `xsd:decimal` cannot hold, become `xsd:double`.
pub(crate) fn decimal(x: f64) -> Literal {
    if !x.is_finite() {
        let text = if x.is_nan() {
            "NaN"
        } else if x > 0.0 {
            "INF"
        } else {
            "-INF"
        };
        return Literal::new_typed_literal(text, xsd::DOUBLE);
    }
    let mut text = x.to_string();
    if !text.contains('.') {
        text.push_str(".0");
    }
    Literal::new_typed_literal(text, xsd::DECIMAL)
}

/// The amount a quantity states: only exact and approximate figures have one; a range or an
/// open bound has bounds only.
pub(super) fn quantity_amount(q: &Quantity) -> Option<i64> {
    match q.bound {
        Bound::Exact(n) | Bound::About(n) => Some(n),
        _ => None,
    }
}
