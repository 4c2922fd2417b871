//! Builds the triples of the RDF export from a [`KnowledgeGraph`], in their fixed order, and
//! hands them to a sink one subject at a time (so that nothing holds the whole export).

use std::io;

use oxrdf::vocab::rdf;
use oxrdf::{Literal, LiteralRef, NamedNode, NamedNodeRef, Term, TermRef, Triple, TripleRef};

use super::group::Group;
use super::values::{
    Plan, Role, Shared, amount, date_time, decimal, integer, precision, quantity_amount, slots,
};
use crate::format::rdf::RdfIris;
use crate::format::rdf::vocab::{self, kg, owl, prov, schema, skos, time, wikibase};
use crate::graph::{KnowledgeGraph, Subjects};
use crate::model::Dataset;
use crate::model::{Bound, Quantity, Rank, Statement, Value};

/// Every triple of the export, without duplicates, grouped by subject in this order: the
/// dataset; the vocabulary, classes, properties and units; sources; each entity with its
/// direct triples and statement links; each statement node followed by the value and
/// reference nodes it is the first to name.
pub(super) fn triples(graph: &KnowledgeGraph, nodes: StatementNodes) -> Vec<Triple> {
    let mut out = Vec::new();
    let collect = &mut |group: &Group| {
        out.extend(group.triples().map(TripleRef::into_owned));
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
    sink: &mut dyn FnMut(&Group) -> io::Result<()>,
) -> io::Result<()> {
    let d = graph.dataset();
    let plan = Plan::new(d, nodes);
    let mut b = Builder::new(d, graph.subjects(), &plan, sink);
    b.head();
    b.entities(0..d.entities.len());
    b.statements(0..d.statements.len());
    b.finish()
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
    pub(super) dataset: &'g Dataset,
    subjects: Subjects<'g>,
    pub(super) plan: &'g Plan<'g>,
    pub(super) iris: RdfIris,
    pub(super) primary: String,
    out: Emitter<'s>,
    /// Language tags as literals carry them (lower case), looked up once per tag.
    langs: LanguageTags,
    /// Scratch for the IRIs made per triple (subject, object, statement id): reused, so
    /// that the bulk paths allocate nothing per triple.
    subject: String,
    object: String,
    id: String,
}

/// The group being filled, and where finished groups go.
struct Emitter<'s> {
    group: Group,
    sink: &'s mut dyn FnMut(&Group) -> io::Result<()>,
    error: Option<io::Error>,
}

impl Emitter<'_> {
    fn push(&mut self, s: &str, p: NamedNodeRef<'_>, o: TermRef<'_>) {
        if self.group.is_empty() {
            self.group.start(s);
        } else if self.group.subject() != s {
            self.flush();
            self.group.start(s);
        }
        self.group.push(p, o);
    }

    /// Hands the current subject's triples (each once) to the sink.
    fn flush(&mut self) {
        if self.group.is_empty() {
            return;
        }
        if self.error.is_none()
            && let Err(e) = (self.sink)(&self.group)
        {
            self.error = Some(e);
        }
        self.group.start("");
    }
}

/// Language tags in the form a literal carries them: lower case (as oxrdf makes them), or
/// `None` for a tag that is not BCP 47 (the text is then written untagged, as
/// [`lang_text`] does; validation refuses such tags).
#[derive(Default)]
struct LanguageTags(Vec<(String, Option<String>)>);

impl LanguageTags {
    fn get(&mut self, tag: &str) -> Option<&str> {
        // A dataset has a handful of tags: a linear search beats hashing.
        let i = match self.0.iter().position(|(t, _)| t == tag) {
            Some(i) => i,
            None => {
                let lower = tag.to_ascii_lowercase();
                let valid = oxilangtag::LanguageTag::parse(lower.as_str()).is_ok();
                self.0.push((tag.to_string(), valid.then_some(lower)));
                self.0.len() - 1
            }
        };
        self.0[i].1.as_deref()
    }
}

