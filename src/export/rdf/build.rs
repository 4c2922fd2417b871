//! Builds the triples of the RDF export from a [`KnowledgeGraph`], in their fixed order, and
//! hands them to a sink one subject at a time (so that nothing holds the whole export).

use std::collections::{BTreeSet, HashSet};
use std::io::{self, Write};

use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{GraphNameRef, Literal, NamedNode, NamedNodeRef, QuadRef, Term, Triple};
use oxrdfio::{RdfFormat, RdfSerializer};

use crate::export::parallel::{chunks, two};
use crate::format::rdf::RdfIris;
use crate::format::rdf::vocab::{dcat, dcterms, kg, owl, prov, schema, skos, void};
use crate::graph::KnowledgeGraph;
use crate::model::{
    Bound, Date, LiteralKind, Precision, Quantity, Range, Rank, Scalar, SourceKind, Span,
    Statement, Value,
};

/// Every triple of the export, without duplicates, grouped by subject in this order: the
/// dataset; classes, properties, attribute and qualifier properties; sources; each entity
/// with its direct triples; each statement node followed by its reference nodes.
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
    let order = predicate_order(graph);
    let mut b = Builder::new(graph, nodes, &order, sink);
    b.dataset();
    b.classes();
    b.properties();
    b.sources();
    b.entities(0..d.entities.len());
    let best = best_flags(d.statements.len(), &b.best_found);
    b.statements(0..d.statements.len(), &best);
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
    let order = predicate_order(graph);
    // Builds one part into a buffer: the triples `fill` makes, and the best ranks found.
    let part = |fill: &(dyn Fn(&mut Builder<'_, '_>) + Sync)| -> io::Result<(Vec<u8>, Vec<u32>)> {
        let mut out = RdfSerializer::from_format(format).for_writer(Vec::new());
        let mut sink = |group: &[Triple]| {
            group.iter().try_for_each(|t| {
                out.serialize_quad(QuadRef::new(&t.subject, &t.predicate, &t.object, name))
            })
        };
        let mut b = Builder::new(graph, nodes, &order, &mut sink);
        fill(&mut b);
        b.flush();
        let best = std::mem::take(&mut b.best_found);
        let error = b.error.take();
        drop(b);
        if let Some(e) = error {
            return Err(e);
        }
        Ok((out.finish()?, best))
    };
    let (head, _) = part(&|b| {
        b.dataset();
        b.classes();
        b.properties();
        b.sources();
    })?;
    writer.write_all(&head)?;
    let mut best_found = Vec::new();
    for pair in chunks(d.entities.len()).chunks(2) {
        let parts = two(pair, |range| part(&|b| b.entities(range.clone())));
        for part in parts {
            let (bytes, best) = part?;
            writer.write_all(&bytes)?;
            best_found.extend(best);
        }
    }
    let best = best_flags(d.statements.len(), &best_found);
    for pair in chunks(d.statements.len()).chunks(2) {
        let parts = two(pair, |range| part(&|b| b.statements(range.clone(), &best)));
        for part in parts {
            writer.write_all(&part?.0)?;
        }
    }
    Ok(())
}

/// Each statement's predicate's position in the schema, from 1 (0 when undeclared): the order
/// of an entity's direct triples. Found once, in statement order, with a fast hash.
fn predicate_order(graph: &KnowledgeGraph) -> Vec<u32> {
    let d = graph.dataset();
    let position: rustc_hash::FxHashMap<&str, u32> = d
        .predicates
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i as u32 + 1))
        .collect();
    d.statements
        .iter()
        .map(|st| position.get(st.predicate.as_str()).copied().unwrap_or(0))
        .collect()
}

fn best_flags(statements: usize, best: &[u32]) -> Vec<bool> {
    let mut flags = vec![false; statements];
    for &si in best {
        flags[si as usize] = true;
    }
    flags
}

/// Which statements get a statement node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatementNodes {
    /// Those that carry something the direct triple cannot say: qualifiers, references, a
    /// rank other than normal, a dispute, a note, or a quantity's bound or unit.
    #[default]
    Annotated,
    /// Every statement.
    All,
}

impl StatementNodes {
    /// Whether `st` gets a statement node.
    pub fn includes(self, st: &Statement) -> bool {
        self == StatementNodes::All
            || !st.references().is_empty()
            || !st.qualifiers().is_empty()
            || st.rank != Rank::Normal
            || st.disputed().is_some()
            || st.note().is_some()
            || matches!(&st.value, Value::Quantity(q) if !matches!(q.bound, Bound::Exact(_)) || q.unit.is_some())
    }
}

