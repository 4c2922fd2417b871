//! Random *valid* datasets from fuzzer bytes: every choice is made so that validation must
//! accept the result, so a refusal is a bug (in this builder or in the validator).

use arbitrary::{Result, Unstructured};
use kgforge::{
    Bound, Dataset, Date, Engine, Entity, EntityType, KnowledgeGraph, Legend, LiteralKind,
    Metadata, Predicate, Qualifiers, Quantity, Range, Rank, RankDir, Reference, Scalar, Source,
    SourceKind, Span, Statement, Text, Unit, Value, View, ViewDirection, derive_statement_id,
};

/// Texts that have broken exporters before: quotes, escapes, markup, scripts, line breaks.
const HOSTILE: &[&str] = &[
    "\"",
    "\\",
    "\\\"",
    "\\n",
    "\\N",
    "<",
    ">",
    "&",
    "&amp;",
    "<B>x</B>",
    "]]>",
    "{",
    "}",
    "->",
    "--",
    ";",
    "[label=x]",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\u{2028}",
    "\u{85}",
    "\u{7f}",
    "\u{fffd}",
    "ノード",
    "Хабаровск",
    "عقدة",
    "👩‍👩‍👧",
    "\u{200b}",
    "e\u{301}",
    "'",
    "@",
    "#",
    "%20",
    "_:b0",
    "<http://x/>",
    "\"\"\"",
    "'''",
    " ",
    "/*",
    "*/",
    "//",
    "\u{feff}",
    "$",
    "^^",
    "@en",
    "\u{10ffff}",
];

const LANGUAGES: &[&str] = &["en", "ja", "zh-Hans", "ru", "de-CH", "ar", "und", "x-fuzz"];

const BASE_IRIS: &[&str] = &[
    "https://example.org/kg/",
    "http://example.org/a#",
    "https://w3id.org/kgforge/fuzz/",
    "urn:example:kg/",
    "https://例え.jp/データ/",
];

const IRIS: &[&str] = &[
    "http://www.wikidata.org/entity/Q5",
    "https://example.org/x?y=1&z=%3C2%3E",
    "urn:isbn:0451450523",
    "https://example.org/ä#frag",
];

fn pick<'a, T>(u: &mut Unstructured, items: &'a [T]) -> Result<&'a T> {
    u.choose(items)
}

/// Any text validation accepts: no C0 controls but tab and line breaks, no U+FFFE/U+FFFF.
fn text(u: &mut Unstructured) -> Result<String> {
    let mut out = String::new();
    for _ in 0..u.int_in_range(0..=4)? {
        if u.ratio(1, 2)? {
            out.push_str(pick(u, HOSTILE)?);
        } else {
            let s: String = u.arbitrary()?;
            out.extend(s.chars().take(40));
        }
    }
    Ok(out
        .chars()
        .map(|c| match c {
            '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' => ' ',
            '\u{fffe}' | '\u{ffff}' => '?',
            c => c,
        })
        .collect())
}

/// A text with something visible in it (labels and titles may not be blank).
fn label(u: &mut Unstructured) -> Result<String> {
    let t = text(u)?;
    Ok(if t.trim().is_empty() {
        format!("x{t}")
    } else {
        t
    })
}

fn opt<T>(
    u: &mut Unstructured,
    f: impl FnOnce(&mut Unstructured) -> Result<T>,
) -> Result<Option<T>> {
    Ok(if u.arbitrary()? { Some(f(u)?) } else { None })
}

fn date(u: &mut Unstructured) -> Result<Date> {
    let year = u.int_in_range(-9999..=9999)?;
    let month = opt(u, |u| u.int_in_range(1..=12))?;
    let day = match month {
        Some(_) => opt(u, |u| u.int_in_range(1..=28))?,
        None => None,
    };
    Ok(Date::new(year, month, day).expect("in range"))
}

fn span(u: &mut Unstructured) -> Result<Span> {
    let (a, b) = (opt(u, date)?, opt(u, date)?);
    // A span needs at least one end.
    let a = match (a, b) {
        (None, None) => Some(date(u)?),
        _ => a,
    };
    Ok(match (a, b) {
        (Some(a), Some(b)) if a.earliest() > b.latest() => Span {
            start: Some(b),
            end: Some(a),
        },
        _ => Span { start: a, end: b },
    })
}

