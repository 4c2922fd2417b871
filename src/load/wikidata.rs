//! Wikidata's entity JSON (stub).
use std::io::BufRead;
use std::path::Path;

use super::Loaded;
use super::import::{ImportOptions, ImportSummary};
use crate::model::Metadata;

pub(super) fn read(
    loaded: &mut Loaded,
    name: &Path,
    reader: impl BufRead,
    options: &ImportOptions,
    meta: Metadata,
) -> ImportSummary {
    let _ = (loaded, name, reader, options, meta);
    ImportSummary::default()
}