struct Builder<'g, 's> {
    graph: &'g KnowledgeGraph,
    /// [`predicate_order`].
    order: &'g [u32],
    iris: RdfIris,
    primary: String,
    nodes: StatementNodes,
    /// The triples of the current subject.
    group: Vec<Triple>,
    sink: &'s mut dyn FnMut(&[Triple]) -> io::Result<()>,
    error: Option<io::Error>,
    /// The statements found (by the entity pass) to have the best rank among the
    /// non-deprecated statements of their subject and predicate.
    best_found: Vec<u32>,
    /// Each predicate's IRI, at its [`predicate_order`] (index 0: undeclared), and each
    /// type's: made once, not once per triple.
    property_iris: Vec<NamedNode>,
    class_iris: rustc_hash::FxHashMap<&'g str, NamedNode>,
}

impl<'g, 's> Builder<'g, 's> {
    fn new(
        graph: &'g KnowledgeGraph,
        nodes: StatementNodes,
        order: &'g [u32],
        sink: &'s mut dyn FnMut(&[Triple]) -> io::Result<()>,
    ) -> Self {
        let iris = RdfIris::for_graph(graph);
        let d = graph.dataset();
        let property_iris = std::iter::once(iris.property(""))
            .chain(d.predicates.iter().map(|p| iris.property(&p.id)))
            .collect();
        let class_iris = d
            .types
            .iter()
            .map(|t| (t.id.as_str(), iris.class(&t.id)))
            .collect();
        Builder {
            graph,
            order,
            property_iris,
            class_iris,
            iris,
            primary: graph.dataset().meta.primary_language().to_string(),
            nodes,
            group: Vec::new(),
            sink,
            error: None,
            best_found: Vec::new(),
        }
    }

    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
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

    /// The IRI of statement `si`'s predicate.
    fn property_iri(&self, si: usize) -> NamedNode {
        match self.order[si] {
            0 => self
                .iris
                .property(&self.graph.dataset().statements[si].predicate),
            p => self.property_iris[p as usize].clone(),
        }
    }

    /// Text in the primary language.
    fn primary_text(&self, text: &str) -> Literal {
        lang_text(text, &self.primary)
    }

    fn dataset(&mut self) {
        let meta = &self.graph.dataset().meta;
        let s = self.iris.dataset();
        self.add(&s, rdf::TYPE, void::DATASET);
        self.add(&s, rdf::TYPE, dcat::DATASET);
        self.add(
            &s,
            dcterms::IDENTIFIER,
            Literal::new_simple_literal(&meta.id),
        );
        self.add(&s, dcterms::TITLE, self.primary_text(&meta.title));
        if let Some(d) = &meta.description {
            self.add(&s, dcterms::DESCRIPTION, self.primary_text(d));
        }
        if let Some(license) = &meta.license {
            self.add(&s, dcterms::LICENSE, license_term(license));
        }
        for lang in &meta.languages {
            self.add(&s, dcterms::LANGUAGE, Literal::new_simple_literal(lang));
        }
        self.add(
            &s,
            void::URI_SPACE,
            Literal::new_simple_literal(self.iris.base()),
        );
    }

    fn classes(&mut self) {
        for t in &self.graph.dataset().types {
            let s = self.iris.class(&t.id);
            self.add(&s, rdf::TYPE, owl::CLASS);
            self.add(&s, rdfs::LABEL, self.primary_text(&t.label));
            if let Some(d) = &t.description {
                self.add(&s, rdfs::COMMENT, self.primary_text(d));
            }
            if let Some(parent) = &t.parent {
                self.add(&s, rdfs::SUB_CLASS_OF, self.iris.class(parent));
            }
            if let Some(class) = t.class.as_deref().and_then(|c| NamedNode::new(c).ok()) {
                self.add(&s, owl::EQUIVALENT_CLASS, class);
            }
            if let Some(g) = &t.group {
                self.add(&s, kg::GROUP, Literal::new_simple_literal(g));
            }
        }
    }

