//! [`LangMap`]: text per language tag, as a small sorted slice.

use std::borrow::Borrow;
use std::fmt;

use schemars::JsonSchema;
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use smol_str::SmolStr;

/// Text per BCP 47 language tag, ordered by tag so output is stable.
///
/// A sorted boxed slice rather than a `BTreeMap`: an entity has one to four labels, and a
/// `BTreeMap` allocates a node of about 560 bytes for even one, which at a million entities
/// is half a gigabyte. Lookups are a binary search; inserting is linear, which is fine for
/// the handful of languages an entity has. Tags are kept inline (`SmolStr`), not each in an
/// allocation of its own: a bulk dataset's million `en` labels would be a million more.
///
/// ```
/// use kgforge::LangMap;
///
/// let mut label: LangMap<String> = [("ru".to_string(), "Хабаровск".to_string())].into();
/// label.insert("en", "Khabarovsk".into());
/// assert_eq!(label["en"], "Khabarovsk");
/// assert_eq!(label.keys().collect::<Vec<_>>(), ["en", "ru"]);
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct LangMap<T> {
    entries: Box<[(SmolStr, T)]>,
}

impl<T> Default for LangMap<T> {
    fn default() -> Self {
        Self {
            entries: Box::default(),
        }
    }
}

impl<T> LangMap<T> {
    /// An empty map; allocates nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many languages have an entry.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no language has an entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn position(&self, lang: &str) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|(key, _)| key.as_str().cmp(lang))
    }

    /// The entry for `lang`.
    pub fn get<Q: Borrow<str> + ?Sized>(&self, lang: &Q) -> Option<&T> {
        let i = self.position(lang.borrow()).ok()?;
        Some(&self.entries[i].1)
    }

    /// The entry for `lang`, mutably.
    pub fn get_mut<Q: Borrow<str> + ?Sized>(&mut self, lang: &Q) -> Option<&mut T> {
        let i = self.position(lang.borrow()).ok()?;
        Some(&mut self.entries[i].1)
    }

    /// Whether `lang` has an entry.
    pub fn contains_key<Q: Borrow<str> + ?Sized>(&self, lang: &Q) -> bool {
        self.position(lang.borrow()).is_ok()
    }

    /// Sets the entry for `lang`, returning the one it replaces.
    pub fn insert(&mut self, lang: impl Into<SmolStr>, value: T) -> Option<T> {
        let lang = lang.into();
        match self.position(&lang) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                let mut entries = std::mem::take(&mut self.entries).into_vec();
                entries.insert(i, (lang, value));
                self.entries = entries.into_boxed_slice();
                None
            }
        }
    }

    /// The entry for `lang`, inserting `T::default()` first when there is none.
    pub fn get_or_insert_default(&mut self, lang: &str) -> &mut T
    where
        T: Default,
    {
        let i = match self.position(lang) {
            Ok(i) => i,
            Err(i) => {
                let mut entries = std::mem::take(&mut self.entries).into_vec();
                entries.insert(i, (SmolStr::new(lang), T::default()));
                self.entries = entries.into_boxed_slice();
                i
            }
        };
        &mut self.entries[i].1
    }

    /// Keeps only the entries for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &mut T) -> bool) {
        let mut entries = std::mem::take(&mut self.entries).into_vec();
        entries.retain_mut(|(lang, value)| keep(lang, value));
        self.entries = entries.into_boxed_slice();
    }

    /// The entries, by language tag.
    pub fn iter(&self) -> Iter<'_, T> {
        Iter(self.entries.iter())
    }

    /// The language tags, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(lang, _)| lang.as_str())
    }

    /// The entries' values, by language tag.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(_, value)| value)
    }
}

impl<T> LangMap<T> {
    /// Writes every tag in its conventional case ([`normalize_language_tag`]). Tags that
    /// differ only in case must have been refused first: of two such, the later in tag order
    /// would be kept.
    pub(crate) fn normalize_tags(&mut self, mut normal: impl FnMut(&str) -> Option<String>) {
        let changed: Vec<Option<String>> = self.keys().map(&mut normal).collect();
        if changed.iter().all(Option::is_none) {
            return;
        }
        let entries = std::mem::take(&mut self.entries).into_vec();
        *self = (entries.into_iter().zip(changed))
            .map(|((lang, value), normal)| (normal.map_or(lang, SmolStr::from), value))
            .collect();
    }
}

