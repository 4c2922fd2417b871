//! Stable statement ids derived from content.

use super::{Qualifiers, Value, ValueView};

/// Derives a statement id from what the statement says: `<subject>.<predicate>.<8 hex digits>`.
///
/// The digits are the low 32 bits of 64-bit FNV-1a over the JSON rendering of the value and
/// qualifiers. FNV-1a is written out here rather than taken from a crate because the ids are
/// frozen: no dependency upgrade may ever change them.
///
/// ```
/// use kgforge::{derive_statement_id, Qualifiers, Value};
///
/// let id = derive_statement_id("kwantung_army", "surrendered_to", &Value::Entity("red_army".into()), &Qualifiers::default());
/// assert!(id.starts_with("kwantung_army.surrendered_to."));
/// assert_eq!(id, derive_statement_id("kwantung_army", "surrendered_to", &Value::Entity("red_army".into()), &Qualifiers::default()));
/// ```
pub fn derive_statement_id(
    subject: &str,
    predicate: &str,
    value: &Value,
    qualifiers: &Qualifiers,
) -> String {
    let mut id = String::with_capacity(subject.len() + predicate.len() + 10);
    write_statement_id(&mut id, subject, predicate, value, qualifiers);
    id
}

/// [`derive_statement_id`] appending to `id`, so that a loop over millions of statements
/// can reuse one buffer.
pub(crate) fn write_statement_id(
    id: &mut String,
    subject: &str,
    predicate: &str,
    value: &Value,
    qualifiers: &Qualifiers,
) {
    let mut hash = Fnv1a::default();
    hash.write(subject.as_bytes());
    hash.write(&[0]);
    hash.write(predicate.as_bytes());
    hash.write(&[0]);
    // Both serialize deterministically: struct fields in order, maps are BTreeMaps. The JSON
    // goes straight into the hash (bulk loads derive millions of ids).
    match value {
        // The bulk case, bytes written directly: exactly what serde_json writes for a plain
        // entity id (no character it escapes) and no qualifiers.
        Value::Entity(object)
            if qualifiers.is_empty()
                && !object.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') =>
        {
            hash.write(b"[{\"object\":\"");
            hash.write(object.as_bytes());
            hash.write(b"\"},{}]");
        }
        _ => serde_json::to_writer(&mut hash, &(ValueView(value), qualifiers))
            .expect("values and qualifiers always serialize"),
    }
    id.push_str(subject);
    id.push('.');
    id.push_str(predicate);
    id.push('.');
    use std::fmt::Write as _;
    let _ = write!(id, "{:08x}", hash.0 as u32);
}

struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

impl std::io::Write for Fnv1a {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        Fnv1a::write(self, bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Bound, Quantity};

    #[test]
    fn ids_are_frozen() {
        // If this changes, every published dataset's statement IRIs change: don't.
        let id = derive_statement_id(
            "japanese_pows",
            "number_captured",
            &Value::Quantity(Quantity {
                bound: Bound::MoreThan(500_000),
                unit: None,
            }),
            &Qualifiers::default(),
        );
        assert_eq!(id, "japanese_pows.number_captured.0498ab05");
    }

    #[test]
    fn the_direct_bytes_are_what_serde_json_writes() {
        let empty = Qualifiers::default();
        for object in [
            "red_army",
            "e7",
            "",
            "関東軍",
            "a b",
            "say \"hi\"",
            "back\\slash",
            "tab\t",
            "del\u{7f}",
        ] {
            let value = Value::Entity(object.into());
            let mut id = String::new();
            write_statement_id(&mut id, "s", "p", &value, &empty);
            let mut reference = Fnv1a::default();
            reference.write(b"s\0p\0");
            serde_json::to_writer(&mut reference, &(ValueView(&value), &empty)).unwrap();
            assert_eq!(id, format!("s.p.{:08x}", reference.0 as u32), "{object:?}");
        }
    }

    #[test]
    fn different_content_gives_different_ids() {
        let q = Qualifiers::default();
        let a = derive_statement_id("a", "p", &Value::Text("x".into()), &q);
        let b = derive_statement_id("a", "p", &Value::Text("y".into()), &q);
        let c = derive_statement_id("a", "p", &Value::Entity("x".into()), &q);
        assert_ne!(a, b);
        assert_ne!(a, c);
    }
}
