//! SHACL shapes of a dataset's RDF, generated from its schema: what a validator (pySHACL,
//! Jena, TopBraid) checks an export against. They describe the structure
//! [`crate::export::rdf`] writes: entities of each type with a label; each direct property's
//! domain and range; statement, reference and value nodes.

use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{BlankNode, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple};

use super::RdfIris;
use super::iris::BUILT_IN_QUALIFIERS;
use super::vocab::{self, dcterms, kg, prov, sh, skos, time, wikibase};
use crate::model::{Dataset, LiteralKind, Range};

/// What a property's values must be.
#[derive(Clone)]
enum Values {
    Datatype(NamedNodeRef<'static>),
    Class(NamedNode),
    /// Instances of one of these classes.
    AnyClass(Vec<NamedNode>),
    Iri,
    In(Vec<Term>),
    HasValue(Term),
}

struct Shapes {
    out: Vec<Triple>,
    blanks: usize,
}

impl Shapes {
    fn add(&mut self, s: impl Into<NamedOrBlankNode>, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.out.push(Triple::new(s, p, o));
    }

    /// A blank node with a fixed id, so that the shapes are the same bytes every time.
    fn blank(&mut self) -> BlankNode {
        self.blanks += 1;
        BlankNode::new_unchecked(format!("b{}", self.blanks))
    }

    /// An RDF list of `items`.
    fn list(&mut self, items: Vec<Term>) -> Term {
        let mut head: Term = rdf::NIL.into();
        for item in items.into_iter().rev() {
            let cell = self.blank();
            self.add(cell.clone(), rdf::FIRST, item);
            self.add(cell.clone(), rdf::REST, head);
            head = cell.into();
        }
        head
    }

    fn node_shape(&mut self, s: &NamedNode, target: NamedNodeRef<'_>, on: impl Into<Term>) {
        self.add(s.clone(), rdf::TYPE, sh::NODE_SHAPE);
        self.add(s.clone(), target, on);
    }

    /// A property shape on `shape`: `path`'s values, at least `min` and at most `max` of them.
    fn property(
        &mut self,
        shape: &NamedNode,
        path: impl Into<Term>,
        values: Option<Values>,
        min: Option<i64>,
        max: Option<i64>,
    ) {
        let p = self.blank();
        self.add(shape.clone(), sh::PROPERTY, p.clone());
        self.add(p.clone(), sh::PATH, path);
        if let Some(n) = min {
            self.add(p.clone(), sh::MIN_COUNT, Literal::from(n));
        }
        if let Some(n) = max {
            self.add(p.clone(), sh::MAX_COUNT, Literal::from(n));
        }
        match values {
            None => {}
            Some(Values::Datatype(d)) => self.add(p, sh::DATATYPE, d),
            Some(Values::Class(c)) => self.add(p, sh::CLASS, c),
            Some(Values::AnyClass(classes)) => self.constrain_classes(p.into(), classes),
            Some(Values::Iri) => self.add(p, sh::NODE_KIND, sh::IRI),
            Some(Values::In(items)) => {
                let list = self.list(items);
                self.add(p, sh::IN, list);
            }
            Some(Values::HasValue(v)) => self.add(p, sh::HAS_VALUE, v),
        }
    }

