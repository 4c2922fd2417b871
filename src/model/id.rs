//! Stable statement ids derived from content.
//!
//! The derivation is frozen: a derived id is part of a statement's IRI in every export, so
//! changing this function (or the hash crate behind it) changes every published dataset's
//! statement IRIs. The tests pin vectors computed independently with the reference XXH3
//! implementation; `kgforge ids` writes the derived ids into a dataset as explicit ones.

use std::cell::RefCell;

use super::{Qualifiers, Value, ValueView};

/// Hex digits in a derived id: 96 bits of XXH3-128. Among 10^9 statements with one subject
/// and predicate, the chance that two share an id is about n²/2^97 ≈ 6·10^-12.
pub(crate) const HASH_HEX_DIGITS: usize = 24;

/// Derives a statement id from what the statement says:
/// `<subject>.<predicate>.<24 hex digits>`.
///
/// The digits are the first 96 bits (the first 24 hex digits of the canonical, big-endian
/// digest) of XXH3-128 with seed 0 over `subject`, a NUL byte, `predicate`, a NUL byte and the
/// compact JSON rendering of `[value, qualifiers]` (the value as its one statement key,
/// `{"object":"red_army"}`; the qualifiers as they serialize, `{}` when empty). Different
/// content gives different ids except by a collision, which validation reports as such.
///
/// ```
/// use kgforge::{derive_statement_id, Qualifiers, Value};
///
/// let id = derive_statement_id("kwantung_army", "surrendered_to", &Value::Entity("red_army".into()), &Qualifiers::default());
/// assert_eq!(id, "kwantung_army.surrendered_to.53fd72aa72048e594f9a476e");
/// ```
pub fn derive_statement_id(
    subject: &str,
    predicate: &str,
    value: &Value,
    qualifiers: &Qualifiers,
) -> String {
    let mut id = String::with_capacity(subject.len() + predicate.len() + 2 + HASH_HEX_DIGITS);
    write_statement_id(&mut id, subject, predicate, value, qualifiers);
    id
}

thread_local! {
    /// The bytes hashed for one id, reused: exports derive millions of ids.
    static HASH_INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
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
    let hash = HASH_INPUT.with_borrow_mut(|input| {
        input.clear();
        write_hash_input(input, subject, predicate, value, qualifiers);
        let hash = xxhash_rust::xxh3::xxh3_128(input);
        // A text of a megabyte is not kept for the rest of the run.
        if input.capacity() > 1 << 16 {
            *input = Vec::new();
        }
        hash
    });
    id.reserve(subject.len() + predicate.len() + 2 + HASH_HEX_DIGITS);
    id.push_str(subject);
    id.push('.');
    id.push_str(predicate);
    id.push('.');
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let top = hash >> (128 - 4 * HASH_HEX_DIGITS);
    for digit in (0..HASH_HEX_DIGITS).rev() {
        id.push(char::from(HEX[((top >> (4 * digit)) & 0xf) as usize]));
    }
}

/// Writes the bytes that [`derive_statement_id`] hashes. Two statements have the same
/// derived id by construction when these bytes are equal, and only by a hash collision
/// otherwise; validation compares them to tell the two apart.
pub(crate) fn write_hash_input(
    out: &mut Vec<u8>,
    subject: &str,
    predicate: &str,
    value: &Value,
    qualifiers: &Qualifiers,
) {
    out.extend_from_slice(subject.as_bytes());
    out.push(0);
    out.extend_from_slice(predicate.as_bytes());
    out.push(0);
    // Both serialize deterministically: struct fields in order, maps are BTreeMaps.
    match value {
        // The bulk case, bytes written directly: exactly what serde_json writes for a plain
        // entity id (no character it escapes) and no qualifiers (a test checks).
        Value::Entity(object)
            if qualifiers.is_empty()
                && !object.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') =>
        {
            out.extend_from_slice(b"[{\"object\":\"");
            out.extend_from_slice(object.as_bytes());
            out.extend_from_slice(b"\"},{}]");
        }
        _ => serde_json::to_writer(&mut *out, &(ValueView(value), qualifiers))
            .expect("values and qualifiers always serialize"),
    }
}

