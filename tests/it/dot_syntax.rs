//! A DOT syntax check that needs no Graphviz: the grammar of
//! <https://graphviz.org/doc/info/lang.html> as Graphviz's own scanner and parser read it
//! (`lib/cgraph/scan.l`, `grammar.y`), plus the XML of HTML-like labels.
//!
//! Why not a crate: the well-kept DOT parser on crates.io (`dot-parser`) is GPL, the others
//! are partial, and `graphviz-rust` pulls in a pest grammar and more for one check. The
//! grammar is small; this is a recogniser for it, stricter than Graphviz where Graphviz would
//! only warn (a number glued to a name, an unknown HTML element, an unknown entity).
//!
//! Self-contained on purpose: the fuzz crate includes this file with `#[path]`.

/// Checks that `text` is one DOT graph that Graphviz parses without error or warning.
///
/// # Errors
/// What is wrong and the byte offset where.
pub fn check(text: &str) -> Result<(), String> {
    let tokens = lex(text)?;
    let mut parser = Parser {
        tokens: &tokens,
        at: 0,
        directed: false,
        depth: 0,
    };
    parser.graph()?;
    match tokens.get(parser.at) {
        None => Ok(()),
        Some(t) => Err(format!("at byte {}: text after the graph", t.offset)),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// A name, numeral, quoted string or HTML string.
    Id { quoted: bool },
    /// `node`, `edge`, `graph`, `digraph`, `subgraph`, `strict` (any case).
    Keyword(&'static str),
    /// `->` (true) or `--` (false).
    EdgeOp(bool),
    /// `{ } [ ] = ; , : +`
    Punct(char),
}

#[derive(Debug)]
struct Token {
    kind: Kind,
    offset: usize,
}

const KEYWORDS: [&str; 6] = ["node", "edge", "graph", "digraph", "subgraph", "strict"];

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || !c.is_ascii()
}

fn is_name_char(c: char) -> bool {
    is_name_start(c) || c.is_ascii_digit()
}

fn lex(text: &str) -> Result<Vec<Token>, String> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    let at_line_start = |i: usize| i == 0 || bytes[i - 1] == b'\n';
    while i < bytes.len() {
        let c = text[i..].chars().next().expect("in bounds");
        let start = i;
        match c {
            ' ' | '\t' | '\r' | '\n' => i += 1,
            '#' if at_line_start(i) => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            '/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            '/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..]
                    .find("*/")
                    .ok_or_else(|| format!("at byte {i}: unterminated comment"))?;
                i += 2 + end + 2;
            }
            '-' if matches!(bytes.get(i + 1), Some(b'>' | b'-')) => {
                tokens.push(Token {
                    kind: Kind::EdgeOp(bytes[i + 1] == b'>'),
                    offset: i,
                });
                i += 2;
            }
            '"' => {
                i += 1;
                loop {
                    match bytes.get(i) {
                        None => return Err(format!("at byte {start}: unterminated string")),
                        Some(b'"') => break,
                        // `\"`, `\\` and a backslash-newline are the scanner's pairs.
                        Some(b'\\') if matches!(bytes.get(i + 1), Some(b'"' | b'\\' | b'\n')) => {
                            i += 2
                        }
                        Some(_) => i += 1,
                    }
                }
                i += 1;
                tokens.push(Token {
                    kind: Kind::Id { quoted: true },
                    offset: start,
                });
            }
            '<' => {
                let mut depth = 0usize;
                loop {
                    match bytes.get(i) {
                        None => return Err(format!("at byte {start}: unterminated HTML string")),
                        Some(b'<') => depth += 1,
                        Some(b'>') => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        Some(_) => {}
                    }
                    i += 1;
                }
                check_html(&text[start + 1..i]).map_err(|e| format!("at byte {start}: {e}"))?;
                i += 1;
                tokens.push(Token {
                    kind: Kind::Id { quoted: false },
                    offset: start,
                });
            }
            c if is_name_start(c) => {
                let end = text[i..]
                    .find(|c: char| !is_name_char(c))
                    .map_or(bytes.len(), |n| i + n);
                let word = &text[i..end];
                let kind = match KEYWORDS.iter().find(|k| k.eq_ignore_ascii_case(word)) {
                    Some(k) => Kind::Keyword(k),
                    None => Kind::Id { quoted: false },
                };
                tokens.push(Token { kind, offset: i });
                i = end;
            }
            '-' | '.' | '0'..='9' => {
                // [-]?(.[0-9]+ | [0-9]+(.[0-9]*)?)
                let mut j = i + usize::from(c == '-');
                let digits = |j: &mut usize| {
                    let from = *j;
                    while bytes.get(*j).is_some_and(u8::is_ascii_digit) {
                        *j += 1;
                    }
                    *j - from
                };
                let whole = digits(&mut j);
                let mut fraction = 0;
                if bytes.get(j) == Some(&b'.') {
                    j += 1;
                    fraction = digits(&mut j);
                }
                if whole == 0 && fraction == 0 {
                    return Err(format!("at byte {i}: stray `{c}`"));
                }
                if text[j..].starts_with(is_name_char) || text[j..].starts_with('.') {
                    return Err(format!("at byte {i}: a number runs into a name"));
                }
                tokens.push(Token {
                    kind: Kind::Id { quoted: false },
                    offset: i,
                });
                i = j;
            }
            '{' | '}' | '[' | ']' | '=' | ';' | ',' | ':' | '+' => {
                tokens.push(Token {
                    kind: Kind::Punct(c),
                    offset: i,
                });
                i += 1;
            }
            c => return Err(format!("at byte {i}: unexpected {c:?}")),
        }
    }
    Ok(tokens)
}

