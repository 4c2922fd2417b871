//! The head of the export: the dataset, the `kg:` vocabulary, the schema as classes and
//! Wikibase properties, the built-in qualifier and reference properties, units and sources.
//! Every term the export mints is declared here (the terms that are the same in every
//! export, in `built_in.rs`).

use std::collections::BTreeSet;

use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{Literal, NamedNode, NamedNodeRef, Term};

use super::build::{Builder, lang_text};
use super::values::{integer, w3c_date};
use crate::format::rdf::vocab::{self, dcat, dcterms, kg, owl, prov, schema, time, void, wikibase};
use crate::model::{LiteralKind, Range, Rank, SourceKind, ViewDirection};

mod built_in;

pub(crate) use built_in::vocabulary_triples;

impl Builder<'_, '_> {
    /// Everything before the entities.
    pub(super) fn head(&mut self) {
        self.dataset();
        for t in vocabulary_triples() {
            let oxrdf::NamedOrBlankNode::NamedNode(s) = &t.subject else {
                continue;
            };
            self.add(s, t.predicate.as_ref(), t.object.clone());
        }
        self.classes();
        self.properties();
        self.built_in_properties();
        self.free_properties();
        self.units();
        self.sources();
        self.views();
    }

    fn dataset(&mut self) {
        let meta = &self.dataset.meta;
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
            self.add(&s, dcterms::LANGUAGE, language(lang));
        }
        self.add(
            &s,
            void::URI_SPACE,
            Literal::new_simple_literal(self.iris.base()),
        );
    }

    fn classes(&mut self) {
        for t in &self.dataset.types {
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
                self.add(&s, kg::GROUP, self.primary_text(g));
            }
        }
    }

    /// Each predicate as a Wikibase property entity, and its direct, `p:`, `ps:` and `psv:`
    /// properties.
    fn properties(&mut self) {
        for p in &self.dataset.predicates {
            let entity = self.iris.property_entity(&p.id);
            let direct = self.iris.direct(&p.id);
            let claim = self.iris.claim(&p.id);
            let statement = self.iris.statement_property(&p.id);
            let value = self.iris.statement_value(&p.id);
            let (property_type, object, value_node) = match p.range {
                Range::Entities(_) => (wikibase::WIKIBASE_ITEM, true, false),
                Range::Literal(LiteralKind::Integer | LiteralKind::Decimal) => {
                    (wikibase::QUANTITY, false, true)
                }
                Range::Literal(LiteralKind::Date | LiteralKind::Year) => {
                    (wikibase::TIME, false, true)
                }
                Range::Literal(LiteralKind::Span) => (kg::TIME_SPAN, true, true),
                Range::Literal(LiteralKind::String) => (wikibase::MONOLINGUAL_TEXT, false, false),
            };
            self.add(&entity, rdf::TYPE, wikibase::PROPERTY);
            self.add(&entity, rdfs::LABEL, self.primary_text(&p.label));
            if let Some(d) = &p.description {
                self.add(&entity, schema::DESCRIPTION, self.primary_text(d));
            }
            if let Some(inverse) = &p.inverse {
                self.add(&entity, kg::INVERSE_LABEL, self.primary_text(inverse));
            }
            self.add(&entity, wikibase::PROPERTY_TYPE, property_type);
            if let Range::Literal(kind) = p.range {
                let name = Literal::new_simple_literal(kind.name());
                self.add(&entity, kg::LITERAL_KIND, name);
            }
            self.add(&entity, wikibase::DIRECT_CLAIM, direct.clone());
            self.add(&entity, wikibase::CLAIM, claim.clone());
            self.add(&entity, wikibase::STATEMENT_PROPERTY, statement.clone());
            if value_node {
                self.add(&entity, wikibase::STATEMENT_VALUE, value.clone());
            }

            let kind = if object {
                owl::OBJECT_PROPERTY
            } else {
                owl::DATATYPE_PROPERTY
            };
            self.add(&direct, rdf::TYPE, kind);
            if p.symmetric {
                self.add(&direct, rdf::TYPE, owl::SYMMETRIC_PROPERTY);
            }
            self.add(&direct, rdfs::LABEL, self.primary_text(&p.label));
            if let Some(d) = &p.description {
                self.add(&direct, rdfs::COMMENT, self.primary_text(d));
            }
            self.add(&direct, rdfs::IS_DEFINED_BY, entity.clone());
            // Several rdfs:domain (or rdfs:range) values mean "all of them": only a single
            // type is written that way; schema:*Includes lists every allowed type.
            if let [one] = &p.domain[..] {
                self.add(&direct, rdfs::DOMAIN, self.iris.class(one));
            }
            for t in &p.domain {
                self.add(&direct, schema::DOMAIN_INCLUDES, self.iris.class(t));
            }
            match &p.range {
                Range::Entities(types) => {
                    if let [one] = &types[..] {
                        self.add(&direct, rdfs::RANGE, self.iris.class(one));
                    }
                    for t in types {
                        self.add(&direct, schema::RANGE_INCLUDES, self.iris.class(t));
                    }
                }
                Range::Literal(kind) => self.add(&direct, rdfs::RANGE, range_of(*kind)),
            }
            if let Some(iri) = p.property.as_deref().and_then(|i| NamedNode::new(i).ok()) {
                self.add(&direct, owl::EQUIVALENT_PROPERTY, iri);
            }
            self.add(&claim, rdf::TYPE, owl::OBJECT_PROPERTY);
            self.add(&claim, rdfs::RANGE, wikibase::STATEMENT);
            self.add(&claim, rdfs::IS_DEFINED_BY, entity.clone());
            self.add(&statement, rdf::TYPE, kind);
            self.add(&statement, rdfs::DOMAIN, wikibase::STATEMENT);
            self.add(&statement, rdfs::IS_DEFINED_BY, entity.clone());
            if value_node {
                self.add(&value, rdf::TYPE, owl::OBJECT_PROPERTY);
                self.add(&value, rdfs::DOMAIN, wikibase::STATEMENT);
                self.add(&value, rdfs::IS_DEFINED_BY, entity.clone());
            }
        }
    }

    /// Free entity attributes (`attr:`) and free qualifiers (`pq:`), labelled by their key.
    fn free_properties(&mut self) {
        let d = self.dataset;
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
            .chain(self.plan.streamed_qualifiers.iter().map(String::as_str))
            .collect();
        for key in qualifiers {
            self.free_property(self.iris.free_qualifier(key), key, kg::QUALIFIER);
        }
    }

    fn free_property(&mut self, s: NamedNode, key: &str, parent: NamedNodeRef<'_>) {
        self.add(&s, rdf::TYPE, owl::DATATYPE_PROPERTY);
        self.add(&s, rdfs::SUB_PROPERTY_OF, parent);
        self.add(&s, rdfs::LABEL, self.primary_text(key));
    }

    /// Units: declared ones under their id (defined by the dataset, `owl:sameAs` their
    /// external IRI when they have one), undeclared ones under their text.
    fn units(&mut self) {
        let d = self.dataset;
        let dataset = self.iris.dataset();
        for u in &d.units {
            let s = self.iris.unit(&u.id);
            self.add(&s, rdf::TYPE, kg::UNIT);
            self.add(&s, rdfs::LABEL, self.primary_text(&u.label));
            if let Some(desc) = &u.description {
                self.add(&s, rdfs::COMMENT, self.primary_text(desc));
            }
            if let Some(iri) = u.iri.as_deref().and_then(|i| NamedNode::new(i).ok()) {
                self.add(&s, owl::SAME_AS, iri);
            }
            self.add(&s, rdfs::IS_DEFINED_BY, dataset.clone());
        }
        for u in self.plan.undeclared_units(self.dataset) {
            let s = self.iris.unit(u);
            self.add(&s, rdf::TYPE, kg::UNIT);
            self.add(&s, rdfs::LABEL, self.primary_text(u));
        }
    }

    fn sources(&mut self) {
        for src in &self.dataset.sources {
            let s = self.iris.source(&src.id);
            let lang = src.language.as_deref().unwrap_or(&self.primary).to_string();
            self.add(&s, rdf::TYPE, prov::ENTITY);
            self.add(&s, dcterms::TITLE, lang_text(&src.title, &lang));
            if let Some(a) = &src.author {
                self.add(&s, dcterms::CREATOR, Literal::new_simple_literal(a));
            }
            if let Some(p) = &src.publisher {
                self.add(&s, dcterms::PUBLISHER, Literal::new_simple_literal(p));
            }
            if let Some(d) = &src.date {
                self.add(&s, dcterms::DATE, w3c_date(d));
            }
            if let Some(d) = &src.accessed {
                self.add(&s, kg::ACCESSED, w3c_date(d));
            }
            if let Some(l) = &src.language {
                self.add(&s, dcterms::LANGUAGE, language(l));
            }
            self.add(&s, dcterms::TYPE, source_kind(src.kind));
            if let Some(url) = src.url.as_deref().and_then(|u| NamedNode::new(u).ok()) {
                self.add(&s, schema::URL, url);
            }
            if let Some(n) = &src.note {
                self.add(&s, rdfs::COMMENT, self.primary_text(n));
            }
            if let Some(n) = src.paragraphs {
                self.add(&s, kg::PARAGRAPHS, integer(i64::from(n)));
            }
        }
    }
}