/// A BCP 47 language tag in its conventional case, when that differs from how it is written:
/// the language lower case, a script in title case, a region upper case (`EN` → `en`,
/// `zh-hant-tw` → `zh-Hant-TW`; RFC 5646 §2.1.1). Tags are compared ignoring case, so `en`,
/// `EN` and `En` are one language. `None` for a tag already written so, or not a well-formed
/// tag at all (validation reports that).
pub(crate) fn normalize_language_tag(tag: &str) -> Option<String> {
    oxilangtag::LanguageTag::parse_and_normalize(tag)
        .ok()
        .map(oxilangtag::LanguageTag::into_inner)
        .filter(|normal| normal != tag)
}

/// An iterator over a [`LangMap`]'s entries, by language tag.
#[derive(Clone)]
pub struct Iter<'a, T>(std::slice::Iter<'a, (SmolStr, T)>);

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = (&'a str, &'a T);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(lang, value)| (lang.as_str(), value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<T> DoubleEndedIterator for Iter<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0
            .next_back()
            .map(|(lang, value)| (lang.as_str(), value))
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}

impl<'a, T> IntoIterator for &'a LangMap<T> {
    type Item = (&'a str, &'a T);
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<T> FromIterator<(String, T)> for LangMap<T> {
    /// Later entries for the same language replace earlier ones, as in a `BTreeMap`.
    fn from_iter<I: IntoIterator<Item = (String, T)>>(iter: I) -> Self {
        iter.into_iter()
            .map(|(lang, value)| (SmolStr::from(lang), value))
            .collect()
    }
}

impl<T> FromIterator<(SmolStr, T)> for LangMap<T> {
    /// Later entries for the same language replace earlier ones, as in a `BTreeMap`.
    fn from_iter<I: IntoIterator<Item = (SmolStr, T)>>(iter: I) -> Self {
        let mut entries: Vec<(SmolStr, T)> = iter.into_iter().collect();
        // Stable, so the last of equal keys stays last and wins the dedup below.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut deduped: Vec<(SmolStr, T)> = Vec::with_capacity(entries.len());
        for entry in entries {
            match deduped.last_mut() {
                Some(last) if last.0 == entry.0 => *last = entry,
                _ => deduped.push(entry),
            }
        }
        Self {
            entries: deduped.into_boxed_slice(),
        }
    }
}

impl<T, const N: usize> From<[(String, T); N]> for LangMap<T> {
    fn from(entries: [(String, T); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<T, Q: Borrow<str> + ?Sized> std::ops::Index<&Q> for LangMap<T> {
    type Output = T;

    /// The entry for `lang`; panics when there is none, like a map's index.
    fn index(&self, lang: &Q) -> &T {
        let lang = lang.borrow();
        self.get(lang)
            .unwrap_or_else(|| panic!("no entry for language {lang:?}"))
    }
}

impl<T: fmt::Debug> fmt::Debug for LangMap<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<T: Serialize> Serialize for LangMap<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.len()))?;
        for (lang, value) in self {
            map.serialize_entry(lang, value)?;
        }
        map.end()
    }
}

/// The key a plain value (`label = "Theodore Roosevelt"`) is read under, until the loader
/// knows the dataset's primary language and puts it there ([`LangMap::resolve_primary`]).
pub(crate) const PRIMARY_LANGUAGE: &str = "";

