//! A streamed build (`kgforge build --stream`): the N-Triples or N-Quads of a CSV dataset
//! too large to hold in memory, with memory that grows mostly with the entities, not the
//! statements (benches/RESULTS.md measures it).
//!
//! The entities (and the TOML files: metadata, schema, sources, units) are read as usual; the
//! statement files (`relations.csv`, `statements.csv`) are read block by block, and every
//! row is copied to a *spill* file on disk by its subject: the entities are cut into ranges
//! (parts) of about [`PART_BYTES`] of rows each. Each part is then read back whole, so every
//! statement about its entities is in memory at once, a few million at most: it is checked
//! (every validation rule: repeated statements share a subject, so they meet in one part),
//! and its entities' triples are written, with the best ranks of their statements. The
//! statements that get a statement node are spilled once more, in the export's order within
//! each part, and merged across parts to write the statement nodes in the order of the
//! whole export. The bytes are those of the in-memory build of the same dataset (a test
//! compares them).
//!
//! What a streamed build cannot do, it refuses before reading a statement: formats other than
//! N-Triples and N-Quads (and one of them per run), statements written in TOML files, views.
//! It needs free disk space beside the output for the spill files (about the size of the
//! statement files, twice over with `--statement-nodes all`), removed at the end. The 1 GiB
//! limit on a file read whole does not apply to the streamed files.
//!
//! Memory: the entities and their index, one part's statements, per statement file the
//! first place of each explicit id and undeclared unit, and the value and reference nodes
//! written so far (by a 16-byte hash each).

mod spill;

use std::collections::{BTreeMap, BTreeSet, BinaryHeap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Code, Diagnostics, Location};
use crate::error::{Error, Result};
use crate::export::Format;
use crate::export::rdf::StatementNodes;
use crate::export::rdf::stream::{Piece, StreamedLines, Written};
use crate::export::shards::{ShardStats, ShardWriters};
use crate::load::{
    self, CsvOrigins, ItemKind, Origins, Relocation, StatementColumns, StatementStream,
};
use crate::model::{Dataset, IdIndex, Statement, Value};
use crate::validate::stream::StreamCheck;
use spill::{Row, SpillDir};

/// Bytes of rows per part: a part's statements are held at once while it is written.
pub const PART_BYTES: u64 = 64 << 20;

/// Statements per chunk of statement nodes (built two chunks at a time).
const NODE_CHUNK: usize = 16_384;

/// What a streamed build writes.
#[derive(Debug, Clone)]
pub struct StreamOptions {
    /// [`Format::NTriples`] or [`Format::NQuads`].
    pub format: Format,
    /// Which statements get a statement node.
    pub nodes: StatementNodes,
    /// Split the output over this many shards (see [`crate::export::shards`]).
    pub shards: Option<usize>,
    /// Whether a warning withholds the output, as an error does.
    pub deny_warnings: bool,
    /// Bytes of rows per part ([`PART_BYTES`] unless a test wants many parts).
    pub part_bytes: u64,
}

/// What a streamed build did.
#[derive(Debug)]
pub struct Streamed {
    /// Every problem found, with the lines of the streamed files they point at.
    pub diagnostics: Diagnostics,
    /// The dataset's id (the stem of the output files).
    pub id: String,
    /// The dataset without its streamed statements (for the companion files).
    pub dataset: Dataset,
    /// Statements read.
    pub statements: u64,
    /// The named graph of N-Quads.
    pub graph: Option<String>,
    /// Whether the output was written (no error, nor a warning under `deny_warnings`).
    pub written: bool,
    /// What each shard holds, when the output is sharded.
    pub shards: Vec<ShardStats>,
}

