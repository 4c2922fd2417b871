//! Wikidata statements as kgforge statements: values by datatype, qualifiers, and references
//! as citations of sources (docs/import.md, "Wikidata").
//!
//! - **Values**: an item is an entity; a quantity whose amount and bounds are whole is a count
//!   (`exact`, or a `range` of its bounds) with its unit, and a predicate whose quantities are
//!   not all whole takes decimals (the unit and bounds then kept as free qualifiers); a time of
//!   year, month or day precision is a date (Julian days converted to the Gregorian calendar,
//!   BCE years numbered astronomically, finer precisions cut to the day), coarser ones are
//!   skipped; a coordinate is WKT text (`Point(lon lat)`); anything else (strings, ids, URLs,
//!   media, monolingual text) is text. Unknown and "no value" values are skipped.
//! - **Qualifiers**: point in time (P585), start (P580), end (P582), location (P276) and
//!   quantity (P1114) are kgforge's own; every other qualifier is a free one, keyed by its
//!   property's id, its values written as text.
//! - **References** cite a source (see `sources.rs`), with page (P304) and section (P958) as
//!   locators and everything else the reference says in its note.

use rustc_hash::FxHashMap;

use super::build::{Context, WD};
use super::raw::{RawClaim, RawSnak, RawValue};
use crate::load::import::ImportSummary;
use crate::model::{Bound, Date, Qualifiers, Quantity, Statement, Text, Value};

/// What was changed or left out, counted for the summary.
#[derive(Debug, Default)]
pub(super) struct Counts {
    pub(super) unlabelled: usize,
    no_value: usize,
    coarse_times: usize,
    out_of_range: usize,
    cut_to_day: usize,
    julian: usize,
    ranges: usize,
    decimals: usize,
    unreadable: usize,
    qualifiers_as_text: usize,
}

impl Counts {
    pub(super) fn report(&self, summary: &mut ImportSummary) {
        summary.skip(
            self.no_value,
            "statements with an unknown value or no value",
            "kgforge has no value for \"unknown\" or \"none\"",
        );
        summary.skip(
            self.coarse_times,
            "statements with a time coarser than a year",
            "kgforge dates know a year at best (a decade or century is no date)",
        );
        summary.skip(
            self.out_of_range,
            "statements with a time outside the years -9999 to 9999",
            "kgforge dates cover those years",
        );
        summary.skip(
            self.unreadable,
            "statements whose value does not have its datatype's shape",
            "the value could not be read",
        );
        for (n, line) in [
            (
                self.unlabelled,
                "items with no label in the dataset's languages, labelled by their QID",
            ),
            (self.cut_to_day, "times finer than a day, cut to the day"),
            (
                self.julian,
                "Julian-calendar days converted to the Gregorian calendar",
            ),
            (
                self.ranges,
                "whole quantities with bounds, kept as the range of their bounds (their central amount in none)",
            ),
            (
                self.decimals,
                "quantities of predicates that are not all whole, kept as decimals with their unit and bounds as free qualifiers",
            ),
            (
                self.qualifiers_as_text,
                "time or quantity qualifiers kept as free text (a second value, a precision kgforge lacks, a start after the end)",
            ),
        ] {
            if n > 0 {
                summary.inferred.push(format!("{n} {line}"));
            }
        }
    }
}

/// A statement of item `qid` with its qualifiers and references; `None` when its value
/// cannot be a kgforge value (counted).
pub(super) fn statement(qid: &str, claim: &RawClaim, ctx: &mut Context) -> Option<Statement> {
    let snak = &claim.value;
    let mut extra: Vec<(String, String)> = Vec::new();
    let value = match value(snak, ctx, &mut extra) {
        Ok(v) => v,
        Err(skip) => {
            match skip {
                Skip::NoValue => ctx.counts.no_value += 1,
                Skip::Coarse => ctx.counts.coarse_times += 1,
                Skip::OutOfRange => ctx.counts.out_of_range += 1,
                Skip::Unreadable => ctx.counts.unreadable += 1,
            }
            return None;
        }
    };
    let mut st = Statement::new(
        ctx.entity_ids[qid].clone(),
        ctx.property_ids[&*snak.property].clone(),
        value,
    );
    st.rank = claim.rank;
    if let Some(id) = &claim.id {
        // Wikidata's statement GUID as its RDF writes it (`wds:Q42-F078E5B3-…`).
        st.set_explicit_id(Some(id.replace('$', "-")));
    }
    let mut q = qualifiers(claim, ctx);
    for (key, text) in extra {
        q.other.insert(key, text);
    }
    st.set_qualifiers(q);
    let references = (claim.references.iter())
        .map(|r| super::sources::reference(r, ctx))
        .collect();
    st.set_references(references);
    Some(st)
}

