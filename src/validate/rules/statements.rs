//! Checks statements: unique ids, subjects, predicates' domains and ranges, values, qualifiers.

use super::Checker;
use crate::diag::{Code, Diagnostic};
use crate::load::ItemKind;
use crate::model::{LiteralKind, Range, Statement, Value, write_hash_input};
use crate::validate::NO_ENTITY;

impl Checker<'_> {
    pub(super) fn statement_ids(&mut self) {
        self.statement_ids_by(Statement::write_id);
    }

    /// Checks every statement's id, derived by `write_id` (a parameter so that a test can
    /// inject colliding ids): its form, and that no two statements share it. Reported in
    /// statement order, each code's first ones kept (the per-code limit): a bulk dataset with
    /// a problem on every row keeps only the first ones, not a list of millions.
    fn statement_ids_by(&mut self, write_id: impl Fn(&Statement, &mut String) + Sync) {
        let dataset = self.dataset;
        let statements = &dataset.statements;
        let k = ItemKind::Statement;
        let (problems, repeats) = repeated_ids(statements, &write_id);
        for (i, id, (message, help)) in problems {
            self.push(
                Diagnostic::error(Code::BadId, format!("statement id \"{id}\" {message}"))
                    .at(self.at(k, i, &["id"]), "here")
                    .with_help(help),
            );
        }
        let mut id = String::new();
        for Repeat {
            first,
            second,
            kind,
        } in repeats
        {
            id.clear();
            write_id(&statements[second], &mut id);
            let (second_at, first_at) = (self.at(k, second, &["id"]), self.at(k, first, &["id"]));
            let d = match kind {
                RepeatKind::ExplicitId => repeated_id(&id, second_at, first_at),
                RepeatKind::SameStatement => Diagnostic::error(
                    Code::DuplicateStatement,
                    format!(
                        "the same statement is written twice (subject \"{}\", predicate \
                         \"{}\", the same value and qualifiers)",
                        statements[second].subject, statements[second].predicate
                    ),
                )
                .at(second_at, "written again here")
                .also(first_at, "first written here")
                .with_help(
                    "remove one (merge its references into the other), or give them \
                     distinct qualifiers if they are different claims",
                ),
                RepeatKind::Collision => Diagnostic::error(
                    Code::IdCollision,
                    format!(
                        "two different statements hash to the same derived id \"{id}\" \
                         (a hash collision)"
                    ),
                )
                .at(second_at, "second statement")
                .also(first_at, "first statement")
                .with_help(
                    "nothing is wrong with the data: give one of them an explicit `id` \
                     (its IRI in every export)",
                ),
            };
            self.push(d);
        }
    }

    pub(super) fn statements(&mut self) {
        // A streamed build's parts add to the same flags.
        let mut used = std::mem::take(&mut self.used);
        used.resize(self.dataset.entities.len(), false);
        for (i, s) in self.dataset.statements.iter().enumerate() {
            let k = ItemKind::Statement;
            // Subject and object were looked up once, by `resolve_ends`.
            let [subject_at, object_at] =
                self.ends[i].map(|e| (e != NO_ENTITY).then_some(e as usize));
            let place = s.qualifiers().place.as_deref();
            let place_at = place.and_then(|p| self.entity(p));
            for e in [subject_at, object_at, place_at].into_iter().flatten() {
                used[e] = true;
            }
            let subject = subject_at.map(|e| &self.dataset.entities[e]);
            if subject.is_none() {
                let d = self.unknown(ItemKind::Entity, &s.subject, self.at(k, i, &["subject"]));
                self.push(d);
            }
            let predicate = self
                .predicates
                .get(s.predicate.as_str())
                .map(|&p| &self.dataset.predicates[p]);
            let Some(predicate) = predicate else {
                let d = self.unknown(
                    ItemKind::Predicate,
                    &s.predicate,
                    self.at(k, i, &["predicate"]),
                );
                self.push(d);
                // Without a predicate there is no range to check, but an object entity must
                // still exist, and the qualifiers and references are checked as usual.
                if let Value::Entity(object) = &s.value
                    && object_at.is_none()
                {
                    let d = self.unknown(ItemKind::Entity, object, self.at(k, i, &["object"]));
                    self.push(d);
                }
                self.qualifiers_and_references(i);
                continue;
            };
            if let Some(subject) = subject
                && !predicate.domain.is_empty()
                && self.types.contains_key(subject.type_id.as_str())
                && !predicate
                    .domain
                    .iter()
                    .any(|t| self.is_a(&subject.type_id, t))
            {
                self.push(
                    Diagnostic::error(
                        Code::Domain,
                        format!(
                            "\"{}\" is a {}, but `{}` applies to {}",
                            s.subject,
                            subject.type_id,
                            s.predicate,
                            or_list(&predicate.domain)
                        ),
                    )
                    .at(
                        self.at(k, i, &["subject"]),
                        "subject outside the predicate's domain",
                    )
                    .with_help("use another predicate, or widen its `domain` in the schema"),
                );
            }
            self.value(
                i,
                s.predicate.as_str(),
                &predicate.range,
                &s.value,
                object_at,
            );
            self.qualifiers_and_references(i);
        }
        self.used = used;
        if self.scope != super::Scope::Statements {
            // A streamed build gathers these across its parts.
            self.uncited_rows();
        }
    }

    fn qualifiers_and_references(&mut self, i: usize) {
        let s = &self.dataset.statements[i];
        let k = ItemKind::Statement;
        if let Some(place) = &s.qualifiers().place
            && self.entity(place).is_none()
        {
            let d = self.unknown(
                ItemKind::Entity,
                place,
                self.at(k, i, &["qualifiers", "place"]),
            );
            self.push(d);
        }
        if let (Some(a), Some(b)) = (s.qualifiers().start, s.qualifiers().end)
            && a.earliest() > b.latest()
        {
            self.push(
                Diagnostic::error(
                    Code::BadSpan,
                    format!("the qualifiers start ({a}) after they end ({b})"),
                )
                .at(self.at(k, i, &["qualifiers", "end"]), "before the start"),
            );
        }
        self.references(i);
    }

    fn value(
        &mut self,
        i: usize,
        predicate: &str,
        range: &Range,
        value: &Value,
        object_at: Option<usize>,
    ) {
        // Located only when reported: for a CSV row that means scanning the row again.
        let at = |this: &Self| this.at(ItemKind::Statement, i, &[value.key()]);
        match (range, value) {
            (Range::Entities(types), Value::Entity(object)) => {
                let Some(oi) = object_at else {
                    let d = self.unknown(ItemKind::Entity, object, at(self));
                    self.push(d);
                    return;
                };
                let object_type = &self.dataset.entities[oi].type_id;
                if !types.is_empty()
                    && self.types.contains_key(object_type.as_str())
                    && !types.iter().any(|t| self.is_a(object_type, t))
                {
                    self.push(
                        Diagnostic::error(
                            Code::Range,
                            format!(
                                "\"{object}\" is a {object_type}, but `{predicate}` points to {}",
                                or_list(types)
                            ),
                        )
                        .at(at(self), "object outside the predicate's range")
                        .with_help("use another predicate, or widen its `range` in the schema"),
                    );
                }
            }
            (Range::Literal(kind), v) if v.fits(*kind) => {}
            (Range::Literal(kind), v) => {
                let wanted = match kind {
                    LiteralKind::Integer => "`quantity = …`",
                    LiteralKind::Decimal => "`decimal = …`",
                    LiteralKind::Date => "`date = \"YYYY-MM-DD\"` (or YYYY-MM, YYYY)",
                    LiteralKind::Year => "`date = \"YYYY\"` (a year only)",
                    LiteralKind::Span => "`span = { start = …, end = … }`",
                    LiteralKind::String => "`text = \"…\"`",
                };
                self.push(
                    Diagnostic::error(
                        Code::Range,
                        format!(
                            "`{predicate}` takes a {} value, not {}",
                            kind.name(),
                            describe_value(v)
                        ),
                    )
                    .at(at(self), "wrong kind of value")
                    .with_help(format!("write {wanted}")),
                );
            }
            (Range::Entities(_), v) => {
                self.push(
                    Diagnostic::error(
                        Code::Range,
                        format!(
                            "`{predicate}` points to an entity, not {}",
                            describe_value(v)
                        ),
                    )
                    .at(at(self), "wrong kind of value")
                    .with_help(
                        "write `object = \"<entity id>\"`, or give the predicate a literal range",
                    ),
                );
            }
        }
    }
}