/// Builds `dir` as a stream into `writers` (one, or one per shard), with its spill files in
/// a directory made (and removed) inside `spill_in`. The companion files (vocabulary,
/// shapes) are [`companions`] of the returned dataset.
///
/// # Errors
/// [`Error::Unsupported`] for a dataset a streamed build cannot take (statements in TOML
/// files); I/O errors of the spill files or the writers. Problems in the data are
/// diagnostics: then nothing useful was written (`written` is `None`).
pub fn build(
    dir: &Path,
    spill_in: &Path,
    options: &StreamOptions,
    writers: &mut [std::io::BufWriter<std::fs::File>],
) -> Result<Streamed> {
    let for_streaming = load::load_for_streaming(dir)?;
    let load::ForStreaming {
        mut loaded,
        statement_files,
        mut first_uses,
        anchor,
    } = for_streaming;
    if !loaded.dataset.statements.is_empty() {
        return Err(Error::Unsupported {
            path: dir.to_path_buf(),
            reason: format!(
                "a streamed build reads statements from relations.csv and statements.csv \
                 only, and {} statement(s) are written in TOML files: move them to \
                 statements.csv, or build without --stream",
                loaded.dataset.statements.len()
            ),
        });
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source: io::Error| Error::Io { path, source }
    };
    let spill = SpillDir::new(spill_in).map_err(io(spill_in))?;
    let n = loaded.dataset.entities.len();
    let routing = IdIndex::new(loaded.dataset.entities.iter().map(|e| e.id.as_str()));
    let total: u64 = statement_files
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let parts = usize::try_from(total.div_ceil(options.part_bytes.max(1)))
        .unwrap_or(usize::MAX)
        .clamp(1, n.max(1));
    let width = n.div_ceil(parts).max(1);
    let part_of = |position: Option<usize>| position.map_or(0, |p| p / width);

    // Pass 1: read every row, noting what the head and validation need, and copy each row
    // to its part's spill file.
    let mut writers_of_parts = (0..parts)
        .map(|k| spill::Writer::create(&spill.file(&format!("part-{k}"))))
        .collect::<io::Result<Vec<_>>>()
        .map_err(io(spill_in))?;
    let mut streams: Vec<StatementStream> = Vec::new();
    let _ = &statement_files;
    let mut seq: u64 = 0;
    let declared_units: BTreeSet<&str> =
        loaded.dataset.units.iter().map(|u| u.id.as_str()).collect();
    // Per undeclared unit: its first use in the stream (position and place), its uses, and
    // its first use in the export's order.
    let mut units: BTreeMap<String, UnitUse> = BTreeMap::new();
    let mut qualifier_keys: BTreeSet<String> = BTreeSet::new();
    let mut explicit_ids: Vec<(String, u64, usize, Option<Location>)> = Vec::new();
    let mut statement_anchor = None;
    for path in &statement_files {
        let Some(mut stream) =
            StatementStream::open(path, &mut loaded.diagnostics, &mut loaded.unreadable)
        else {
            continue;
        };
        statement_anchor = statement_anchor.or_else(|| stream.columns().anchor_location());
        let file_index = u16::try_from(streams.len()).expect("at most two statement files");
        while let Some(block) = stream.next_block(&mut loaded.diagnostics) {
            let origins = Origins {
                csv: vec![stream.origins(&block, 0)],
                ..Origins::default()
            };
            let locate = |i: usize, path: &[&str]| origins.locate(ItemKind::Statement, i, path);
            for (i, (s, range)) in block.statements.iter().enumerate() {
                let subject = routing.get(&s.subject, |e| &loaded.dataset.entities[e].id);
                let part = part_of(subject);
                first_uses.note(s, |path| locate(i, path));
                if let Some(id) = s.explicit_id() {
                    explicit_ids.push((id.to_string(), seq, part, locate(i, &["id"])));
                }
                for (path, q) in quantities(s) {
                    let Some(unit) = q.unit.as_deref() else {
                        continue;
                    };
                    if declared_units.contains(unit) {
                        continue;
                    }
                    let key = canonical_key(s, subject, seq);
                    match units.get_mut(unit) {
                        Some(entry) => {
                            entry.2 += 1;
                            entry.3 = entry.3.min(key);
                        }
                        None => {
                            units.insert(unit.to_string(), (seq, locate(i, path), 1, key));
                        }
                    }
                }
                for key in s.qualifiers().other.keys() {
                    if !qualifier_keys.contains(key) {
                        qualifier_keys.insert(key.clone());
                    }
                }
                let row = Row {
                    seq,
                    file: file_index,
                    offset: block.file_offset(range.start) as u64,
                    key: (false, 0, 0),
                    best: false,
                    text: block.text[range.clone()].to_string(),
                };
                writers_of_parts[part].write(&row).map_err(io(spill_in))?;
                seq += 1;
            }
        }
        streams.push(stream);
    }
    for w in writers_of_parts {
        w.finish().map_err(io(spill_in))?;
    }
    let rows_skipped = streams.iter().any(|s| s.skipped_rows);
    load::declare_from_data(&mut loaded, first_uses, anchor.or(statement_anchor));
    let id = loaded.dataset.meta.id.clone();
    let graph = (options.format == Format::NQuads)
        .then(|| format!("{}dataset", loaded.dataset.meta.base_iri));
    let unparsable = loaded
        .diagnostics
        .items
        .iter()
        .any(|d| matches!(d.code, Code::Syntax | Code::Io | Code::TooLarge));
    let load::Loaded {
        mut dataset,
        origins,
        mut diagnostics,
        unreadable,
    } = loaded;
    let mut streamed = Streamed {
        diagnostics: Diagnostics::default(),
        id,
        dataset: Dataset::default(),
        statements: seq,
        graph: graph.clone(),
        written: false,
        shards: Vec::new(),
    };
    if unparsable {
        // As for a dataset read whole: no check would be sound.
        diagnostics.sort();
        keep_lines(&mut diagnostics);
        streamed.diagnostics = diagnostics;
        streamed.dataset = dataset;
        return Ok(streamed);
    }
    let load_errors = diagnostics.error_count() > 0;

    let mut check = StreamCheck::new(&dataset, &origins, &unreadable);
    for (id, seq, part, at) in explicit_ids {
        check.explicit_id(&id, seq, part, at);
    }
    crate::validate::normalize_languages(&mut dataset);
    let lines = StreamedLines {
        nodes: options.nodes,
        graph,
        shards: options.shards.unwrap_or(0),
    };
    let mut out = Out::new(writers, options.shards.is_some());
    let mut order: Vec<(String, (bool, u32, u64))> =
        units.iter().map(|(u, e)| (u.clone(), e.3)).collect();
    order.sort_by_key(|(_, key)| *key);
    let head = lines
        .head(
            &dataset,
            order.into_iter().map(|(u, _)| u).collect(),
            qualifier_keys,
        )
        .map_err(|e| Error::Export(e.to_string()))?;
    out.write(head)?;
    for (unit, (seq, at, uses, _)) in units {
        check.undeclared_unit(&unit, seq, at, uses);
    }

    // The parts: each checked, then its entities written; the rows of its statement nodes
    // spilled again, in the export's order.
    let columns: Vec<&StatementColumns> = streams.iter().map(StatementStream::columns).collect();
    let mut node_runs = Vec::with_capacity(parts);
    for k in 0..parts {
        let rows = read_rows(&spill.file(&format!("part-{k}"))).map_err(io(spill_in))?;
        let _ = std::fs::remove_file(spill.file(&format!("part-{k}")));
        let (statements, seqs, part_origins) = reread(&rows, &columns, &streams);
        dataset.statements = statements;
        check.check(&dataset, &part_origins, &unreadable, &seqs, k);
        let run = spill.file(&format!("nodes-{k}"));
        node_runs.push(run.clone());
        let mut run = spill::Writer::create(&run).map_err(io(spill_in))?;
        if !load_errors && !check.has_errors() {
            let range = (k * width).min(n)..((k + 1) * width).min(n);
            let subject: Vec<u32> = dataset
                .statements
                .iter()
                .map(|s| {
                    routing
                        .get(&s.subject, |e| &dataset.entities[e].id)
                        .map_or(0, |p| p as u32)
                })
                .collect();
            // The export's order: statements with an entity value in stream order, then the
            // others by subject (a valid dataset's canonical order, within the part).
            let mut by_order: Vec<usize> = (0..dataset.statements.len()).collect();
            by_order.sort_by_key(|&i| {
                canonical_key(&dataset.statements[i], Some(subject[i] as usize), seqs[i])
            });
            let mut statements = std::mem::take(&mut dataset.statements);
            let mut taken: Vec<Option<Statement>> = statements.drain(..).map(Some).collect();
            dataset.statements = by_order
                .iter()
                .map(|&i| taken[i].take().expect("once"))
                .collect();
            let subject: Vec<u32> = by_order.iter().map(|&i| subject[i]).collect();
            let best = lines
                .entities(&dataset, &subject, range, &mut |piece| {
                    out.write(piece).map_err(into_io)
                })
                .map_err(|e| Error::Export(e.to_string()))?;
            for (j, &i) in by_order.iter().enumerate() {
                let s = &dataset.statements[j];
                if options.nodes.includes(s, best[j]) {
                    let row = &rows[i];
                    run.write(&Row {
                        key: canonical_key(s, Some(subject[j] as usize), row.seq),
                        best: best[j],
                        ..row.clone()
                    })
                    .map_err(io(spill_in))?;
                }
            }
        }
        run.finish().map_err(io(spill_in))?;
        dataset.statements = Vec::new();
    }

    // The statement nodes: the parts' runs merged in the export's order.
    if !load_errors && !check.has_errors() {
        write_nodes(
            &node_runs,
            &columns,
            &streams,
            &lines,
            &mut dataset,
            &mut out,
        )
        .map_err(io(spill_in))?;
    }
    let mut items = diagnostics.items;
    items.extend(check.finish(&dataset, &origins, &unreadable, rows_skipped));
    diagnostics.items = items;
    diagnostics.sort();
    keep_lines(&mut diagnostics);
    if !diagnostics.has_errors(options.deny_warnings) {
        streamed.written = true;
        streamed.shards = out.finish();
    }
    streamed.diagnostics = diagnostics;
    streamed.dataset = dataset;
    Ok(streamed)
}

