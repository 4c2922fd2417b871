//! Escaping: the one function for DOT quoted strings and the one for HTML-like labels.

use std::fmt::{self, Write as _};
/// A string written as a DOT quoted string, quotes included (see [`escape_quoted`]).
pub(super) struct Quoted<'a>(pub(super) &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        escape_quoted(self.0, f)?;
        f.write_char('"')
    }
}

/// Text escaped for the inside of a DOT quoted string, without the quotes: for a quoted
/// string that begins with fixed text (`"entity-…"`).
pub(super) struct Unquoted<'a>(pub(super) &'a str);

impl fmt::Display for Unquoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        escape_quoted(self.0, f)
    }
}

/// Escapes text for the inside of a DOT quoted string; the one escaping function for every
/// quoted ID and attribute.
///
/// `"` becomes `\"` (the grammar's only escape). `\` becomes `\\`, because labels and
/// tooltips are Graphviz escStrings where `\n`, `\l`, `\N`, `\G`, … are interpreted and `\\`
/// is a literal backslash. `&` becomes `&amp;`: Graphviz decodes entity references (`&amp;`,
/// `&lt;`, `&#65;`) in quoted strings too, not only in HTML-like labels, while it keeps a bare
/// `&` (`AT&T`) as it is; escaped, every `&` shows as itself (checked against `dot` 2.43, in
/// labels, tooltips, cluster labels and IDs alike; SVG `href`s get the same URL either way). Line breaks (LF, CRLF, CR, U+2028, U+2029) become `\n`, a centred
/// line break; other control characters become spaces and the non-characters U+FFFE and
/// U+FFFF become U+FFFD, so the SVG stays well-formed XML. Everything else, non-Latin scripts
/// and emoji included, passes through as UTF-8 (Graphviz's default charset).
///
/// Known limit, checked against `dot` 2.43: Graphviz unescapes tooltips (SVG `xlink:title`) a
/// second time, so in a tooltip two backslashes in a row show as one and a text `\N` shows
/// the object's name. Labels, HTML labels and IDs come out exactly.
pub(super) fn escape_quoted(s: &str, out: &mut impl fmt::Write) -> fmt::Result {
    escape_by(
        s,
        out,
        |b| QUOTED_CANDIDATES[usize::from(b)],
        |c| match c {
            '"' => Some("\\\""),
            '&' => Some("&amp;"),
            '\\' => Some("\\\\"),
            '\r' | '\n' | '\u{2028}' | '\u{2029}' => Some("\\n"),
            c if c.is_control() => Some(" "),
            // Not characters to XML: they would make the SVG ill-formed.
            '\u{fffe}' | '\u{ffff}' => Some("\u{fffd}"),
            _ => None,
        },
    )
}

/// Escapes text for an HTML-like label (between `<` and `>`); the one escaping function for
/// them.
///
/// `&`, `<`, `>` and `"` become entities; `\` becomes `\\`, because Graphviz also applies
/// escString substitution (`\N` → the node's name) to HTML-like labels; line breaks become
/// `<BR/>`; other control characters (which XML forbids or Graphviz drops) become spaces, and
/// the non-characters U+FFFE and U+FFFF become U+FFFD.
pub(super) fn escape_html(s: &str, out: &mut impl fmt::Write) -> fmt::Result {
    escape_by(
        s,
        out,
        |b| HTML_CANDIDATES[usize::from(b)],
        |c| match c {
            '&' => Some("&amp;"),
            '<' => Some("&lt;"),
            '>' => Some("&gt;"),
            '"' => Some("&quot;"),
            '\\' => Some("\\\\"),
            '\r' | '\n' | '\u{2028}' | '\u{2029}' => Some("<BR/>"),
            c if c.is_control() => Some(" "),
            // Not characters to XML, so Graphviz's HTML parser would reject them.
            '\u{fffe}' | '\u{ffff}' => Some("\u{fffd}"),
            _ => None,
        },
    )
}

/// Writes `s` with each character `replace` has a replacement for replaced, and the runs
/// between them written whole; a CR followed by LF is one line break, replaced once.
///
/// Only characters starting with a `candidate` byte (ASCII, or a lead byte) are decoded and
/// offered to `replace`: a bulk export escapes millions of names and tooltips, most of them
/// with an arrow or a non-Latin name but nothing to replace.
fn escape_by(
    s: &str,
    out: &mut impl fmt::Write,
    candidate: impl Fn(u8) -> bool,
    replace: impl Fn(char) -> Option<&'static str>,
) -> fmt::Result {
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut at = 0;
    while let Some(found) = bytes[at..].iter().position(|&b| candidate(b)) {
        let i = at + found;
        // A candidate byte is ASCII or a lead byte, so `i` is a character boundary.
        let c = s[i..].chars().next().unwrap_or_default();
        at = i + c.len_utf8();
        let Some(with) = replace(c) else { continue };
        out.write_str(&s[start..i])?;
        out.write_str(with)?;
        if c == '\r' && bytes.get(at) == Some(&b'\n') {
            at += 1;
        }
        start = at;
    }
    out.write_str(&s[start..])
}

/// Whether byte `b` may belong to a character both escapers change: a backslash, an ASCII
/// control, or the first byte of a C1 control (U+0080–U+009F), U+2028/U+2029 or
/// U+FFFE/U+FFFF. Text without any such byte is written as it is, without decoding it
/// (a bulk export escapes millions of names).
const fn may_need_escape(b: u8) -> bool {
    b < 0x20 || matches!(b, b'\\' | 0x7F | 0xC2 | 0xE2 | 0xEF)
}