struct Parser<'t> {
    tokens: &'t [Token],
    at: usize,
    directed: bool,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Kind> {
        self.tokens.get(self.at).map(|t| &t.kind)
    }

    fn error<T>(&self, what: &str) -> Result<T, String> {
        match self.tokens.get(self.at) {
            Some(t) => Err(format!(
                "at byte {}: expected {what}, found {:?}",
                t.offset, t.kind
            )),
            None => Err(format!("at the end: expected {what}")),
        }
    }

    fn eat(&mut self, kind: &Kind) -> bool {
        if self.peek() == Some(kind) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, kind: Kind, what: &str) -> Result<(), String> {
        if self.eat(&kind) {
            Ok(())
        } else {
            self.error(what)
        }
    }

    /// `[strict] (graph | digraph) [ID] '{' stmt_list '}'`
    fn graph(&mut self) -> Result<(), String> {
        self.eat(&Kind::Keyword("strict"));
        if self.eat(&Kind::Keyword("digraph")) {
            self.directed = true;
        } else if !self.eat(&Kind::Keyword("graph")) {
            return self.error("`graph` or `digraph`");
        }
        if matches!(self.peek(), Some(Kind::Id { .. })) {
            self.atom()?;
        }
        self.body()
    }

    /// `'{' stmt_list '}'`
    fn body(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > 100 {
            return self.error("less deeply nested subgraphs");
        }
        self.expect(Kind::Punct('{'), "`{`")?;
        while !self.eat(&Kind::Punct('}')) {
            if self.peek().is_none() {
                return self.error("`}`");
            }
            self.statement()?;
            self.eat(&Kind::Punct(';'));
        }
        self.depth -= 1;
        Ok(())
    }

    fn statement(&mut self) -> Result<(), String> {
        match self.peek() {
            Some(Kind::Keyword("graph" | "node" | "edge")) => {
                self.at += 1;
                self.attr_lists(true)
            }
            Some(Kind::Id { .. })
                if self.tokens.get(self.at + 1).map(|t| &t.kind) == Some(&Kind::Punct('=')) =>
            {
                self.atom()?;
                self.at += 1;
                self.atom()
            }
            _ => {
                self.simple()?;
                while matches!(self.peek(), Some(Kind::EdgeOp(_))) {
                    let Some(Kind::EdgeOp(directed)) = self.peek() else {
                        unreachable!()
                    };
                    if *directed != self.directed {
                        return self.error(if self.directed { "`->`" } else { "`--`" });
                    }
                    self.at += 1;
                    self.simple()?;
                }
                self.attr_lists(false)
            }
        }
    }

    /// A node list (`a, b:port`) or a subgraph.
    fn simple(&mut self) -> Result<(), String> {
        match self.peek() {
            Some(Kind::Keyword("subgraph")) => {
                self.at += 1;
                if matches!(self.peek(), Some(Kind::Id { .. })) {
                    self.atom()?;
                }
                self.body()
            }
            Some(Kind::Punct('{')) => self.body(),
            Some(Kind::Id { .. }) => loop {
                self.atom()?;
                for _ in 0..2 {
                    if self.eat(&Kind::Punct(':')) {
                        self.atom()?;
                    }
                }
                if !self.eat(&Kind::Punct(',')) {
                    return Ok(());
                }
            },
            _ => self.error("a node, a subgraph or a statement"),
        }
    }

    /// `attr_list : '[' [a_list] ']' [attr_list]`; `required` for attribute statements.
    fn attr_lists(&mut self, required: bool) -> Result<(), String> {
        if required && self.peek() != Some(&Kind::Punct('[')) {
            return self.error("`[`");
        }
        while self.eat(&Kind::Punct('[')) {
            while !self.eat(&Kind::Punct(']')) {
                self.atom()?;
                self.expect(Kind::Punct('='), "`=`")?;
                self.atom()?;
                if !self.eat(&Kind::Punct(',')) {
                    self.eat(&Kind::Punct(';'));
                }
            }
        }
        Ok(())
    }

    /// An ID; quoted strings may be joined with `+`.
    fn atom(&mut self) -> Result<(), String> {
        match self.peek() {
            Some(Kind::Id { quoted }) => {
                let quoted = *quoted;
                self.at += 1;
                if quoted {
                    while self.peek() == Some(&Kind::Punct('+')) {
                        self.at += 1;
                        if self.peek() != Some(&Kind::Id { quoted: true }) {
                            return self.error("a quoted string after `+`");
                        }
                        self.at += 1;
                    }
                }
                Ok(())
            }
            _ => self.error("an ID"),
        }
    }
}