impl Builder<'_, '_> {
    /// Each view as a `kg:View` with its settings.
    fn views(&mut self) {
        let d = self.dataset;
        for v in &d.views {
            let s = self.iris.view(&v.id);
            self.add(&s, rdf::TYPE, kg::VIEW);
            self.add(&s, dcterms::TITLE, self.primary_text(&v.title));
            if let Some(desc) = &v.description {
                self.add(&s, dcterms::DESCRIPTION, self.primary_text(desc));
            }
            for id in &v.focus {
                self.add(&s, kg::FOCUS, self.iris.entity(id));
            }
            if let Some(depth) = v.depth {
                self.add(&s, kg::DEPTH, integer(i64::from(depth)));
            }
            if let Some(direction) = v.direction {
                let name = match direction {
                    ViewDirection::In => "in",
                    ViewDirection::Out => "out",
                    ViewDirection::Both => "both",
                };
                self.add(&s, kg::DIRECTION, Literal::new_simple_literal(name));
            }
            for (property, ids) in [
                (kg::INCLUDES_PREDICATE, &v.predicates),
                (kg::EXCLUDES_PREDICATE, &v.exclude_predicates),
            ] {
                for id in ids {
                    self.add(&s, property, self.iris.property_entity(id));
                }
            }
            for (property, ids) in [
                (kg::INCLUDES_TYPE, &v.types),
                (kg::EXCLUDES_TYPE, &v.exclude_types),
            ] {
                for id in ids {
                    self.add(&s, property, self.iris.class(id));
                }
            }
            for rank in &v.ranks {
                self.add(&s, kg::INCLUDES_RANK, rank_term(*rank));
            }
            if let Some(d) = &v.as_of {
                self.add(&s, kg::AS_OF, w3c_date(d));
            }
            if let Some(lang) = &v.language {
                self.add(&s, dcterms::LANGUAGE, language(lang));
            }
            let names = [
                (kg::RANKDIR, v.rankdir.map(|r| r.code())),
                (kg::ENGINE, v.engine.map(|e| e.name())),
                (kg::LEGEND, v.legend.map(|l| l.name())),
            ];
            for (property, name) in names {
                if let Some(name) = name {
                    self.add(&s, property, Literal::new_simple_literal(name));
                }
            }
            let flags = [
                (kg::QUALIFIER_PLACES, v.qualifier_places),
                (kg::FIGURES, v.figures),
                (kg::TIMELINE, v.timeline),
            ];
            for (property, flag) in flags {
                if let Some(b) = flag {
                    self.add(&s, property, Literal::from(b));
                }
            }
        }
    }
}

/// A rank's Wikibase individual (`wikibase:PreferredRank`).
pub(super) fn rank_term(rank: Rank) -> NamedNodeRef<'static> {
    match rank {
        Rank::Preferred => wikibase::PREFERRED_RANK,
        Rank::Normal => wikibase::NORMAL_RANK,
        Rank::Deprecated => wikibase::DEPRECATED_RANK,
    }
}

/// A BCP 47 tag as `xsd:language`.
fn language(tag: &str) -> Literal {
    Literal::new_typed_literal(tag, xsd::LANGUAGE)
}

/// The `rdfs:range` of a direct property of a literal kind.
fn range_of(kind: LiteralKind) -> NamedNodeRef<'static> {
    match kind {
        LiteralKind::Integer | LiteralKind::Decimal => xsd::DECIMAL,
        LiteralKind::Date | LiteralKind::Year => xsd::DATE_TIME,
        LiteralKind::Span => time::INTERVAL,
        LiteralKind::String => rdf::LANG_STRING,
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
        return NamedNode::new_unchecked(format!("{}{license}", vocab::SPDX)).into();
    }
    NamedNode::new(license).map_or_else(|_| Literal::new_simple_literal(license).into(), Term::from)
}
