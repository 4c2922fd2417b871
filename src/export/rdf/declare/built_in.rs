//! The terms kgforge itself defines, the same in every export whatever the dataset: the
//! `kg:` vocabulary (an `owl:Ontology` and its terms) and the built-in qualifier (`pq:`) and
//! reference (`pr:`) properties with their Wikidata equivalents. Kept apart from what each
//! dataset declares (its schema, units, sources and views, in `mod.rs`).

use oxrdf::vocab::{rdf, rdfs};
use oxrdf::{Literal, NamedNode, NamedNodeRef, Term};

use super::super::build::{Builder, lang_text};
use crate::format::rdf::vocab::{self, Declaration, TermKind, kg, owl, prov, wikibase};

/// A built-in qualifier or reference property: its local name under `pq:`/`pr:`, label,
/// whether its values are IRIs, its range, whether it has a value node, and the Wikidata
/// property it stands for.
struct BuiltIn {
    name: &'static str,
    label: &'static str,
    object: bool,
    range: &'static str,
    value_node: bool,
    wikidata: Option<&'static str>,
}

const XSD_DATE_TIME: &str = "http://www.w3.org/2001/XMLSchema#dateTime";
const XSD_DECIMAL: &str = "http://www.w3.org/2001/XMLSchema#decimal";
const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";
const LANG_STRING: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

/// The built-in qualifiers, with Wikidata's properties: point in time (P585), start time
/// (P580), end time (P582), location (P276), quantity (P1114).
const QUALIFIERS: [BuiltIn; 5] = [
    BuiltIn {
        name: "point_in_time",
        label: "point in time",
        object: false,
        range: XSD_DATE_TIME,
        value_node: true,
        wikidata: Some("P585"),
    },
    BuiltIn {
        name: "start_time",
        label: "start time",
        object: false,
        range: XSD_DATE_TIME,
        value_node: true,
        wikidata: Some("P580"),
    },
    BuiltIn {
        name: "end_time",
        label: "end time",
        object: false,
        range: XSD_DATE_TIME,
        value_node: true,
        wikidata: Some("P582"),
    },
    BuiltIn {
        name: "place",
        label: "place",
        object: true,
        range: "",
        value_node: false,
        wikidata: Some("P276"),
    },
    BuiltIn {
        name: "quantity",
        label: "quantity",
        object: false,
        range: XSD_DECIMAL,
        value_node: true,
        wikidata: Some("P1114"),
    },
];

/// The reference properties, with Wikidata's: stated in (P248), page(s) (P304), section,
/// verse, paragraph, or clause (P958), retrieved (P813). A paragraph number and a note have
/// no Wikidata property.
const REFERENCE_PROPERTIES: [BuiltIn; 6] = [
    BuiltIn {
        name: "stated_in",
        label: "stated in",
        object: true,
        range: "http://www.w3.org/ns/prov#Entity",
        value_node: false,
        wikidata: Some("P248"),
    },
    BuiltIn {
        name: "paragraph",
        label: "paragraph",
        object: false,
        range: XSD_INTEGER,
        value_node: false,
        wikidata: None,
    },
    BuiltIn {
        name: "page",
        label: "page(s)",
        object: false,
        range: XSD_STRING,
        value_node: false,
        wikidata: Some("P304"),
    },
    BuiltIn {
        name: "section",
        label: "section",
        object: false,
        range: LANG_STRING,
        value_node: false,
        wikidata: Some("P958"),
    },
    BuiltIn {
        name: "note",
        label: "note",
        object: false,
        range: LANG_STRING,
        value_node: false,
        wikidata: None,
    },
    BuiltIn {
        name: "retrieved",
        label: "retrieved",
        object: false,
        range: XSD_DATE_TIME,
        value_node: true,
        wikidata: Some("P813"),
    },
];

fn iri(s: &str) -> NamedNode {
    NamedNode::new_unchecked(s)
}

