//! Statements of kgforge's own RDF: statement nodes (`p:` → `stmt:`) with their values, value
//! nodes, qualifiers and references, and the bare statements an export with
//! `--statement-nodes annotated` writes as direct triples only.

use oxrdf::vocab::xsd;
use oxrdf::{NamedNode, NamedOrBlankNode, Term};
use rustc_hash::FxHashMap;

use super::{Own, rank};
use crate::diag::Code;
use crate::format::rdf::BUILT_IN_QUALIFIERS;
use crate::format::rdf::key_from_local_name;
use crate::format::rdf::vocab::{kg, prov, skos, time, wikibase};
use crate::load::rdf::{iri, literal};
use crate::model::{
    Bound, Dataset, Date, LiteralKind, Qualifiers, Quantity, Range, Rank, Reference, Span,
    Statement, Text, Value, derive_statement_id, normalize_language_tag,
};

/// Each statement node's subject entity and predicate, from its `p:` link (and that triple's
/// index), by the statement node's IRI.
pub(super) type Claims = FxHashMap<String, (String, String, usize)>;

impl Own<'_> {
    /// Every `entity p:{predicate} stmt:{id}` link.
    pub(super) fn claims(&self) -> Claims {
        let prop = format!("{}prop/", self.base);
        let mut claims = Claims::default();
        for (i, t) in self.g.triples.iter().enumerate() {
            let Some(predicate) = t.predicate.as_str().strip_prefix(&prop) else {
                continue;
            };
            if predicate.contains('/') {
                continue;
            }
            let subject: Term = t.subject.clone().into();
            if let (Some(entity), Some(node)) = (self.id_under(&subject, "entity/"), iri(&t.object))
                && let Some(predicate) = crate::format::rdf::id_from_segment(predicate)
            {
                claims
                    .entry(node.to_string())
                    .or_insert((entity, predicate, i));
            }
        }
        claims
    }

    /// The statement of node `s` (`stmt:{id}`).
    pub(super) fn statement(
        &mut self,
        s: &NamedOrBlankNode,
        id: String,
        claims: &Claims,
    ) -> Option<Statement> {
        let node = match s {
            NamedOrBlankNode::NamedNode(n) => n.as_str(),
            NamedOrBlankNode::BlankNode(_) => return None,
        };
        let Some((subject, predicate, link)) = claims.get(node).cloned() else {
            self.problem(
                Code::Shape,
                format!("statement node <{node}> is linked from no entity (no p: triple names it)"),
            );
            self.mark_all(s);
            return None;
        };
        self.used[link] = true;
        self.mark_type(s, wikibase::STATEMENT);
        let best = self.g.has_type(s, wikibase::BEST_RANK);
        self.mark_type(s, wikibase::BEST_RANK);
        let rank = self
            .one(s, wikibase::RANK)
            .and_then(iri)
            .and_then(rank)
            .unwrap_or(Rank::Normal);
        let simple = self
            .one(s, self.iris.statement_property(&predicate).as_ref())
            .cloned();
        let value_node = self
            .one(s, self.iris.statement_value(&predicate).as_ref())
            .and_then(iri)
            .map(NamedNode::new_unchecked);
        let value = match (&value_node, &simple) {
            (Some(n), _) => self.value_node(n),
            (None, Some(term)) => self.simple_value(term, None),
            (None, None) => None,
        };
        let Some(value) = value else {
            self.problem(
                Code::StatementValue,
                format!("statement node <{node}> has no value it can be read from (ps: or psv:)"),
            );
            self.mark_all(s);
            return None;
        };
        if best && let Some(term) = &simple {
            // Its direct triple says nothing more.
            let direct = self.iris.direct(&predicate);
            let entity: NamedOrBlankNode = self.iris.entity(&subject).into();
            for (i, t) in self.g.about(&entity) {
                if t.predicate == direct && t.object == *term {
                    self.used[i] = true;
                }
            }
        }
        let qualifiers = self.qualifiers(s);
        let references = self
            .take(s, prov::WAS_DERIVED_FROM)
            .into_iter()
            .filter_map(|t| self.reference(t))
            .collect();
        let mut st = Statement::new(subject, predicate, value);
        st.rank = rank;
        let derived = derive_statement_id(&st.subject, &st.predicate, &st.value, &qualifiers);
        if id != derived {
            st.set_explicit_id(Some(id));
        }
        st.set_qualifiers(qualifiers);
        st.set_disputed(self.text(s, kg::DISPUTE_REASON));
        st.set_note(self.text(s, skos::NOTE));
        st.set_references(references);
        Some(st)
    }

    /// A value from its direct or `ps:` term: an entity, a text, a number (`kind` says
    /// whether a decimal is a count).
    fn simple_value(&self, term: &Term, kind: Option<LiteralKind>) -> Option<Value> {
        if let Some(id) = self.id_under(term, "entity/") {
            return Some(Value::Entity(id.into()));
        }
        let Term::Literal(l) = term else {
            return None;
        };
        if let Some(language) = l.language() {
            let language = normalize_language_tag(language).unwrap_or_else(|| language.into());
            return Some(Value::from(
                if language.eq_ignore_ascii_case(&self.primary) {
                    Text::from(l.value())
                } else {
                    Text::in_language(l.value(), language)
                },
            ));
        }
        if l.datatype() == xsd::DECIMAL {
            if kind == Some(LiteralKind::Integer)
                && let Ok(n) = l.value().parse()
            {
                return Some(Value::from(Quantity {
                    bound: Bound::Exact(n),
                    unit: None,
                }));
            }
            return l.value().parse().ok().map(Value::Decimal);
        }
        None
    }

    /// A value from its value node: a quantity, a decimal, a date or a span.
    fn value_node(&mut self, n: &NamedNode) -> Option<Value> {
        let s: NamedOrBlankNode = n.clone().into();
        if self.g.has_type(&s, wikibase::QUANTITY_VALUE) {
            if self.g.objects(&s, kg::BOUND).next().is_some() {
                return self.quantity(n).map(Value::from);
            }
            self.mark_type(&s, wikibase::QUANTITY_VALUE);
            self.take(&s, wikibase::QUANTITY_UNIT);
            return self
                .text(&s, wikibase::QUANTITY_AMOUNT)
                .and_then(|a| a.parse().ok())
                .map(Value::Decimal);
        }
        if self.g.has_type(&s, wikibase::TIME_VALUE) {
            return self.date(n).map(Value::Date);
        }
        if self.g.has_type(&s, time::INTERVAL) {
            self.mark_type(&s, time::INTERVAL);
            let end = |own: &mut Self, p| {
                own.one(&s, p)
                    .and_then(iri)
                    .map(NamedNode::new_unchecked)
                    .and_then(|n| own.date(&n))
            };
            let span = Span {
                start: end(self, time::HAS_BEGINNING),
                end: end(self, time::HAS_END),
            };
            return Some(Value::Span(span));
        }
        None
    }

    /// A `wikibase:TimeValue` node: its time at the precision it gives.
    fn date(&mut self, n: &NamedNode) -> Option<Date> {
        let s: NamedOrBlankNode = n.clone().into();
        self.mark_type(&s, wikibase::TIME_VALUE);
        self.take(&s, wikibase::TIME_TIMEZONE);
        self.take(&s, wikibase::TIME_CALENDAR_MODEL);
        let time = self.text(&s, wikibase::TIME_VALUE_PROPERTY)?;
        let precision: u8 = self.text(&s, wikibase::TIME_PRECISION)?.parse().ok()?;
        date_at(&time, precision)
    }

    /// A quantity value node with its bound kind, figures and unit.
    fn quantity(&mut self, n: &NamedNode) -> Option<Quantity> {
        let s: NamedOrBlankNode = n.clone().into();
        self.mark_type(&s, wikibase::QUANTITY_VALUE);
        self.take(&s, wikibase::QUANTITY_UNIT);
        let kind = self.one(&s, kg::BOUND).and_then(iri)?.to_string();
        let figure = |own: &mut Self, p| -> Option<i64> { own.text(&s, p)?.parse().ok() };
        let amount = figure(self, wikibase::QUANTITY_AMOUNT);
        let lower = figure(self, wikibase::QUANTITY_LOWER_BOUND);
        let upper = figure(self, wikibase::QUANTITY_UPPER_BOUND);
        let bound = match kind.as_str() {
            k if k == kg::EXACT.as_str() => Bound::Exact(amount?),
            k if k == kg::ABOUT.as_str() => Bound::About(amount?),
            k if k == kg::AT_LEAST.as_str() => Bound::AtLeast(lower?),
            k if k == kg::MORE_THAN.as_str() => Bound::MoreThan(lower?),
            k if k == kg::AT_MOST.as_str() => Bound::AtMost(upper?),
            k if k == kg::LESS_THAN.as_str() => Bound::LessThan(upper?),
            k if k == kg::RANGE.as_str() => Bound::Range(lower?, upper?),
            _ => return None,
        };
        let unit = self.one(&s, kg::UNIT_PROPERTY).and_then(iri).map(|u| {
            self.units.get(u).cloned().unwrap_or_else(|| {
                let local = u.rsplit('/').next().unwrap_or(u);
                key_from_local_name(local).unwrap_or_else(|| local.to_string())
            })
        });
        Some(Quantity { bound, unit })
    }

    fn qualifiers(&mut self, s: &NamedOrBlankNode) -> Qualifiers {
        let mut q = Qualifiers::default();
        for (name, slot) in [
            ("point_in_time", &mut q.point_in_time),
            ("start_time", &mut q.start),
            ("end_time", &mut q.end),
        ] {
            self.take(s, self.iris.qualifier(name).as_ref());
            let node = self
                .one(s, self.iris.qualifier_value(name).as_ref())
                .and_then(iri)
                .map(NamedNode::new_unchecked);
            *slot = node.and_then(|n| self.date(&n));
        }
        q.place = self
            .one(s, self.iris.qualifier("place").as_ref())
            .and_then(|t| self.id_under(t, "entity/"));
        self.take(s, self.iris.qualifier("quantity").as_ref());
        q.quantity = self
            .one(s, self.iris.qualifier_value("quantity").as_ref())
            .and_then(iri)
            .map(NamedNode::new_unchecked)
            .and_then(|n| self.quantity(&n));
        let prefix = format!("{}prop/qualifier/", self.base);
        let g = self.g;
        for (i, t) in g.about(s) {
            let Some(local) = t.predicate.as_str().strip_prefix(&prefix) else {
                continue;
            };
            if local.contains('/') || BUILT_IN_QUALIFIERS.contains(&local) {
                continue;
            }
            let Some(text) = literal(&t.object) else {
                continue;
            };
            self.used[i] = true;
            let key = self.declared_key(&t.predicate, local);
            q.other.insert(key, text.to_string());
        }
        q
    }

    /// A reference node: the source it states and where in it.
    fn reference(&mut self, node: &Term) -> Option<Reference> {
        let n = NamedNode::new_unchecked(iri(node)?);
        let s: NamedOrBlankNode = n.into();
        self.mark_type(&s, wikibase::REFERENCE);
        self.take(&s, self.iris.reference_property("retrieved").as_ref());
        // The retrieved date is the source's `accessed`, read there; its node says no more.
        for node in self.take(&s, self.iris.reference_value("retrieved").as_ref()) {
            if let Term::NamedNode(n) = node {
                self.mark_all(&n.clone().into());
            }
        }
        let source = self
            .one(&s, self.iris.reference_property("stated_in").as_ref())
            .and_then(|t| self.id_under(t, "source/"))?;
        Some(Reference {
            source,
            paragraph: self
                .text(&s, self.iris.reference_property("paragraph").as_ref())
                .and_then(|p| p.parse().ok()),
            page: self.text(&s, self.iris.reference_property("page").as_ref()),
            section: self.text(&s, self.iris.reference_property("section").as_ref()),
            note: self.text(&s, self.iris.reference_property("note").as_ref()),
        })
    }

    /// Direct triples no statement node accounts for: the statements an export with
    /// `--statement-nodes annotated` leaves bare (normal rank, nothing but their value).
    pub(super) fn bare_statements(&mut self, d: &mut Dataset) {
        let kinds: FxHashMap<&str, Option<LiteralKind>> = d
            .predicates
            .iter()
            .map(|p| {
                let kind = match p.range {
                    Range::Literal(k) => Some(k),
                    Range::Entities(_) => None,
                };
                (p.id.as_str(), kind)
            })
            .collect();
        let direct = format!("{}prop/direct/", self.base);
        let g = self.g;
        let mut bare = Vec::new();
        for e in &d.entities {
            let s: NamedOrBlankNode = self.iris.entity(&e.id).into();
            for (i, t) in g.about(&s) {
                if self.used[i] {
                    continue;
                }
                let Some(predicate) = t.predicate.as_str().strip_prefix(&direct) else {
                    continue;
                };
                let Some(predicate) = crate::format::rdf::id_from_segment(predicate) else {
                    continue;
                };
                let kind = kinds.get(predicate.as_str()).copied().flatten();
                if let Some(value) = self.simple_value(&t.object, kind) {
                    self.used[i] = true;
                    bare.push(Statement::new(e.id.clone(), predicate, value));
                }
            }
        }
        d.statements.extend(bare);
    }
}

/// A date from Wikibase's `xsd:dateTime` (its first day, at midnight) and precision (9 year, 10
/// month, 11 day).
pub(in crate::load) fn date_at(time: &str, precision: u8) -> Option<Date> {
    let (negative, body) = match time.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, time.strip_prefix('+').unwrap_or(time)),
    };
    let date = body.split('T').next()?;
    let mut parts = date.split('-');
    let year: i16 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    let year = if negative { -year } else { year };
    match precision {
        9 => Date::new(year, None, None).ok(),
        10 => Date::new(year, Some(month), None).ok(),
        11 => Date::new(year, Some(month), Some(day)).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_at_their_precision() {
        assert_eq!(
            date_at("1945-08-01T00:00:00Z", 10).map(|d| d.to_string()),
            Some("1945-08".into())
        );
        assert_eq!(
            date_at("-0044-03-15T00:00:00Z", 11).map(|d| d.to_string()),
            Some("-0044-03-15".into())
        );
        assert_eq!(
            date_at("+1965-12-10T00:00:00Z", 9).map(|d| d.to_string()),
            Some("1965".into())
        );
        assert_eq!(date_at("1945-08-01T00:00:00Z", 7), None);
    }
}
