//! The terms the RDF export uses, as [`NamedNodeRef`](oxrdf::NamedNodeRef) constants:
//! kgforge's own `kg:` vocabulary and the standard vocabularies oxrdf does not ship (`rdf:`,
//! `rdfs:` and `xsd:` are in [`oxrdf::vocab`]).
//!
//! ```
//! use kgforge::format::rdf::vocab::kg;
//!
//! assert_eq!(kg::RANK.as_str(), "https://w3id.org/kgforge/vocab#rank");
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

/// kgforge's vocabulary, `kg:` (`https://w3id.org/kgforge/vocab#`). The table in
/// [`crate::export::rdf`] says what each term means.
pub mod kg {
    terms! { "https://w3id.org/kgforge/vocab#";
        /// Class of statement nodes.
        STATEMENT = "Statement";
        /// Class of statements that have the best non-deprecated rank for their subject and
        /// predicate (Wikidata's `wikibase:BestRank`).
        BEST_RANK = "BestRank";
        /// Class of reference nodes (a subclass of `prov:Entity`).
        REFERENCE = "Reference";
        /// Datatype of spans: `start/end` in ISO 8601-2 interval syntax, `..` for an open end.
        INTERVAL = "Interval";
        /// Statement → the entity it is about.
        SUBJECT = "subject";
        /// Statement → the predicate's property IRI.
        PREDICATE = "predicate";
        /// Statement → its value: the same term as the direct triple's object.
        OBJECT = "object";
        /// Statement → its rank (`kg:PreferredRank`, `kg:NormalRank`, `kg:DeprecatedRank`).
        RANK = "rank";
        /// Rank of the best-supported value among several.
        PREFERRED_RANK = "PreferredRank";
        /// Rank of an ordinary statement.
        NORMAL_RANK = "NormalRank";
        /// Rank of a value known to be wrong; it has no direct triple.
        DEPRECATED_RANK = "DeprecatedRank";
        /// Statement → `true` when it is disputed, else `false`.
        DISPUTED = "disputed";
        /// Statement → why it is disputed.
        DISPUTE_REASON = "disputeReason";
        /// Statement → the bound of its quantity value (`kg:MoreThan`, …).
        BOUND = "bound";
        /// Statement → the low end of a range quantity value.
        LOWER_BOUND = "lowerBound";
        /// Statement → the high end of a range quantity value.
        UPPER_BOUND = "upperBound";
        /// Statement → what its quantity value counts.
        UNIT = "unit";
        /// Statement → the start of its span value.
        SPAN_START = "spanStart";
        /// Statement → the end of its span value.
        SPAN_END = "spanEnd";
        /// Qualifier: when the statement held, as a point.
        POINT_IN_TIME = "pointInTime";
        /// Qualifier: when it began to hold.
        START_TIME = "startTime";
        /// Qualifier: when it stopped holding.
        END_TIME = "endTime";
        /// Qualifier: where it happened (an entity).
        PLACE = "place";
        /// Qualifier: how many were involved (the amount).
        QUANTITY = "quantity";
        /// Qualifier: the bound of the `kg:quantity` qualifier.
        QUANTITY_BOUND = "quantityBound";
        /// Qualifier: the low end of a range `kg:quantity`.
        QUANTITY_LOWER_BOUND = "quantityLowerBound";
        /// Qualifier: the high end of a range `kg:quantity`.
        QUANTITY_UPPER_BOUND = "quantityUpperBound";
        /// Qualifier: what the `kg:quantity` qualifier counts.
        QUANTITY_UNIT = "quantityUnit";
        /// Super-property of the dataset's free qualifiers (`qual:*`).
        QUALIFIER = "qualifier";
        /// Super-property of the dataset's free entity attributes (`attr:*`).
        ATTRIBUTE = "attribute";
        /// Reference → the paragraph cited (`xsd:integer`, from 1).
        PARAGRAPH = "paragraph";
        /// Reference → the page or page range cited.
        PAGE = "page";
        /// Reference → the section cited.
        SECTION = "section";
        /// Source → how many paragraphs it has.
        PARAGRAPHS = "paragraphs";
        /// Property → the label of its inverse direction.
        INVERSE_LABEL = "inverseLabel";
        /// Class → its display group (a DOT cluster).
        GROUP = "group";
        /// Bound: exactly this many.
        EXACT = "Exact";
        /// Bound: roughly this many.
        ABOUT = "About";
        /// Bound: this many or more.
        AT_LEAST = "AtLeast";
        /// Bound: strictly more than this.
        MORE_THAN = "MoreThan";
        /// Bound: this many or fewer.
        AT_MOST = "AtMost";
        /// Bound: strictly fewer than this.
        LESS_THAN = "LessThan";
        /// Bound: between the lower and upper bound, inclusive.
        RANGE = "Range";
        /// Source kind: an article.
        ARTICLE = "Article";
        /// Source kind: a book or chapter.
        BOOK = "Book";
        /// Source kind: a government report.
        GOVERNMENT_REPORT = "GovernmentReport";
        /// Source kind: an archival document.
        ARCHIVE = "Archive";
        /// Source kind: an encyclopedia entry.
        ENCYCLOPEDIA = "Encyclopedia";
        /// Source kind: a website.
        WEBSITE = "Website";
        /// Source kind: a dataset.
        DATASET = "Dataset";
        /// Source kind: anything else.
        OTHER = "Other";
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

/// Wikidata direct properties (`wdt:`), common in `owl:equivalentProperty`.
pub const WDT: &str = "http://www.wikidata.org/prop/direct/";

/// SPDX licenses: a `license` that is an SPDX id becomes `<http://spdx.org/licenses/{id}>`.
pub const SPDX: &str = "http://spdx.org/licenses/";
