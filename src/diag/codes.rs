//! The table of stable diagnostic codes (`KG0001`…): one line per code with its meaning.
//! Kept apart because it only grows, a code at a time, and every other part of the
//! diagnostics only names codes; `docs/errors.md` lists the same table (tested).

use std::fmt;

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $name:ident = $code:literal,)*) => {
        /// A stable diagnostic code (`KG0201`). Codes are never reused.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $($(#[doc = $doc])* $name,)*
        }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            /// The code as printed (`KG0201`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$name => $code,)*
                }
            }

            /// Parses a printed code.
            pub fn parse(s: &str) -> Option<Code> {
                match s {
                    $($code => Some(Code::$name),)*
                    _ => None,
                }
            }
        }
    };
}

codes! {
    /// The file is not valid TOML or JSON.
    Syntax = "KG0001",
    /// A value has the wrong type or shape, or a key is unknown.
    Shape = "KG0002",
    /// A top-level section is unknown.
    UnknownSection = "KG0003",
    /// A file cannot be read or is not UTF-8.
    Io = "KG0004",
    /// The dataset is empty or has no `[dataset]` table.
    MissingDataset = "KG0005",
    /// `[dataset]` appears in more than one file.
    DuplicateDataset = "KG0006",
    /// A JSON document of another format or version.
    JsonVersion = "KG0007",
    /// An input exceeds a size limit.
    TooLarge = "KG0008",
    /// A CSV dataset has no `[dataset]` table, so defaults were used (warning).
    DefaultMetadata = "KG0009",
    /// Types, predicates or sources were declared from the names in CSV data (warning).
    InferredSchema = "KG0010",
    /// A JSON document has neither `format` nor `version`, as networkx writes it back
    /// (warning).
    JsonHeaderMissing = "KG0011",
    /// A dataset directory holds data files kgforge does not read: TOML files in a
    /// subdirectory, CSV files of other names that no mapping names (warning).
    UnreadFiles = "KG0012",
    /// Two items of the same kind share an id.
    DuplicateId = "KG0101",
    /// An id is not a slug (or a statement id not a usable IRI segment).
    BadId = "KG0102",
    /// The same statement (subject, predicate, value, qualifiers) is written twice.
    DuplicateStatement = "KG0103",
    /// Two different statements have equal derived ids: a hash collision.
    IdCollision = "KG0104",
    /// An entity id that no entity has.
    UnknownEntity = "KG0201",
    /// A type id that no type has.
    UnknownType = "KG0202",
    /// A predicate id that no predicate has.
    UnknownPredicate = "KG0203",
    /// A source id that no source has.
    UnknownSource = "KG0204",
    /// A mapping names a column that its CSV file does not have.
    UnknownColumn = "KG0205",
    /// The subject's type is outside the predicate's domain.
    Domain = "KG0301",
    /// The object is outside the predicate's range.
    Range = "KG0302",
    /// A date is malformed or impossible.
    BadDate = "KG0401",
    /// A quantity or bound is malformed.
    BadQuantity = "KG0402",
    /// A time span ends before it starts.
    BadSpan = "KG0403",
    /// A statement has no value or more than one.
    StatementValue = "KG0404",
    /// A number is not finite (`nan`, `inf`).
    NotFinite = "KG0405",
    /// A language tag is not valid BCP 47.
    BadLanguage = "KG0501",
    /// A Wikidata id is not `Q` followed by digits.
    BadQid = "KG0502",
    /// An IRI or URL is not valid.
    BadIri = "KG0503",
    /// A label or title is empty.
    EmptyText = "KG0504",
    /// A text holds a control character that XML 1.0 (RDF/XML) cannot carry.
    ControlCharacter = "KG0505",
    /// A text is longer than validation accepts.
    TooLong = "KG0506",
    /// A label or alias is in a language that is not one of the dataset's `languages`
    /// (warning).
    UnlistedLanguage = "KG0507",
    /// The type hierarchy has a cycle.
    TypeCycle = "KG0601",
    /// A type is named after a literal kind.
    ReservedType = "KG0602",
    /// A reference cites a paragraph the source does not have.
    BadLocator = "KG0701",
    /// A statement cites no source (warning).
    Unreferenced = "KG0801",
    /// An entity appears in no statement (warning).
    Orphan = "KG0802",
    /// A source is cited by no statement (warning).
    UncitedSource = "KG0803",
    /// The dataset has no entities (warning).
    EmptyDataset = "KG0804",
    /// A quantity names a unit that no `[units.*]` table declares (warning).
    UndeclaredUnit = "KG0805",
    /// A CSV file has columns that its mapping neither reads nor ignores (warning).
    UnmappedColumn = "KG0806",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "{code} is used twice");
            assert_eq!(Code::parse(code.as_str()), Some(*code));
        }
    }
}
