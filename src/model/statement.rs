//! [`Statement`]: one sourced claim, laid out so that millions of bare ones stay small.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use super::{Date, Qualifiers, Quantity, Rank, Reference, Span, Value, coded, derive_statement_id};

/// One sourced claim about an entity: the unit of knowledge in kgforge.
///
/// Subject, predicate, value and rank are public fields. The parts a bulk row usually lacks
/// (an explicit id, qualifiers, dispute, note, references) sit behind accessors in one box
/// that a bare statement does not allocate, and the id is derived from the content when it
/// is not given: a bare statement takes 88 bytes and no heap for ids of up to 23 bytes.
///
/// ```
/// use kgforge::{Reference, Statement, Value};
///
/// let mut s = Statement::new("kwantung_army", "surrendered_to", Value::Entity("red_army".into()));
/// assert!(s.id().starts_with("kwantung_army.surrendered_to."));
/// assert!(s.references().is_empty());
///
/// s.references_mut().push(Reference { source: "article".into(), paragraph: Some(5), ..Default::default() });
/// s.qualifiers_mut().place = Some("khabarovsk".into());
/// assert_eq!(s.references()[0].locator(), "¶5");
/// assert_eq!(s.qualifiers().place.as_deref(), Some("khabarovsk"));
/// assert_eq!(s.object(), Some("red_army"));
/// ```
#[derive(Debug, Clone)]
pub struct Statement {
    /// The entity it is about.
    pub subject: SmolStr,
    /// The predicate id.
    pub predicate: SmolStr,
    /// What it says.
    pub value: Value,
    /// Wikidata's rank.
    pub rank: Rank,
    /// `None` while every part is empty.
    details: Option<Box<Details>>,
}

/// The rarely set parts of a [`Statement`].
#[derive(Debug, Clone, PartialEq, Default)]
struct Details {
    id: Option<String>,
    qualifiers: Qualifiers,
    disputed: Option<String>,
    note: Option<String>,
    references: Vec<Reference>,
}

impl Details {
    fn is_empty(&self) -> bool {
        self.id.is_none()
            && self.qualifiers.is_empty()
            && self.disputed.is_none()
            && self.note.is_none()
            && self.references.is_empty()
    }
}

/// What a statement without qualifiers shows.
static NO_QUALIFIERS: Qualifiers = Qualifiers {
    point_in_time: None,
    start: None,
    end: None,
    place: None,
    quantity: None,
    other: std::collections::BTreeMap::new(),
};

impl Statement {
    /// A statement with normal rank and nothing else: no explicit id, no qualifiers, no
    /// references.
    pub fn new(subject: impl Into<SmolStr>, predicate: impl Into<SmolStr>, value: Value) -> Self {
        Statement {
            subject: subject.into(),
            predicate: predicate.into(),
            value,
            rank: Rank::Normal,
            details: None,
        }
    }

    /// The object entity's id, for entity-to-entity statements.
    pub fn object(&self) -> Option<&str> {
        self.value.as_entity()
    }

