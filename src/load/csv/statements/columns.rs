//! The columns a statement file may have, by header name, and the item path each holds.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(in crate::load::csv) enum ValueKey {
    Object,
    Quantity,
    Decimal,
    Date,
    Span,
    Text,
}

impl ValueKey {
    const ALL: [ValueKey; 6] = [
        ValueKey::Object,
        ValueKey::Quantity,
        ValueKey::Decimal,
        ValueKey::Date,
        ValueKey::Span,
        ValueKey::Text,
    ];

    pub(in crate::load::csv) fn name(self) -> &'static str {
        match self {
            ValueKey::Object => "object",
            ValueKey::Quantity => "quantity",
            ValueKey::Decimal => "decimal",
            ValueKey::Date => "date",
            ValueKey::Span => "span",
            ValueKey::Text => "text",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(in crate::load::csv) enum StatementColumn {
    Id,
    Subject,
    Predicate,
    Value(ValueKey),
    /// `text@<lang>`: a text value in that language.
    LangText(String),
    Unit,
    PointInTime,
    Start,
    End,
    Place,
    QualifierQuantity,
    Qualifier(String),
    /// The `n`th `source` column.
    Source(usize),
    /// The `n`th `locator` column.
    Locator(usize),
    /// A part of the `n`th reference's locator in a column of its own (mapped CSV only).
    LocatorPart(usize, LocatorPart),
    Rank,
    Disputed,
    Note,
    Ignored,
}

/// A part of a reference that a mapping may give a column of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(in crate::load::csv) enum LocatorPart {
    Paragraph,
    Page,
    Section,
    Note,
}

impl LocatorPart {
    pub(in crate::load::csv) fn name(self) -> &'static str {
        match self {
            LocatorPart::Paragraph => "paragraph",
            LocatorPart::Page => "page",
            LocatorPart::Section => "section",
            LocatorPart::Note => "note",
        }
    }
}

pub(super) const STATEMENT_COLUMNS: &[&str] = &[
    "id",
    "subject",
    "predicate",
    "object",
    "quantity",
    "unit",
    "decimal",
    "date",
    "span",
    "text",
    "text@<lang>",
    "point_in_time",
    "start",
    "end",
    "place",
    "qualifier_quantity",
    "qual:<key>",
    "source",
    "locator",
    "rank",
    "disputed",
    "note",
];

impl StatementColumn {
    pub(super) fn parse(name: &str, sources: &mut usize, locators: &mut usize) -> Option<Self> {
        let next = |n: &mut usize| {
            *n += 1;
            *n - 1
        };
        Some(match name {
            "id" => Self::Id,
            "subject" => Self::Subject,
            "predicate" => Self::Predicate,
            "unit" => Self::Unit,
            "point_in_time" => Self::PointInTime,
            "start" => Self::Start,
            "end" => Self::End,
            "place" => Self::Place,
            "qualifier_quantity" => Self::QualifierQuantity,
            "source" => Self::Source(next(sources)),
            "locator" => Self::Locator(next(locators)),
            "rank" => Self::Rank,
            "disputed" => Self::Disputed,
            "note" => Self::Note,
            _ => {
                if let Some(key) = ValueKey::ALL.into_iter().find(|k| k.name() == name) {
                    Self::Value(key)
                } else if let Some(lang) = name.strip_prefix("text@").filter(|l| !l.is_empty()) {
                    Self::LangText(lang.to_string())
                } else if let Some(key) = name.strip_prefix("qual:") {
                    Self::Qualifier(key.to_string())
                } else {
                    return None;
                }
            }
        })
    }

    pub(in crate::load::csv) fn path(&self) -> Vec<Box<str>> {
        let p = |parts: &[&str]| parts.iter().map(|s| Box::from(*s)).collect();
        match self {
            Self::Id => p(&["id"]),
            Self::Subject => p(&["subject"]),
            Self::Predicate => p(&["predicate"]),
            Self::Value(key) => p(&[key.name()]),
            Self::LangText(lang) => p(&["text", lang]),
            Self::Unit => p(&["quantity", "unit"]),
            Self::PointInTime => p(&["qualifiers", "point_in_time"]),
            Self::Start => p(&["qualifiers", "start"]),
            Self::End => p(&["qualifiers", "end"]),
            Self::Place => p(&["qualifiers", "place"]),
            Self::QualifierQuantity => p(&["qualifiers", "quantity"]),
            Self::Qualifier(key) => p(&["qualifiers", "other", key]),
            Self::Source(n) => p(&["references", &n.to_string(), "source"]),
            Self::Locator(n) => p(&["references", &n.to_string()]),
            Self::LocatorPart(n, part) => p(&["references", &n.to_string(), part.name()]),
            Self::Rank => p(&["rank"]),
            Self::Disputed => p(&["disputed"]),
            Self::Note => p(&["note"]),
            Self::Ignored => Vec::new(),
        }
    }
}