impl<T> LangMap<T> {
    /// Moves the entry read from a plain value (not keyed by language) to `primary`, the
    /// dataset's first language.
    pub(crate) fn resolve_primary(&mut self, primary: &str) {
        if let Ok(i) = self.position(PRIMARY_LANGUAGE) {
            let mut entries = std::mem::take(&mut self.entries).into_vec();
            let (_, value) = entries.remove(i);
            *self = entries.into_iter().collect();
            if !self.contains_key(primary) {
                self.insert(primary, value);
            }
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for LangMap<T> {
    /// A table keyed by language tag, or a plain value, which is in the dataset's primary
    /// language (`label = "Harbin"` is `label = { en = "Harbin" }` when `en` is first).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Entries<T> {
            type Value = LangMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "text in the primary language, or a table by language tag such as \
                     { en = \"Harbin\", ja = \"ハルビン\" }",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<LangMap<T>, E> {
                let value = T::deserialize(serde::de::value::StrDeserializer::<E>::new(v))?;
                Ok([(PRIMARY_LANGUAGE.to_string(), value)].into())
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<LangMap<T>, A::Error> {
                let value = T::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
                Ok([(PRIMARY_LANGUAGE.to_string(), value)].into())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LangMap<T>, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(16));
                while let Some(lang) = map.next_key::<String>()? {
                    // The toml crate hands a date-time (`label = 1945-08-09`) to a map visitor
                    // as one entry under this key; it is not a language.
                    if lang == "$__toml_private_datetime" {
                        return Err(serde::de::Error::invalid_type(
                            serde::de::Unexpected::Other("a date"),
                            &self,
                        ));
                    }
                    entries.push((lang, map.next_value::<T>()?));
                }
                Ok(entries.into_iter().collect())
            }
        }
        d.deserialize_any(Entries(std::marker::PhantomData))
    }
}

impl<T: JsonSchema> JsonSchema for LangMap<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        std::collections::BTreeMap::<String, T>::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        std::collections::BTreeMap::<String, T>::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        std::collections::BTreeMap::<String, T>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_stay_sorted_and_unique() {
        let mut map = LangMap::new();
        assert_eq!(map.insert("ru".to_string(), 1), None);
        assert_eq!(map.insert("en".to_string(), 2), None);
        assert_eq!(map.insert("ja".to_string(), 3), None);
        assert_eq!(map.insert("en".to_string(), 4), Some(2));
        assert_eq!(map.keys().collect::<Vec<_>>(), ["en", "ja", "ru"]);
        assert_eq!(map.values().copied().collect::<Vec<_>>(), [4, 3, 1]);
        *map.get_or_insert_default("de") += 5;
        *map.get_or_insert_default("en") += 5;
        assert_eq!(map.get("de"), Some(&5));
        assert_eq!(map["en"], 9);
        map.retain(|lang, _| lang != "ja");
        assert_eq!(map.keys().collect::<Vec<_>>(), ["de", "en", "ru"]);
        assert!(!map.contains_key("ja"));
    }

    #[test]
    fn collecting_keeps_the_last_of_equal_keys_like_a_btreemap() {
        let pairs = [("b", 1), ("a", 2), ("b", 3)].map(|(k, v)| (k.to_string(), v));
        let ours: LangMap<i32> = pairs.clone().into_iter().collect();
        let theirs: std::collections::BTreeMap<String, i32> = pairs.into_iter().collect();
        assert!(ours.iter().eq(theirs.iter().map(|(k, v)| (k.as_str(), v))));
    }

    #[test]
    fn tags_take_their_conventional_case() {
        assert_eq!(normalize_language_tag("EN").as_deref(), Some("en"));
        assert_eq!(
            normalize_language_tag("zh-hant-tw").as_deref(),
            Some("zh-Hant-TW")
        );
        assert_eq!(normalize_language_tag("en-GB"), None);
        assert_eq!(normalize_language_tag("russian!"), None);
        let mut map: LangMap<i32> = [("ZH-hans".to_string(), 1), ("en".to_string(), 2)].into();
        map.normalize_tags(normalize_language_tag);
        assert_eq!(map.keys().collect::<Vec<_>>(), ["en", "zh-Hans"]);
    }

    #[test]
    fn serde_shape_is_a_map_in_tag_order() {
        let map: LangMap<String> = [
            ("ru".to_string(), "Хабаровск".to_string()),
            ("en".to_string(), "Khabarovsk".to_string()),
        ]
        .into();
        let json = serde_json::to_string(&map).unwrap();
        assert_eq!(json, r#"{"en":"Khabarovsk","ru":"Хабаровск"}"#);
        let back: LangMap<String> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, map);
    }
}