/// A dataset id made from a name, such as a directory's: characters other than ASCII letters,
/// digits, `_` and `-` become `-`, `dataset-` is put in front unless it starts with a letter,
/// and it is cut to 128 characters. What a CSV directory without `dataset.toml` and
/// `kgforge init` name a dataset.
///
/// ```
/// assert_eq!(kgforge::dataset_id_from_name("my data.set"), "my-data-set");
/// assert_eq!(kgforge::dataset_id_from_name("100k"), "dataset-100k");
/// ```
pub fn dataset_id_from_name(name: &str) -> String {
    let mut id: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        id.insert_str(0, "dataset-");
    }
    id.truncate(128);
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_names_become_dataset_ids() {
        assert_eq!(dataset_id_from_name("100k"), "dataset-100k");
        assert_eq!(dataset_id_from_name("my data.set"), "my-data-set");
        assert_eq!(dataset_id_from_name("manchuria-1945"), "manchuria-1945");
    }
    use crate::{Bound, Date, Quantity, Text};

    /// The frozen vectors. Each hash was computed independently of this crate, with the
    /// reference implementation (python-xxhash 3.x, `xxh3_128_hexdigest(input)[:24]`), on the
    /// input shown. If one of these fails, derived ids changed: every published dataset's
    /// statement IRIs would change. Don't; restore the function (or the dependency).
    #[test]
    fn ids_are_frozen() {
        let none = Qualifiers::default();
        let entity = |o: &str| Value::Entity(o.into());
        /// Subject, predicate, value, qualifiers; the bytes hashed; the id.
        type Vector<'a> = (&'a str, &'a str, Value, Qualifiers, &'a [u8], &'a str);
        let vectors: [Vector; 5] = [
            (
                "kwantung_army",
                "surrendered_to",
                entity("red_army"),
                none.clone(),
                b"kwantung_army\0surrendered_to\0[{\"object\":\"red_army\"},{}]",
                "kwantung_army.surrendered_to.53fd72aa72048e594f9a476e",
            ),
            (
                "japanese_pows",
                "number_captured",
                Value::from(Quantity {
                    bound: Bound::MoreThan(500_000),
                    unit: None,
                }),
                none.clone(),
                b"japanese_pows\0number_captured\0[{\"quantity\":{\"more_than\":500000}},{}]",
                "japanese_pows.number_captured.5f9a20e5b8f9f0f1eb22bf2a",
            ),
            (
                "a",
                "txt",
                Value::from(Text::from("note 255081")),
                none.clone(),
                b"a\0txt\0[{\"text\":\"note 255081\"},{}]",
                "a.txt.d232831d9569ebfb64f9c91f",
            ),
            (
                "a",
                "txt",
                Value::from(Text::from("note 481190")),
                none.clone(),
                b"a\0txt\0[{\"text\":\"note 481190\"},{}]",
                "a.txt.2cc7f5138e0a01ed9fd11d8c",
            ),
            (
                "yamada",
                "held_in",
                entity("関東軍"),
                Qualifiers {
                    point_in_time: Some("1945-08-19".parse::<Date>().expect("a date")),
                    place: Some("khabarovsk".into()),
                    ..Qualifiers::default()
                },
                "yamada\0held_in\0[{\"object\":\"関東軍\"},{\"point_in_time\":\"1945-08-19\",\"place\":\"khabarovsk\"}]".as_bytes(),
                "yamada.held_in.ffb657b1cdae851828b6be73",
            ),
        ];
        // A long input (over 240 bytes) takes XXH3's other code path.
        let long = "関東軍 Kwantung Army; ".repeat(40);
        let long_input = format!("a\0txt\0[{{\"text\":\"{long}\"}},{{}}]");
        assert_eq!(long_input.len(), 1022);
        let vectors = vectors.into_iter().chain([(
            "a",
            "txt",
            Value::from(Text::from(long)),
            none,
            long_input.as_bytes(),
            "a.txt.50b9b196bbcc6f49361f3b15",
        )]);
        for (subject, predicate, value, qualifiers, input, id) in vectors {
            let mut bytes = Vec::new();
            write_hash_input(&mut bytes, subject, predicate, &value, &qualifiers);
            assert_eq!(bytes, input, "the hashed bytes of {id}");
            assert_eq!(
                derive_statement_id(subject, predicate, &value, &qualifiers),
                id
            );
        }
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
            let mut direct = Vec::new();
            write_hash_input(&mut direct, "s", "p", &value, &empty);
            let mut reference = b"s\0p\0".to_vec();
            serde_json::to_writer(&mut reference, &(ValueView(&value), &empty)).unwrap();
            assert_eq!(direct, reference, "{object:?}");
        }
    }

    #[test]
    fn different_content_gives_different_ids() {
        let q = Qualifiers::default();
        let a = derive_statement_id("a", "p", &Value::from(Text::from("x")), &q);
        let b = derive_statement_id("a", "p", &Value::from(Text::from("y")), &q);
        let c = derive_statement_id("a", "p", &Value::Entity("x".into()), &q);
        assert_ne!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn a_huge_value_does_not_keep_the_buffer_large() {
        let q = Qualifiers::default();
        let big = Value::from(Text::from("x".repeat(1 << 20)));
        let id = derive_statement_id("a", "p", &big, &q);
        assert_eq!(id.len(), "a.p.".len() + HASH_HEX_DIGITS);
        assert!(HASH_INPUT.with_borrow(|input| input.capacity()) <= 1 << 16);
    }
}
