//! What a person needs when a SPARQL query goes wrong: a syntax error as one line with the
//! place marked (not the parser's set of expected Unicode ranges), and the prefixed names of
//! a query that name nothing in the store, with the closest name that does.

use std::collections::BTreeSet;

use oxigraph::model::{NamedNodeRef, Term};
use oxigraph::store::Store;

use crate::diag::did_you_mean;

/// A syntax error of Oxigraph's parser (`error at 1:29: expected one of …`) made short: what
/// was expected (literal tokens only), the line of the query and a caret under the place.
/// An undefined prefix is said so, with a did-you-mean among `prefixes`.
pub(super) fn short_syntax_error(
    query: &str,
    raw: &str,
    prefixes: &[(&'static str, String)],
) -> String {
    let names: Vec<&str> = prefixes.iter().map(|(name, _)| *name).collect();
    // A prefix that is neither predeclared nor declared is the error, wherever the parser
    // noticed something (in a FILTER it may blame a later token).
    let declared = declared_prefixes(query);
    if let Some((offset, prefix, _)) = prefixed_names(query)
        .into_iter()
        .find(|(_, p, _)| !names.contains(p) && !declared.contains(p))
    {
        let line = query[..offset].matches('\n').count() + 1;
        let line_start = query[..offset].rfind('\n').map_or(0, |i| i + 1);
        let column = query[line_start..offset].chars().count() + 1;
        let text = query[line_start..].lines().next().unwrap_or("");
        let hint = did_you_mean(prefix, names.iter().copied())
            .map(|p| format!("did you mean `{p}:`? "))
            .unwrap_or_default();
        return format!(
            "line {line}, column {column}: the prefix `{prefix}:` is not declared; {hint}kgforge \
             predeclares {} (or declare it: PREFIX {prefix}: <…>)\n{}",
            names
                .iter()
                .map(|n| format!("{n}:"))
                .collect::<Vec<_>>()
                .join(" "),
            caret(text, column)
        );
    }
    let Some((line, column, expected)) = parse_location(raw) else {
        return raw.lines().next().unwrap_or(raw).to_string();
    };
    let text = query.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let tokens = literal_tokens(expected);
    let what = if tokens.is_empty() {
        "unexpected text here".to_string()
    } else {
        format!("expected {}", tokens.join(" or "))
    };
    format!(
        "line {line}, column {column}: {what}\n{}",
        caret(text, column)
    )
}

/// The prefixes a query declares itself (`PREFIX ex: <…>`).
fn declared_prefixes(query: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let lower = query.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("prefix") {
        let start = from + i + "prefix".len();
        from = start;
        let rest = &query[start..];
        let trimmed = rest.trim_start();
        if trimmed.len() == rest.len() {
            continue;
        }
        if let Some(colon) = trimmed.find(':') {
            let name = &trimmed[..colon];
            if name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
            {
                out.push(name);
            }
        }
    }
    out
}

/// `(line, column, expected)` from `error at L:C: expected …`.
fn parse_location(raw: &str) -> Option<(usize, usize, &str)> {
    let rest = raw.strip_prefix("error at ")?;
    let (place, expected) = rest.split_once(": ")?;
    let (line, column) = place.split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?, expected))
}

/// The quoted tokens and keywords of an `expected one of …` list, character classes left
/// out: `","`, `"}"`, `CONSTRUCT`.
fn literal_tokens(expected: &str) -> Vec<String> {
    let list = expected
        .strip_prefix("expected one of ")
        .or_else(|| expected.strip_prefix("expected "))
        .unwrap_or(expected);
    let mut tokens = Vec::new();
    let (mut depth, mut quoted) = (0usize, false);
    let mut current = String::new();
    for c in list.chars() {
        match c {
            '"' if depth == 0 => {
                quoted = !quoted;
                current.push(c);
            }
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth = depth.saturating_sub(1),
            ',' if !quoted && depth == 0 => {
                push_token(&mut tokens, &current);
                current.clear();
            }
            _ if depth == 0 => current.push(c),
            _ => {}
        }
    }
    push_token(&mut tokens, &current);
    tokens.truncate(10);
    tokens
}

fn push_token(tokens: &mut Vec<String>, token: &str) {
    let token = token.trim();
    if token.is_empty() || token.contains('\n') {
        return;
    }
    let shown = match token.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) => format!("`{inner}`"),
        None => token.to_string(),
    };
    if !tokens.contains(&shown) {
        tokens.push(shown);
    }
}

/// The line (a window of it around the column when long) and a caret under the column.
fn caret(line: &str, column: usize) -> String {
    const WINDOW: usize = 70;
    let chars: Vec<char> = line.chars().collect();
    let at = column.saturating_sub(1).min(chars.len());
    let start = if chars.len() <= WINDOW {
        0
    } else {
        at.saturating_sub(WINDOW / 2)
    };
    let end = (start + WINDOW).min(chars.len());
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end < chars.len() { "…" } else { "" };
    let shown: String = chars[start..end].iter().collect();
    let pad = " ".repeat(at - start + lead.chars().count());
    format!("  {lead}{shown}{tail}\n  {pad}^")
}