/// Why a value is no kgforge value.
pub(super) enum Skip {
    NoValue,
    Coarse,
    OutOfRange,
    Unreadable,
}

fn value(
    snak: &RawSnak,
    ctx: &mut Context,
    extra: &mut Vec<(String, String)>,
) -> Result<Value, Skip> {
    match &snak.value {
        RawValue::SomeValue | RawValue::NoValue => Err(Skip::NoValue),
        RawValue::Unreadable => Err(Skip::Unreadable),
        RawValue::Entity(id) => match ctx.entity_ids.get(&**id) {
            Some(entity) => Ok(Value::Entity(entity.clone().into())),
            // A property, lexeme, form or sense: its id as text.
            None => Ok(Value::from(Text::from(&**id))),
        },
        v @ RawValue::Quantity {
            amount,
            lower,
            upper,
            unit,
        } => {
            let whole = ctx.whole.get(&*snak.property).copied().unwrap_or(false);
            if whole && let Some(q) = quantity(v, ctx) {
                return Ok(Value::from(q));
            }
            let amount: f64 = number(amount).ok_or(Skip::Unreadable)?;
            ctx.counts.decimals += 1;
            if let Some(unit) = unit {
                let qid = unit.strip_prefix(WD).unwrap_or(unit);
                let label = (ctx.item_labels.get(qid).map(String::as_str))
                    .or_else(|| super::known::unit_label(qid));
                let text = match label {
                    Some(l) => format!("{l} ({qid})"),
                    None => qid.to_string(),
                };
                extra.push(("quantity unit".into(), text));
            }
            for (bound, name) in [
                (lower, "quantity lower bound"),
                (upper, "quantity upper bound"),
            ] {
                if let Some(b) = bound {
                    extra.push((name.into(), b.trim_start_matches('+').to_string()));
                }
            }
            Ok(Value::Decimal(amount))
        }
        v @ RawValue::Time { .. } => time(v, &mut ctx.counts).map(Value::Date),
        RawValue::Monolingual { text, language } => Ok(Value::from(
            if language.eq_ignore_ascii_case(&ctx.primary) {
                Text::from(&**text)
            } else {
                let tag = crate::model::normalize_language_tag(language)
                    .unwrap_or_else(|| language.to_string());
                Text::in_language(&**text, tag)
            },
        )),
        v @ RawValue::Coordinate { .. } => coordinate(v)
            .map(|c| Value::from(Text::from(c)))
            .ok_or(Skip::Unreadable),
        RawValue::Text(t) => Ok(Value::from(Text::from(&**t))),
    }
}

/// Whether a quantity's amount and bounds are whole numbers.
pub(super) fn whole_quantity(v: &RawValue) -> bool {
    let whole = |n: &str| n.trim_start_matches('+').parse::<i64>().is_ok();
    match v {
        RawValue::Quantity {
            amount,
            lower,
            upper,
            ..
        } => whole(amount) && [lower, upper].into_iter().flatten().all(|b| whole(b)),
        _ => false,
    }
}

/// A whole quantity: exact, or the range of its bounds; its unit.
fn quantity(v: &RawValue, ctx: &mut Context) -> Option<Quantity> {
    let RawValue::Quantity {
        amount,
        lower,
        upper,
        unit,
    } = v
    else {
        return None;
    };
    let whole = |n: &Option<Box<str>>| -> Option<i64> {
        n.as_deref()?.trim_start_matches('+').parse().ok()
    };
    let amount: i64 = amount.trim_start_matches('+').parse().ok()?;
    let bound = match (whole(lower), whole(upper)) {
        (Some(lo), Some(hi)) if lo <= amount && amount <= hi && lo < hi => {
            ctx.counts.ranges += 1;
            Bound::Range(lo, hi)
        }
        _ => Bound::Exact(amount),
    };
    let unit = unit.as_deref().and_then(|u| ctx.unit_ids.get(u).cloned());
    Some(Quantity { bound, unit })
}

fn number(text: &str) -> Option<f64> {
    text.trim_start_matches('+')
        .parse()
        .ok()
        .filter(|x: &f64| x.is_finite())
}