/// An undeclared unit's first use in the stream (position and place), its uses, and its
/// first use in the export's order ([`canonical_key`]).
type UnitUse = (u64, Option<Location>, usize, (bool, u32, u64));

fn into_io(e: Error) -> io::Error {
    io::Error::other(e.to_string())
}

/// Where a statement comes in the export: statements with an entity value first, in stream
/// order, then the others by subject position (canonical order).
fn canonical_key(s: &Statement, subject: Option<usize>, seq: u64) -> (bool, u32, u64) {
    match s.value {
        Value::Entity(_) => (false, 0, seq),
        _ => (true, subject.map_or(u32::MAX, |p| p as u32), seq),
    }
}

/// The quantities of a statement with the path of their unit.
fn quantities(
    s: &Statement,
) -> impl Iterator<Item = (&'static [&'static str], &crate::model::Quantity)> {
    let value = match &s.value {
        Value::Quantity(q) => Some((&["quantity", "unit"][..], &**q)),
        _ => None,
    };
    let qualifier = s
        .qualifiers()
        .quantity
        .as_ref()
        .map(|q| (&["qualifiers", "quantity", "unit"][..], q));
    value.into_iter().chain(qualifier)
}

/// Where the lines go: one file, or shards (counted and hashed for the manifest).
struct Out<'w> {
    single: Option<&'w mut std::io::BufWriter<std::fs::File>>,
    shards: Option<ShardWriters<'w, std::io::BufWriter<std::fs::File>>>,
}