fn describe_value(v: &Value) -> String {
    match v {
        Value::Entity(id) => format!("an entity (\"{id}\")"),
        Value::Quantity(q) => format!("a quantity ({q})"),
        Value::Decimal(x) => format!("a decimal ({x})"),
        Value::Date(d) => format!("a date ({d})"),
        Value::Span(_) => "a span".to_string(),
        Value::Text(_) => "a text".to_string(),
    }
}

fn or_list(items: &[String]) -> String {
    match items {
        [one] => format!("type {one}"),
        _ => format!("types {}", items.join(", ")),
    }
}

/// Two statements with the same id, at least one of them explicit.
pub(crate) fn repeated_id(
    id: &str,
    second: Option<crate::diag::Location>,
    first: Option<crate::diag::Location>,
) -> Diagnostic {
    Diagnostic::error(
        Code::DuplicateId,
        format!("two statements have the id \"{id}\""),
    )
    .at(second, "second statement")
    .also(first, "first statement")
    .with_help("give one of them another explicit `id`")
}

/// Why a statement id cannot be used, as (what is wrong, how to fix it).
fn statement_id_problem(id: &str) -> Option<(&'static str, &'static str)> {
    if id.is_empty()
        || id.len() > 256
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b))
    {
        return Some((
            "is not valid",
            "use ASCII letters, digits, `_`, `-` and `.`, at most 256 characters",
        ));
    }
    if id == "." || id == ".." {
        return Some((
            "is a dot segment",
            "RDF tools resolve `.` and `..` in an IRI (`stmt/..` is the parent of `stmt/`), so the \
             statement would get another IRI: use letters or digits",
        ));
    }
    if id.starts_with('.') || id.ends_with('.') {
        return Some((
            "starts or ends with a dot",
            "Turtle cannot write a prefixed name that starts or ends with `.` (`stmt:x.`), and \
             some tools refuse the escaped form: start and end the id with a letter, digit, `_` \
             or `-`",
        ));
    }
    None
}

