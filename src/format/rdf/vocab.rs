//! The terms the RDF export uses, as [`NamedNodeRef`](oxrdf::NamedNodeRef) constants:
//! kgforge's own `kg:` vocabulary and the standard vocabularies oxrdf does not ship (`rdf:`,
//! `rdfs:` and `xsd:` are in [`oxrdf::vocab`]).
//!
//! ```
//! use kgforge::format::rdf::vocab::kg;
//!
//! assert_eq!(kg::BOUND.as_str(), "https://w3id.org/kgforge/vocab#bound");
//! assert_eq!(kg::NAMESPACE, "https://w3id.org/kgforge/vocab#");
//! ```

/// Declares a namespace constant and one documented constant per term.
macro_rules! terms {
    ($ns:literal; $($(#[$doc:meta])* $name:ident = $local:literal;)*) => {
        use oxrdf::NamedNodeRef;

        /// The namespace IRI; every term below is this plus its local name.
        pub const NAMESPACE: &str = $ns;
        $(
            $(#[$doc])*
            pub const $name: NamedNodeRef<'static> =
                NamedNodeRef::new_unchecked(concat!($ns, $local));
        )*
    };
}

/// What a `kg:` term is: the `rdf:type` its declaration gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    /// An `rdfs:Class` (and `owl:Class`).
    Class,
    /// An `owl:ObjectProperty`: its values are IRIs.
    ObjectProperty,
    /// An `owl:DatatypeProperty`: its values are literals.
    DatatypeProperty,
    /// A named individual, an instance of the class named.
    Individual(&'static str),
}

/// One declared `kg:` term: its local name, kind, `rdfs:label` and `rdfs:comment` (English).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Declaration {
    /// The term is `kg:` + this.
    pub local: &'static str,
    /// Class, property or individual.
    pub kind: TermKind,
    /// `rdfs:label`.
    pub label: &'static str,
    /// `rdfs:comment`.
    pub comment: &'static str,
}

/// Declares the `kg:` terms: a constant each, and [`kg::DECLARATIONS`] listing them all.
macro_rules! kg_terms {
    ($ns:literal; $($name:ident = $local:literal, $kind:expr, $label:literal, $comment:literal;)*) => {
        use oxrdf::NamedNodeRef;
        use super::{Declaration, TermKind::*};

        /// The namespace IRI; every term below is this plus its local name.
        pub const NAMESPACE: &str = $ns;
        $(
            #[doc = concat!("`kg:", $local, "`: ", $comment)]
            pub const $name: NamedNodeRef<'static> =
                NamedNodeRef::new_unchecked(concat!($ns, $local));
        )*
        /// Every term of the vocabulary, in the order of `exports/kgforge-vocab.ttl`.
        pub const DECLARATIONS: &[Declaration] = &[
            $(Declaration { local: $local, kind: $kind, label: $label, comment: $comment },)*
        ];
    };
}

/// kgforge's vocabulary, `kg:` (`https://w3id.org/kgforge/vocab#`): what Wikibase's
/// ontology and the standard vocabularies do not say. Every term is declared with a label
/// and a comment ([`kg::DECLARATIONS`]); `exports/kgforge-vocab.ttl` and
/// `docs/vocabulary.md` publish them.
pub mod kg {
    kg_terms! { "https://w3id.org/kgforge/vocab#";
        BOUND_KIND = "BoundKind", Class, "bound kind",
            "How a quantity is bounded: one of the individuals kg:Exact, kg:About, kg:AtLeast, kg:MoreThan, kg:AtMost, kg:LessThan, kg:Range.";
        BOUND = "bound", ObjectProperty, "bound",
            "Quantity value (wikibase:QuantityValue) -> how its figure is bounded (a kg:BoundKind). Wikibase has amounts and inclusive bounds only; this says whether the source gave an exact figure, an approximate one, an open or exclusive bound, or a range.";
        EXCLUSIVE = "exclusive", DatatypeProperty, "exclusive",
            "Bound kind -> true when its bound excludes the figure itself (kg:MoreThan, kg:LessThan).";
        EXACT = "Exact", Individual("BoundKind"), "exact",
            "Exactly this many: wikibase:quantityAmount is the figure.";
        ABOUT = "About", Individual("BoundKind"), "about",
            "Roughly this many: wikibase:quantityAmount is the figure, known approximately.";
        AT_LEAST = "AtLeast", Individual("BoundKind"), "at least",
            "This many or more: wikibase:quantityLowerBound is the figure, inclusive; there is no amount.";
        MORE_THAN = "MoreThan", Individual("BoundKind"), "more than",
            "Strictly more than this: wikibase:quantityLowerBound is the figure, exclusive; there is no amount.";
        AT_MOST = "AtMost", Individual("BoundKind"), "at most",
            "This many or fewer: wikibase:quantityUpperBound is the figure, inclusive; there is no amount.";
        LESS_THAN = "LessThan", Individual("BoundKind"), "less than",
            "Strictly fewer than this: wikibase:quantityUpperBound is the figure, exclusive; there is no amount.";
        RANGE = "Range", Individual("BoundKind"), "range",
            "Between wikibase:quantityLowerBound and wikibase:quantityUpperBound, inclusive; there is no amount.";
        UNIT = "Unit", Class, "unit",
            "A unit of quantities declared by a dataset (a [units.*] table) or minted for a unit it names without declaring; the object of wikibase:quantityUnit.";
        TIME_SPAN = "TimeSpan", Individual("PropertyType"), "time span",
            "The wikibase:propertyType of predicates whose values are spans: a time:Interval with a time:hasBeginning and a time:hasEnd, each a wikibase:TimeValue. Wikibase has no span type.";
        PROPERTY_TYPE = "PropertyType", Class, "property type",
            "Class of kgforge's own Wikibase property types (kg:TimeSpan).";
        DISPUTE_REASON = "disputeReason", DatatypeProperty, "dispute reason",
            "Statement -> why the statement is contested (language-tagged text). Present only on disputed statements.";
        QUALIFIER = "qualifier", DatatypeProperty, "free qualifier",
            "Super-property of a dataset's free qualifiers (pq:{key}, from a statement's `other` qualifiers).";
        ATTRIBUTE = "attribute", DatatypeProperty, "free attribute",
            "Super-property of a dataset's free entity attributes (attr:{key}).";
        PARAGRAPH = "paragraph", DatatypeProperty, "paragraph",
            "Reference property: the paragraph cited (xsd:integer, from 1). Wikidata has no paragraph-number property; P958 (section, verse, paragraph, or clause) is the nearest and is used for sections.";
        PARAGRAPHS = "paragraphs", DatatypeProperty, "number of paragraphs",
            "Source -> how many paragraphs it has (xsd:integer), against which paragraph locators are checked.";
        ACCESSED = "accessed", DatatypeProperty, "accessed",
            "Source -> when it was last read at its URL (a W3C date of its precision). References to it carry the same date as a retrieved-date reference property (Wikidata P813).";
        INVERSE_LABEL = "inverseLabel", DatatypeProperty, "inverse label",
            "Property -> the label of its inverse direction (no inverse property is minted).";
        GROUP = "group", DatatypeProperty, "display group",
            "Class -> the display group (a cluster in the diagrams) its entities are drawn in.";
        SOURCE_KIND = "SourceKind", Class, "source kind",
            "The kind of work a source is; the classes below are the values of dcterms:type on sources.";
        ARTICLE = "Article", Class, "article", "Source kind: a newspaper, magazine or web article.";
        BOOK = "Book", Class, "book", "Source kind: a book or book chapter.";
        GOVERNMENT_REPORT = "GovernmentReport", Class, "government report",
            "Source kind: a report or statement by a government body.";
        ARCHIVE = "Archive", Class, "archival document", "Source kind: an archival document.";
        ENCYCLOPEDIA = "Encyclopedia", Class, "encyclopedia entry", "Source kind: an encyclopedia entry.";
        WEBSITE = "Website", Class, "website", "Source kind: a website that is none of the other kinds.";
        DATASET = "Dataset", Class, "dataset", "Source kind: a dataset.";
        OTHER = "Other", Class, "other source", "Source kind: anything else.";
        LITERAL_KIND = "literalKind", DatatypeProperty, "literal kind",
            "Property (wikibase:Property) -> the kind of literal its statements hold, as the dataset's schema names it: integer, decimal, date, year, span or string. wikibase:propertyType tells quantities from times, but not whole counts from decimals nor any date from a year.";
        UNIT_PROPERTY = "unit", ObjectProperty, "unit",
            "Quantity value (wikibase:QuantityValue) -> the dataset's own unit the quantity names (unit:{id}, a kg:Unit). wikibase:quantityUnit is the unit's external IRI when it has one, which other units and plain counts may share (wd:Q199); this names the unit itself.";
        VIEW = "View", Class, "view",
            "A named view of the dataset (a [views.*] table): a part of it drawn as a diagram of its own. Its title is its dcterms:title, its subtitle its dcterms:description, the language of its names its dcterms:language; the other settings are the kg: properties below (docs/FORMAT.md).";
        FOCUS = "focus", ObjectProperty, "focus",
            "View -> an entity at its centre, in the order the view lists them; the view holds what lies within kg:depth statements of them. A view without a focus holds every entity its type filters pass.";
        DEPTH = "depth", DatatypeProperty, "depth",
            "View -> how many statements away from its focus it reaches (xsd:integer; 1 when absent).";
        DIRECTION = "direction", DatatypeProperty, "direction",
            "View -> which statements it follows from its focus: \"in\", \"out\" or \"both\" (the default).";
        INCLUDES_PREDICATE = "includesPredicate", ObjectProperty, "includes predicate",
            "View -> a predicate (its wikibase:Property) whose statements it shows; a view with none shows every predicate.";
        EXCLUDES_PREDICATE = "excludesPredicate", ObjectProperty, "excludes predicate",
            "View -> a predicate (its wikibase:Property) whose statements it never shows.";
        INCLUDES_TYPE = "includesType", ObjectProperty, "includes type",
            "View -> an entity type (its class) whose entities, and its subtypes', it shows; a view with none shows every type. Focus entities are always shown.";
        EXCLUDES_TYPE = "excludesType", ObjectProperty, "excludes type",
            "View -> an entity type (its class) whose entities, and its subtypes', it never shows, focus entities excepted.";
        INCLUDES_RANK = "includesRank", ObjectProperty, "includes rank",
            "View -> a rank (wikibase:PreferredRank, wikibase:NormalRank, wikibase:DeprecatedRank) whose statements it shows; a view with none shows every rank but deprecated.";
        AS_OF = "asOf", DatatypeProperty, "as of",
            "View -> it shows only statements that may hold at this date (a W3C date of its precision).";
        RANKDIR = "rankdir", DatatypeProperty, "rank direction",
            "View -> the direction its diagram's ranks run in, as Graphviz's rankdir: \"TB\", \"LR\" (the default), \"BT\" or \"RL\".";
        ENGINE = "engine", DatatypeProperty, "layout engine",
            "View -> the Graphviz layout engine that draws it: \"dot\" (the default), \"neato\", \"fdp\" or \"sfdp\".";
        LEGEND = "legend", DatatypeProperty, "legend",
            "View -> how much legend its diagram carries: \"none\", \"compact\" (the default) or \"full\".";
        QUALIFIER_PLACES = "qualifierPlaces", DatatypeProperty, "qualifier places",
            "View -> true when entities that only a qualifier names are drawn as nodes of their own (xsd:boolean; false when absent).";
        FIGURES = "figures", DatatypeProperty, "figures",
            "View -> false when node labels leave out the entities' figures (xsd:boolean; true when absent).";
        TIMELINE = "timeline", DatatypeProperty, "timeline",
            "View -> true when entities are placed in date order along the rank direction (xsd:boolean; false when absent).";
    }
}

/// Wikibase's ontology (`wikibase:`, `http://wikiba.se/ontology#`): the statement model.
pub mod wikibase {
    terms! { "http://wikiba.se/ontology#";
        /// `wikibase:Statement`
        STATEMENT = "Statement";
        /// `wikibase:Reference`
        REFERENCE = "Reference";
        /// `wikibase:BestRank`
        BEST_RANK = "BestRank";
        /// `wikibase:rank`
        RANK = "rank";
        /// `wikibase:PreferredRank`
        PREFERRED_RANK = "PreferredRank";
        /// `wikibase:NormalRank`
        NORMAL_RANK = "NormalRank";
        /// `wikibase:DeprecatedRank`
        DEPRECATED_RANK = "DeprecatedRank";
        /// `wikibase:Property`
        PROPERTY = "Property";
        /// `wikibase:propertyType`
        PROPERTY_TYPE = "propertyType";
        /// `wikibase:directClaim`
        DIRECT_CLAIM = "directClaim";
        /// `wikibase:claim`
        CLAIM = "claim";
        /// `wikibase:statementProperty`
        STATEMENT_PROPERTY = "statementProperty";
        /// `wikibase:statementValue`
        STATEMENT_VALUE = "statementValue";
        /// `wikibase:qualifier`
        QUALIFIER = "qualifier";
        /// `wikibase:qualifierValue`
        QUALIFIER_VALUE = "qualifierValue";
        /// `wikibase:reference`
        REFERENCE_PROPERTY = "reference";
        /// `wikibase:referenceValue`
        REFERENCE_VALUE = "referenceValue";
        /// `wikibase:WikibaseItem`
        WIKIBASE_ITEM = "WikibaseItem";
        /// `wikibase:Quantity`
        QUANTITY = "Quantity";
        /// `wikibase:Time`
        TIME = "Time";
        /// `wikibase:Monolingualtext`
        MONOLINGUAL_TEXT = "Monolingualtext";
        /// `wikibase:String`
        STRING = "String";
        /// `wikibase:Url`
        URL = "Url";
        /// `wikibase:TimeValue`
        TIME_VALUE = "TimeValue";
        /// `wikibase:timeValue`
        TIME_VALUE_PROPERTY = "timeValue";
        /// `wikibase:timePrecision`
        TIME_PRECISION = "timePrecision";
        /// `wikibase:timeTimezone`
        TIME_TIMEZONE = "timeTimezone";
        /// `wikibase:timeCalendarModel`
        TIME_CALENDAR_MODEL = "timeCalendarModel";
        /// `wikibase:QuantityValue`
        QUANTITY_VALUE = "QuantityValue";
        /// `wikibase:quantityAmount`
        QUANTITY_AMOUNT = "quantityAmount";
        /// `wikibase:quantityLowerBound`
        QUANTITY_LOWER_BOUND = "quantityLowerBound";
        /// `wikibase:quantityUpperBound`
        QUANTITY_UPPER_BOUND = "quantityUpperBound";
        /// `wikibase:quantityUnit`
        QUANTITY_UNIT = "quantityUnit";
    }
}

/// OWL-Time (`time:`): spans are `time:Interval`s.
pub mod time {
    terms! { "http://www.w3.org/2006/time#";
        /// `time:Interval`
        INTERVAL = "Interval";
        /// `time:hasBeginning`
        HAS_BEGINNING = "hasBeginning";
        /// `time:hasEnd`
        HAS_END = "hasEnd";
    }
}

/// SHACL (`sh:`).
pub mod sh {
    terms! { "http://www.w3.org/ns/shacl#";
        /// `sh:NodeShape`
        NODE_SHAPE = "NodeShape";
        /// `sh:targetClass`
        TARGET_CLASS = "targetClass";
        /// `sh:targetSubjectsOf`
        TARGET_SUBJECTS_OF = "targetSubjectsOf";
        /// `sh:targetObjectsOf`
        TARGET_OBJECTS_OF = "targetObjectsOf";
        /// `sh:property`
        PROPERTY = "property";
        /// `sh:path`
        PATH = "path";
        /// `sh:minCount`
        MIN_COUNT = "minCount";
        /// `sh:maxCount`
        MAX_COUNT = "maxCount";
        /// `sh:datatype`
        DATATYPE = "datatype";
        /// `sh:class`
        CLASS = "class";
        /// `sh:nodeKind`
        NODE_KIND = "nodeKind";
        /// `sh:IRI`
        IRI = "IRI";
        /// `sh:in`
        IN = "in";
        /// `sh:or`
        OR = "or";
        /// `sh:hasValue`
        HAS_VALUE = "hasValue";
        /// `sh:minInclusive`
        MIN_INCLUSIVE = "minInclusive";
        /// `sh:name`
        NAME = "name";
    }
}

/// OWL (`owl:`).
pub mod owl {
    terms! { "http://www.w3.org/2002/07/owl#";
        /// `owl:Class`
        CLASS = "Class";
        /// `owl:ObjectProperty`
        OBJECT_PROPERTY = "ObjectProperty";
        /// `owl:DatatypeProperty`
        DATATYPE_PROPERTY = "DatatypeProperty";
        /// `owl:SymmetricProperty`
        SYMMETRIC_PROPERTY = "SymmetricProperty";
        /// `owl:equivalentClass`
        EQUIVALENT_CLASS = "equivalentClass";
        /// `owl:equivalentProperty`
        EQUIVALENT_PROPERTY = "equivalentProperty";
        /// `owl:sameAs`
        SAME_AS = "sameAs";
        /// `owl:Ontology`
        ONTOLOGY = "Ontology";
        /// `owl:NamedIndividual`
        NAMED_INDIVIDUAL = "NamedIndividual";
    }
}

/// SKOS (`skos:`).
pub mod skos {
    terms! { "http://www.w3.org/2004/02/skos/core#";
        /// `skos:altLabel`
        ALT_LABEL = "altLabel";
        /// `skos:note`
        NOTE = "note";
    }
}

/// PROV-O (`prov:`).
pub mod prov {
    terms! { "http://www.w3.org/ns/prov#";
        /// `prov:Entity`
        ENTITY = "Entity";
        /// `prov:wasDerivedFrom`
        WAS_DERIVED_FROM = "wasDerivedFrom";
        /// `prov:hadPrimarySource`
        HAD_PRIMARY_SOURCE = "hadPrimarySource";
    }
}

/// DCMI Metadata Terms (`dcterms:`).
pub mod dcterms {
    terms! { "http://purl.org/dc/terms/";
        /// `dcterms:identifier`
        IDENTIFIER = "identifier";
        /// `dcterms:title`
        TITLE = "title";
        /// `dcterms:description`
        DESCRIPTION = "description";
        /// `dcterms:license`
        LICENSE = "license";
        /// `dcterms:language`
        LANGUAGE = "language";
        /// `dcterms:creator`
        CREATOR = "creator";
        /// `dcterms:publisher`
        PUBLISHER = "publisher";
        /// `dcterms:date`
        DATE = "date";
        /// `dcterms:type`
        TYPE = "type";
    }
}

/// Schema.org (`schema:`).
pub mod schema {
    terms! { "http://schema.org/";
        /// `schema:description`
        DESCRIPTION = "description";
        /// `schema:url`
        URL = "url";
        /// `schema:domainIncludes`
        DOMAIN_INCLUDES = "domainIncludes";
        /// `schema:rangeIncludes`
        RANGE_INCLUDES = "rangeIncludes";
    }
}

/// VoID (`void:`).
pub mod void {
    terms! { "http://rdfs.org/ns/void#";
        /// `void:Dataset`
        DATASET = "Dataset";
        /// `void:uriSpace`
        URI_SPACE = "uriSpace";
    }
}

/// DCAT (`dcat:`).
pub mod dcat {
    terms! { "http://www.w3.org/ns/dcat#";
        /// `dcat:Dataset`
        DATASET = "Dataset";
    }
}

/// Wikidata entities (`wd:`), the target of `owl:sameAs`.
pub const WD: &str = "http://www.wikidata.org/entity/";

/// The proleptic Gregorian calendar (`wd:Q1985727`), every time value's calendar model.
pub const GREGORIAN: &str = "http://www.wikidata.org/entity/Q1985727";

/// The dimensionless unit "1" (`wd:Q199`): the unit of counts without a declared unit.
pub const DIMENSIONLESS: &str = "http://www.wikidata.org/entity/Q199";

/// Wikidata's qualifier properties (`pq:` on Wikidata), for `owl:equivalentProperty`.
pub const WD_QUALIFIER: &str = "http://www.wikidata.org/prop/qualifier/";

/// Wikidata's qualifier value properties (`pqv:` on Wikidata).
pub const WD_QUALIFIER_VALUE: &str = "http://www.wikidata.org/prop/qualifier/value/";

/// Wikidata's reference properties (`pr:` on Wikidata).
pub const WD_REFERENCE: &str = "http://www.wikidata.org/prop/reference/";

/// Wikidata's reference value properties (`prv:` on Wikidata).
pub const WD_REFERENCE_VALUE: &str = "http://www.wikidata.org/prop/reference/value/";

/// Wikidata direct properties (`wdt:`), common in `owl:equivalentProperty`.
pub const WDT: &str = "http://www.wikidata.org/prop/direct/";

/// SPDX licenses: a `license` that is an SPDX id becomes `<http://spdx.org/licenses/{id}>`.
pub const SPDX: &str = "http://spdx.org/licenses/";
