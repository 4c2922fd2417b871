//! Builds the triples of the RDF export from a [`KnowledgeGraph`], in their fixed order, and
//! hands them to a sink one subject at a time (so that nothing holds the whole export).

use std::collections::HashSet;
use std::io::{self, Write};

use oxrdf::vocab::rdf;
use oxrdf::{GraphNameRef, Literal, NamedNode, NamedNodeRef, QuadRef, Term, Triple};
use oxrdfio::{RdfFormat, RdfSerializer};

use super::values::{
    Plan, Role, Shared, amount, date_time, decimal, integer, precision, quantity_amount, slots,
};
use crate::export::parallel::{chunks, two};
use crate::format::rdf::RdfIris;
use crate::format::rdf::vocab::{self, kg, owl, prov, schema, skos, time, wikibase};
use crate::graph::KnowledgeGraph;
use crate::model::{Bound, Quantity, Rank, Statement, Value};

/// Every triple of the export, without duplicates, grouped by subject in this order: the
/// dataset; the vocabulary, classes, properties and units; sources; each entity with its
/// direct triples and statement links; each statement node followed by the value and
/// reference nodes it is the first to name.
pub(super) fn triples(graph: &KnowledgeGraph, nodes: StatementNodes) -> Vec<Triple> {
    let mut out = Vec::new();
    let collect = &mut |group: &[Triple]| {
        out.extend_from_slice(group);
        Ok(())
    };
    // Collecting into memory cannot fail.
    let _ = build(graph, nodes, collect);
    out
}

/// Builds the triples of [`triples`] in the same order and gives them to `sink` one subject at
/// a time (each subject's triples are contiguous, so removing repeats within a subject removes
/// every repeat). Stops at the first error of the sink.
pub(super) fn build(
    graph: &KnowledgeGraph,
    nodes: StatementNodes,
    sink: &mut dyn FnMut(&[Triple]) -> io::Result<()>,
) -> io::Result<()> {
    let d = graph.dataset();
    let plan = Plan::new(graph, nodes);
    let mut b = Builder::new(graph, &plan, sink);
    b.head();
    b.entities(0..d.entities.len());
    b.statements(0..d.statements.len());
    b.flush();
    b.error.map_or(Ok(()), Err)
}

/// Writes the triples of [`build`], in the same order, as N-Triples or N-Quads (`format`)
/// in graph `name`, building and serializing chunks of entities and statements on two
/// threads. Each chunk has its own oxrdfio serializer; these line formats keep no state
/// between lines, and every subject's triples stay within one chunk, so the bytes are those
/// of one serializer on one thread.
pub(super) fn write_lines<W: Write>(
    graph: &KnowledgeGraph,
    nodes: StatementNodes,
    format: RdfFormat,
    name: GraphNameRef<'_>,
    writer: &mut W,
) -> io::Result<()> {
    let d = graph.dataset();
    let plan = Plan::new(graph, nodes);
    let part = |fill: &(dyn Fn(&mut Builder<'_, '_>) + Sync)| -> io::Result<Vec<u8>> {
        let mut out = RdfSerializer::from_format(format).for_writer(Vec::new());
        let mut sink = |group: &[Triple]| {
            group.iter().try_for_each(|t| {
                out.serialize_quad(QuadRef::new(&t.subject, &t.predicate, &t.object, name))
            })
        };
        let mut b = Builder::new(graph, &plan, &mut sink);
        fill(&mut b);
        b.flush();
        let error = b.error.take();
        drop(b);
        if let Some(e) = error {
            return Err(e);
        }
        out.finish()
    };
    writer.write_all(&part(&|b| b.head())?)?;
    for pair in chunks(d.entities.len()).chunks(2) {
        for bytes in two(pair, |range| part(&|b| b.entities(range.clone()))) {
            writer.write_all(&bytes?)?;
        }
    }
    for pair in chunks(d.statements.len()).chunks(2) {
        for bytes in two(pair, |range| part(&|b| b.statements(range.clone()))) {
            writer.write_all(&bytes?)?;
        }
    }
    Ok(())
}