    /// `sh:class` for one class, `sh:or` of `sh:class` for several, `sh:nodeKind sh:IRI` for
    /// none (any entity).
    fn constrain_classes(&mut self, on: NamedOrBlankNode, classes: Vec<NamedNode>) {
        match &classes[..] {
            [] => self.add(on, sh::NODE_KIND, sh::IRI),
            [one] => self.add(on, sh::CLASS, one.clone()),
            _ => {
                let alternatives: Vec<Term> = classes
                    .into_iter()
                    .map(|c| {
                        let b = self.blank();
                        self.add(b.clone(), sh::CLASS, c);
                        b.into()
                    })
                    .collect();
                let list = self.list(alternatives);
                self.add(on, sh::OR, list);
            }
        }
    }
}

/// The SHACL shapes of a dataset's RDF export, as triples (their blank nodes have fixed ids).
///
/// ```
/// let report = kgforge::validate(kgforge::load(std::path::Path::new("data/manchuria-1945"))?, false);
/// let dataset = report.dataset.expect("valid");
/// let shapes = kgforge::format::rdf::shapes(dataset.dataset());
/// assert!(shapes.iter().any(|t| t.object.to_string() == "<http://wikiba.se/ontology#Statement>"));
/// # Ok::<(), kgforge::Error>(())
/// ```
pub fn shapes(dataset: &Dataset) -> Vec<Triple> {
    let iris = RdfIris::for_dataset(dataset);
    let mut s = Shapes {
        out: Vec::new(),
        blanks: 0,
    };
    let lang = || Some(Values::Datatype(rdf::LANG_STRING));
    let date_time = || Some(Values::Datatype(xsd::DATE_TIME));
    let decimal = || Some(Values::Datatype(xsd::DECIMAL));
    let time_value = || Some(Values::Class(wikibase::TIME_VALUE.into()));

    // Entities: every instance of a type has a label.
    for t in &dataset.types {
        let shape = iris.shape(&format!("class-{}", t.id));
        s.node_shape(&shape, sh::TARGET_CLASS, iris.class(&t.id));
        s.property(&shape, rdfs::LABEL, lang(), Some(1), None);
        s.property(&shape, skos::ALT_LABEL, lang(), None, None);
    }

    // Each predicate: the domain of its subjects, the range of its direct values, its
    // statements' values.
    for p in &dataset.predicates {
        let domain: Vec<NamedNode> = p.domain.iter().map(|t| iris.class(t)).collect();
        let (values, value_node) = match &p.range {
            Range::Entities(types) => (
                Values::AnyClass(types.iter().map(|t| iris.class(t)).collect()),
                None,
            ),
            Range::Literal(LiteralKind::Integer | LiteralKind::Decimal) => (
                Values::Datatype(xsd::DECIMAL),
                Some(wikibase::QUANTITY_VALUE),
            ),
            Range::Literal(LiteralKind::Date | LiteralKind::Year) => {
                (Values::Datatype(xsd::DATE_TIME), Some(wikibase::TIME_VALUE))
            }
            Range::Literal(LiteralKind::Span) => {
                (Values::Class(time::INTERVAL.into()), Some(time::INTERVAL))
            }
            Range::Literal(LiteralKind::String) => (Values::Datatype(rdf::LANG_STRING), None),
        };
        let direct = iris.direct(&p.id);
        let claim = iris.claim(&p.id);
        for (name, property, values) in [
            ("direct", &direct, values.clone()),
            ("claim", &claim, Values::Class(wikibase::STATEMENT.into())),
        ] {
            let shape = iris.shape(&format!("{name}-{}", p.id));
            s.node_shape(&shape, sh::TARGET_SUBJECTS_OF, property.clone());
            if !domain.is_empty() {
                let on = NamedOrBlankNode::from(shape.clone());
                s.constrain_classes(on, domain.clone());
            }
            s.property(&shape, property.clone(), Some(values), None, None);
        }
        let shape = iris.shape(&format!("statement-{}", p.id));
        s.node_shape(&shape, sh::TARGET_OBJECTS_OF, claim);
        // A range or an open bound has no simple value; everything else has exactly one.
        let min = if value_node == Some(wikibase::QUANTITY_VALUE) {
            0
        } else {
            1
        };
        let ps = iris.statement_property(&p.id);
        s.property(&shape, ps, Some(values), Some(min), Some(1));
        if let Some(class) = value_node {
            let psv = iris.statement_value(&p.id);
            s.property(
                &shape,
                psv,
                Some(Values::Class(class.into())),
                Some(1),
                Some(1),
            );
        }
    }

    // Statement nodes.
    let shape = iris.shape("Statement");
    s.node_shape(&shape, sh::TARGET_CLASS, wikibase::STATEMENT);
    let ranks = vec![
        wikibase::PREFERRED_RANK.into(),
        wikibase::NORMAL_RANK.into(),
        wikibase::DEPRECATED_RANK.into(),
    ];
    s.property(
        &shape,
        wikibase::RANK,
        Some(Values::In(ranks.clone())),
        Some(1),
        Some(1),
    );
    let reference = Some(Values::Class(wikibase::REFERENCE.into()));
    s.property(&shape, prov::WAS_DERIVED_FROM, reference, None, None);
    s.property(&shape, kg::DISPUTE_REASON, lang(), None, Some(1));
    s.property(&shape, skos::NOTE, lang(), None, Some(1));
    for name in BUILT_IN_QUALIFIERS {
        let (values, value_node) = match name {
            "place" => (Some(Values::Iri), None),
            "quantity" => (
                decimal(),
                Some(Values::Class(wikibase::QUANTITY_VALUE.into())),
            ),
            _ => (date_time(), time_value()),
        };
        s.property(&shape, iris.qualifier(name), values, None, Some(1));
        if value_node.is_some() {
            s.property(
                &shape,
                iris.qualifier_value(name),
                value_node,
                None,
                Some(1),
            );
        }
    }

    // Reference nodes.
    let shape = iris.shape("Reference");
    s.node_shape(&shape, sh::TARGET_CLASS, wikibase::REFERENCE);
    let source = Some(Values::Class(prov::ENTITY.into()));
    s.property(
        &shape,
        iris.reference_property("stated_in"),
        source,
        Some(1),
        Some(1),
    );
    let p = s.blank();
    s.add(shape.clone(), sh::PROPERTY, p.clone());
    s.add(p.clone(), sh::PATH, iris.reference_property("paragraph"));
    s.add(p.clone(), sh::DATATYPE, xsd::INTEGER);
    s.add(p.clone(), sh::MAX_COUNT, Literal::from(1));
    s.add(p, sh::MIN_INCLUSIVE, Literal::from(1));
    let string = Some(Values::Datatype(xsd::STRING));
    s.property(
        &shape,
        iris.reference_property("page"),
        string,
        None,
        Some(1),
    );
    s.property(
        &shape,
        iris.reference_property("section"),
        lang(),
        None,
        Some(1),
    );
    s.property(
        &shape,
        iris.reference_property("note"),
        lang(),
        None,
        Some(1),
    );
    s.property(
        &shape,
        iris.reference_property("retrieved"),
        date_time(),
        None,
        Some(1),
    );
    s.property(
        &shape,
        iris.reference_value("retrieved"),
        time_value(),
        None,
        Some(1),
    );

    // Value nodes.
    let shape = iris.shape("TimeValue");
    s.node_shape(&shape, sh::TARGET_CLASS, wikibase::TIME_VALUE);
    s.property(
        &shape,
        wikibase::TIME_VALUE_PROPERTY,
        date_time(),
        Some(1),
        Some(1),
    );
    let precisions = [9, 10, 11]
        .map(|n| Term::from(Literal::new_typed_literal(n.to_string(), xsd::INTEGER)))
        .to_vec();
    s.property(
        &shape,
        wikibase::TIME_PRECISION,
        Some(Values::In(precisions)),
        Some(1),
        Some(1),
    );
    let zero = Term::from(Literal::new_typed_literal("0", xsd::INTEGER));
    s.property(
        &shape,
        wikibase::TIME_TIMEZONE,
        Some(Values::HasValue(zero)),
        Some(1),
        Some(1),
    );
    let gregorian = Term::from(NamedNode::new_unchecked(vocab::GREGORIAN));
    let calendar = Some(Values::HasValue(gregorian));
    s.property(
        &shape,
        wikibase::TIME_CALENDAR_MODEL,
        calendar,
        Some(1),
        Some(1),
    );

    let shape = iris.shape("QuantityValue");
    s.node_shape(&shape, sh::TARGET_CLASS, wikibase::QUANTITY_VALUE);
    s.property(&shape, wikibase::QUANTITY_AMOUNT, decimal(), None, Some(1));
    s.property(
        &shape,
        wikibase::QUANTITY_LOWER_BOUND,
        decimal(),
        None,
        Some(1),
    );
    s.property(
        &shape,
        wikibase::QUANTITY_UPPER_BOUND,
        decimal(),
        None,
        Some(1),
    );
    s.property(
        &shape,
        wikibase::QUANTITY_UNIT,
        Some(Values::Iri),
        Some(1),
        Some(1),
    );
    let kinds = [
        kg::EXACT,
        kg::ABOUT,
        kg::AT_LEAST,
        kg::MORE_THAN,
        kg::AT_MOST,
        kg::LESS_THAN,
        kg::RANGE,
    ]
    .map(Term::from)
    .to_vec();
    s.property(&shape, kg::BOUND, Some(Values::In(kinds)), None, Some(1));
    let unit = Some(Values::Class(kg::UNIT.into()));
    s.property(&shape, kg::UNIT_PROPERTY, unit, None, Some(1));

    let shape = iris.shape("Interval");
    s.node_shape(&shape, sh::TARGET_CLASS, time::INTERVAL);
    s.property(&shape, time::HAS_BEGINNING, time_value(), None, Some(1));
    s.property(&shape, time::HAS_END, time_value(), None, Some(1));

    // Sources.
    let shape = iris.shape("Source");
    s.node_shape(
        &shape,
        sh::TARGET_OBJECTS_OF,
        iris.reference_property("stated_in"),
    );
    s.property(&shape, dcterms::TITLE, lang(), Some(1), Some(1));
    s.property(&shape, dcterms::TYPE, Some(Values::Iri), Some(1), Some(1));

    // Views.
    let shape = iris.shape("View");
    s.node_shape(&shape, sh::TARGET_CLASS, kg::VIEW);
    s.property(&shape, dcterms::TITLE, lang(), Some(1), Some(1));
    s.property(&shape, dcterms::DESCRIPTION, lang(), None, Some(1));
    s.property(&shape, kg::FOCUS, Some(Values::Iri), None, None);
    let integer = || Some(Values::Datatype(xsd::INTEGER));
    s.property(&shape, kg::DEPTH, integer(), None, Some(1));
    let words = |names: &[&str]| {
        let terms = names.iter().map(|n| Literal::new_simple_literal(*n).into());
        Some(Values::In(terms.collect()))
    };
    s.property(
        &shape,
        kg::DIRECTION,
        words(&["in", "out", "both"]),
        None,
        Some(1),
    );
    let property = || Some(Values::Class(wikibase::PROPERTY.into()));
    s.property(&shape, kg::INCLUDES_PREDICATE, property(), None, None);
    s.property(&shape, kg::EXCLUDES_PREDICATE, property(), None, None);
    let class = || Some(Values::Class(vocab::owl::CLASS.into()));
    s.property(&shape, kg::INCLUDES_TYPE, class(), None, None);
    s.property(&shape, kg::EXCLUDES_TYPE, class(), None, None);
    s.property(
        &shape,
        kg::INCLUDES_RANK,
        Some(Values::In(ranks)),
        None,
        None,
    );
    s.property(&shape, kg::AS_OF, None, None, Some(1));
    let language = Some(Values::Datatype(xsd::LANGUAGE));
    s.property(&shape, dcterms::LANGUAGE, language, None, Some(1));
    s.property(
        &shape,
        kg::RANKDIR,
        words(&["TB", "LR", "BT", "RL"]),
        None,
        Some(1),
    );
    let engines = words(&["dot", "neato", "fdp", "sfdp"]);
    s.property(&shape, kg::ENGINE, engines, None, Some(1));
    let legends = words(&["none", "compact", "full"]);
    s.property(&shape, kg::LEGEND, legends, None, Some(1));
    for flag in [kg::QUALIFIER_PLACES, kg::FIGURES, kg::TIMELINE] {
        s.property(
            &shape,
            flag,
            Some(Values::Datatype(xsd::BOOLEAN)),
            None,
            Some(1),
        );
    }
    s.out
}