fn quantity(u: &mut Unstructured) -> Result<Quantity> {
    let n: i64 = u.arbitrary()?;
    let m: i64 = u.arbitrary()?;
    let bound = match u.int_in_range(0..=6)? {
        0 => Bound::Exact(n),
        1 => Bound::About(n),
        2 => Bound::AtLeast(n),
        3 => Bound::MoreThan(n),
        4 => Bound::AtMost(n),
        5 => Bound::LessThan(n),
        _ => Bound::Range(n.min(m), n.max(m)),
    };
    Ok(Quantity {
        bound,
        unit: opt(u, text)?,
    })
}

fn finite(u: &mut Unstructured) -> Result<f64> {
    let x: f64 = u.arbitrary()?;
    Ok(if x.is_finite() { x } else { 0.5 })
}

/// A random dataset that validation accepts, as a graph.
///
/// # Errors
/// When the bytes run out before the dataset is complete.
///
/// # Panics
/// When validation refuses what was built.
pub fn valid_graph(u: &mut Unstructured) -> Result<KnowledgeGraph> {
    let dataset = valid_dataset(u)?;
    let mut loaded = kgforge::Loaded::default();
    loaded.dataset = dataset;
    let report = kgforge::validate(loaded, false);
    match report.dataset {
        Some(valid) => Ok(KnowledgeGraph::new(valid)),
        None => panic!(
            "a dataset built to be valid was refused:\n{}",
            report.diagnostics.render_short()
        ),
    }
}