/// Which statements get a statement node (`p:` entity → `stmt:` node).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatementNodes {
    /// Every statement, as in Wikidata's full dumps: a query through `p:`/`ps:` sees them
    /// all.
    #[default]
    All,
    /// Only those whose direct triple does not say everything: a rank other than normal,
    /// not the best rank, qualifiers, references, a dispute, a note, or a value with more
    /// than a plain term (a date's precision, a quantity's bound or unit, a span). For bulk
    /// edge lists, where most rows are one direct triple.
    Annotated,
}

impl StatementNodes {
    /// Whether `st` gets a statement node, `is_best` saying whether it has the best rank of
    /// its subject and predicate.
    pub fn includes(self, st: &Statement, is_best: bool) -> bool {
        self == StatementNodes::All
            || !is_best
            || st.rank != Rank::Normal
            || !st.references().is_empty()
            || !st.qualifiers().is_empty()
            || st.disputed().is_some()
            || st.note().is_some()
            || match &st.value {
                Value::Entity(_) | Value::Text(_) | Value::Decimal(_) => false,
                Value::Quantity(q) => !matches!(q.bound, Bound::Exact(_)) || q.unit.is_some(),
                Value::Date(_) | Value::Span(_) => true,
            }
    }
}

pub(super) struct Builder<'g, 's> {
    pub(super) graph: &'g KnowledgeGraph,
    pub(super) plan: &'g Plan<'g>,
    pub(super) iris: RdfIris,
    pub(super) primary: String,
    /// The triples of the current subject.
    group: Vec<Triple>,
    sink: &'s mut dyn FnMut(&[Triple]) -> io::Result<()>,
    error: Option<io::Error>,
    /// Each type's IRI: made once, not once per entity.
    pub(super) class_iris: rustc_hash::FxHashMap<&'g str, NamedNode>,
}

/// The IRIs of one predicate in its roles.
#[derive(Clone)]
pub(super) struct PredicateIris {
    direct: NamedNode,
    claim: NamedNode,
    statement: NamedNode,
    value: NamedNode,
}

impl PredicateIris {
    pub(super) fn new(iris: &RdfIris, id: &str) -> Self {
        PredicateIris {
            direct: iris.direct(id),
            claim: iris.claim(id),
            statement: iris.statement_property(id),
            value: iris.statement_value(id),
        }
    }
}

impl<'g, 's> Builder<'g, 's> {
    fn new(
        graph: &'g KnowledgeGraph,
        plan: &'g Plan<'g>,
        sink: &'s mut dyn FnMut(&[Triple]) -> io::Result<()>,
    ) -> Self {
        let iris = RdfIris::for_graph(graph);
        let d = graph.dataset();
        let class_iris = d
            .types
            .iter()
            .map(|t| (t.id.as_str(), iris.class(&t.id)))
            .collect();
        Builder {
            graph,
            plan,
            class_iris,
            iris,
            primary: d.meta.primary_language().to_string(),
            group: Vec::new(),
            sink,
            error: None,
        }
    }

