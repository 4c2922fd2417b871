//! Checks statements' references: known sources, paragraph locators, statements citing none.

use super::Checker;
use crate::diag::{Code, Diagnostic, Location};
use crate::load::ItemKind;

impl Checker<'_> {
    pub(super) fn references(&mut self, i: usize) {
        let s = &self.dataset.statements[i];
        let k = ItemKind::Statement;
        if s.references().is_empty()
            && let Some((rows, _)) = self.origins.csv_item(k, i)
        {
            let (_, count) = self
                .uncited_rows
                .entry((rows.file, rows.first))
                .or_insert((i, 0));
            *count += 1;
        } else if s.references().is_empty() {
            self.push(
                Diagnostic::warning(
                    Code::Unreferenced,
                    format!("statement \"{}\" cites no source", s.id()),
                )
                .at(self.id_or_item(i), "no `references`")
                .with_help("add references = [{ source = \"…\", paragraph = … }]"),
            );
        }
        for (j, r) in s.references().iter().enumerate() {
            let j = j.to_string();
            let Some(&si) = self.sources.get(r.source.as_str()) else {
                let d = self.unknown(
                    ItemKind::Source,
                    &r.source,
                    self.at(k, i, &["references", &j, "source"]),
                );
                self.push(d);
                continue;
            };
            let source = &self.dataset.sources[si];
            if let Some(p) = r.paragraph {
                let too_far = source.paragraphs.is_some_and(|n| p > n);
                if p == 0 || too_far {
                    let range = source
                        .paragraphs
                        .map_or("1 or more".to_string(), |n| format!("1 to {n}"));
                    self.push(
                        Diagnostic::error(
                            Code::BadLocator,
                            format!("source \"{}\" has no paragraph {p}", r.source),
                        )
                        .at(
                            self.at(k, i, &["references", &j, "paragraph"]),
                            format!("paragraphs are {range}"),
                        )
                        .with_help("count paragraphs from 1, as the source's `paragraphs` does"),
                    );
                }
            }
        }
    }

    /// One warning per CSV file for its rows that cite no source.
    pub(super) fn uncited_rows(&mut self) {
        for (first, count) in std::mem::take(&mut self.uncited_rows).into_values() {
            let id = self.dataset.statements[first].id();
            let at = self.id_or_item(first);
            self.push(uncited_rows(count, &id, at));
        }
    }

    fn id_or_item(&self, i: usize) -> Option<Location> {
        // An explicit id, else the `subject` (rather than the whole item).
        let k = ItemKind::Statement;
        self.origins
            .locate_written(k, i, &["id"])
            .or_else(|| self.at(k, i, &["subject"]))
    }
}

/// The warning for the `count` rows of one CSV file that cite no source, the first with
/// statement id `id` at `at` (the same from a build in memory and a streamed one).
pub(crate) fn uncited_rows(count: usize, id: &str, at: Option<Location>) -> Diagnostic {
    let more = match count {
        1 => String::new(),
        n => format!(", nor do {} more rows", n - 1),
    };
    Diagnostic::warning(
        Code::Unreferenced,
        format!("{count} statement(s) from this file cite no source; the first is \"{id}\""),
    )
    .at(at, format!("no `source` in this row{more}"))
    .with_help("add `source` and `locator` columns; see docs/FORMAT.md")
}
