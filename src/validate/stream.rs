//! Validation of a streamed build (`kgforge build --stream`): the dataset without its CSV
//! statements is checked once; the statements are checked part by part, each part holding
//! every statement of some subjects (so that repeated statements, which share a subject, meet
//! in one part), with what must be seen across parts carried from one to the next; the
//! checks that need every statement (unused entities and sources, rows that cite no source,
//! ids given twice in different parts) run at the end. Every rule of [`super::validate`]
//! runs; with more than a screenful of one kind of problem, which of them are shown may
//! differ, since parts are checked subject by subject.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use super::Unreadable;
use super::rules::{Checker, Scope, repeated_id, summaries, uncited_rows, undeclared_unit};
use crate::diag::{Code, Diagnostic, FileId, Location, Severity};
use crate::load::{ItemKind, Origins};
use crate::model::{Dataset, IdIndex};

/// What validation of a streamed build carries from one part of the statements to the next.
pub(crate) struct StreamCheck {
    entities: IdIndex,
    repeated_entity_ids: bool,
    per_code: BTreeMap<Code, (Severity, usize)>,
    /// Entities (by position) some statement names.
    used: Vec<bool>,
    cited: FxHashSet<String>,
    /// Per statement file: its first row (by stream position) citing no source, with its id
    /// and place, and how many such rows there are.
    uncited: BTreeMap<FileId, (u64, String, Option<Location>, usize)>,
    /// Explicit statement ids: the stream position, part and place of their first use.
    explicit: FxHashMap<String, (u64, usize, Option<Location>)>,
    /// Undeclared units: the stream position and place of their first use, and the uses.
    units: FxHashMap<String, (u64, Option<Location>, usize)>,
    out: Vec<Diagnostic>,
    any_statement: bool,
}

impl StreamCheck {
    /// Checks `dataset` (without the streamed statements) once.
    pub(crate) fn new(dataset: &Dataset, origins: &Origins, unreadable: &Unreadable) -> Self {
        let mut checker = Checker::new(dataset, origins, unreadable);
        checker.scope = Scope::AllButStatements;
        checker.run();
        let per_code = std::mem::take(&mut checker.per_code);
        let out = std::mem::take(&mut checker.out);
        let entities = std::mem::take(&mut checker.entities).into_owned();
        StreamCheck {
            entities,
            repeated_entity_ids: checker.repeated_entity_ids,
            per_code,
            used: Vec::new(),
            cited: FxHashSet::default(),
            uncited: BTreeMap::new(),
            explicit: FxHashMap::default(),
            units: FxHashMap::default(),
            out,
            any_statement: false,
        }
    }

    /// Whether an error was found so far.
    pub(crate) fn has_errors(&self) -> bool {
        self.out.iter().any(|d| d.severity == Severity::Error)
    }

    /// Notes an explicit statement id met while reading (`seq`: the statement's position in
    /// the stream, `part`: the part it goes to); an id given again in another part is
    /// reported here (in one part, the part's check reports it).
    pub(crate) fn explicit_id(&mut self, id: &str, seq: u64, part: usize, at: Option<Location>) {
        match self.explicit.get(id) {
            Some(&(_, first_part, ref first)) if first_part != part => {
                let first = first.clone();
                let d = repeated_id(id, at, first);
                self.push(d);
            }
            Some(_) => {}
            None => {
                self.explicit.insert(id.to_string(), (seq, part, at));
            }
        }
    }

    /// A unit the dataset does not declare, first used at stream position `seq` and place
    /// `at`, `uses` times in all (reported by [`StreamCheck::finish`]).
    pub(crate) fn undeclared_unit(
        &mut self,
        unit: &str,
        seq: u64,
        at: Option<Location>,
        uses: usize,
    ) {
        self.units.insert(unit.to_string(), (seq, at, uses));
    }