    fn properties(&mut self) {
        for p in &self.graph.dataset().predicates {
            let s = self.iris.property(&p.id);
            let kind = match p.range {
                Range::Entities(_) => owl::OBJECT_PROPERTY,
                Range::Literal(_) => owl::DATATYPE_PROPERTY,
            };
            self.add(&s, rdf::TYPE, kind);
            if p.symmetric {
                self.add(&s, rdf::TYPE, owl::SYMMETRIC_PROPERTY);
            }
            self.add(&s, rdfs::LABEL, self.primary_text(&p.label));
            if let Some(inverse) = &p.inverse {
                self.add(&s, kg::INVERSE_LABEL, self.primary_text(inverse));
            }
            if let Some(d) = &p.description {
                self.add(&s, rdfs::COMMENT, self.primary_text(d));
            }
            // Several rdfs:domain (or rdfs:range) values mean "all of them": only a single
            // type is written that way; schema:*Includes lists every allowed type.
            if let [one] = &p.domain[..] {
                self.add(&s, rdfs::DOMAIN, self.iris.class(one));
            }
            for t in &p.domain {
                self.add(&s, schema::DOMAIN_INCLUDES, self.iris.class(t));
            }
            match &p.range {
                Range::Entities(types) => {
                    if let [one] = &types[..] {
                        self.add(&s, rdfs::RANGE, self.iris.class(one));
                    }
                    for t in types {
                        self.add(&s, schema::RANGE_INCLUDES, self.iris.class(t));
                    }
                }
                Range::Literal(kind) => self.add(&s, rdfs::RANGE, datatype(*kind)),
            }
            if let Some(iri) = p.property.as_deref().and_then(|i| NamedNode::new(i).ok()) {
                self.add(&s, owl::EQUIVALENT_PROPERTY, iri);
            }
        }
        let d = self.graph.dataset();
        let attributes: BTreeSet<&str> = d
            .entities
            .iter()
            .flat_map(|e| e.attributes.keys().map(String::as_str))
            .collect();
        for key in attributes {
            self.free_property(self.iris.attribute(key), key, kg::ATTRIBUTE);
        }
        let qualifiers: BTreeSet<&str> = d
            .statements
            .iter()
            .flat_map(|s| s.qualifiers().other.keys().map(String::as_str))
            .collect();
        for key in qualifiers {
            self.free_property(self.iris.qualifier(key), key, kg::QUALIFIER);
        }
    }

    fn free_property(&mut self, s: NamedNode, key: &str, parent: NamedNodeRef<'_>) {
        self.add(&s, rdf::TYPE, owl::DATATYPE_PROPERTY);
        self.add(&s, rdfs::SUB_PROPERTY_OF, parent);
        self.add(&s, rdfs::LABEL, Literal::new_simple_literal(key));
    }

    fn sources(&mut self) {
        for src in &self.graph.dataset().sources {
            let s = self.iris.source(&src.id);
            self.add(&s, rdf::TYPE, prov::ENTITY);
            self.add(&s, dcterms::TITLE, Literal::new_simple_literal(&src.title));
            if let Some(a) = &src.author {
                self.add(&s, dcterms::CREATOR, Literal::new_simple_literal(a));
            }
            if let Some(p) = &src.publisher {
                self.add(&s, dcterms::PUBLISHER, Literal::new_simple_literal(p));
            }
            if let Some(d) = &src.date {
                self.add(&s, dcterms::DATE, date(d));
            }
            self.add(&s, dcterms::TYPE, source_kind(src.kind));
            if let Some(url) = src.url.as_deref().and_then(|u| NamedNode::new(u).ok()) {
                self.add(&s, schema::URL, url);
            }
            if let Some(n) = &src.note {
                self.add(&s, rdfs::COMMENT, Literal::new_simple_literal(n));
            }
            if let Some(n) = src.paragraphs {
                self.add(&s, kg::PARAGRAPHS, integer(i64::from(n)));
            }
        }
    }

