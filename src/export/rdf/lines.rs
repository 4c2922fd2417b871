//! N-Triples and N-Quads lines written directly: byte for byte what oxttl's serializers write
//! (`{triple} .` through oxrdf's `Display`), without the formatting machinery, which was a
//! fifth of a bulk export's time.

use oxrdf::vocab::xsd;
use oxrdf::{GraphNameRef, Literal, NamedOrBlankNode, Term, Triple};

/// Appends `t` (in `graph`, for N-Quads) as one line.
pub(super) fn push_line(out: &mut Vec<u8>, t: &Triple, graph: GraphNameRef<'_>) {
    match &t.subject {
        NamedOrBlankNode::NamedNode(n) => iri(out, n.as_str()),
        NamedOrBlankNode::BlankNode(b) => blank(out, b.as_str()),
    }
    out.push(b' ');
    iri(out, t.predicate.as_str());
    out.push(b' ');
    match &t.object {
        Term::NamedNode(n) => iri(out, n.as_str()),
        Term::BlankNode(b) => blank(out, b.as_str()),
        Term::Literal(l) => literal(out, l),
    }
    match graph {
        GraphNameRef::NamedNode(n) => {
            out.push(b' ');
            iri(out, n.as_str());
        }
        GraphNameRef::BlankNode(b) => {
            out.push(b' ');
            blank(out, b.as_str());
        }
        GraphNameRef::DefaultGraph => {}
    }
    out.extend_from_slice(b" .\n");
}

fn iri(out: &mut Vec<u8>, iri: &str) {
    out.push(b'<');
    out.extend_from_slice(iri.as_bytes());
    out.push(b'>');
}

fn blank(out: &mut Vec<u8>, id: &str) {
    out.extend_from_slice(b"_:");
    out.extend_from_slice(id.as_bytes());
}

fn literal(out: &mut Vec<u8>, l: &Literal) {
    quoted(out, l.value());
    if let Some(lang) = l.language() {
        out.push(b'@');
        out.extend_from_slice(lang.as_bytes());
    } else if l.datatype() != xsd::STRING {
        out.extend_from_slice(b"^^");
        iri(out, l.datatype().as_str());
    }
}

/// oxrdf's `print_quoted_str`: short escapes for `\b \t \n \f \r " \`, `\uXXXX` for the other
/// controls, DEL and U+FFFE/U+FFFF, everything else as is.
fn quoted(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let plain = |b: u8| b >= 0x20 && b != b'"' && b != b'\\' && b != 0x7F && b != 0xEF;
    if s.bytes().all(plain) {
        out.extend_from_slice(s.as_bytes());
    } else {
        let mut buf = [0; 4];
        for c in s.chars() {
            match c {
                '\u{8}' => out.extend_from_slice(b"\\b"),
                '\t' => out.extend_from_slice(b"\\t"),
                '\n' => out.extend_from_slice(b"\\n"),
                '\u{C}' => out.extend_from_slice(b"\\f"),
                '\r' => out.extend_from_slice(b"\\r"),
                '"' => out.extend_from_slice(b"\\\""),
                '\\' => out.extend_from_slice(b"\\\\"),
                '\0'..='\u{1F}' | '\u{7F}' | '\u{FFFE}' | '\u{FFFF}' => {
                    out.extend_from_slice(format!("\\u{:04X}", u32::from(c)).as_bytes());
                }
                _ => out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes()),
            }
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxrdf::{GraphName, NamedNode, QuadRef};

    #[test]
    fn lines_are_what_oxrdf_displays() {
        let s = NamedNode::new("https://example.org/s").unwrap();
        let p = NamedNode::new("https://example.org/p").unwrap();
        let g = GraphName::from(NamedNode::new("https://example.org/g").unwrap());
        let texts = [
            "plain",
            "quote \" back \\ tab\t nl\n cr\r bs\u{8} ff\u{C}",
            "ctl \u{1} \u{1F} del \u{7F} nonchars \u{FFFE}\u{FFFF} ok \u{FFFD} é 🚀 関東軍",
            "",
        ];
        let mut objects: Vec<Term> = vec![NamedNode::new("https://example.org/o").unwrap().into()];
        for t in texts {
            objects.push(Literal::new_simple_literal(t).into());
            objects.push(
                Literal::new_language_tagged_literal(t, "ja")
                    .unwrap()
                    .into(),
            );
            objects.push(Literal::new_typed_literal(t, xsd::G_YEAR).into());
            objects.push(Literal::new_typed_literal(t, xsd::STRING).into());
        }
        objects.push(Literal::from(true).into());
        for o in objects {
            let t = Triple::new(s.clone(), p.clone(), o);
            for graph in [GraphName::DefaultGraph, g.clone()] {
                let mut line = Vec::new();
                push_line(&mut line, &t, graph.as_ref());
                let quad = QuadRef::new(&t.subject, &t.predicate, &t.object, graph.as_ref());
                assert_eq!(String::from_utf8(line).unwrap(), format!("{quad} .\n"));
            }
        }
    }
}