    fn push(&mut self, d: Diagnostic) {
        let (_, count) = self.per_code.entry(d.code).or_insert((d.severity, 0));
        *count += 1;
        if *count <= super::rules::PER_CODE_LIMIT {
            self.out.push(d);
        }
    }

    /// Checks one part of the statements: `dataset` is the streamed dataset with this part's
    /// statements (every statement of its subjects, in stream order), `seq` their stream
    /// positions, `origins` where they were read.
    pub(crate) fn check(
        &mut self,
        dataset: &Dataset,
        origins: &Origins,
        unreadable: &Unreadable,
        seq: &[u64],
        part: usize,
    ) {
        self.any_statement |= !dataset.statements.is_empty();
        let mut checker = Checker::new(dataset, origins, unreadable);
        checker.scope = Scope::Statements;
        checker.entities = std::borrow::Cow::Borrowed(&self.entities);
        checker.per_code = std::mem::take(&mut self.per_code);
        checker.used = std::mem::take(&mut self.used);
        checker.run();
        self.per_code = std::mem::take(&mut checker.per_code);
        self.used = std::mem::take(&mut checker.used);
        self.out.append(&mut checker.out);
        let k = ItemKind::Statement;
        for ((file, _), (first, count)) in std::mem::take(&mut checker.uncited_rows) {
            let at = || {
                origins
                    .locate_written(k, first, &["id"])
                    .or_else(|| origins.locate(k, first, &["subject"]))
            };
            let entry = self
                .uncited
                .entry(file)
                .or_insert((u64::MAX, String::new(), None, 0));
            if seq[first] < entry.0 {
                entry.0 = seq[first];
                entry.1 = dataset.statements[first].id().into_owned();
                entry.2 = at();
            }
            entry.3 += count;
        }
        drop(checker);
        for (i, s) in dataset.statements.iter().enumerate() {
            for r in s.references() {
                if !self.cited.contains(&r.source) {
                    self.cited.insert(r.source.clone());
                }
            }
            // An explicit id met again as another part's derived id.
            if !self.explicit.is_empty() && s.explicit_id().is_none() {
                let id = s.id();
                if let Some((first_seq, first_part, first_at)) = self.explicit.get(&*id)
                    && *first_part != part
                {
                    let here = origins.locate(k, i, &["id"]);
                    let (second, first) = if *first_seq < seq[i] {
                        (here, first_at.clone())
                    } else {
                        (first_at.clone(), here)
                    };
                    let d = repeated_id(&id, second, first);
                    self.push(d);
                }
            }
        }
    }

    /// The checks that need every statement, then every diagnostic of the stream;
    /// `rows_skipped`: whether a row could not be read.
    pub(crate) fn finish(
        mut self,
        dataset: &Dataset,
        origins: &Origins,
        unreadable: &Unreadable,
        rows_skipped: bool,
    ) -> Vec<Diagnostic> {
        let mut units: Vec<_> = std::mem::take(&mut self.units).into_iter().collect();
        units.sort_by_key(|(_, (seq, ..))| *seq);
        for (unit, (_, at, uses)) in units {
            self.push(undeclared_unit(&unit, uses, at));
        }
        for (_, (_, id, at, count)) in std::mem::take(&mut self.uncited) {
            self.push(uncited_rows(count, &id, at));
        }
        let mut checker = Checker::new(dataset, origins, unreadable);
        checker.scope = Scope::AllButStatements;
        checker.entities = std::borrow::Cow::Borrowed(&self.entities);
        checker.per_code = std::mem::take(&mut self.per_code);
        checker.used = std::mem::take(&mut self.used);
        checker.cited = Some(std::mem::take(&mut self.cited));
        checker.repeated_entity_ids = self.repeated_entity_ids;
        checker.finish_stream(self.any_statement, rows_skipped);
        let per_code = std::mem::take(&mut checker.per_code);
        self.out.append(&mut checker.out);
        drop(checker);
        self.out.extend(summaries(&per_code));
        self.out
    }
}