impl<'w> Out<'w> {
    fn new(writers: &'w mut [std::io::BufWriter<std::fs::File>], sharded: bool) -> Self {
        if sharded {
            Out {
                single: None,
                shards: Some(ShardWriters::new(writers)),
            }
        } else {
            Out {
                single: writers.first_mut(),
                shards: None,
            }
        }
    }

    fn write(&mut self, piece: Piece) -> Result<()> {
        let export = |e: io::Error| Error::Export(e.to_string());
        match (piece, &mut self.single, &mut self.shards) {
            (Piece::One(bytes), Some(w), _) => io::Write::write_all(w, &bytes).map_err(export),
            (Piece::Shards(chunk), _, Some(shards)) => chunk.write_to(shards).map_err(export),
            _ => Err(Error::Export("a piece for another output".to_string())),
        }
    }

    /// What each shard was given (nothing for one file).
    fn finish(self) -> Vec<ShardStats> {
        self.shards.map_or_else(Vec::new, ShardWriters::finish)
    }
}

/// Every row of a spill file.
fn read_rows(path: &Path) -> io::Result<Vec<Row>> {
    let mut reader = spill::Reader::open(path)?;
    let mut rows = Vec::new();
    while let Some(row) = reader.next()? {
        rows.push(row);
    }
    Ok(rows)
}