/// Two statements with equal ids, found by [`repeated_ids`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Repeat {
    first: usize,
    second: usize,
    kind: RepeatKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RepeatKind {
    /// At least one of the two ids is explicit.
    ExplicitId,
    /// Both derived, from the same content: one statement written twice.
    SameStatement,
    /// Both derived from different content: the hash collided.
    Collision,
}

/// A statement id's problem: (what is wrong, how to fix it).
type IdProblem = (&'static str, &'static str);

/// Goes through the statements' ids (written by `write_id`): the ids that cannot be used,
/// with their problem, and each statement whose id an earlier statement has (with the first
/// such statement), both in statement order.
///
/// Linear work on two threads and lean memory for millions of statements: each id is derived
/// once, on one of two threads, into a 64-bit word (the top half of a hash of the id, the
/// bottom half the statement's position); the words are sorted, so equal hashes are
/// neighbours. Only statements whose hashes meet have their ids derived again and compared,
/// and their contents compared only for equal ids.
fn repeated_ids(
    statements: &[Statement],
    write_id: &(impl Fn(&Statement, &mut String) + Sync),
) -> (Vec<(usize, String, IdProblem)>, Vec<Repeat>) {
    use std::hash::BuildHasher;
    let hash = |id: &str| rustc_hash::FxBuildHasher.hash_one(id);
    // Positions fit in 32 bits: 2^32 statements would take half a terabyte.
    let word = |h: u64, i: usize| (h & !0xFFFF_FFFF) | (i as u64 & 0xFFFF_FFFF);
    let half = |range: std::ops::Range<usize>| {
        let mut words = Vec::with_capacity(range.len());
        let mut problems = Vec::new();
        let mut id = String::new();
        for i in range {
            id.clear();
            write_id(&statements[i], &mut id);
            if let Some(problem) = statement_id_problem(&id) {
                problems.push((i, id.clone(), problem));
            }
            words.push(word(hash(&id), i));
        }
        words.sort_unstable();
        (words, problems)
    };
    let middle = statements.len() / 2;
    let ((a, mut problems), (b, later)) =
        crate::threads::join(|| half(0..middle), || half(middle..statements.len()));
    problems.extend(later);
    // Merge the two sorted halves; runs of equal hashes are the candidates.
    let mut candidates: Vec<Vec<usize>> = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut run: Vec<usize> = Vec::new();
    let mut run_hash = None;
    while i < a.len() || j < b.len() {
        let next = if j == b.len() || (i < a.len() && a[i] <= b[j]) {
            i += 1;
            a[i - 1]
        } else {
            j += 1;
            b[j - 1]
        };
        let (h, position) = (next >> 32, (next & 0xFFFF_FFFF) as usize);
        if run_hash != Some(h) {
            if run.len() > 1 {
                candidates.push(std::mem::take(&mut run));
            }
            run.clear();
            run_hash = Some(h);
        }
        run.push(position);
    }
    if run.len() > 1 {
        candidates.push(run);
    }
    let mut repeats = Vec::new();
    let mut id = String::new();
    for mut group in candidates {
        group.sort_unstable();
        // Each statement against the first one with the same id: ids compared whole.
        let mut firsts: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
        for second in group {
            id.clear();
            write_id(&statements[second], &mut id);
            let Some(&first) = firsts.get(&id) else {
                firsts.insert(id.clone(), second);
                continue;
            };
            let (s, earlier) = (&statements[second], &statements[first]);
            let kind = if s.explicit_id().is_some() || earlier.explicit_id().is_some() {
                RepeatKind::ExplicitId
            } else if same_content(earlier, s) {
                RepeatKind::SameStatement
            } else {
                RepeatKind::Collision
            };
            repeats.push(Repeat {
                first,
                second,
                kind,
            });
        }
    }
    repeats.sort_unstable_by_key(|r| r.second);
    (problems, repeats)
}