/// A random dataset built to be valid.
///
/// # Errors
/// When the bytes run out.
pub fn valid_dataset(u: &mut Unstructured) -> Result<Dataset> {
    let mut languages: Vec<String> = Vec::new();
    for _ in 0..u.int_in_range(1..=3)? {
        let l = pick(u, LANGUAGES)?.to_string();
        if !languages.contains(&l) {
            languages.push(l);
        }
    }
    let meta = Metadata {
        id: "fuzz".into(),
        title: label(u)?,
        description: opt(u, text)?,
        license: opt(u, text)?,
        base_iri: pick(u, BASE_IRIS)?.to_string(),
        languages: languages.clone(),
    };

    let mut types: Vec<EntityType> = Vec::new();
    for i in 0..u.int_in_range(1..=4)? {
        let parent = if i > 0 && u.arbitrary()? {
            Some(format!("t{}", u.int_in_range(0..=i - 1)?))
        } else {
            None
        };
        types.push(EntityType {
            id: format!("t{i}"),
            label: label(u)?,
            parent,
            class: opt(u, |u| pick(u, IRIS).map(|s| s.to_string()))?,
            group: opt(u, text)?,
            description: opt(u, text)?,
        });
    }
    let ancestors = |t: &str| {
        let mut chain = vec![t.to_string()];
        let mut current = t.to_string();
        while let Some(p) = types
            .iter()
            .find(|x| x.id == current)
            .and_then(|x| x.parent.clone())
        {
            chain.push(p.clone());
            current = p;
        }
        chain
    };
    let some_types = |u: &mut Unstructured| -> Result<Vec<String>> {
        let mut out = Vec::new();
        for t in &types {
            if u.ratio(1, 3)? {
                out.push(t.id.clone());
            }
        }
        Ok(out)
    };

    let mut predicates = Vec::new();
    for i in 0..u.int_in_range(1..=5)? {
        let range = if u.arbitrary()? {
            Range::Literal(*pick(u, &LiteralKind::ALL)?)
        } else {
            Range::Entities(some_types(u)?)
        };
        predicates.push(Predicate {
            id: format!("p{i}"),
            label: label(u)?,
            inverse: opt(u, label)?,
            domain: some_types(u)?,
            range,
            property: opt(u, |u| pick(u, IRIS).map(|s| s.to_string()))?,
            symmetric: u.arbitrary()?,
            description: opt(u, text)?,
        });
    }

    let kinds = [
        SourceKind::Article,
        SourceKind::Book,
        SourceKind::GovernmentReport,
        SourceKind::Archive,
        SourceKind::Encyclopedia,
        SourceKind::Website,
        SourceKind::Dataset,
        SourceKind::Other,
    ];
    let mut sources = Vec::new();
    for i in 0..u.int_in_range(0..=3)? {
        sources.push(Source {
            id: format!("s{i}"),
            title: label(u)?,
            author: opt(u, text)?,
            publisher: opt(u, text)?,
            date: opt(u, date)?,
            url: opt(u, |u| pick(u, IRIS).map(|s| s.to_string()))?,
            accessed: opt(u, date)?,
            language: opt(u, |u| pick(u, LANGUAGES).map(|s| s.to_string()))?,
            kind: *pick(u, &kinds)?,
            note: opt(u, text)?,
            paragraphs: opt(u, |u| u.int_in_range(1..=u32::MAX))?,
        });
    }

    let mut entities = Vec::new();
    for i in 0..u.int_in_range(1..=6)? {
        let mut label_map = kgforge::LangMap::new();
        for _ in 0..u.int_in_range(1..=3)? {
            label_map.insert(pick(u, LANGUAGES)?.to_string(), label(u)?);
        }
        let mut aliases = kgforge::LangMap::new();
        if u.arbitrary()? {
            let mut list = Vec::new();
            for _ in 0..u.int_in_range(0..=2)? {
                list.push(text(u)?);
            }
            aliases.insert(pick(u, LANGUAGES)?.to_string(), list);
        }
        let mut attributes = std::collections::BTreeMap::new();
        for _ in 0..u.int_in_range(0..=3)? {
            let key = format!("a{}", u.int_in_range(0..=9)?);
            let value = match u.int_in_range(0..=3)? {
                0 => Scalar::Bool(u.arbitrary()?),
                1 => Scalar::Integer(u.arbitrary()?),
                2 => Scalar::Float(finite(u)?),
                _ => Scalar::String(text(u)?),
            };
            attributes.insert(key, value);
        }
        entities.push(Entity {
            id: format!("e{i}").into(),
            type_id: pick(u, &types)?.id.as_str().into(),
            label: label_map,
            aliases,
            description: opt(u, text)?,
            wikidata: opt(u, |u| Ok(format!("Q{}", u.int_in_range(1..=u64::MAX)?)))?,
            attributes,
        });
    }

    let mut statements: Vec<Statement> = Vec::new();
    for _ in 0..u.int_in_range(0..=10)? {
        let predicate: &Predicate = pick(u, &predicates)?;
        let fits = |entity: &Entity, wanted: &[String]| {
            wanted.is_empty()
                || ancestors(&entity.type_id)
                    .iter()
                    .any(|t| wanted.contains(t))
        };
        let subjects: Vec<&Entity> = entities
            .iter()
            .filter(|e| fits(e, &predicate.domain))
            .collect();
        if subjects.is_empty() {
            continue;
        }
        let subject = pick(u, &subjects)?.id.clone();
        let value = match &predicate.range {
            Range::Entities(wanted) => {
                let objects: Vec<&Entity> = entities.iter().filter(|e| fits(e, wanted)).collect();
                if objects.is_empty() {
                    continue;
                }
                Value::Entity(pick(u, &objects)?.id.clone())
            }
            Range::Literal(LiteralKind::Integer) => Value::from(quantity(u)?),
            Range::Literal(LiteralKind::Decimal) => Value::Decimal(finite(u)?),
            Range::Literal(LiteralKind::Date) => Value::Date(date(u)?),
            Range::Literal(LiteralKind::Year) => {
                Value::Date(Date::year(u.int_in_range(-9999..=9999)?).expect("in range"))
            }
            Range::Literal(LiteralKind::Span) => Value::Span(span(u)?),
            Range::Literal(LiteralKind::String) => {
                let text = text(u)?;
                // Some texts in a language other than the primary one, chosen from the text
                // itself so that no input byte changes its meaning for the generator.
                let others = &languages[1..];
                if !others.is_empty() && text.len() % 2 == 1 {
                    let language = others[text.len() % others.len()].as_str();
                    Value::from(Text::in_language(text, language))
                } else {
                    Value::from(Text::from(text))
                }
            }
        };
        let mut qualifiers = Qualifiers {
            point_in_time: opt(u, date)?,
            start: opt(u, date)?,
            end: opt(u, date)?,
            place: if u.arbitrary()? {
                Some(pick(u, &entities)?.id.to_string())
            } else {
                None
            },
            quantity: opt(u, quantity)?,
            other: Default::default(),
        };
        if let (Some(a), Some(b)) = (qualifiers.start, qualifiers.end)
            && a.earliest() > b.latest()
        {
            qualifiers.start = Some(b);
            qualifiers.end = Some(a);
        }
        for _ in 0..u.int_in_range(0..=2)? {
            // A qualifier needs a name.
            qualifiers.other.insert(label(u)?, text(u)?);
        }
        let mut references = Vec::new();
        if !sources.is_empty() {
            for _ in 0..u.int_in_range(0..=2)? {
                let source: &Source = pick(u, &sources)?;
                references.push(Reference {
                    source: source.id.clone(),
                    paragraph: opt(u, |u| u.int_in_range(1..=source.paragraphs.unwrap_or(99)))?,
                    page: opt(u, text)?,
                    section: opt(u, text)?,
                    note: opt(u, text)?,
                });
            }
        }
        let explicit = u.arbitrary::<bool>()?;
        let id = if explicit {
            format!("s.{}", statements.len())
        } else {
            derive_statement_id(&subject, &predicate.id, &value, &qualifiers)
        };
        if statements.iter().any(|s| s.id() == id) {
            continue;
        }
        let mut statement = Statement::new(subject, predicate.id.as_str(), value);
        statement.set_explicit_id(explicit.then_some(id));
        statement.set_qualifiers(qualifiers);
        statement.rank = *pick(u, &[Rank::Preferred, Rank::Normal, Rank::Deprecated])?;
        statement.set_disputed(opt(u, text)?);
        statement.set_note(opt(u, text)?);
        statement.set_references(references);
        statements.push(statement);
    }

    // Units and views are drawn last, so that the bytes before them build the same dataset
    // as before they were added (the fuzz corpora and regressions keep their meaning).
    let mut units = Vec::new();
    for i in 0..u.int_in_range(0..=2)? {
        units.push(Unit {
            id: format!("u{i}"),
            label: label(u)?,
            iri: opt(u, |u| pick(u, IRIS).map(|s| s.to_string()))?,
            description: opt(u, text)?,
        });
    }
    if !units.is_empty() {
        // Some quantities name a declared unit instead of free text, unless that would make
        // a statement's derived id another's.
        for i in 0..statements.len() {
            if !matches!(statements[i].value, Value::Quantity(_)) || !u.ratio(1, 2)? {
                continue;
            }
            let mut changed = statements[i].clone();
            if let Value::Quantity(q) = &mut changed.value {
                q.unit = Some(pick(u, &units)?.id.clone());
            }
            let id = changed.id();
            if !statements.iter().any(|other| other.id() == id) {
                statements[i] = changed;
            }
        }
    }
    let mut views = Vec::new();
    for i in 0..u.int_in_range(0..=2)? {
        views.push(view(u, i, &entities, &predicates, &types)?);
    }

    Ok(Dataset {
        units,
        meta,
        types,
        predicates,
        sources,
        entities,
        statements,
        views,
    })
}