    pub(super) fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        if self.group.first().is_some_and(|t| match &t.subject {
            oxrdf::NamedOrBlankNode::NamedNode(n) => n != s,
            _ => true,
        }) {
            self.flush();
        }
        self.group.push(Triple::new(s.clone(), p, o));
    }

    /// Hands the current subject's triples, without repeats, to the sink.
    fn flush(&mut self) {
        if self.group.is_empty() {
            return;
        }
        if self.group.len() <= 16 {
            // Every triple of a group has the same subject: compare the rest only.
            let same = |a: &Triple, b: &Triple| a.object == b.object && a.predicate == b.predicate;
            let mut i = 1;
            while i < self.group.len() {
                if self.group[..i].iter().any(|t| same(t, &self.group[i])) {
                    self.group.remove(i);
                } else {
                    i += 1;
                }
            }
        } else {
            let mut seen = HashSet::with_capacity(self.group.len());
            let keep: Vec<bool> = self.group.iter().map(|t| seen.insert(t)).collect();
            let mut keep = keep.into_iter();
            self.group.retain(|_| keep.next().unwrap_or(true));
        }
        if self.error.is_none()
            && let Err(e) = (self.sink)(&self.group)
        {
            self.error = Some(e);
        }
        self.group.clear();
    }

    /// The IRIs of statement `si`'s predicate: borrowed from the plan (made once per
    /// predicate, not once per triple), made anew only for an undeclared one.
    fn predicate(&self, si: usize) -> std::borrow::Cow<'g, PredicateIris> {
        let plan: &'g Plan<'g> = self.plan;
        match plan.order[si] {
            0 => std::borrow::Cow::Owned(PredicateIris::new(
                &self.iris,
                &self.graph.dataset().statements[si].predicate,
            )),
            p => std::borrow::Cow::Borrowed(&plan.predicates[p as usize]),
        }
    }

    /// Text in the primary language.
    pub(super) fn primary_text(&self, text: &str) -> Literal {
        lang_text(text, &self.primary)
    }

    fn entities(&mut self, range: std::ops::Range<usize>) {
        let d = self.graph.dataset();
        let mut run: Vec<(u32, usize)> = Vec::new();
        for (position, e) in d
            .entities
            .iter()
            .enumerate()
            .skip(range.start)
            .take(range.len())
        {
            let s = self.iris.entity(&e.id);
            let class = match self.class_iris.get(e.type_id.as_str()) {
                Some(iri) => iri.clone(),
                None => self.iris.class(&e.type_id),
            };
            self.add(&s, rdf::TYPE, class);
            for (lang, label) in &e.label {
                self.add(&s, oxrdf::vocab::rdfs::LABEL, lang_text(label, lang));
            }
            for (lang, aliases) in &e.aliases {
                for alias in aliases {
                    self.add(&s, skos::ALT_LABEL, lang_text(alias, lang));
                }
            }
            if let Some(desc) = &e.description {
                self.add(&s, schema::DESCRIPTION, self.primary_text(desc));
            }
            if let Some(q) = &e.wikidata {
                self.add(&s, owl::SAME_AS, self.iris.wikidata(q));
            }
            for (key, value) in &e.attributes {
                self.add(&s, self.iris.attribute(key).as_ref(), scalar(value));
            }
            // Statement order within a predicate, predicates in schema order, so that
            // Turtle groups the objects of one predicate.
            run.clear();
            run.extend(
                self.graph
                    .subject_statements(position)
                    .map(|si| (self.plan.order[si], si)),
            );
            run.sort_unstable();
            for &(_, si) in &run {
                let st = &d.statements[si];
                if self.plan.best[si]
                    && let Some(o) = self.simple_value(&st.value)
                {
                    let p = self.predicate(si);
                    self.add(&s, p.direct.as_ref(), o);
                }
            }
            for &(_, si) in &run {
                if self.plan.noded[si] {
                    let p = self.predicate(si);
                    let node = self.iris.statement(&d.statements[si].id());
                    self.add(&s, p.claim.as_ref(), node);
                }
            }
        }
    }

    /// The value of the direct triple and of `ps:`: the entity, the decimal, the date as
    /// `xsd:dateTime`, the text, the span node, an exact or approximate count as
    /// `xsd:decimal`; `None` for a range or an open bound, which have no figure to give.
    fn simple_value(&self, value: &Value) -> Option<Term> {
        Some(match value {
            Value::Entity(id) => self.iris.entity(id).into(),
            Value::Quantity(q) => amount(quantity_amount(q)?).into(),
            Value::Decimal(x) => decimal(*x).into(),
            Value::Date(d) => date_time(d).into(),
            Value::Span(sp) => self.plan.iri(&Shared::Span(*sp)).into(),
            Value::Text(t) => match &t.language {
                Some(language) => lang_text(t, language).into(),
                None => self.primary_text(t).into(),
            },
        })
    }

    fn statements(&mut self, range: std::ops::Range<usize>) {
        let d = self.graph.dataset();
        for si in range {
            if self.plan.noded[si] {
                self.statement(si, &d.statements[si]);
            }
        }
    }

    fn statement(&mut self, si: usize, st: &'g Statement) {
        let s = self.iris.statement(&st.id());
        let p = self.predicate(si);
        let slots: Vec<(Role, Shared<'g>, NamedNode)> = slots(st, self.plan)
            .into_iter()
            .map(|(role, shared)| (role, shared, self.plan.iri(&shared)))
            .collect();
        self.add(&s, rdf::TYPE, wikibase::STATEMENT);
        if self.plan.best[si] {
            self.add(&s, rdf::TYPE, wikibase::BEST_RANK);
        }
        self.add(&s, wikibase::RANK, super::declare::rank_term(st.rank));
        if let Some(o) = self.simple_value(&st.value) {
            self.add(&s, p.statement.as_ref(), o);
        }
        let q = st.qualifiers();
        for (role, shared, iri) in &slots {
            match (role, shared) {
                (Role::Value, _) => self.add(&s, p.value.as_ref(), iri.clone()),
                (Role::Qualifier(name), Shared::Time(d)) => {
                    self.add(&s, self.iris.qualifier(name).as_ref(), date_time(d));
                    self.add(&s, self.iris.qualifier_value(name).as_ref(), iri.clone());
                }
                (Role::Qualifier(name), Shared::Quantity(quantity)) => {
                    if let Some(n) = quantity_amount(quantity) {
                        self.add(&s, self.iris.qualifier(name).as_ref(), amount(n));
                    }
                    self.add(&s, self.iris.qualifier_value(name).as_ref(), iri.clone());
                }
                (Role::Reference, _) => self.add(&s, prov::WAS_DERIVED_FROM, iri.clone()),
                _ => {}
            }
        }
        if let Some(place) = &q.place {
            self.add(
                &s,
                self.iris.qualifier("place").as_ref(),
                self.iris.entity(place),
            );
        }
        for (key, value) in &q.other {
            let text = self.primary_text(value);
            self.add(&s, self.iris.free_qualifier(key).as_ref(), text);
        }
        if let Some(reason) = st.disputed() {
            self.add(&s, kg::DISPUTE_REASON, self.primary_text(reason));
        }
        if let Some(note) = st.note() {
            self.add(&s, skos::NOTE, self.primary_text(note));
        }
        for (k, (_, shared, iri)) in slots.iter().enumerate() {
            if !self.plan.repeated.contains(&(si as u32, k as u16)) {
                self.shared_node(shared, iri);
            }
        }
    }

    /// The triples of a value or reference node.
    fn shared_node(&mut self, shared: &Shared<'_>, s: &NamedNode) {
        match shared {
            Shared::Time(d) => {
                self.add(s, rdf::TYPE, wikibase::TIME_VALUE);
                self.add(s, wikibase::TIME_VALUE_PROPERTY, date_time(d));
                self.add(s, wikibase::TIME_PRECISION, precision(d));
                self.add(s, wikibase::TIME_TIMEZONE, integer(0));
                self.add(
                    s,
                    wikibase::TIME_CALENDAR_MODEL,
                    NamedNode::new_unchecked(vocab::GREGORIAN),
                );
            }
            Shared::Quantity(q) => self.quantity_node(s, q),
            Shared::Decimal(bits) => {
                self.add(s, rdf::TYPE, wikibase::QUANTITY_VALUE);
                self.add(s, wikibase::QUANTITY_AMOUNT, decimal(f64::from_bits(*bits)));
                self.add(s, wikibase::QUANTITY_UNIT, self.plan.unit_iri(None));
            }
            Shared::Span(sp) => {
                self.add(s, rdf::TYPE, time::INTERVAL);
                if let Some(start) = sp.start {
                    let iri = self.plan.iri(&Shared::Time(start));
                    self.add(s, time::HAS_BEGINNING, iri);
                }
                if let Some(end) = sp.end {
                    let iri = self.plan.iri(&Shared::Time(end));
                    self.add(s, time::HAS_END, iri);
                }
            }
            Shared::Reference(r) => {
                let d = self.graph.dataset();
                self.add(s, rdf::TYPE, wikibase::REFERENCE);
                let source = self.iris.source(&r.source);
                self.add(
                    s,
                    self.iris.reference_property("stated_in").as_ref(),
                    source,
                );
                if let Some(n) = r.paragraph {
                    let pr = self.iris.reference_property("paragraph");
                    self.add(s, pr.as_ref(), integer(i64::from(n)));
                }
                if let Some(page) = &r.page {
                    let pr = self.iris.reference_property("page");
                    self.add(s, pr.as_ref(), Literal::new_simple_literal(page));
                }
                let language = d
                    .sources
                    .iter()
                    .find(|src| src.id == r.source)
                    .and_then(|src| src.language.as_deref())
                    .unwrap_or(&self.primary)
                    .to_string();
                if let Some(section) = &r.section {
                    let pr = self.iris.reference_property("section");
                    self.add(s, pr.as_ref(), lang_text(section, &language));
                }
                if let Some(note) = &r.note {
                    let pr = self.iris.reference_property("note");
                    self.add(s, pr.as_ref(), self.primary_text(note));
                }
                if let Some(accessed) = self.plan.accessed.get(r.source.as_str()) {
                    let pr = self.iris.reference_property("retrieved");
                    self.add(s, pr.as_ref(), date_time(accessed));
                    let prv = self.iris.reference_value("retrieved");
                    let iri = self.plan.iri(&Shared::Time(*accessed));
                    self.add(s, prv.as_ref(), iri);
                }
            }
        }
    }

    /// A quantity value node: the amount of an exact or approximate figure, the bounds of a
    /// range or an open bound, the unit, and the kind of bound.
    fn quantity_node(&mut self, s: &NamedNode, q: &Quantity) {
        self.add(s, rdf::TYPE, wikibase::QUANTITY_VALUE);
        let (kind, lower, upper) = match q.bound {
            Bound::Exact(_) => (kg::EXACT, None, None),
            Bound::About(_) => (kg::ABOUT, None, None),
            Bound::AtLeast(n) => (kg::AT_LEAST, Some(n), None),
            Bound::MoreThan(n) => (kg::MORE_THAN, Some(n), None),
            Bound::AtMost(n) => (kg::AT_MOST, None, Some(n)),
            Bound::LessThan(n) => (kg::LESS_THAN, None, Some(n)),
            Bound::Range(lo, hi) => (kg::RANGE, Some(lo), Some(hi)),
        };
        if let Some(n) = quantity_amount(q) {
            self.add(s, wikibase::QUANTITY_AMOUNT, amount(n));
        }
        if let Some(n) = lower {
            self.add(s, wikibase::QUANTITY_LOWER_BOUND, amount(n));
        }
        if let Some(n) = upper {
            self.add(s, wikibase::QUANTITY_UPPER_BOUND, amount(n));
        }
        self.add(
            s,
            wikibase::QUANTITY_UNIT,
            self.plan.unit_iri(q.unit.as_deref()),
        );
        if let Some(unit) = &q.unit {
            self.add(s, kg::UNIT_PROPERTY, self.iris.unit(unit));
        }
        self.add(s, kg::BOUND, kind);
    }
}

/// A language-tagged string; validation guarantees the tag, a bad one degrades to plain text.
pub(super) fn lang_text(text: &str, lang: &str) -> Literal {
    Literal::new_language_tagged_literal(text, lang)
        .unwrap_or_else(|_| Literal::new_simple_literal(text))
}

fn scalar(value: &crate::model::Scalar) -> Literal {
    use crate::model::Scalar;
    match value {
        Scalar::Bool(b) => Literal::from(*b),
        Scalar::Integer(n) => integer(*n),
        Scalar::Float(x) => decimal(*x),
        Scalar::String(s) => Literal::new_simple_literal(s),
    }
}