    /// The stable id: the explicit one, or the one [`derive_statement_id`] gives for the
    /// subject, predicate, value and qualifiers.
    pub fn id(&self) -> Cow<'_, str> {
        match self.explicit_id() {
            Some(id) => Cow::Borrowed(id),
            None => Cow::Owned(derive_statement_id(
                &self.subject,
                &self.predicate,
                &self.value,
                self.qualifiers(),
            )),
        }
    }

    /// Appends [`Statement::id`] to `out` (no allocation for a derived id once `out` has
    /// room).
    pub(crate) fn write_id(&self, out: &mut String) {
        match self.explicit_id() {
            Some(id) => out.push_str(id),
            None => super::id::write_statement_id(
                out,
                &self.subject,
                &self.predicate,
                &self.value,
                self.qualifiers(),
            ),
        }
    }

    /// The id as written in the input, if it was.
    pub fn explicit_id(&self) -> Option<&str> {
        self.details.as_ref()?.id.as_deref()
    }

    /// When, where, how many.
    pub fn qualifiers(&self) -> &Qualifiers {
        self.details
            .as_ref()
            .map_or(&NO_QUALIFIERS, |d| &d.qualifiers)
    }

    /// Why the statement is contested, when it is.
    pub fn disputed(&self) -> Option<&str> {
        self.details.as_ref()?.disputed.as_deref()
    }

    /// A remark for readers (e.g. how a source's wording was corrected).
    pub fn note(&self) -> Option<&str> {
        self.details.as_ref()?.note.as_deref()
    }

    /// The sources that make the claim.
    pub fn references(&self) -> &[Reference] {
        self.details.as_ref().map_or(&[], |d| &d.references)
    }

    fn details_mut(&mut self) -> &mut Details {
        self.details.get_or_insert_default()
    }

    /// Drops the box again when every part in it is empty.
    fn tidy(&mut self) {
        if self.details.as_ref().is_some_and(|d| d.is_empty()) {
            self.details = None;
        }
    }

    /// Sets or clears the explicit id.
    pub fn set_explicit_id(&mut self, id: Option<String>) {
        self.details_mut().id = id;
        self.tidy();
    }

    /// The qualifiers, to change them.
    pub fn qualifiers_mut(&mut self) -> &mut Qualifiers {
        &mut self.details_mut().qualifiers
    }

    /// Replaces the qualifiers.
    pub fn set_qualifiers(&mut self, qualifiers: Qualifiers) {
        self.details_mut().qualifiers = qualifiers;
        self.tidy();
    }

    /// Sets or clears why the statement is contested.
    pub fn set_disputed(&mut self, reason: Option<String>) {
        self.details_mut().disputed = reason;
        self.tidy();
    }

    /// Sets or clears the remark for readers.
    pub fn set_note(&mut self, note: Option<String>) {
        self.details_mut().note = note;
        self.tidy();
    }

    /// The references, to change them.
    pub fn references_mut(&mut self) -> &mut Vec<Reference> {
        &mut self.details_mut().references
    }

    /// Replaces the references.
    pub fn set_references(&mut self, references: Vec<Reference>) {
        self.details_mut().references = references;
        self.tidy();
    }
}

impl PartialEq for Statement {
    /// Equal content and equal ids, whether an id is explicit or derived.
    fn eq(&self, other: &Self) -> bool {
        self.subject == other.subject
            && self.predicate == other.predicate
            && self.value == other.value
            && self.rank == other.rank
            && self.qualifiers() == other.qualifiers()
            && self.disputed() == other.disputed()
            && self.note() == other.note()
            && self.references() == other.references()
            && (self.explicit_id() == other.explicit_id() || self.id() == other.id())
    }
}

/// The serde shape of a statement: one optional key per value kind.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatementRecord {
    #[serde(default)]
    id: Option<String>,
    subject: SmolStr,
    predicate: SmolStr,
    #[serde(default)]
    object: Option<SmolStr>,
    #[serde(default)]
    quantity: Option<Quantity>,
    #[serde(default)]
    decimal: Option<f64>,
    #[serde(default)]
    date: Option<Date>,
    #[serde(default)]
    span: Option<Span>,
    #[serde(default)]
    text: Option<super::Text>,
    #[serde(default)]
    qualifiers: Qualifiers,
    #[serde(default)]
    rank: Rank,
    #[serde(default)]
    disputed: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default, deserialize_with = "reference_list")]
    references: Vec<Reference>,
}

/// A list of references; a lone source id or a lone table gets a message that shows the
/// list to write rather than serde's "expected a sequence".
fn reference_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Reference>, D::Error> {
    struct List;
    impl<'de> serde::de::Visitor<'de> for List {
        type Value = Vec<Reference>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a list of references: [{ source = \"…\", page = \"…\" }]")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
            while let Some(r) = seq.next_element()? {
                out.push(r);
            }
            Ok(out)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Err(E::custom(format!(
                "references is a list of tables, one per source: write references = [{{ source = \"{v}\", page = \"…\" }}] (or paragraph = 3, section = \"…\")"
            )))
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
            Err(serde::de::Error::custom(
                "references is a list of tables, one per source: put the table in brackets, references = [{ source = \"…\", page = \"…\" }]",
            ))
        }
    }
    d.deserialize_any(List)
}

fn is_normal(rank: &Rank) -> bool {
    *rank == Rank::Normal
}

impl Serialize for Statement {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Borrowing view with the same keys as `StatementRecord`, so serializing clones nothing
        // but a derived id.
        #[derive(Serialize)]
        struct View<'a> {
            id: Cow<'a, str>,
            subject: &'a str,
            predicate: &'a str,
            #[serde(flatten)]
            value: ValueView<'a>,
            #[serde(skip_serializing_if = "Qualifiers::is_empty")]
            qualifiers: &'a Qualifiers,
            #[serde(skip_serializing_if = "is_normal")]
            rank: &'a Rank,
            #[serde(skip_serializing_if = "Option::is_none")]
            disputed: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            note: Option<&'a str>,
            #[serde(skip_serializing_if = "<[_]>::is_empty")]
            references: &'a [Reference],
        }
        View {
            id: self.id(),
            subject: &self.subject,
            predicate: &self.predicate,
            value: ValueView(&self.value),
            qualifiers: self.qualifiers(),
            rank: &self.rank,
            disputed: self.disputed(),
            note: self.note(),
            references: self.references(),
        }
        .serialize(s)
    }
}