/// The elements Graphviz's HTML-like labels know.
const HTML_ELEMENTS: [&str; 15] = [
    "TABLE", "TR", "TD", "FONT", "B", "I", "U", "O", "S", "SUB", "SUP", "BR", "HR", "VR", "IMG",
];

/// Checks the inside of an HTML-like label: well-formed XML (balanced elements, quoted
/// attributes, `&` only in `&amp;`-style references) using only Graphviz's elements.
fn check_html(html: &str) -> Result<(), String> {
    let mut open: Vec<&str> = Vec::new();
    let mut rest = html;
    let offset = |rest: &str| html.len() - rest.len();
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => {
                let end = rest
                    .find('>')
                    .ok_or_else(|| format!("HTML: unclosed tag at {}", offset(rest)))?;
                let tag = &rest[1..end];
                if let Some(name) = tag.strip_prefix('/') {
                    match open.pop() {
                        Some(o) if o.eq_ignore_ascii_case(name.trim_end()) => {}
                        other => {
                            return Err(format!(
                                "HTML: </{name}> closes {other:?} at {}",
                                offset(rest)
                            ));
                        }
                    }
                } else {
                    let (tag, empty) = match tag.strip_suffix('/') {
                        Some(t) => (t, true),
                        None => (tag, false),
                    };
                    let name_end = tag
                        .find(|c: char| c.is_ascii_whitespace())
                        .unwrap_or(tag.len());
                    let name = &tag[..name_end];
                    if !HTML_ELEMENTS.iter().any(|e| e.eq_ignore_ascii_case(name)) {
                        return Err(format!(
                            "HTML: unknown element <{name}> at {}",
                            offset(rest)
                        ));
                    }
                    check_attributes(&tag[name_end..])
                        .map_err(|e| format!("HTML: <{name}> at {}: {e}", offset(rest)))?;
                    if !empty {
                        open.push(name);
                    }
                }
                rest = &rest[end + 1..];
            }
            '>' => return Err(format!("HTML: a bare `>` at {}", offset(rest))),
            '&' => {
                let len = reference_len(rest)
                    .ok_or_else(|| format!("HTML: a bare `&` at {}", offset(rest)))?;
                rest = &rest[len..];
            }
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {
                return Err(format!("HTML: control character {c:?} at {}", offset(rest)));
            }
            c => rest = &rest[c.len_utf8()..],
        }
    }
    match open.pop() {
        None => Ok(()),
        Some(name) => Err(format!("HTML: <{name}> is never closed")),
    }
}

