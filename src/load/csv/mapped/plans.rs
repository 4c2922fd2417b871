//! How a mapped row becomes an entity or a statement.

use std::sync::Arc;

use super::super::cells::offset;
use super::super::entities::scalar;
use super::super::statements::{LocatorPart, StatementColumn, ValueKey, statement};
use super::super::{Next, Part, Table};
use super::{Header, Resolved, Resolver, Source, origin_paths, path};
use crate::diag::{Code, Diagnostic};
use crate::load::mapping::{EntityTable, Field, StatementTable, Texts};
use crate::load::origin::{CsvOrigins, CsvPlace, ItemKind};
use crate::model::Entity;

/// How each part of an entity is read from a row.
pub(super) struct EntityPlan {
    id: Resolved,
    type_id: Resolved,
    labels: Vec<(String, Resolved)>,
    aliases: Vec<(String, Resolved, String)>,
    description: Option<Resolved>,
    wikidata: Option<Resolved>,
    attributes: Vec<(String, Resolved)>,
}

/// A language tag in its usual case.
fn language(tag: &str) -> String {
    crate::model::normalize_language_tag(tag).unwrap_or_else(|| tag.to_string())
}

impl EntityPlan {
    pub(super) fn new(spec: &EntityTable, primary: &str, r: &mut Resolver<'_, '_>) -> Option<Self> {
        let one = |field: &Field, key: &str, r: &mut Resolver<'_, '_>| {
            r.no_split(field, key);
            r.resolve(field)
        };
        let id = one(&spec.id, "id", r);
        let type_id = one(&spec.type_id, "type", r);
        let by_language = |texts: &Texts| -> Vec<(String, Field)> {
            match texts {
                Texts::Primary(f) => vec![(language(primary), f.clone())],
                Texts::ByLanguage(map) => {
                    map.iter().map(|(l, f)| (language(l), f.clone())).collect()
                }
            }
        };
        let mut labels = Vec::new();
        for (lang, field) in by_language(&spec.label) {
            r.no_split(&field, "label");
            labels.extend(r.resolve(&field).map(|f| (lang, f)));
        }
        let mut aliases = Vec::new();
        for (lang, field) in spec.aliases.as_ref().map(by_language).unwrap_or_default() {
            let split = field
                .split
                .as_ref()
                .map_or("|".to_string(), |s| s.get_ref().clone());
            aliases.extend(r.resolve(&field).map(|f| (lang, f, split)));
        }
        let description = spec
            .description
            .as_ref()
            .and_then(|f| one(f, "description", r));
        let wikidata = spec.wikidata.as_ref().and_then(|f| one(f, "wikidata", r));
        let mut attributes = Vec::new();
        for (key, field) in &spec.attributes {
            attributes.extend(one(field, "attributes", r).map(|f| (key.clone(), f)));
        }
        Some(EntityPlan {
            id: id?,
            type_id: type_id?,
            labels,
            aliases,
            description,
            wikidata,
            attributes,
        })
    }

