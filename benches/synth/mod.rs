//! Synthetic bulk datasets in kgforge's CSV shape, for benchmarks and the comparison with
//! rdflib, pyoxigraph and networkx (`benches/compare.sh`).
//!
//! Deterministic from a seed: the same arguments give byte-identical files on every machine.
//! Degrees are skewed (objects are drawn from a Zipf-like law, so a few entities are hubs with
//! tens of thousands of incoming edges); labels carry quotes, commas and non-ASCII text
//! (Japanese, Russian, accented Latin) so that every CSV quoting path is exercised.
//!
//! `entities.csv`: `id,type,label,label@ja,alias,description,wikidata`.
//! `relations.csv`: `subject,predicate,object,source,locator,rank,point_in_time`; about 0.5% of
//! the rows cite a source with a locator, 0.1% are preferred, 0.2% carry a date qualifier (so
//! kgforge's RDF has a statement node for under 1% of them). Every entity is the subject of at
//! least one relation, and no two rows say the same thing.

#![allow(dead_code)]

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::Path;

/// The sizes of a synthetic dataset.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Rows of `entities.csv`.
    pub entities: usize,
    /// Rows of `relations.csv` (at least `entities`).
    pub relations: usize,
    /// The PRNG seed.
    pub seed: u64,
}

/// SplitMix64: tiny, fast, and good enough for synthetic data.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A uniform index below `n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A Zipf-like index below `n`: P(k) ≈ 1 / ((k + 1) ln n), so index 0 is the biggest hub.
    pub fn zipf(&mut self, n: usize) -> usize {
        let k = ((n as f64 + 1.0).ln() * self.unit()).exp() as usize;
        k.saturating_sub(1).min(n - 1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const TYPES: [&str; 12] = [
    "person",
    "organization",
    "place",
    "event",
    "military_unit",
    "document",
    "ship",
    "camp",
    "country",
    "battle",
    "treaty",
    "publication",
];

const PREDICATES: [&str; 30] = [
    "related_to",
    "member_of",
    "located_in",
    "participated_in",
    "commanded",
    "part_of",
    "born_in",
    "died_in",
    "allied_with",
    "opposed",
    "signed",
    "wrote",
    "mentions",
    "founded",
    "succeeded",
    "interned_in",
    "transferred_to",
    "surrendered_to",
    "negotiated_with",
    "reported_on",
    "visited",
    "employed_by",
    "captured",
    "liberated",
    "supplied",
    "attacked",
    "defended",
    "named_after",
    "sister_of",
    "cites",
];

const GIVEN: [&str; 16] = [
    "Otozō",
    "Hideki",
    "Aleksandr",
    "Rodion",
    "Mária",
    "José",
    "Zoë",
    "Ivan",
    "Yoshijirō",
    "Anna",
    "François",
    "Kiyoshi",
    "Nikolai",
    "Søren",
    "Ewa",
    "Li",
];

const FAMILY: [&str; 16] = [
    "Yamada",
    "Tōjō",
    "Vasilevsky",
    "Malinovsky",
    "O'Brien",
    "Müller",
    "Nováková",
    "Kuznetsov",
    "Umezu",
    "Petrova",
    "Leclerc",
    "Hata",
    "Zhukov",
    "Ørsted",
    "Dąbrowska",
    "Wang",
];

const PLACES: [&str; 12] = [
    "Harbin",
    "Mukden",
    "Hsinking",
    "Khabarovsk",
    "Sakhalin",
    "Port Arthur",
    "Dairen",
    "Tsitsihar",
    "Hailar",
    "Mudanjiang",
    "Karaganda",
    "Taishet",
];

const JA: [&str; 12] = [
    "山田",
    "関東軍",
    "満洲",
    "哈爾浜",
    "奉天",
    "新京",
    "樺太",
    "旅順",
    "大連",
    "シベリア",
    "抑留",
    "司令部",
];

const RU: [&str; 8] = [
    "Квантунская армия",
    "Хабаровск",
    "Сахалин",
    "Забайкальский фронт",
    "лагерь",
    "Карлаг",
    "Тайшет",
    "Порт-Артур",
];

/// The label of entity `i`: names with quotes, commas, apostrophes and non-ASCII text.
fn label(rng: &mut Rng, i: usize, type_id: &str) -> String {
    let n = i + 1;
    match type_id {
        "person" => {
            let mut s = format!("{} {}", rng.pick(&GIVEN), rng.pick(&FAMILY));
            if rng.chance(0.15) {
                s = format!("{} \"{}\" {}", rng.pick(&GIVEN), rng.pick(&FAMILY), n);
            } else {
                s.push_str(&format!(" {n}"));
            }
            if rng.chance(0.1) {
                s.push_str(", Jr.");
            }
            s
        }
        "place" | "camp" | "country" => {
            if rng.chance(0.3) {
                format!("{} №{n}", rng.pick(&RU))
            } else {
                format!("{}, sector {n}", rng.pick(&PLACES))
            }
        }
        _ => {
            let what = type_id.replace('_', " ");
            if rng.chance(0.2) {
                format!("{} {what} {n} (「{}」)", rng.pick(&PLACES), rng.pick(&JA))
            } else if rng.chance(0.1) {
                format!("The \"{}\" {what}, No. {n}", rng.pick(&PLACES))
            } else {
                format!("{} {what} {n}", rng.pick(&PLACES))
            }
        }
    }
}

/// The id of entity `i`.
pub fn entity_id(i: usize) -> String {
    format!("e{i}")
}

/// Writes `entities.csv` and `relations.csv` of `shape` into `dir` (created if missing).
///
/// # Errors
/// I/O errors.
pub fn write_dataset(dir: &Path, shape: Shape) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let entities = std::fs::File::create(dir.join("entities.csv"))?;
    let relations = std::fs::File::create(dir.join("relations.csv"))?;
    write_csv(
        shape,
        io::BufWriter::with_capacity(1 << 20, entities),
        io::BufWriter::with_capacity(1 << 20, relations),
    )
}

/// Writes the two CSV documents of `shape` to two writers.
///
/// # Errors
/// I/O errors.
pub fn write_csv<E: Write, R: Write>(shape: Shape, entities: E, relations: R) -> io::Result<()> {
    assert!(shape.entities > 0 && shape.relations >= shape.entities);
    let mut rng = Rng::new(shape.seed);
    let mut out = csv::Writer::from_writer(entities);
    out.write_record([
        "id",
        "type",
        "label",
        "label@ja",
        "alias",
        "description",
        "wikidata",
    ])?;
    let mut types = Vec::with_capacity(shape.entities);
    for i in 0..shape.entities {
        let t = TYPES[rng.zipf(TYPES.len())];
        types.push(t);
        let label = label(&mut rng, i, t);
        let ja = if rng.chance(0.3) {
            format!("{}{}", rng.pick(&JA), i + 1)
        } else {
            String::new()
        };
        let alias = if rng.chance(0.1) {
            format!("{} (alias, \"{}\")", rng.pick(&FAMILY), i + 1)
        } else {
            String::new()
        };
        let description = if rng.chance(0.1) {
            format!(
                "A {} near {}, described in sources.",
                t.replace('_', " "),
                rng.pick(&PLACES)
            )
        } else {
            String::new()
        };
        let wikidata = if rng.chance(0.2) {
            format!("Q{}", 1000 + rng.below(10_000_000))
        } else {
            String::new()
        };
        out.write_record([
            entity_id(i).as_str(),
            t,
            &label,
            &ja,
            &alias,
            &description,
            &wikidata,
        ])?;
    }
    out.flush()?;
    drop(out);

    let mut out = csv::Writer::from_writer(relations);
    out.write_record([
        "subject",
        "predicate",
        "object",
        "source",
        "locator",
        "rank",
        "point_in_time",
    ])?;
    let n = shape.entities;
    // Subjects: every entity once (in a scrambled order), then uniform; objects: Zipf, so a
    // few entities are hubs. Rows with a qualifier or a source are distinct statements even
    // when their triple repeats, but plain rows must not repeat.
    let step = coprime_step(n);
    let mut seen: HashSet<(u32, u8, u32)> = HashSet::with_capacity(shape.relations);
    let mut row = 0;
    while row < shape.relations {
        let subject = if row < n {
            (row * step + 7) % n
        } else {
            rng.below(n)
        };
        let predicate = rng.zipf(PREDICATES.len());
        let object = scramble(rng.zipf(n), n);
        if !seen.insert((subject as u32, predicate as u8, object as u32)) {
            continue;
        }
        let (source, locator) = if rng.chance(0.005) {
            let source = format!("src-{}", 1 + rng.zipf(50));
            let locator = match rng.below(4) {
                0 => format!("¶{}", 1 + rng.below(40)),
                1 => format!("p. {}", 1 + rng.below(600)),
                2 => format!("pp. {}-{}", 10 + rng.below(50), 61 + rng.below(50)),
                _ => "§ Aftermath, \"the camps\"".to_string(),
            };
            (source, locator)
        } else {
            (String::new(), String::new())
        };
        let rank = if rng.chance(0.001) { "preferred" } else { "" };
        let when = if rng.chance(0.002) {
            format!("19{:02}-{:02}", 30 + rng.below(30), 1 + rng.below(12))
        } else {
            String::new()
        };
        out.write_record([
            entity_id(subject).as_str(),
            PREDICATES[predicate],
            entity_id(object).as_str(),
            &source,
            &locator,
            rank,
            &when,
        ])?;
        row += 1;
    }
    out.flush()?;
    Ok(())
}

/// Spreads the hubs over the id space so that they are not all the first entities.
fn scramble(k: usize, n: usize) -> usize {
    (k.wrapping_mul(coprime_step(n)) + n / 3) % n
}

/// A step coprime with `n`, so that `i * step % n` visits every index once.
fn coprime_step(n: usize) -> usize {
    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    let mut step = (n as f64 * 0.618_033_988_75) as usize | 1;
    while gcd(step, n) != 1 {
        step += 2;
    }
    step.max(1)
}