/// A prefixed name of a query that no triple of the store uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// As written: `prop:signd_by`.
    pub name: String,
    /// The closest name with the same prefix that the store holds: `prop:signed_by`.
    pub suggestion: Option<String>,
}

/// The prefixed names in `query` (outside strings, comments and IRIs) whose prefix is one of
/// `prefixes` and whose IRI no triple of `store` has as subject, predicate or object.
pub(super) fn unknown_names(
    store: &Store,
    query: &str,
    prefixes: &[(&'static str, String)],
) -> Vec<UnknownName> {
    let mut unknown: Vec<(String, &str, String)> = Vec::new();
    for (_, prefix, local) in prefixed_names(query) {
        let Some((_, namespace)) = prefixes.iter().find(|(p, _)| *p == prefix) else {
            continue;
        };
        let iri = format!("{namespace}{local}");
        let name = format!("{prefix}:{local}");
        if unknown.iter().any(|(n, ..)| *n == name) || used(store, &iri) {
            continue;
        }
        unknown.push((name, namespace, local.to_string()));
    }
    if unknown.is_empty() {
        return Vec::new();
    }
    // The local names each namespace has in the store, gathered in one pass.
    let namespaces: BTreeSet<&str> = unknown.iter().map(|(_, ns, _)| *ns).collect();
    let mut seen: Vec<(&str, BTreeSet<String>)> = namespaces
        .into_iter()
        .map(|ns| (ns, BTreeSet::new()))
        .collect();
    for quad in store.iter().flatten() {
        let terms = [
            Term::from(quad.subject),
            Term::from(quad.predicate),
            quad.object,
        ];
        for term in terms {
            if let Term::NamedNode(node) = term {
                for (ns, names) in &mut seen {
                    if let Some(local) = node.as_str().strip_prefix(*ns) {
                        names.insert(local.to_string());
                    }
                }
            }
        }
    }
    unknown
        .into_iter()
        .map(|(name, ns, local)| {
            let names = seen.iter().find(|(n, _)| *n == ns).map(|(_, s)| s);
            let prefix = name.split(':').next().unwrap_or_default();
            let suggestion = names
                .and_then(|names| did_you_mean(&local, names.iter().map(String::as_str)))
                .map(|best| format!("{prefix}:{best}"));
            UnknownName { name, suggestion }
        })
        .collect()
}

/// Whether any triple has this IRI as its subject, predicate or object.
fn used(store: &Store, iri: &str) -> bool {
    let Ok(node) = NamedNodeRef::new(iri) else {
        return false;
    };
    let some = |mut it: oxigraph::store::QuadIter<'_>| it.next().is_some();
    some(store.quads_for_pattern(Some(node.into()), None, None, None))
        || some(store.quads_for_pattern(None, Some(node), None, None))
        || some(store.quads_for_pattern(None, None, Some(node.into()), None))
}

/// `(prefix, local)` for each prefixed name in a query, skipping strings, comments, IRIs,
/// variables and `PREFIX` declarations.
fn prefixed_names(query: &str) -> Vec<(usize, &str, &str)> {
    let bytes = query.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let name_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.';
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            quote @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'<' => {
                let end = bytes[i + 1..]
                    .iter()
                    .position(|&b| b <= b' ' || b"<\"{}|^`\\>".contains(&b));
                if let Some(e) = end.filter(|&e| bytes[i + 1 + e] == b'>') {
                    i += e + 1;
                }
            }
            b'?' | b'$' => {
                i += 1;
                while i < bytes.len() && name_byte(bytes[i]) {
                    i += 1;
                }
                continue;
            }
            b if b.is_ascii_alphabetic() => {
                let start = i;
                while i < bytes.len() && name_byte(bytes[i]) {
                    i += 1;
                }
                if i < bytes.len() && bytes[i] == b':' {
                    let prefix = &query[start..i];
                    let local_start = i + 1;
                    i += 1;
                    while i < bytes.len() && name_byte(bytes[i]) {
                        i += 1;
                    }
                    let local = query[local_start..i].trim_end_matches('.');
                    if !local.is_empty() {
                        out.push((start, prefix, local));
                    }
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixed_names_are_found_outside_strings_comments_and_iris() {
        let q = "PREFIX ex: <http://x/a:b> SELECT ?s:x WHERE { ?s prop:signd_by entity:a . \
                 ?s rdfs:label \"p:q\" } # c:d";
        let names: Vec<_> = prefixed_names(q)
            .into_iter()
            .map(|(_, p, l)| (p, l))
            .collect();
        assert_eq!(
            names,
            [("prop", "signd_by"), ("entity", "a"), ("rdfs", "label")]
        );
    }

    #[test]
    fn syntax_errors_keep_tokens_and_mark_the_place() {
        let raw = "error at 1:45: expected one of \",\", \".\", \";\", \"{\", \"}\", [_]";
        let query = "SELECT ?x WHERE { ?x prop:surrendered_to ?y ";
        let short = short_syntax_error(query, raw, &[("prop", "http://x/prop/".to_string())]);
        assert!(
            short.starts_with("line 1, column 45: expected `,` or `.` or `;` or `{` or `}`"),
            "{short}"
        );
        assert!(
            short.ends_with(&format!("\n  {}^", " ".repeat(44))),
            "{short}"
        );
    }
}
