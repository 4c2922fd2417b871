//! What a generic import left out, counted and reported with the reason.

use super::{Kind, Reader};
use crate::load::import::ImportSummary;

/// Counts of what was left out while reading entities.
#[derive(Default)]
pub(super) struct Skips {
    pub(super) stubs: usize,
    pub(super) extra_types: usize,
    pub(super) blank_objects: usize,
    pub(super) wikibase_links: usize,
    pub(super) descriptions: usize,
    pub(super) duplicates: usize,
    pub(super) times: usize,
}

impl Reader<'_> {
    pub(super) fn report(&self, skips: &Skips, summary: &mut ImportSummary) {
        // Triples of subjects that did not become entities, by what the subjects are.
        let count = |kind: Kind| -> usize {
            self.kinds
                .iter()
                .filter(|(s, k)| **k == kind && !self.entity_ids.contains_key(**s))
                .map(|(s, _)| self.g.about(s).count())
                .sum()
        };
        summary.skip(
            count(Kind::Bare),
            "triples about subjects with no rdf:type and no label",
            "only typed or labelled subjects are entities (and IRIs that are objects of their statements)",
        );
        summary.skip(
            skips.blank_objects,
            "triples whose object is a blank node with no type or label",
            "such a blank node is no entity",
        );
        summary.skip(
            count(Kind::Reification),
            "triples of rdf:Statement reifications",
            "kgforge reads qualified, sourced statements only in its own (Wikibase) model",
        );
        summary.skip(
            count(Kind::Wikibase) + skips.wikibase_links,
            "triples of another Wikibase's statement, reference and value nodes",
            "only kgforge's own statement nodes are read; the direct (wdt:) triples are",
        );
        summary.skip(
            count(Kind::Schema),
            "schema triples (classes, properties)",
            "read for the labels and comments of types and predicates only",
        );
        summary.skip(
            skips.extra_types,
            "rdf:type triples beyond an entity's first",
            "a kgforge entity has one type",
        );
        summary.skip(
            skips.descriptions,
            "descriptions in another language than the primary one, or a second one",
            "a kgforge entity has one description, in the primary language",
        );
        summary.skip(
            skips.duplicates,
            "triples that repeat a statement",
            "two literals read as the same value (e.g. two times of one day)",
        );
        if skips.times > 0 {
            summary.inferred.push(format!(
                "{} xsd:dateTime values kept as their day (kgforge dates know a day at best)",
                skips.times
            ));
        }
    }
}
