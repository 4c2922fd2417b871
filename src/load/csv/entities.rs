//! `entities.csv`: one entity per row.

use std::collections::HashMap;
use std::sync::Arc;

use super::cells::{Fields, cell_spans, offset, unquote};
use super::{HeaderProblems, Next, Part, Table, column_error};
use crate::load::origin::{CsvOrigins, CsvPlace, ItemKind};
use crate::model::{Entity, Scalar};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum EntityColumn {
    Id,
    Type,
    Label(String),
    Alias(String),
    Description,
    Wikidata,
    Attribute(String),
    Ignored,
}

const ENTITY_COLUMNS: &[&str] = &[
    "id",
    "type",
    "label",
    "label@<lang>",
    "alias",
    "alias@<lang>",
    "description",
    "wikidata",
    "attr:<key>",
];

/// A language tag in its conventional case (`EN` → `en`): tags ignore case, so `label@EN`
/// and `label@en` are one column.
fn language(tag: &str) -> String {
    crate::model::normalize_language_tag(tag).unwrap_or_else(|| tag.to_string())
}

impl EntityColumn {
    fn parse(name: &str, primary: &str) -> Option<Self> {
        Some(match name {
            "id" => Self::Id,
            "type" => Self::Type,
            "label" => Self::Label(primary.to_string()),
            "alias" | "aliases" => Self::Alias(primary.to_string()),
            "description" => Self::Description,
            "wikidata" => Self::Wikidata,
            _ => {
                if let Some(lang) = name.strip_prefix("label@") {
                    Self::Label(language(lang))
                } else if let Some(lang) = name
                    .strip_prefix("alias@")
                    .or_else(|| name.strip_prefix("aliases@"))
                {
                    Self::Alias(language(lang))
                } else if let Some(key) = name.strip_prefix("attr:") {
                    Self::Attribute(key.to_string())
                } else {
                    return None;
                }
            }
        })
    }

    fn path(&self) -> Vec<Box<str>> {
        let p = |parts: &[&str]| parts.iter().map(|s| Box::from(*s)).collect();
        match self {
            Self::Id => p(&["id"]),
            Self::Type => p(&["type"]),
            Self::Label(lang) => p(&["label", lang]),
            Self::Alias(lang) => p(&["aliases", lang]),
            Self::Description => p(&["description"]),
            Self::Wikidata => p(&["wikidata"]),
            Self::Attribute(key) => p(&["attributes", key]),
            Self::Ignored => Vec::new(),
        }
    }
}