/// `text` tagged `tag` (a tag from [`LanguageTags::get`]).
fn tagged<'a>(text: &'a str, tag: Option<&'a str>) -> TermRef<'a> {
    match tag {
        Some(tag) => LiteralRef::new_language_tagged_literal_unchecked(text, tag).into(),
        None => LiteralRef::new_simple_literal(text).into(),
    }
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
    pub(super) fn new(
        dataset: &'g Dataset,
        subjects: Subjects<'g>,
        plan: &'g Plan<'g>,
        sink: &'s mut dyn FnMut(&Group) -> io::Result<()>,
    ) -> Self {
        let d = dataset;
        Builder {
            dataset,
            subjects,
            plan,
            iris: RdfIris::for_dataset(dataset),
            primary: d.meta.primary_language().to_string(),
            out: Emitter {
                group: Group::default(),
                sink,
                error: None,
            },
            langs: LanguageTags::default(),
            subject: String::new(),
            object: String::new(),
            id: String::new(),
        }
    }

    /// Adds a triple (owned terms: for the parts of the export that are not per row).
    pub(super) fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        let o = o.into();
        self.out.push(s.as_str(), p, o.as_ref());
    }

    /// Hands the last subject's triples to the sink; returns the first error of the sink.
    pub(super) fn finish(mut self) -> io::Result<()> {
        self.out.flush();
        self.out.error.map_or(Ok(()), Err)
    }

    /// The IRIs of statement `si`'s predicate: borrowed from the plan (made once per
    /// predicate, not once per triple), made anew only for an undeclared one.
    fn predicate(&self, si: usize) -> std::borrow::Cow<'g, PredicateIris> {
        let plan: &'g Plan<'g> = self.plan;
        match plan.order[si] {
            0 => std::borrow::Cow::Owned(PredicateIris::new(
                &self.iris,
                &self.dataset.statements[si].predicate,
            )),
            p => std::borrow::Cow::Borrowed(&plan.predicates[p as usize]),
        }
    }

    /// Text in the primary language.
    pub(super) fn primary_text(&self, text: &str) -> Literal {
        lang_text(text, &self.primary)
    }

    pub(super) fn entities(&mut self, range: std::ops::Range<usize>) {
        let d = self.dataset;
        let plan = self.plan;
        // (predicate order, statement index, object entity id) of one subject's statements.
        let mut run: Vec<(u32, u32, Option<&'g str>)> = Vec::new();
        for position in range {
            let e = &d.entities[position];
            self.subject.clear();
            self.iris.push_entity(&mut self.subject, &e.id);
            let s = self.subject.as_str();
            match plan.classes.get(e.type_id.as_str()) {
                Some(class) => self.out.push(s, rdf::TYPE, class.as_ref().into()),
                None => {
                    let class = self.iris.class(&e.type_id);
                    self.out.push(s, rdf::TYPE, class.as_ref().into());
                }
            }
            for (lang, label) in &e.label {
                let o = tagged(label, self.langs.get(lang));
                self.out.push(s, oxrdf::vocab::rdfs::LABEL, o);
            }
            for (lang, aliases) in &e.aliases {
                let tag = self.langs.get(lang);
                for alias in aliases {
                    self.out.push(s, skos::ALT_LABEL, tagged(alias, tag));
                }
            }
            if let Some(desc) = &e.description {
                let o = tagged(desc, self.langs.get(&self.primary));
                self.out.push(s, schema::DESCRIPTION, o);
            }
            if let Some(q) = &e.wikidata {
                self.out
                    .push(s, owl::SAME_AS, self.iris.wikidata(q).as_ref().into());
            }
            for (key, value) in &e.attributes {
                let p = self.iris.attribute(key);
                self.out.push(s, p.as_ref(), scalar(value).as_ref().into());
            }
            // Statement order within a predicate, predicates in schema order, so that
            // Turtle groups the objects of one predicate.
            // The object is read here, in a tight loop of independent loads, rather than
            // below between writes: a subject's statements lie scattered over the whole
            // statement vector, and the processor then waits for several at once instead
            // of for each in turn (this load was half of this function's time).
            run.clear();
            run.extend(self.subjects.of(position).iter().map(|&si| {
                let i = si as usize;
                (plan.order[i], si, d.statements[i].value.as_entity())
            }));
            run.sort_unstable_by_key(|&(order, si, _)| (order, si));
            for &(_, si, object) in &run {
                let si = si as usize;
                if !plan.best[si] {
                    continue;
                }
                let p = self.predicate(si);
                if let Some(id) = object {
                    // The bulk case, made in scratch rather than as an owned term.
                    self.object.clear();
                    self.iris.push_entity(&mut self.object, id);
                    let o = NamedNodeRef::new_unchecked(&self.object);
                    self.out.push(s, p.direct.as_ref(), o.into());
                } else if let Some(o) = self.simple_value(&d.statements[si].value) {
                    self.out.push(s, p.direct.as_ref(), o.as_ref());
                }
            }
            for &(_, si, _) in &run {
                let si = si as usize;
                if plan.noded[si] {
                    let p = self.predicate(si);
                    self.id.clear();
                    d.statements[si].write_id(&mut self.id);
                    self.object.clear();
                    self.iris.push_statement(&mut self.object, &self.id);
                    let o = NamedNodeRef::new_unchecked(&self.object);
                    self.out.push(s, p.claim.as_ref(), o.into());
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

    pub(super) fn statements(&mut self, range: std::ops::Range<usize>) {
        let d = self.dataset;
        for si in range {
            if self.plan.noded[si] {
                self.statement(si, &d.statements[si]);
            }
        }
    }

    fn statement(&mut self, si: usize, st: &'g Statement) {
        self.id.clear();
        st.write_id(&mut self.id);
        let mut iri = String::new();
        self.iris.push_statement(&mut iri, &self.id);
        let s = NamedNode::new_unchecked(iri);
        let p = self.predicate(si);
        let slots: Vec<(Role, Shared<'g>, NamedNode)> = slots(st, self.plan)
            .into_iter()
            .map(|(role, shared)| (role, shared, self.plan.iri(&shared)))
            .collect();
        self.out
            .push(s.as_str(), rdf::TYPE, wikibase::STATEMENT.into());
        if self.plan.best[si] {
            self.out
                .push(s.as_str(), rdf::TYPE, wikibase::BEST_RANK.into());
        }
        let rank = super::declare::rank_term(st.rank);
        self.out.push(s.as_str(), wikibase::RANK, rank.into());
        if let Value::Entity(id) = &st.value {
            self.object.clear();
            self.iris.push_entity(&mut self.object, id);
            let o = NamedNodeRef::new_unchecked(&self.object);
            self.out.push(s.as_str(), p.statement.as_ref(), o.into());
        } else if let Some(o) = self.simple_value(&st.value) {
            self.out.push(s.as_str(), p.statement.as_ref(), o.as_ref());
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
                let d = self.dataset;
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