/// Serializes a [`Value`] as its one statement key (`"quantity": {...}`).
pub(crate) struct ValueView<'a>(pub &'a Value);

impl ValueView<'_> {
    /// Writes the value as its one entry of a map being serialized.
    pub(crate) fn entry<M: serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        match self.0 {
            Value::Entity(id) => map.serialize_entry("object", id),
            Value::Quantity(q) => map.serialize_entry("quantity", q),
            Value::Decimal(x) => map.serialize_entry("decimal", x),
            Value::Date(d) => map.serialize_entry("date", d),
            Value::Span(sp) => map.serialize_entry("span", sp),
            Value::Text(t) => map.serialize_entry("text", t),
        }
    }
}

impl Serialize for ValueView<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(1))?;
        self.entry(&mut map)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for Statement {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = StatementRecord::deserialize(d)?;
        let mut values = Vec::with_capacity(1);
        if let Some(o) = r.object {
            values.push(Value::Entity(o));
        }
        if let Some(q) = r.quantity {
            values.push(Value::from(q));
        }
        if let Some(x) = r.decimal {
            values.push(Value::Decimal(x));
        }
        if let Some(x) = r.date {
            values.push(Value::Date(x));
        }
        if let Some(x) = r.span {
            if let (Some(a), Some(b)) = (x.start, x.end)
                && a.earliest() > b.latest()
            {
                return Err(coded(
                    crate::diag::Code::BadSpan,
                    format!("span starts ({a}) after it ends ({b})"),
                ));
            }
            values.push(Value::Span(x));
        }
        if let Some(x) = r.text {
            values.push(Value::from(x));
        }
        if values.len() != 1 {
            let found: Vec<_> = values.iter().map(Value::key).collect();
            return Err(coded(
                crate::diag::Code::StatementValue,
                if found.is_empty() {
                    "a statement needs a value: one of object, quantity, decimal, date, span, text"
                        .to_string()
                } else {
                    format!(
                        "a statement has exactly one value, this one has {}",
                        found.join(" and ")
                    )
                },
            ));
        }
        let value = values.pop().expect("exactly one value");
        // An id equal to the derived one (as every JSON export writes) is not kept: the
        // statement stays bare, and equal to the one it was exported from.
        let id = r.id.filter(|id| {
            *id != derive_statement_id(&r.subject, &r.predicate, &value, &r.qualifiers)
        });
        let details = Details {
            id,
            qualifiers: r.qualifiers,
            disputed: r.disputed,
            note: r.note,
            references: r.references,
        };
        Ok(Statement {
            subject: r.subject,
            predicate: r.predicate,
            value,
            rank: r.rank,
            details: (!details.is_empty()).then(|| Box::new(details)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_statement_is_small_and_allocates_no_details() {
        let s = Statement::new("a", "p", Value::Entity("b".into()));
        assert!(s.details.is_none());
        // Boxing `Value`'s two large variants keeps it at an entity id's 24 bytes (SmolStr's
        // niche holds the tag); 3M statements are then 264 MB rather than 360.
        assert!(std::mem::size_of::<Value>() <= 24);
        assert!(std::mem::size_of::<Statement>() <= 88);
    }

    #[test]
    fn emptying_the_details_drops_the_box() {
        let mut s = Statement::new("a", "p", Value::Entity("b".into()));
        s.set_note(Some("n".into()));
        assert!(s.details.is_some());
        s.set_note(None);
        assert!(s.details.is_none());
        assert_eq!(s, Statement::new("a", "p", Value::Entity("b".into())));
    }

    #[test]
    fn an_explicit_id_equal_to_the_derived_one_compares_equal() {
        let bare = Statement::new("a", "p", Value::Entity("b".into()));
        let mut explicit = bare.clone();
        explicit.set_explicit_id(Some(bare.id().into_owned()));
        assert_eq!(bare, explicit);
        explicit.set_explicit_id(Some("other".into()));
        assert_ne!(bare, explicit);
    }
}