/// A view that names only what the dataset has.
fn view(
    u: &mut Unstructured,
    i: usize,
    entities: &[Entity],
    predicates: &[Predicate],
    types: &[EntityType],
) -> Result<View> {
    fn some<T>(
        u: &mut Unstructured,
        items: &[T],
        id: impl Fn(&T) -> String,
    ) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for item in items {
            if u.ratio(1, 3)? {
                out.push(id(item));
            }
        }
        Ok(out)
    }
    Ok(View {
        id: format!("v{i}"),
        title: label(u)?,
        description: opt(u, text)?,
        focus: some(u, entities, |e| e.id.to_string())?,
        depth: opt(u, |u| u.int_in_range(0..=4))?,
        direction: opt(u, |u| {
            pick(
                u,
                &[ViewDirection::In, ViewDirection::Out, ViewDirection::Both],
            )
            .copied()
        })?,
        predicates: some(u, predicates, |p| p.id.clone())?,
        exclude_predicates: some(u, predicates, |p| p.id.clone())?,
        types: some(u, types, |t| t.id.clone())?,
        exclude_types: some(u, types, |t| t.id.clone())?,
        ranks: some(u, &[Rank::Preferred, Rank::Normal, Rank::Deprecated], |r| {
            r.name().to_string()
        })?
        .iter()
        .map(|name| match name.as_str() {
            "preferred" => Rank::Preferred,
            "normal" => Rank::Normal,
            _ => Rank::Deprecated,
        })
        .collect(),
        as_of: opt(u, date)?,
        language: opt(u, |u| pick(u, LANGUAGES).map(|s| s.to_string()))?,
        rankdir: opt(u, |u| pick(u, &RankDir::ALL).copied())?,
        engine: opt(u, |u| pick(u, &Engine::ALL).copied())?,
        legend: opt(u, |u| pick(u, &Legend::ALL).copied())?,
        qualifier_places: opt(u, |u| u.arbitrary())?,
        figures: opt(u, |u| u.arbitrary())?,
        timeline: opt(u, |u| u.arbitrary())?,
    })
}