/// The bytes that may begin a character [`escape_quoted`] changes, as a table: one load per
/// byte where the comparisons took several (a bulk DOT export scans a gigabyte of tooltips).
static QUOTED_CANDIDATES: [bool; 256] = candidates(b"\"&");

/// The bytes that may begin a character [`escape_html`] changes.
static HTML_CANDIDATES: [bool; 256] = candidates(b"\"&<>");

/// [`may_need_escape`] and the `extra` bytes, as a table.
const fn candidates(extra: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = may_need_escape(b as u8);
        b += 1;
    }
    let mut i = 0;
    while i < extra.len() {
        table[extra[i] as usize] = true;
        i += 1;
    }
    table
}

pub(super) fn html_into(out: &mut String, s: &str) {
    // Writing to a String cannot fail.
    let _ = escape_html(s, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(s: &str) -> String {
        Quoted(s).to_string()
    }

    fn html(s: &str) -> String {
        let mut out = String::new();
        html_into(&mut out, s);
        out
    }

    #[test]
    fn quoted_strings_escape_quotes_backslashes_and_newlines() {
        assert_eq!(quoted(r#"say "hi""#), r#""say \"hi\"""#);
        assert_eq!(quoted(r"a\b"), r#""a\\b""#);
        assert_eq!(quoted(r"\N and \n"), r#""\\N and \\n""#);
        assert_eq!(quoted(r"\\\"), r#""\\\\\\""#);
        assert_eq!(quoted("trailing\\"), r#""trailing\\""#);
        assert_eq!(
            quoted("one\ntwo\r\nthree\rfour"),
            r#""one\ntwo\nthree\nfour""#
        );
        assert_eq!(quoted("tab\there\u{7}"), "\"tab here \"");
        assert_eq!(quoted(""), "\"\"");
        assert_eq!(quoted("\u{fffe}"), "\"\u{fffd}\"");
    }

    #[test]
    fn quoted_strings_keep_dot_syntax_and_unicode_as_text() {
        for s in [
            "<b>bold</b>",
            "{braces} [brackets] ;semi, comma",
            "a:b:c",
            "graph -> edge -- node",
            "関東軍 Квантунская армия عقدة",
            "🚀 👩‍👩‍👧",
            "zero\u{200b}width",
        ] {
            assert_eq!(quoted(s), format!("\"{s}\""));
        }
        // Keywords are just strings once quoted.
        for keyword in ["node", "edge", "graph", "subgraph", "strict", "digraph"] {
            assert_eq!(quoted(keyword), format!("\"{keyword}\""));
        }
    }

    #[test]
    fn quoted_strings_escape_ampersands_so_graphviz_decodes_no_entity() {
        assert_eq!(quoted("R&amp;D"), r#""R&amp;amp;D""#);
        assert_eq!(
            quoted("&lt;&#65;&#x41;"),
            r#""&amp;lt;&amp;#65;&amp;#x41;""#
        );
        assert_eq!(quoted("AT&T & co"), r#""AT&amp;T &amp; co""#);
        assert_eq!(quoted("\"&\\"), r#""\"&amp;\\""#);
    }

    #[test]
    fn html_labels_escape_markup_and_backslashes() {
        assert_eq!(html("<b>&amp;\"</b>"), "&lt;b&gt;&amp;amp;&quot;&lt;/b&gt;");
        assert_eq!(html(r"\N"), r"\\N");
        assert_eq!(html("a\nb\r\nc"), "a<BR/>b<BR/>c");
        assert_eq!(html("x\ty\u{0}"), "x y ");
        assert_eq!(html("{a}: [b] | c"), "{a}: [b] | c");
        assert_eq!(html("関東軍 🚀 عقدة"), "関東軍 🚀 عقدة");
        assert_eq!(html("]]> -->"), "]]&gt; --&gt;");
        assert_eq!(html("\u{ffff}"), "\u{fffd}");
    }

    #[test]
    fn the_candidate_tables_are_the_predicate() {
        for b in 0..=255u8 {
            let base = may_need_escape(b);
            assert_eq!(
                QUOTED_CANDIDATES[usize::from(b)],
                base || matches!(b, b'"' | b'&')
            );
            assert_eq!(
                HTML_CANDIDATES[usize::from(b)],
                base || matches!(b, b'"' | b'&' | b'<' | b'>')
            );
        }
    }

    #[test]
    fn characters_that_share_a_lead_byte_with_an_escaped_one_pass_through() {
        // U+2192 and U+2028 both begin with 0xE2, U+00E9 and U+0085 with 0xC2/0xC3, U+FFFD
        // and U+FFFE with 0xEF: only the second of each pair is replaced.
        assert_eq!(
            quoted("a → b\u{2028}c é\u{85}d \u{fffd}\u{fffe}\"q\r\n"),
            "\"a → b\\nc é d \u{fffd}\u{fffd}\\\"q\\n\""
        );
        assert_eq!(html("→<\u{2029}>\u{a0}\u{9f}"), "→&lt;<BR/>&gt;\u{a0} ");
        assert_eq!(Unquoted("x → \"y\"").to_string(), "x → \\\"y\\\"");
    }
}