    fn entities(&mut self, range: std::ops::Range<usize>) {
        let d = self.graph.dataset();
        let mut direct: Vec<(u32, usize)> = Vec::new();
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
                self.add(&s, rdfs::LABEL, lang_text(label, lang));
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
            direct.clear();
            direct.extend(
                self.graph
                    .subject_statements(position)
                    .filter(|&si| d.statements[si].rank != Rank::Deprecated)
                    .map(|si| (self.order[si], si)),
            );
            direct.sort_unstable();
            for run in direct.chunk_by(|a, b| a.0 == b.0) {
                let top = run.iter().map(|&(_, si)| d.statements[si].rank).min();
                for &(_, si) in run {
                    if Some(d.statements[si].rank) == top {
                        self.best_found.push(si as u32);
                    }
                }
            }
            for &(_, si) in &direct {
                let st = &d.statements[si];
                let o = self.value(&st.value);
                let p = self.property_iri(si);
                self.add(&s, p.as_ref(), o);
            }
        }
    }

    fn value(&self, value: &Value) -> Term {
        match value {
            Value::Entity(id) => self.iris.entity(id).into(),
            Value::Quantity(q) => integer(q.bound.amount()).into(),
            Value::Decimal(x) => decimal(*x).into(),
            Value::Date(d) => date(d).into(),
            Value::Span(sp) => interval(sp).into(),
            Value::Text(t) => Literal::new_simple_literal(t).into(),
        }
    }

    fn statements(&mut self, range: std::ops::Range<usize>, best: &[bool]) {
        let d = self.graph.dataset();
        for si in range {
            let st = &d.statements[si];
            if self.nodes.includes(st) {
                self.statement(si, st, best[si]);
            }
        }
    }

    fn statement(&mut self, si: usize, st: &Statement, is_best: bool) {
        let s = self.iris.statement(&st.id());
        self.add(&s, rdf::TYPE, kg::STATEMENT);
        if is_best {
            self.add(&s, rdf::TYPE, kg::BEST_RANK);
        }
        self.add(&s, kg::SUBJECT, self.iris.entity(&st.subject));
        let p = self.property_iri(si);
        self.add(&s, kg::PREDICATE, p);
        self.add(&s, kg::OBJECT, self.value(&st.value));
        match &st.value {
            Value::Quantity(q) => {
                self.quantity(
                    &s,
                    q,
                    [kg::BOUND, kg::LOWER_BOUND, kg::UPPER_BOUND, kg::UNIT],
                );
            }
            Value::Span(sp) => {
                if let Some(start) = &sp.start {
                    self.add(&s, kg::SPAN_START, date(start));
                }
                if let Some(end) = &sp.end {
                    self.add(&s, kg::SPAN_END, date(end));
                }
            }
            _ => {}
        }
        let rank = match st.rank {
            Rank::Preferred => kg::PREFERRED_RANK,
            Rank::Normal => kg::NORMAL_RANK,
            Rank::Deprecated => kg::DEPRECATED_RANK,
        };
        self.add(&s, kg::RANK, rank);
        self.add(&s, kg::DISPUTED, Literal::from(st.disputed().is_some()));
        if let Some(reason) = st.disputed() {
            self.add(&s, kg::DISPUTE_REASON, Literal::new_simple_literal(reason));
        }
        if let Some(note) = st.note() {
            self.add(&s, skos::NOTE, Literal::new_simple_literal(note));
        }
        let q = st.qualifiers();
        if let Some(d) = &q.point_in_time {
            self.add(&s, kg::POINT_IN_TIME, date(d));
        }
        if let Some(d) = &q.start {
            self.add(&s, kg::START_TIME, date(d));
        }
        if let Some(d) = &q.end {
            self.add(&s, kg::END_TIME, date(d));
        }
        if let Some(place) = &q.place {
            self.add(&s, kg::PLACE, self.iris.entity(place));
        }
        if let Some(quantity) = &q.quantity {
            self.add(&s, kg::QUANTITY, integer(quantity.bound.amount()));
            self.quantity(
                &s,
                quantity,
                [
                    kg::QUANTITY_BOUND,
                    kg::QUANTITY_LOWER_BOUND,
                    kg::QUANTITY_UPPER_BOUND,
                    kg::QUANTITY_UNIT,
                ],
            );
        }
        for (key, value) in &q.other {
            self.add(
                &s,
                self.iris.qualifier(key).as_ref(),
                Literal::new_simple_literal(value),
            );
        }
        let refs: Vec<NamedNode> = (1..=st.references().len())
            .map(|n| self.iris.reference(&st.id(), n))
            .collect();
        for r in &refs {
            self.add(&s, prov::WAS_DERIVED_FROM, r.clone());
        }
        for (r, reference) in refs.iter().zip(st.references()) {
            self.add(r, rdf::TYPE, kg::REFERENCE);
            self.add(
                r,
                prov::HAD_PRIMARY_SOURCE,
                self.iris.source(&reference.source),
            );
            if let Some(p) = reference.paragraph {
                self.add(r, kg::PARAGRAPH, integer(i64::from(p)));
            }
            if let Some(p) = &reference.page {
                self.add(r, kg::PAGE, Literal::new_simple_literal(p));
            }
            if let Some(sec) = &reference.section {
                self.add(r, kg::SECTION, Literal::new_simple_literal(sec));
            }
            if let Some(note) = &reference.note {
                self.add(r, skos::NOTE, Literal::new_simple_literal(note));
            }
        }
    }

    /// The bound, range ends and unit of a quantity, under the four given properties.
    fn quantity(
        &mut self,
        s: &NamedNode,
        q: &Quantity,
        [bound, low, high, unit]: [NamedNodeRef<'_>; 4],
    ) {
        let (term, range) = match q.bound {
            Bound::Exact(_) => (kg::EXACT, None),
            Bound::About(_) => (kg::ABOUT, None),
            Bound::AtLeast(_) => (kg::AT_LEAST, None),
            Bound::MoreThan(_) => (kg::MORE_THAN, None),
            Bound::AtMost(_) => (kg::AT_MOST, None),
            Bound::LessThan(_) => (kg::LESS_THAN, None),
            Bound::Range(lo, hi) => (kg::RANGE, Some((lo, hi))),
        };
        self.add(s, bound, term);
        if let Some((lo, hi)) = range {
            self.add(s, low, integer(lo));
            self.add(s, high, integer(hi));
        }
        if let Some(u) = &q.unit {
            self.add(s, unit, Literal::new_simple_literal(u));
        }
    }
}

