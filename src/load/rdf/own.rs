//! kgforge's own RDF read back into the dataset it was exported from: the inverse of
//! [`crate::export::rdf`], taking only the vocabulary and IRI scheme from
//! [`crate::format::rdf`]. Every node is found by its IRI under the dataset's base
//! (`entity:`, `class:`, `property:`, `stmt:`, …) and its type; every triple read is marked,
//! and those left over are reported in the summary (none, for an export).

mod statements;

use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{NamedNode, NamedNodeRef, NamedOrBlankNode, Term};
use rustc_hash::FxHashMap;

use super::{Triples, iri, literal};
use crate::diag::{Code, Diagnostic};
use crate::format::rdf::RdfIris;
use crate::format::rdf::vocab::{self, dcterms, kg, owl, prov, schema, skos, void, wikibase};
use crate::format::rdf::{id_from_segment, key_from_local_name};
use crate::load::Loaded;
use crate::load::import::ImportSummary;
use crate::model::{
    Dataset, Date, Entity, EntityType, LangMap, LiteralKind, Metadata, Predicate, Range, Rank,
    Scalar, Source, SourceKind, Unit, View, ViewDirection, normalize_language_tag,
};

/// A kgforge export being read: its triples, its base IRI, and which triples were read.
pub(in crate::load) struct Own<'g> {
    g: &'g Triples,
    base: String,
    iris: RdfIris,
    dataset_node: NamedOrBlankNode,
    used: Vec<bool>,
    /// Units by IRI: declared ones by their id, undeclared ones by their text.
    units: FxHashMap<String, String>,
    /// The dataset's primary language: a text tagged with it is a plain text.
    primary: String,
    diagnostics: Vec<Diagnostic>,
}

/// The role of a node, by where its IRI lies under the dataset's base.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Role {
    Entity(String),
    Class(String),
    Property(String),
    Source(String),
    Unit(String),
    View(String),
    Statement(String),
    /// A declaration: `prop:`, `p:`, `ps:`, `pq:`, `pr:`, … and `attr:` properties.
    Declared,
    Other,
}

/// Segments under the base whose nodes are declarations, longest first.
const DECLARED: [&str; 2] = ["prop/", "attribute/"];