/// A time value as a date of its precision (9 year, 10 month, 11 day; finer ones cut to the
/// day). Wikidata numbers BCE years without a year 0 (`-0044` is 44 BCE); kgforge
/// astronomically (`-0043`). Julian days are converted to the Gregorian calendar.
pub(super) fn time(v: &RawValue, counts: &mut Counts) -> Result<Date, Skip> {
    let RawValue::Time {
        time: text,
        precision,
        julian,
    } = v
    else {
        return Err(Skip::Unreadable);
    };
    let precision = *precision;
    if precision < 9 {
        return Err(Skip::Coarse);
    }
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let date = body.split('T').next().unwrap_or(body);
    let mut parts = date.split('-');
    let year: i64 = (parts.next().and_then(|y| y.parse().ok())).ok_or(Skip::Unreadable)?;
    let month: u8 = parts.next().and_then(|m| m.parse().ok()).unwrap_or(0);
    let day: u8 = parts.next().and_then(|d| d.parse().ok()).unwrap_or(0);
    let year = if negative { 1 - year } else { year };
    let mut ymd = (year, month, day);
    if precision > 11 {
        counts.cut_to_day += 1;
    }
    if precision >= 11 && *julian && month > 0 && day > 0 {
        ymd = julian_to_gregorian(year, month, day);
        counts.julian += 1;
    }
    let (year, month, day) = ymd;
    let year = (i16::try_from(year).ok())
        .filter(|y| (-9999..=9999).contains(y))
        .ok_or(Skip::OutOfRange)?;
    let date = match precision {
        9 => Date::new(year, None, None),
        10 => Date::new(year, Some(month), None),
        _ => Date::new(year, Some(month), Some(day)),
    };
    date.map_err(|_| Skip::Unreadable)
}

/// A day of the proleptic Julian calendar as the same day of the proleptic Gregorian one
/// (through its Julian day number; astronomical years).
fn julian_to_gregorian(year: i64, month: u8, day: u8) -> (i64, u8, u8) {
    let (m, d) = (i64::from(month), i64::from(day));
    let a = (14 - m) / 12;
    let y = year + 4800 - a;
    let mm = m + 12 * a - 3;
    let jdn = d + (153 * mm + 2) / 5 + 365 * y + y.div_euclid(4) - 32083;
    let a = jdn + 32044;
    let b = (4 * a + 3).div_euclid(146_097);
    let c = a - (146_097 * b).div_euclid(4);
    let dd = (4 * c + 3).div_euclid(1461);
    let e = c - (1461 * dd).div_euclid(4);
    let m = (5 * e + 2) / 153;
    let day = e - (153 * m + 2) / 5 + 1;
    let month = m + 3 - 12 * (m / 10);
    let year = 100 * b + dd - 4800 + m / 10;
    (year, month as u8, day as u8)
}

/// A coordinate as WKT, `Point(longitude latitude)` (with the globe's IRI in front when it is
/// not the Earth, as Wikidata's RDF writes it).
fn coordinate(v: &RawValue) -> Option<String> {
    let RawValue::Coordinate {
        latitude,
        longitude,
        globe,
    } = v
    else {
        return None;
    };
    Some(match globe {
        None => format!("Point({longitude} {latitude})"),
        Some(globe) => format!("<{globe}> Point({longitude} {latitude})"),
    })
}

/// A snak's value written as text: an item as `label (Q42)`, a time as its date, a quantity
/// with its unit, a coordinate as WKT.
pub(super) fn render(snak: &RawSnak, ctx: &Context) -> String {
    match &snak.value {
        RawValue::SomeValue => "unknown value".into(),
        RawValue::NoValue => "no value".into(),
        RawValue::Unreadable => String::new(),
        RawValue::Entity(q) => ctx.item_text(q),
        v @ RawValue::Time { time: text, .. } => match time(v, &mut Counts::default()) {
            Ok(d) => d.to_string(),
            Err(_) => text.to_string(),
        },
        RawValue::Quantity { amount, unit, .. } => {
            let amount = amount.trim_start_matches('+');
            match unit {
                Some(u) => {
                    let qid = u.strip_prefix(WD).unwrap_or(u);
                    let unit = super::known::unit_label(qid)
                        .map_or_else(|| ctx.item_text(qid), str::to_string);
                    format!("{amount} {unit}")
                }
                None => amount.to_string(),
            }
        }
        RawValue::Monolingual { text, .. } => text.to_string(),
        v @ RawValue::Coordinate { .. } => coordinate(v).unwrap_or_default(),
        RawValue::Text(t) => t.to_string(),
    }
}