/// Whether two statements' derived ids hash the same bytes: the same subject, predicate,
/// value and qualifiers, as the derivation sees them.
fn same_content(a: &Statement, b: &Statement) -> bool {
    let bytes = |s: &Statement| {
        let mut out = Vec::new();
        write_hash_input(&mut out, &s.subject, &s.predicate, &s.value, s.qualifiers());
        out
    };
    bytes(a) == bytes(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Origins;
    use crate::model::Dataset;
    use crate::validate::Unreadable;

    /// The real derivation cut to its first hex digit: different statements collide often.
    fn one_hex_digit(s: &Statement, out: &mut String) {
        s.write_id(out);
        if s.explicit_id().is_none() {
            let digits = out.rsplit('.').next().map_or(0, str::len);
            out.truncate(out.len() - digits + 1);
        }
    }

    fn text(subject: &str, t: &str) -> Statement {
        Statement::new(subject, "note", Value::from(crate::model::Text::from(t)))
    }

    fn checked(statements: Vec<Statement>) -> Vec<Diagnostic> {
        let dataset = Dataset {
            statements,
            ..Dataset::default()
        };
        let (origins, unreadable) = (Origins::default(), Unreadable::default());
        let mut checker = super::super::Checker::new(&dataset, &origins, &unreadable);
        checker.statement_ids_by(one_hex_digit);
        checker.into_diagnostics()
    }

    #[test]
    fn different_statements_with_equal_derived_ids_are_reported_as_a_collision() {
        // Seventeen different texts under one subject and predicate: with one hex digit,
        // at least two share an id (pigeonhole), and none is the same statement.
        let statements: Vec<_> = (0..17).map(|i| text("a", &format!("t{i}"))).collect();
        let diagnostics = checked(statements);
        assert!(!diagnostics.is_empty());
        for d in &diagnostics {
            assert_eq!(d.code, Code::IdCollision, "{d:?}");
            assert!(
                d.message
                    .contains("two different statements hash to the same derived id \"a.note."),
                "{}",
                d.message
            );
            assert!(d.help.as_deref().unwrap().contains("explicit `id`"));
            assert!(!d.message.contains("have the id"));
        }
    }

    #[test]
    fn equal_statements_are_a_duplicate_and_explicit_ids_a_repeated_id() {
        let mut explicit = text("b", "y");
        explicit.set_explicit_id(Some("b.note.x".into()));
        let mut again = text("c", "z");
        again.set_explicit_id(Some("b.note.x".into()));
        let statements = vec![text("a", "x"), text("a", "x"), explicit, again];
        let (problems, repeats) = repeated_ids(&statements, &one_hex_digit);
        assert!(problems.is_empty());
        assert_eq!(
            repeats,
            [
                Repeat {
                    first: 0,
                    second: 1,
                    kind: RepeatKind::SameStatement
                },
                Repeat {
                    first: 2,
                    second: 3,
                    kind: RepeatKind::ExplicitId
                },
            ]
        );
        let codes: Vec<_> = checked(statements).iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::DuplicateStatement, Code::DuplicateId]);
    }

    #[test]
    fn dot_segments_and_edge_dots_are_refused() {
        for bad in [".", "..", "x.", ".x", "a.b."] {
            assert!(statement_id_problem(bad).is_some(), "{bad}");
        }
        for good in [
            "x",
            "a.b",
            "a..b",
            "_",
            "-x-",
            "kwantung_army.surrendered_to.0123",
        ] {
            assert_eq!(statement_id_problem(good), None, "{good}");
        }
    }
}