/// The triples declaring the `kg:` vocabulary: an `owl:Ontology` and every term with its
/// kind, `rdfs:label`, `rdfs:comment` (English) and `rdfs:isDefinedBy`.
pub(crate) fn vocabulary_triples() -> Vec<oxrdf::Triple> {
    let mut out = Vec::new();
    let ontology = iri(vocab::kg::NAMESPACE.trim_end_matches('#'));
    let mut add = |s: &NamedNode, p: NamedNodeRef<'_>, o: Term| {
        out.push(oxrdf::Triple::new(s.clone(), p, o));
    };
    let en = |t: &str| Term::from(Literal::new_language_tagged_literal_unchecked(t, "en"));
    add(&ontology, rdf::TYPE, owl::ONTOLOGY.into());
    add(&ontology, rdfs::LABEL, en("kgforge vocabulary"));
    add(
        &ontology,
        rdfs::COMMENT,
        en(
            "What kgforge's RDF says beyond Wikibase's ontology and the standard vocabularies: how a quantity is bounded, disputes, free qualifiers and attributes, units, source kinds, literal kinds and views.",
        ),
    );
    for Declaration {
        local,
        kind,
        label,
        comment,
    } in vocab::kg::DECLARATIONS
    {
        let s = iri(&format!("{}{local}", vocab::kg::NAMESPACE));
        match kind {
            TermKind::Class => {
                add(&s, rdf::TYPE, rdfs::CLASS.into());
                add(&s, rdf::TYPE, owl::CLASS.into());
            }
            TermKind::ObjectProperty => add(&s, rdf::TYPE, owl::OBJECT_PROPERTY.into()),
            TermKind::DatatypeProperty => add(&s, rdf::TYPE, owl::DATATYPE_PROPERTY.into()),
            TermKind::Individual(class) => {
                add(&s, rdf::TYPE, owl::NAMED_INDIVIDUAL.into());
                add(
                    &s,
                    rdf::TYPE,
                    iri(&format!("{}{class}", vocab::kg::NAMESPACE)).into(),
                );
            }
        }
        add(&s, rdfs::LABEL, en(label));
        add(&s, rdfs::COMMENT, en(comment));
        add(&s, rdfs::IS_DEFINED_BY, ontology.clone().into());
        if *local == "MoreThan" || *local == "LessThan" {
            add(&s, kg::EXCLUSIVE, Literal::from(true).into());
        } else if matches!(kind, TermKind::Individual("BoundKind")) {
            add(&s, kg::EXCLUSIVE, Literal::from(false).into());
        }
        let parent = match *local {
            "qualifier" | "attribute" => None,
            "Article" | "Book" | "GovernmentReport" | "Archive" | "Encyclopedia" | "Website"
            | "Dataset" | "Other" => Some((rdfs::SUB_CLASS_OF, kg::SOURCE_KIND)),
            // A source is a prov:Entity, so each kind of source is a kind of one.
            "SourceKind" => Some((rdfs::SUB_CLASS_OF, prov::ENTITY)),
            _ => None,
        };
        if let Some((p, o)) = parent {
            add(&s, p, o.into());
        }
    }
    out
}

impl Builder<'_, '_> {
    /// The built-in qualifiers (`pq:`/`pqv:`) and reference properties (`pr:`/`prv:`),
    /// each `owl:equivalentProperty` to Wikidata's where one exists.
    pub(super) fn built_in_properties(&mut self) {
        for (built_ins, is_qualifier) in
            [(&QUALIFIERS[..], true), (&REFERENCE_PROPERTIES[..], false)]
        {
            for b in built_ins {
                let (s, v, wd, wdv) = if is_qualifier {
                    (
                        self.iris.qualifier(b.name),
                        self.iris.qualifier_value(b.name),
                        vocab::WD_QUALIFIER,
                        vocab::WD_QUALIFIER_VALUE,
                    )
                } else {
                    (
                        self.iris.reference_property(b.name),
                        self.iris.reference_value(b.name),
                        vocab::WD_REFERENCE,
                        vocab::WD_REFERENCE_VALUE,
                    )
                };
                let kind = if b.object {
                    owl::OBJECT_PROPERTY
                } else {
                    owl::DATATYPE_PROPERTY
                };
                self.add(&s, rdf::TYPE, kind);
                self.add(&s, rdfs::LABEL, lang_text(b.label, "en"));
                if !b.range.is_empty() {
                    self.add(&s, rdfs::RANGE, iri(b.range));
                }
                if let Some(pid) = b.wikidata {
                    self.add(&s, owl::EQUIVALENT_PROPERTY, iri(&format!("{wd}{pid}")));
                }
                if b.value_node {
                    self.add(&v, rdf::TYPE, owl::OBJECT_PROPERTY);
                    self.add(
                        &v,
                        rdfs::LABEL,
                        lang_text(&format!("{} (value)", b.label), "en"),
                    );
                    let class = if b.range == XSD_DECIMAL {
                        wikibase::QUANTITY_VALUE
                    } else {
                        wikibase::TIME_VALUE
                    };
                    self.add(&v, rdfs::RANGE, class);
                    if let Some(pid) = b.wikidata {
                        self.add(&v, owl::EQUIVALENT_PROPERTY, iri(&format!("{wdv}{pid}")));
                    }
                }
            }
        }
    }
}