impl<'g> Own<'g> {
    /// The reader for `g` when it is a kgforge export: it has a `void:Dataset` named
    /// `{base}dataset` with `void:uriSpace` `{base}` and a `dcterms:identifier`.
    pub(in crate::load) fn find(g: &'g Triples) -> Option<Own<'g>> {
        for s in &g.subjects {
            let NamedOrBlankNode::NamedNode(node) = s else {
                continue;
            };
            if !g.has_type(s, void::DATASET) {
                continue;
            }
            let Some(space) = g.objects(s, void::URI_SPACE).find_map(literal) else {
                continue;
            };
            if node.as_str().strip_prefix(space) != Some("dataset")
                || g.objects(s, dcterms::IDENTIFIER).next().is_none()
            {
                continue;
            }
            let iris = RdfIris::new(space).ok()?;
            return Some(Own {
                g,
                base: space.to_string(),
                iris,
                dataset_node: s.clone(),
                used: vec![false; g.triples.len()],
                units: FxHashMap::default(),
                primary: String::new(),
                diagnostics: Vec::new(),
            });
        }
        None
    }

    /// Reads the whole dataset into `loaded`.
    pub(in crate::load) fn read(mut self, loaded: &mut Loaded, summary: &mut ImportSummary) {
        let mut d = Dataset {
            meta: self.metadata(),
            ..Dataset::default()
        };
        self.primary = d.meta.primary_language().to_string();
        // Units first: quantities name them.
        for s in &self.g.subjects {
            if let Some(Role::Unit(local)) = self.role(s)
                && self.g.has_type(s, kg::UNIT)
                && let Some(u) = self.unit(s, &local)
            {
                d.units.push(u);
            }
        }
        let claims = self.claims();
        for s in &self.g.subjects {
            match self.role(s) {
                Some(Role::Class(id)) if self.g.has_type(s, owl::CLASS) => {
                    d.types.push(self.entity_type(s, id));
                }
                Some(Role::Property(id)) if self.g.has_type(s, wikibase::PROPERTY) => {
                    d.predicates.push(self.predicate(s, id));
                }
                Some(Role::Source(id)) if self.g.has_type(s, prov::ENTITY) => {
                    d.sources.push(self.source(s, id));
                }
                Some(Role::Entity(id)) => d.entities.push(self.entity(s, id)),
                Some(Role::Statement(id)) if self.g.has_type(s, wikibase::STATEMENT) => {
                    if let Some(st) = self.statement(s, id, &claims) {
                        d.statements.push(st);
                    }
                }
                Some(Role::View(id)) if self.g.has_type(s, kg::VIEW) => {
                    d.views.push(self.view(s, id));
                }
                Some(Role::Declared) => self.mark_all(s),
                _ => {
                    // The kg: vocabulary and the ontology are declarations too.
                    if let NamedOrBlankNode::NamedNode(n) = s
                        && n.as_str()
                            .starts_with(vocab::kg::NAMESPACE.trim_end_matches('#'))
                    {
                        self.mark_all(s);
                    }
                }
            }
        }
        self.bare_statements(&mut d);
        summary.inferred.push(format!(
            "{} types, {} predicates, {} units, {} sources, {} entities, {} statements, {} views",
            d.types.len(),
            d.predicates.len(),
            d.units.len(),
            d.sources.len(),
            d.entities.len(),
            d.statements.len(),
            d.views.len()
        ));
        let unread: Vec<usize> = (0..self.used.len()).filter(|&i| !self.used[i]).collect();
        if let Some(&first) = unread.first() {
            summary.skip(
                unread.len(),
                "triples",
                format!(
                    "kgforge's RDF does not say them (the first: {})",
                    self.g.triples[first]
                ),
            );
        }
        loaded.dataset = d;
        loaded.diagnostics.items.append(&mut self.diagnostics);
    }

    fn role(&self, s: &NamedOrBlankNode) -> Option<Role> {
        let NamedOrBlankNode::NamedNode(n) = s else {
            return None;
        };
        let rest = n.as_str().strip_prefix(&self.base)?;
        for (segment, make) in [
            ("entity/", Role::Entity as fn(String) -> Role),
            ("class/", Role::Class),
            ("property/", Role::Property),
            ("source/", Role::Source),
            ("statement/", Role::Statement),
            ("view/", Role::View),
        ] {
            if let Some(local) = rest.strip_prefix(segment)
                && !local.contains('/')
            {
                return Some(make(id_from_segment(local)?));
            }
        }
        if let Some(local) = rest.strip_prefix("unit/") {
            return Some(Role::Unit(local.to_string()));
        }
        if DECLARED.iter().any(|seg| rest.starts_with(seg)) {
            return Some(Role::Declared);
        }
        Some(Role::Other)
    }

    /// The local id of `term` when it is an IRI under `{base}{segment}`.
    fn id_under(&self, term: &Term, segment: &str) -> Option<String> {
        let local = iri(term)?.strip_prefix(&self.base)?.strip_prefix(segment)?;
        if local.contains('/') {
            return None;
        }
        id_from_segment(local)
    }

    /// The objects of `s`'s `p` triples, marking them read.
    fn take(&mut self, s: &NamedOrBlankNode, p: NamedNodeRef<'_>) -> Vec<&'g Term> {
        let g = self.g;
        let mut out = Vec::new();
        for (i, t) in g.about(s) {
            if t.predicate == p {
                self.used[i] = true;
                out.push(&t.object);
            }
        }
        out
    }

    /// The first object of `s`'s `p` triples (all marked read).
    fn one(&mut self, s: &NamedOrBlankNode, p: NamedNodeRef<'_>) -> Option<&'g Term> {
        self.take(s, p).into_iter().next()
    }

    /// The text of the first literal object of `s`'s `p` triples.
    fn text(&mut self, s: &NamedOrBlankNode, p: NamedNodeRef<'_>) -> Option<String> {
        self.one(s, p).and_then(literal).map(str::to_string)
    }

    fn mark_all(&mut self, s: &NamedOrBlankNode) {
        for (i, _) in self.g.about(s) {
            self.used[i] = true;
        }
    }

    /// Marks `s`'s `rdf:type class` triple read.
    fn mark_type(&mut self, s: &NamedOrBlankNode, class: NamedNodeRef<'_>) {
        for (i, t) in self.g.about(s) {
            if t.predicate == rdf::TYPE && t.object == class.into() {
                self.used[i] = true;
            }
        }
    }

    fn problem(&mut self, code: Code, message: String) {
        self.diagnostics
            .push(Diagnostic::error(code, message).with_help(
                "the file is not as kgforge exports it; export it again, or fix the triples named",
            ));
    }

    fn metadata(&mut self) -> Metadata {
        let s = self.dataset_node.clone();
        self.mark_type(&s, void::DATASET);
        self.mark_type(&s, vocab::dcat::DATASET);
        let languages: Vec<String> = self
            .take(&s, dcterms::LANGUAGE)
            .into_iter()
            .filter_map(literal)
            .map(|l| normalize_language_tag(l).unwrap_or_else(|| l.to_string()))
            .collect();
        let license = self.one(&s, dcterms::LICENSE).map(|t| match t {
            Term::NamedNode(n) => n
                .as_str()
                .strip_prefix(vocab::SPDX)
                .unwrap_or(n.as_str())
                .to_string(),
            other => literal(other).unwrap_or_default().to_string(),
        });
        self.take(&s, void::URI_SPACE);
        Metadata {
            id: self.text(&s, dcterms::IDENTIFIER).unwrap_or_default(),
            title: self.text(&s, dcterms::TITLE).unwrap_or_default(),
            description: self.text(&s, dcterms::DESCRIPTION),
            license,
            base_iri: self.base.clone(),
            languages,
        }
    }

    fn entity_type(&mut self, s: &NamedOrBlankNode, id: String) -> EntityType {
        self.mark_type(s, owl::CLASS);
        EntityType {
            label: self.text(s, rdfs::LABEL).unwrap_or_default(),
            parent: self
                .one(s, rdfs::SUB_CLASS_OF)
                .and_then(|t| self.id_under(t, "class/")),
            class: self
                .one(s, owl::EQUIVALENT_CLASS)
                .and_then(iri)
                .map(str::to_string),
            group: self.text(s, kg::GROUP),
            description: self.text(s, rdfs::COMMENT),
            id,
        }
    }

    fn predicate(&mut self, s: &NamedOrBlankNode, id: String) -> Predicate {
        self.mark_type(s, wikibase::PROPERTY);
        for p in [
            wikibase::DIRECT_CLAIM,
            wikibase::CLAIM,
            wikibase::STATEMENT_PROPERTY,
            wikibase::STATEMENT_VALUE,
        ] {
            self.take(s, p);
        }
        let property_type = self.one(s, wikibase::PROPERTY_TYPE).cloned();
        let kind = self
            .one(s, kg::LITERAL_KIND)
            .and_then(literal)
            .and_then(LiteralKind::from_name)
            .or_else(|| match property_type.as_ref().and_then(iri) {
                // An export from before kg:literalKind: the nearest kind.
                Some(t) if t == wikibase::QUANTITY.as_str() => Some(LiteralKind::Integer),
                Some(t) if t == wikibase::TIME.as_str() => Some(LiteralKind::Date),
                Some(t) if t == wikibase::MONOLINGUAL_TEXT.as_str() => Some(LiteralKind::String),
                Some(t) if t == kg::TIME_SPAN.as_str() => Some(LiteralKind::Span),
                _ => None,
            });
        let direct: NamedOrBlankNode = self.iris.direct(&id).into();
        for class in [owl::OBJECT_PROPERTY, owl::DATATYPE_PROPERTY] {
            self.mark_type(&direct, class);
        }
        for p in [
            rdfs::LABEL,
            rdfs::COMMENT,
            rdfs::IS_DEFINED_BY,
            rdfs::DOMAIN,
            rdfs::RANGE,
        ] {
            self.take(&direct, p);
        }
        let classes = |own: &mut Self, p| -> Vec<String> {
            own.take(&direct, p)
                .into_iter()
                .filter_map(|t| own.id_under(t, "class/"))
                .collect()
        };
        let domain = classes(self, schema::DOMAIN_INCLUDES);
        let range_types = classes(self, schema::RANGE_INCLUDES);
        let symmetric = self.g.has_type(&direct, owl::SYMMETRIC_PROPERTY);
        self.mark_type(&direct, owl::SYMMETRIC_PROPERTY);
        let property = self
            .one(&direct, owl::EQUIVALENT_PROPERTY)
            .and_then(iri)
            .map(str::to_string);
        Predicate {
            label: self.text(s, rdfs::LABEL).unwrap_or_default(),
            inverse: self.text(s, kg::INVERSE_LABEL),
            domain,
            range: match kind {
                Some(kind) => Range::Literal(kind),
                None => Range::Entities(range_types),
            },
            property,
            symmetric,
            description: self.text(s, schema::DESCRIPTION),
            id,
        }
    }

    /// A unit node: a declared unit (defined by the dataset), or the text of one quantities
    /// name without declaring it (remembered, not returned).
    fn unit(&mut self, s: &NamedOrBlankNode, local: &str) -> Option<Unit> {
        self.mark_type(s, kg::UNIT);
        let label = self.text(s, rdfs::LABEL).unwrap_or_default();
        let declared = self
            .take(s, rdfs::IS_DEFINED_BY)
            .into_iter()
            .any(|t| *t == Term::from(self.dataset_node.clone()));
        let NamedOrBlankNode::NamedNode(node) = s else {
            return None;
        };
        if !declared {
            self.units.insert(node.as_str().to_string(), label);
            return None;
        }
        let id = key_from_local_name(local).unwrap_or_else(|| local.to_string());
        self.units.insert(node.as_str().to_string(), id.clone());
        Some(Unit {
            id,
            label,
            iri: self.one(s, owl::SAME_AS).and_then(iri).map(str::to_string),
            description: self.text(s, rdfs::COMMENT),
        })
    }

    fn source(&mut self, s: &NamedOrBlankNode, id: String) -> Source {
        self.mark_type(s, prov::ENTITY);
        let kind = match self.one(s, dcterms::TYPE).and_then(iri) {
            Some(k) if k == kg::ARTICLE.as_str() => SourceKind::Article,
            Some(k) if k == kg::BOOK.as_str() => SourceKind::Book,
            Some(k) if k == kg::GOVERNMENT_REPORT.as_str() => SourceKind::GovernmentReport,
            Some(k) if k == kg::ARCHIVE.as_str() => SourceKind::Archive,
            Some(k) if k == kg::ENCYCLOPEDIA.as_str() => SourceKind::Encyclopedia,
            Some(k) if k == kg::WEBSITE.as_str() => SourceKind::Website,
            Some(k) if k == kg::DATASET.as_str() => SourceKind::Dataset,
            _ => SourceKind::Other,
        };
        let date = |own: &mut Self, p| own.text(s, p).and_then(|t| t.parse::<Date>().ok());
        Source {
            title: self.text(s, dcterms::TITLE).unwrap_or_default(),
            author: self.text(s, dcterms::CREATOR),
            publisher: self.text(s, dcterms::PUBLISHER),
            date: date(self, dcterms::DATE),
            url: self.one(s, schema::URL).and_then(iri).map(str::to_string),
            accessed: date(self, kg::ACCESSED),
            language: self
                .text(s, dcterms::LANGUAGE)
                .map(|l| normalize_language_tag(&l).unwrap_or(l)),
            kind,
            note: self.text(s, rdfs::COMMENT),
            paragraphs: self.text(s, kg::PARAGRAPHS).and_then(|n| n.parse().ok()),
            id,
        }
    }

    fn entity(&mut self, s: &NamedOrBlankNode, id: String) -> Entity {
        let mut type_id = None;
        for (i, t) in self.g.about(s) {
            if t.predicate == rdf::TYPE
                && type_id.is_none()
                && let Some(class) = self.id_under(&t.object, "class/")
            {
                self.used[i] = true;
                type_id = Some(class);
            }
        }
        let mut label = LangMap::new();
        for t in self.take(s, rdfs::LABEL) {
            if let Term::Literal(l) = t {
                label.insert(tag(l.language()), l.value().to_string());
            }
        }
        let mut aliases: LangMap<Vec<String>> = LangMap::new();
        for t in self.take(s, skos::ALT_LABEL) {
            if let Term::Literal(l) = t {
                aliases
                    .get_or_insert_default(&tag(l.language()))
                    .push(l.value().to_string());
            }
        }
        let wikidata = self
            .one(s, owl::SAME_AS)
            .and_then(iri)
            .and_then(|i| i.strip_prefix(vocab::WD))
            .map(str::to_string);
        let mut attributes = std::collections::BTreeMap::new();
        let prefix = format!("{}attribute/", self.base);
        for (i, t) in self.g.about(s) {
            let Some(local) = t.predicate.as_str().strip_prefix(&prefix) else {
                continue;
            };
            let Term::Literal(l) = &t.object else {
                continue;
            };
            self.used[i] = true;
            let key = self.declared_key(&t.predicate, local);
            attributes.insert(key, scalar(l));
        }
        Entity {
            type_id: type_id.unwrap_or_default().into(),
            label,
            aliases,
            description: self.text(s, schema::DESCRIPTION),
            wikidata,
            attributes,
            id: id.into(),
        }
    }

    /// A free key (attribute or qualifier): the label its property is declared with, else
    /// the key its local name escapes.
    fn declared_key(&self, property: &NamedNode, local: &str) -> String {
        let node: NamedOrBlankNode = property.clone().into();
        self.g
            .objects(&node, rdfs::LABEL)
            .find_map(literal)
            .map(str::to_string)
            .or_else(|| key_from_local_name(local))
            .unwrap_or_else(|| local.to_string())
    }

    fn view(&mut self, s: &NamedOrBlankNode, id: String) -> View {
        self.mark_type(s, kg::VIEW);
        let ids = |own: &mut Self, p, segment| -> Vec<String> {
            own.take(s, p)
                .into_iter()
                .filter_map(|t| own.id_under(t, segment))
                .collect()
        };
        let focus = ids(self, kg::FOCUS, "entity/");
        let predicates = ids(self, kg::INCLUDES_PREDICATE, "property/");
        let exclude_predicates = ids(self, kg::EXCLUDES_PREDICATE, "property/");
        let types = ids(self, kg::INCLUDES_TYPE, "class/");
        let exclude_types = ids(self, kg::EXCLUDES_TYPE, "class/");
        let ranks = self
            .take(s, kg::INCLUDES_RANK)
            .into_iter()
            .filter_map(|t| rank(iri(t)?))
            .collect();
        let flag = |own: &mut Self, p| own.text(s, p).map(|t| t == "true");
        View {
            title: self.text(s, dcterms::TITLE).unwrap_or_default(),
            description: self.text(s, dcterms::DESCRIPTION),
            focus,
            depth: self.text(s, kg::DEPTH).and_then(|n| n.parse().ok()),
            direction: self.text(s, kg::DIRECTION).and_then(|d| match d.as_str() {
                "in" => Some(ViewDirection::In),
                "out" => Some(ViewDirection::Out),
                "both" => Some(ViewDirection::Both),
                _ => None,
            }),
            predicates,
            exclude_predicates,
            types,
            exclude_types,
            ranks,
            as_of: self.text(s, kg::AS_OF).and_then(|t| t.parse().ok()),
            language: self
                .text(s, dcterms::LANGUAGE)
                .map(|l| normalize_language_tag(&l).unwrap_or(l)),
            rankdir: self
                .text(s, kg::RANKDIR)
                .and_then(|r| crate::model::RankDir::from_code(&r)),
            engine: self
                .text(s, kg::ENGINE)
                .and_then(|e| crate::model::Engine::from_name(&e)),
            legend: self
                .text(s, kg::LEGEND)
                .and_then(|l| crate::model::Legend::from_name(&l)),
            qualifier_places: flag(self, kg::QUALIFIER_PLACES),
            figures: flag(self, kg::FIGURES),
            timeline: flag(self, kg::TIMELINE),
            id,
        }
    }
}

/// A language tag as the model writes it (`en-gb` → `en-GB`); an untagged literal is in no
/// language, kept under the empty tag for validation to report.
fn tag(language: Option<&str>) -> String {
    let tag = language.unwrap_or_default();
    normalize_language_tag(tag).unwrap_or_else(|| tag.to_string())
}

/// A rank from its Wikibase individual.
fn rank(iri: &str) -> Option<Rank> {
    Some(match iri {
        i if i == wikibase::PREFERRED_RANK.as_str() => Rank::Preferred,
        i if i == wikibase::NORMAL_RANK.as_str() => Rank::Normal,
        i if i == wikibase::DEPRECATED_RANK.as_str() => Rank::Deprecated,
        _ => return None,
    })
}

/// A free attribute's value from its literal: boolean, integer, decimal, else text.
fn scalar(l: &oxrdf::Literal) -> Scalar {
    let d = l.datatype();
    if d == xsd::BOOLEAN {
        return Scalar::Bool(l.value() == "true");
    }
    if d == xsd::INTEGER
        && let Ok(n) = l.value().parse()
    {
        return Scalar::Integer(n);
    }
    if (d == xsd::DECIMAL || d == xsd::DOUBLE)
        && let Ok(x) = l.value().parse::<f64>()
    {
        return Scalar::Float(x);
    }
    Scalar::String(l.value().to_string())
}