pub(super) fn read_entities(table: &Table<'_>, primary: &str) -> Part {
    let mut part = Part::default();
    let Some(header) = table.header(&mut part.diagnostics) else {
        return part;
    };
    let primary = language(primary);
    let mut columns = Vec::with_capacity(header.len());
    // Each column's first place in the header.
    let mut seen: HashMap<EntityColumn, usize> = HashMap::with_capacity(header.len());
    let mut problems = HeaderProblems::default();
    for (n, (name, span)) in header.iter().enumerate() {
        let column = match EntityColumn::parse(name, &primary) {
            Some(EntityColumn::Attribute(key)) if key.is_empty() => {
                problems.unnamed(name, span);
                EntityColumn::Ignored
            }
            // Alias columns may repeat: their lists are joined.
            Some(c) if !matches!(c, EntityColumn::Alias(_)) && seen.contains_key(&c) => {
                problems.repeated(name, span, &header[seen[&c]].0);
                EntityColumn::Ignored
            }
            Some(c) => {
                seen.insert(c.clone(), n);
                c
            }
            None => {
                problems.unknown(name, span);
                EntityColumn::Ignored
            }
        };
        columns.push(column);
    }
    problems.report(table, ENTITY_COLUMNS, &mut part.diagnostics);
    let id_column = columns.iter().position(|c| *c == EntityColumn::Id);
    let type_column = columns.iter().position(|c| *c == EntityColumn::Type);
    let mut missing = Vec::new();
    if id_column.is_none() {
        missing.push("id");
    }
    if type_column.is_none() {
        missing.push("type");
    }
    if !columns.iter().any(|c| matches!(c, EntityColumn::Label(_))) {
        missing.push("label");
    }
    if !missing.is_empty() {
        part.diagnostics.push(
            column_error(
                table,
                None,
                format!("{} has no {} column", table.name, missing.join(", no ")),
            )
            .with_help("entities.csv starts with the header id,type,label"),
        );
        // No entity of the file could be read: references to them are not errors of their own.
        part.unreadable
            .push((ItemKind::Entity, crate::validate::WHOLE_FILE.to_string()));
        return part;
    }
    part.anchor = type_column.and_then(|c| header.get(c).and_then(|(_, s)| table.at(s.clone())));
    let mut rows = Vec::new();
    let mut reader = table.rows();
    let mut record = csv::ByteRecord::new();
    loop {
        let row = match table.next_row(
            &mut reader,
            &mut record,
            columns.len(),
            &mut part.diagnostics,
        ) {
            Next::Row(row) => row,
            Next::Skipped(row) => {
                if let Some(c) = id_column
                    && let Some(span) = cell_spans(table.text, row).get(c)
                {
                    let id = unquote(&table.text[span.clone()]).into_owned();
                    part.unreadable.push((ItemKind::Entity, id));
                }
                continue;
            }
            Next::End => break,
        };
        let mut entity = Entity::default();
        let fields = Fields::new(&record);
        for (c, column) in columns.iter().enumerate() {
            let cell = fields.get(c);
            match column {
                EntityColumn::Id => entity.id = cell.into(),
                EntityColumn::Type => entity.type_id = cell.into(),
                _ if cell.is_empty() => {}
                EntityColumn::Label(lang) => {
                    entity.label.insert(lang.clone(), cell.to_string());
                }
                EntityColumn::Alias(lang) => {
                    let aliases = cell.split('|').map(str::trim).filter(|a| !a.is_empty());
                    let list = entity.aliases.get_or_insert_default(lang);
                    list.extend(aliases.map(str::to_string));
                }
                EntityColumn::Description => entity.description = Some(cell.to_string()),
                EntityColumn::Wikidata => entity.wikidata = Some(cell.to_string()),
                EntityColumn::Attribute(key) => {
                    entity.attributes.insert(key.clone(), scalar(cell));
                }
                EntityColumn::Ignored => {}
            }
        }
        entity.aliases.retain(|_, list| !list.is_empty());
        part.entities.push(entity);
        rows.push(offset(row));
    }
    part.origin = Some(CsvOrigins {
        kind: ItemKind::Entity,
        first: 0,
        file: table.file,
        text: Arc::clone(table.shared),
        dialect: table.dialect,
        relocation: None,
        place: CsvPlace::Rows {
            columns: columns.iter().map(EntityColumn::path).collect(),
            id_column,
            rows,
            fixed: Vec::new(),
        },
    });
    part
}

/// An attribute cell: `true`/`false`, an integer, a decimal, or else text. A cell is read as a
/// number only when the number is written back as the same text, so nothing is lost: `007`,
/// `+5`, `2.50`, `1e3` or a number too long for 64 bits stay text (docs/FORMAT.md,
/// "`attr:` cells").
pub(super) fn scalar(cell: &str) -> Scalar {
    match cell {
        "true" => Scalar::Bool(true),
        "false" => Scalar::Bool(false),
        _ => {
            if let Some(n) = cell.parse::<i64>().ok().filter(|n| n.to_string() == cell) {
                Scalar::Integer(n)
            } else if let Some(x) = canonical_decimal(cell) {
                Scalar::Float(x)
            } else {
                Scalar::String(cell.to_string())
            }
        }
    }
}

/// The 64-bit float `cell` names when it is written as digits, a point and digits, in the
/// shortest form that tells the float from its neighbours (`format!("{x}")`, which never uses
/// an exponent, with `.0` for a whole number): `2.5`, `2.0`, `0.30000000000000004`.
fn canonical_decimal(cell: &str) -> Option<f64> {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.')?;
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let x: f64 = cell.parse().ok().filter(|x: &f64| x.is_finite())?;
    let mut written = x.to_string();
    if !written.contains('.') {
        written.push_str(".0");
    }
    (written == cell).then_some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_canonical_when_they_print_back_the_same() {
        for canonical in ["2.5", "-0.75", "2.0", "0.1", "0.0000001", "-0.0"] {
            assert!(canonical_decimal(canonical).is_some(), "{canonical}");
        }
        let others = [
            "2.50", ".5", "5.", "00.5", "1e3", "1e-7", "1.5e3", "NaN", "inf", "-", "1.2.3",
        ];
        for not in others {
            assert_eq!(canonical_decimal(not), None, "{not}");
        }
        assert_eq!(canonical_decimal("100000000000000000000.0"), Some(1e20));
        assert_eq!(canonical_decimal("100000000000000000001.0"), None);
    }
}
