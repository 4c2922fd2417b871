//! XML escaping for the XML formats kgforge writes itself (GraphML, GEXF).

use std::fmt;

/// Text escaped for XML character data and attribute values: `&`, `<`, `>`, `"` and `'`
/// become entities; the non-characters U+FFFE and U+FFFF (which validation already refuses
/// in most texts) become U+FFFD so the document stays well-formed.
pub(crate) struct Escaped<'a>(pub(crate) &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        let mut start = 0;
        for (i, c) in s.char_indices() {
            let replacement = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&apos;",
                // Carriage returns would be normalised away by a reader: kept as a reference.
                '\r' => "&#13;",
                '\u{fffe}' | '\u{ffff}' => "\u{fffd}",
                c if c.is_control() && !matches!(c, '\t' | '\n') => " ",
                _ => continue,
            };
            f.write_str(&s[start..i])?;
            f.write_str(replacement)?;
            start = i + c.len_utf8();
        }
        f.write_str(&s[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_non_characters_are_escaped() {
        assert_eq!(
            Escaped("a<b & \"c\" 'd'\r\u{1}\u{ffff}").to_string(),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&#13; \u{fffd}"
        );
        assert_eq!(Escaped("関東軍").to_string(), "関東軍");
    }
}