    fn fields(&self) -> impl Iterator<Item = (Vec<Box<str>>, Resolved)> + '_ {
        fn one(p: &[&str], f: &Resolved) -> (Vec<Box<str>>, Resolved) {
            (path(p), f.clone())
        }
        [one(&["id"], &self.id), one(&["type"], &self.type_id)]
            .into_iter()
            .chain(self.labels.iter().map(|(l, f)| one(&["label", l], f)))
            .chain(self.aliases.iter().map(|(l, f, _)| one(&["aliases", l], f)))
            .chain(self.description.iter().map(|f| one(&["description"], f)))
            .chain(self.wikidata.iter().map(|f| one(&["wikidata"], f)))
            .chain(
                self.attributes
                    .iter()
                    .map(|(k, f)| one(&["attributes", k], f)),
            )
    }

    pub(super) fn read(&self, table: &Table<'_>, header: &Header, part: &mut Part) {
        part.anchor = match &self.type_id.source {
            Source::Column(c) => table.at(header.spans[*c].clone()),
            Source::Value(_) => Some(self.type_id.at.clone()),
        };
        let mut rows = Vec::new();
        let mut reader = table.rows();
        let mut record = csv::ByteRecord::new();
        let mut buffer = String::new();
        loop {
            let row = match table.next_row(
                &mut reader,
                &mut record,
                header.used.len(),
                &mut part.diagnostics,
            ) {
                Next::Row(row) => row,
                Next::Skipped(row) => {
                    if let Source::Column(c) = self.id.source
                        && let Some(span) =
                            super::super::cells::cell_spans_in(table.text, row, table.dialect)
                                .get(c)
                    {
                        let cell = table
                            .dialect
                            .unquote(&table.text[span.clone()])
                            .into_owned();
                        let id = match &self.id.template {
                            Some(t) if !cell.is_empty() => t.replacen("{}", &cell, 1),
                            _ => cell,
                        };
                        part.unreadable.push((ItemKind::Entity, id));
                    }
                    continue;
                }
                Next::End => break,
            };
            let mut entity = Entity {
                id: self.id.value(&record, &mut buffer).into(),
                type_id: self.type_id.value(&record, &mut buffer).into(),
                ..Default::default()
            };
            for (lang, f) in &self.labels {
                let text = f.value(&record, &mut buffer);
                if !text.is_empty() {
                    entity.label.insert(lang.clone(), text.to_string());
                }
            }
            for (lang, f, split) in &self.aliases {
                let text = f.value(&record, &mut buffer);
                let names = text
                    .split(split.as_str())
                    .map(str::trim)
                    .filter(|a| !a.is_empty());
                let list = entity.aliases.get_or_insert_default(lang);
                list.extend(names.map(str::to_string));
            }
            entity.aliases.retain(|_, list| !list.is_empty());
            let text = |f: &Option<Resolved>, buffer: &mut String| {
                f.as_ref()
                    .map(|f| f.value(&record, buffer).to_string())
                    .filter(|t| !t.is_empty())
            };
            entity.description = text(&self.description, &mut buffer);
            entity.wikidata = text(&self.wikidata, &mut buffer);
            for (key, f) in &self.attributes {
                let cell = f.value(&record, &mut buffer);
                if !cell.is_empty() {
                    entity.attributes.insert(key.clone(), scalar(cell));
                }
            }
            part.entities.push(entity);
            rows.push(offset(row));
        }
        let (columns, fixed) = origin_paths(self.fields(), header.used.len());
        let id_column = match self.id.source {
            Source::Column(c) => Some(c),
            Source::Value(_) => None,
        };
        part.origin = Some(CsvOrigins {
            kind: ItemKind::Entity,
            first: 0,
            file: table.file,
            text: Arc::clone(table.shared),
            dialect: table.dialect,
            relocation: None,
            place: CsvPlace::Rows {
                columns,
                id_column,
                rows,
                fixed,
            },
        });
    }
}

/// How a row becomes the cells of standard statement columns.
pub(super) struct StatementPlan {
    /// One standard column per field, with where its cell comes from.
    columns: Vec<(StatementColumn, Resolved)>,
    /// The standard columns alone, as [`statement`] reads them.
    kinds: Vec<StatementColumn>,
    /// `locators[n]`: the column of the n-th reference's locator (or its source).
    locators: Vec<usize>,
}