/// The statements of rows read again, in their order, with their stream positions and their
/// origins (pointing into their files).
fn reread(
    rows: &[Row],
    columns: &[&StatementColumns],
    streams: &[StatementStream],
) -> (Vec<Statement>, Vec<u64>, Origins) {
    // Rows are in stream order, so each file's rows are together: one origin run per file.
    let mut statements = Vec::with_capacity(rows.len());
    let mut seqs = Vec::with_capacity(rows.len());
    let mut origins = Origins::default();
    let mut start = 0;
    while start < rows.len() {
        let file = rows[start].file;
        let end = start + rows[start..].iter().take_while(|r| r.file == file).count();
        let mut text = String::new();
        let mut pieces = Vec::with_capacity(end - start);
        let mut starts = Vec::with_capacity(end - start);
        for row in &rows[start..end] {
            pieces.push((text.len(), row.offset as usize));
            starts.push(text.len());
            text.push_str(&row.text);
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut record = csv::ByteRecord::new();
        for row in &rows[start..end] {
            let read = reader.read_byte_record(&mut record).unwrap_or(false);
            // A row read once without error reads the same again.
            let s = read
                .then(|| columns[usize::from(file)].reread(&record))
                .flatten()
                .expect("a spilled row reads again");
            statements.push(s);
            seqs.push(row.seq);
        }
        let stream = &streams[usize::from(file)];
        let origin: CsvOrigins = load::rows_origins(
            stream.file(),
            columns[usize::from(file)],
            Arc::from(text),
            starts.into_iter(),
            Relocation(pieces),
            start,
        );
        origins.csv.push(origin);
        start = end;
    }
    (statements, seqs, origins)
}

/// Writes the statement nodes: the parts' runs merged by the export's order, a chunk at a
/// time (two built at once).
fn write_nodes(
    runs: &[PathBuf],
    columns: &[&StatementColumns],
    streams: &[StatementStream],
    lines: &StreamedLines,
    dataset: &mut Dataset,
    out: &mut Out<'_>,
) -> io::Result<()> {
    let mut readers = runs
        .iter()
        .map(|p| spill::Reader::open(p))
        .collect::<io::Result<Vec<_>>>()?;
    let mut heap = BinaryHeap::new();
    let mut heads: Vec<Option<Row>> = Vec::with_capacity(readers.len());
    for (k, r) in readers.iter_mut().enumerate() {
        let row = r.next()?;
        if let Some(row) = &row {
            heap.push(std::cmp::Reverse((row.key, k)));
        }
        heads.push(row);
    }
    let mut seen = Written::default();
    let mut batch: Vec<Vec<Row>> = Vec::new();
    let mut current: Vec<Row> = Vec::with_capacity(NODE_CHUNK);
    loop {
        let next = heap.pop();
        if let Some(std::cmp::Reverse((_, k))) = next {
            let row = heads[k].take().expect("a row for each heap entry");
            heads[k] = readers[k].next()?;
            if let Some(row) = &heads[k] {
                heap.push(std::cmp::Reverse((row.key, k)));
            }
            current.push(row);
            if current.len() < NODE_CHUNK {
                continue;
            }
        }
        if !current.is_empty() {
            batch.push(std::mem::replace(
                &mut current,
                Vec::with_capacity(NODE_CHUNK),
            ));
        }
        if batch.len() == 2 || (next.is_none() && !batch.is_empty()) {
            let chunks: Vec<Dataset> = batch
                .iter()
                .map(|rows| Dataset {
                    statements: reread(rows, columns, streams).0,
                    ..dataset_shell(dataset)
                })
                .collect();
            let parts = chunks
                .iter()
                .zip(&batch)
                .map(|(d, rows)| (d, rows.iter().map(|r| r.best).collect()))
                .collect();
            lines.statements(parts, &mut seen, &mut |piece| {
                out.write(piece).map_err(into_io)
            })?;
            batch.clear();
        }
        if next.is_none() {
            return Ok(());
        }
    }
}

/// A dataset with `dataset`'s metadata, schema and sources and nothing else: what a chunk of
/// statement nodes needs beside its statements.
fn dataset_shell(dataset: &Dataset) -> Dataset {
    Dataset {
        meta: dataset.meta.clone(),
        types: dataset.types.clone(),
        predicates: dataset.predicates.clone(),
        sources: dataset.sources.clone(),
        units: dataset.units.clone(),
        ..Dataset::default()
    }
}

/// Keeps the lines of the streamed files that diagnostics point at (read again).
fn keep_lines(diagnostics: &mut Diagnostics) {
    diagnostics.keep_lines(load::lines_at);
}

/// The files that travel with a streamed build's output ([`crate::export::companions`]).
pub fn companions(streamed: &Streamed, format: Format) -> Vec<(String, Vec<u8>)> {
    crate::export::companions_of(&streamed.dataset, &[format])
}