/// `NAME="value"` pairs, values without `<` and with `&` only in references.
fn check_attributes(mut attributes: &str) -> Result<(), String> {
    loop {
        attributes = attributes.trim_start();
        if attributes.is_empty() {
            return Ok(());
        }
        let eq = attributes.find('=').ok_or("an attribute without a value")?;
        let name = attributes[..eq].trim_end();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(format!("bad attribute name {name:?}"));
        }
        let value = attributes[eq + 1..].trim_start();
        let quote = value
            .chars()
            .next()
            .filter(|q| matches!(q, '"' | '\''))
            .ok_or("an unquoted attribute value")?;
        let end = value[1..]
            .find(quote)
            .ok_or("an unterminated attribute value")?;
        let mut text = &value[1..=end];
        while let Some(i) = text.find(['&', '<']) {
            if text[i..].starts_with('<') {
                return Err("`<` in an attribute value".into());
            }
            let len = reference_len(&text[i..]).ok_or("a bare `&` in an attribute value")?;
            text = &text[i + len..];
        }
        attributes = &value[end + 2..];
    }
}

/// The length of a character reference at the start of `s` (`&amp;`, `&#233;`, `&#xE9;`).
fn reference_len(s: &str) -> Option<usize> {
    let end = s.find(';')?;
    let body = &s[1..end];
    let ok = match body.strip_prefix('#') {
        Some(n) => match n.strip_prefix(['x', 'X']) {
            Some(hex) => !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()),
            None => !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()),
        },
        None => matches!(body, "amp" | "lt" | "gt" | "quot" | "apos"),
    };
    ok.then_some(end + 1)
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn accepts_the_grammar() {
        for ok in [
            "digraph {}",
            "strict digraph \"g\" { a -> b -> c [label=x, color=\"red\"]; }",
            "graph G { a -- b; subgraph cluster_1 { c } { d e } -- f }",
            "digraph { node [shape=box] [style=filled]; rankdir=LR; a:n -> b:p:s }",
            "digraph { a [label=<<B>x</B><BR/>&amp; &#233;<FONT COLOR=\"#fff\">y</FONT>>] }",
            "digraph { \"a\\\"b\\\\\" + \"c\" -> -1.5 }",
            "/* c */ digraph { // line\n# cpp\n a }",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_what_graphviz_refuses() {
        for bad in [
            "",
            "digraph {",
            "digraph { a -- b }",
            "graph { a -> b }",
            "digraph { \"open }",
            "digraph { \"a\\\\\" b\" }",
            "digraph { a [label] }",
            "digraph { a [label=<<B>x>] }",
            "digraph { a [label=<x & y>] }",
            "digraph { a [label=<<BLINK>x</BLINK>>] }",
            "digraph { 1a }",
            "digraph { a } b",
            "digraph { a [label=\"x\" + y] }",
        ] {
            assert!(check(bad).is_err(), "accepted {bad:?}");
        }
    }
}