/// A language-tagged string; validation guarantees the tag, a bad one degrades to plain text.
fn lang_text(text: &str, lang: &str) -> Literal {
    Literal::new_language_tagged_literal(text, lang)
        .unwrap_or_else(|_| Literal::new_simple_literal(text))
}

fn integer(n: i64) -> Literal {
    Literal::new_typed_literal(n.to_string(), xsd::INTEGER)
}

/// An `xsd:decimal` whose lexical form reads back as the same `f64`: Rust's `Display` for
/// `f64` writes the shortest round-tripping digits and never an exponent. Infinities and NaN,
/// which `xsd:decimal` cannot hold, become `xsd:double`.
pub(super) fn decimal(x: f64) -> Literal {
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

/// `xsd:gYear`, `xsd:gYearMonth` or `xsd:date` by precision (`-0044` for 45 BCE).
pub(super) fn date(d: &Date) -> Literal {
    let datatype = match d.precision() {
        Precision::Year => xsd::G_YEAR,
        Precision::Month => xsd::G_YEAR_MONTH,
        Precision::Day => xsd::DATE,
    };
    Literal::new_typed_literal(d.to_string(), datatype)
}

/// `start/end` typed `kg:Interval`, `..` for an unknown end (ISO 8601-2).
pub(super) fn interval(span: &Span) -> Literal {
    let end = |d: Option<Date>| d.map_or_else(|| "..".to_string(), |d| d.to_string());
    Literal::new_typed_literal(
        format!("{}/{}", end(span.start), end(span.end)),
        kg::INTERVAL,
    )
}

fn scalar(value: &Scalar) -> Literal {
    match value {
        Scalar::Bool(b) => Literal::from(*b),
        Scalar::Integer(n) => integer(*n),
        Scalar::Float(x) => decimal(*x),
        Scalar::String(s) => Literal::new_simple_literal(s),
    }
}

fn datatype(kind: LiteralKind) -> NamedNodeRef<'static> {
    match kind {
        LiteralKind::Integer => xsd::INTEGER,
        LiteralKind::Decimal => xsd::DECIMAL,
        // Any of xsd:gYear, xsd:gYearMonth and xsd:date.
        LiteralKind::Date => rdfs::LITERAL,
        LiteralKind::Year => xsd::G_YEAR,
        LiteralKind::Span => kg::INTERVAL,
        LiteralKind::String => xsd::STRING,
    }
}

fn source_kind(kind: SourceKind) -> NamedNodeRef<'static> {
    match kind {
        SourceKind::Article => kg::ARTICLE,
        SourceKind::Book => kg::BOOK,
        SourceKind::GovernmentReport => kg::GOVERNMENT_REPORT,
        SourceKind::Archive => kg::ARCHIVE,
        SourceKind::Encyclopedia => kg::ENCYCLOPEDIA,
        SourceKind::Website => kg::WEBSITE,
        SourceKind::Dataset => kg::DATASET,
        SourceKind::Other => kg::OTHER,
    }
}

/// An IRI license as itself, an SPDX id (`CC-BY-4.0`) as its SPDX IRI, anything else (an SPDX
/// expression such as `MIT OR Apache-2.0`) as text.
fn license_term(license: &str) -> Term {
    let is_spdx_id = !license.is_empty()
        && license
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.+".contains(&b));
    if is_spdx_id {
        return NamedNode::new_unchecked(format!("{}{license}", crate::format::rdf::vocab::SPDX))
            .into();
    }
    NamedNode::new(license).map_or_else(|_| Literal::new_simple_literal(license).into(), Term::from)
}