/// A claim's qualifiers: the built-in ones where they fit (the first value of each), every
/// other one free text.
fn qualifiers(claim: &RawClaim, ctx: &mut Context) -> Qualifiers {
    let mut q = Qualifiers::default();
    let mut other: FxHashMap<String, Vec<String>> = FxHashMap::default();
    let mut keys: Vec<String> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut as_text = |snak: &RawSnak, ctx: &Context| {
        let pid = &*snak.property;
        let key = ctx
            .property_ids
            .get(pid)
            .cloned()
            .unwrap_or_else(|| pid.to_string());
        if !other.contains_key(&key) {
            keys.push(key.clone());
        }
        other.entry(key).or_default().push(render(snak, ctx));
    };
    for snak in &claim.qualifiers {
        let pid = &*snak.property;
        let first = !seen.contains(&pid);
        seen.push(pid);
        let slot = match pid {
            "P585" => Some(&mut q.point_in_time),
            "P580" => Some(&mut q.start),
            "P582" => Some(&mut q.end),
            _ => None,
        };
        if let Some(slot) = slot {
            match time(&snak.value, &mut Counts::default()) {
                Ok(d) if first => *slot = Some(d),
                _ => {
                    ctx.counts.qualifiers_as_text += 1;
                    as_text(snak, ctx);
                }
            }
            continue;
        }
        if pid == "P276"
            && first
            && let Some(place) = snak.entity_id().and_then(|e| ctx.entity_ids.get(e))
        {
            q.place = Some(place.clone());
            continue;
        }
        if pid == "P1114"
            && first
            && whole_quantity(&snak.value)
            && let Some(count) = quantity(&snak.value, ctx)
        {
            q.quantity = Some(count);
            continue;
        }
        as_text(snak, ctx);
    }
    if let (Some(start), Some(end)) = (q.start, q.end)
        && start.earliest() > end.latest()
    {
        // A start after the end would be refused: both are kept as text.
        ctx.counts.qualifiers_as_text += 2;
        for (name, d) in [("start time", start), ("end time", end)] {
            keys.push(name.into());
            other.insert(name.into(), vec![d.to_string()]);
        }
        q.start = None;
        q.end = None;
    }
    for key in keys {
        if let Some(values) = other.remove(&key) {
            q.other.insert(key, values.join("; "));
        }
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    const JULIAN: &str = "http://www.wikidata.org/entity/Q1985786";

    #[test]
    fn julian_days_become_gregorian_ones() {
        // Newton's birth: 25 December 1642 (Julian) is 4 January 1643 (Gregorian).
        assert_eq!(julian_to_gregorian(1642, 12, 25), (1643, 1, 4));
        // The Ides of March, 44 BCE (astronomical -43): 13 March in the proleptic Gregorian.
        assert_eq!(julian_to_gregorian(-43, 3, 15), (-43, 3, 13));
        // The switch: 5 October 1582 (Julian) is 15 October (Gregorian).
        assert_eq!(julian_to_gregorian(1582, 10, 5), (1582, 10, 15));
    }

    #[test]
    fn times_keep_their_precision_and_number_bce_years_astronomically() {
        let t = |time: &str, precision: u8, calendar: &str| {
            let v = RawValue::Time {
                time: time.into(),
                precision,
                julian: calendar == JULIAN,
            };
            time_text(&v)
        };
        fn time_text(v: &RawValue) -> String {
            match time(v, &mut Counts::default()) {
                Ok(d) => d.to_string(),
                Err(Skip::Coarse) => "coarse".into(),
                Err(Skip::OutOfRange) => "range".into(),
                Err(Skip::Unreadable | Skip::NoValue) => "unreadable".into(),
            }
        }
        let gregorian = "http://www.wikidata.org/entity/Q1985727";
        assert_eq!(t("+1965-12-10T00:00:00Z", 11, gregorian), "1965-12-10");
        assert_eq!(t("+2020-00-00T00:00:00Z", 9, gregorian), "2020");
        assert_eq!(t("+1945-08-00T00:00:00Z", 10, gregorian), "1945-08");
        assert_eq!(t("+1800-00-00T00:00:00Z", 7, gregorian), "coarse");
        assert_eq!(t("-0044-03-15T00:00:00Z", 11, JULIAN), "-0043-03-13");
        assert_eq!(t("+13798000000-00-00T00:00:00Z", 9, gregorian), "range");
    }
}