impl StatementPlan {
    pub(super) fn new(spec: &StatementTable, r: &mut Resolver<'_, '_>) -> Option<Self> {
        let mut fields: Vec<(StatementColumn, Field, &str)> = Vec::new();
        let mut add = |c: StatementColumn, f: &Option<Field>, key: &'static str| {
            if let Some(f) = f {
                fields.push((c, f.clone(), key));
            }
        };
        add(StatementColumn::Id, &spec.id, "id");
        add(
            StatementColumn::Subject,
            &Some(spec.subject.clone()),
            "subject",
        );
        add(
            StatementColumn::Predicate,
            &Some(spec.predicate.clone()),
            "predicate",
        );
        for (key, f) in [
            (ValueKey::Object, &spec.object),
            (ValueKey::Quantity, &spec.quantity),
            (ValueKey::Decimal, &spec.decimal),
            (ValueKey::Date, &spec.date),
            (ValueKey::Span, &spec.span),
            (ValueKey::Text, &spec.text),
        ] {
            add(StatementColumn::Value(key), f, key.name());
        }
        add(StatementColumn::Unit, &spec.unit, "unit");
        let q = &spec.qualifiers;
        add(
            StatementColumn::PointInTime,
            &q.point_in_time,
            "point_in_time",
        );
        add(StatementColumn::Start, &q.start, "start");
        add(StatementColumn::End, &q.end, "end");
        add(StatementColumn::Place, &q.place, "place");
        add(StatementColumn::QualifierQuantity, &q.quantity, "quantity");
        let others: Vec<(String, Field)> = q
            .other
            .iter()
            .map(|(k, f)| (k.clone(), f.clone()))
            .collect();
        let references = spec.references.clone();
        add(StatementColumn::Rank, &spec.rank, "rank");
        add(StatementColumn::Disputed, &spec.disputed, "disputed");
        add(StatementColumn::Note, &spec.note, "note");
        let mut columns = Vec::new();
        let mut ok = true;
        let mut push = |c: StatementColumn, f: &Field, key: &str, r: &mut Resolver<'_, '_>| {
            r.no_split(f, key);
            match r.resolve(f) {
                Some(resolved) => columns.push((c, resolved)),
                None => ok = false,
            }
        };
        for (c, f, key) in fields {
            push(c, &f, key, r);
        }
        for (key, f) in &others {
            push(StatementColumn::Qualifier(key.clone()), f, "qualifiers", r);
        }
        for (n, reference) in references.iter().enumerate() {
            push(StatementColumn::Source(n), &reference.source, "source", r);
            if let Some(f) = &reference.locator {
                push(StatementColumn::Locator(n), f, "locator", r);
            }
            for (part, f) in [
                (LocatorPart::Paragraph, &reference.paragraph),
                (LocatorPart::Page, &reference.page),
                (LocatorPart::Section, &reference.section),
                (LocatorPart::Note, &reference.note),
            ] {
                if let Some(f) = f {
                    push(StatementColumn::LocatorPart(n, part), f, part.name(), r);
                }
            }
        }
        if !ok {
            return None;
        }
        let kinds: Vec<StatementColumn> = columns.iter().map(|(c, _)| c.clone()).collect();
        let locators = (0..references.len())
            .map(|n| {
                let at = |want: &StatementColumn| kinds.iter().position(|c| c == want);
                at(&StatementColumn::Locator(n))
                    .or_else(|| at(&StatementColumn::Source(n)))
                    .unwrap_or(0)
            })
            .collect();
        Some(StatementPlan {
            columns,
            kinds,
            locators,
        })
    }

    pub(super) fn read(&self, table: &Table<'_>, header: &Header, part: &mut Part) {
        let predicate = self
            .columns
            .iter()
            .find(|(c, _)| *c == StatementColumn::Predicate)
            .map(|(_, f)| f);
        part.anchor = predicate.and_then(|f| match &f.source {
            Source::Column(c) => table.at(header.spans[*c].clone()),
            Source::Value(_) => Some(f.at.clone()),
        });
        let mut rows = Vec::new();
        let mut reader = table.rows();
        let mut record = csv::ByteRecord::new();
        let mut cells = csv::ByteRecord::new();
        let mut buffer = String::new();
        loop {
            let row = match table.next_row(
                &mut reader,
                &mut record,
                header.used.len(),
                &mut part.diagnostics,
            ) {
                Next::Row(row) => row,
                Next::Skipped(row) => {
                    part.unreadable
                        .push((ItemKind::Statement, format!("{}:{row}", table.file)));
                    continue;
                }
                Next::End => break,
            };
            cells.clear();
            for (_, f) in &self.columns {
                cells.push_field(f.value(&record, &mut buffer).as_bytes());
            }
            match statement(&self.kinds, &self.locators, &cells) {
                Ok(statement) => {
                    part.statements.push(statement);
                    rows.push(offset(row));
                }
                Err(e) => {
                    let mut fixed_value = false;
                    let at = match self.columns.get(e.column).map(|(_, f)| f) {
                        Some(Resolved {
                            source: Source::Column(c),
                            ..
                        }) => table.cell(row, Some(*c)),
                        Some(fixed) => {
                            fixed_value = true;
                            Some(fixed.at.clone())
                        }
                        None => table.cell(row, None),
                    };
                    let label = if e.code == Code::Shape {
                        "invalid here"
                    } else {
                        "here"
                    };
                    part.diagnostics.push(
                        Diagnostic::error(e.code, e.message)
                            .at(at, label)
                            .with_help_opt(e.help),
                    );
                    part.unreadable
                        .push((ItemKind::Statement, format!("{}:{row}", table.file)));
                    if fixed_value {
                        // A value the mapping gives is wrong for every row alike: said once,
                        // and the file is not read further.
                        break;
                    }
                }
            }
        }
        let fields = self.columns.iter().map(|(c, f)| (c.path(), f.clone()));
        let (columns, fixed) = origin_paths(fields, header.used.len());
        let id_column = self.columns.iter().find_map(|(c, f)| match (c, &f.source) {
            (StatementColumn::Id, Source::Column(i)) => Some(*i),
            _ => None,
        });
        part.origin = Some(CsvOrigins {
            kind: ItemKind::Statement,
            first: 0,
            file: table.file,
            text: Arc::clone(table.shared),
            dialect: table.dialect,
            relocation: None,
            place: CsvPlace::Rows {
                columns,
                id_column,
                rows,
                fixed,
            },
        });
    }
}
