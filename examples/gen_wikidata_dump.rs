//! Writes a synthetic Wikidata JSON dump for benchmarking `kgforge import`: `[`, one item per
//! line followed by `,`, `]`, as Wikidata's `latest-all.json` is laid out.
//!
//! ```sh
//! cargo run --release --example gen_wikidata_dump -- target/bench-data/wd-100k.json 100000
//! /usr/bin/time -v kgforge import target/bench-data/wd-100k.json -o target/bench-out/wd
//! ```
//!
//! Each item has labels, descriptions and aliases in four languages, and eight statements of
//! the usual datatypes: `instance of` and links to other items of the dump, a whole quantity
//! with a unit and a decimal one, a date of birth, an external id, monolingual text and a
//! coordinate; qualifiers (point in time, start time); references stating a source item or a
//! URL with a retrieved date. Lines are about 2.5 KB, as an average item's are. The same
//! arguments always give the same bytes.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(path), Some(n)) = (
        args.first().map(PathBuf::from),
        args.get(1).and_then(|n| n.parse::<u64>().ok()),
    ) else {
        eprintln!("usage: gen_wikidata_dump FILE ITEMS");
        return ExitCode::from(2);
    };
    if let Err(e) = write(&path, n) {
        eprintln!("gen_wikidata_dump: {}: {e}", path.display());
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn item(q: u64) -> String {
    format!(
        r#"{{"value":{{"entity-type":"item","numeric-id":{q},"id":"Q{q}"}},"type":"wikibase-entityid"}}"#
    )
}

fn time(year: u64, month: u64, day: u64) -> String {
    format!(
        r#"{{"value":{{"time":"+{year:04}-{month:02}-{day:02}T00:00:00Z","timezone":0,"before":0,"after":0,"precision":11,"calendarmodel":"http://www.wikidata.org/entity/Q1985727"}},"type":"time"}}"#
    )
}

fn snak(property: &str, datatype: &str, value: &str) -> String {
    format!(
        r#"{{"snaktype":"value","property":"{property}","datavalue":{value},"datatype":"{datatype}"}}"#
    )
}

fn write(path: &std::path::Path, n: u64) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    let mut rng = Rng(1945);
    let first = 100_000_000;
    writeln!(out, "[")?;
    for i in 0..n {
        let q = first + i;
        let other = first + rng.below(n);
        let class = [5, 515, 8502, 4022][rng.below(4) as usize];
        let year = 1800 + rng.below(200);
        let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
        let source = [36578, 54919, 328, 15241312][rng.below(4) as usize];
        let reference_item = format!(
            r#"{{"hash":"h{q}a","snaks":{{"P248":[{}]}},"snaks-order":["P248"]}}"#,
            snak("P248", "wikibase-item", &item(source))
        );
        let reference_url = format!(
            r#"{{"hash":"h{q}b","snaks":{{"P854":[{}],"P813":[{}]}},"snaks-order":["P854","P813"]}}"#,
            snak(
                "P854",
                "url",
                &format!(
                    r#"{{"value":"https://example.org/records/{}","type":"string"}}"#,
                    q % 5000
                )
            ),
            snak(
                "P813",
                "time",
                &time(2020 + rng.below(5), 1 + rng.below(12), 1 + rng.below(28))
            )
        );
        let claim = |pid: &str, datatype: &str, value: &str, extra: &str, k: u32| {
            format!(
                r#"{{"mainsnak":{},"type":"statement","id":"Q{q}${pid}-{k:08x}-0000-4000-8000-000000000000","rank":"normal"{extra}}}"#,
                snak(pid, datatype, value)
            )
        };
        let claims = [
            format!(
                r#""P31":[{}]"#,
                claim(
                    "P31",
                    "wikibase-item",
                    &item(class),
                    &format!(r#","references":[{reference_item}]"#),
                    1
                )
            ),
            format!(
                r#""P361":[{}]"#,
                claim("P361", "wikibase-item", &item(other), "", 2)
            ),
            format!(
                r#""P1082":[{}]"#,
                claim(
                    "P1082",
                    "quantity",
                    &format!(
                        r#"{{"value":{{"amount":"+{}","unit":"1"}},"type":"quantity"}}"#,
                        rng.below(1_000_000)
                    ),
                    &format!(
                        r#","qualifiers":{{"P585":[{}]}},"qualifiers-order":["P585"],"references":[{reference_url}]"#,
                        snak(
                            "P585",
                            "time",
                            &time(year, 1, 1).replace("\"precision\":11", "\"precision\":9")
                        )
                    ),
                    3
                )
            ),
            format!(
                r#""P2044":[{}]"#,
                claim(
                    "P2044",
                    "quantity",
                    &format!(
                        r#"{{"value":{{"amount":"+{}.{}","unit":"http://www.wikidata.org/entity/Q11573"}},"type":"quantity"}}"#,
                        rng.below(9000),
                        rng.below(100)
                    ),
                    "",
                    4
                )
            ),
            format!(
                r#""P569":[{}]"#,
                claim(
                    "P569",
                    "time",
                    &time(year, month, day),
                    &format!(r#","references":[{reference_item},{reference_url}]"#),
                    5
                )
            ),
            format!(
                r#""P214":[{}]"#,
                claim(
                    "P214",
                    "external-id",
                    &format!(
                        r#"{{"value":"{}","type":"string"}}"#,
                        rng.next() % 10_000_000_000
                    ),
                    "",
                    6
                )
            ),
            format!(
                r#""P1448":[{}]"#,
                claim(
                    "P1448",
                    "monolingualtext",
                    &format!(
                        r#"{{"value":{{"text":"Official name {q}","language":"en"}},"type":"monolingualtext"}}"#
                    ),
                    &format!(
                        r#","qualifiers":{{"P580":[{}]}},"qualifiers-order":["P580"]"#,
                        snak(
                            "P580",
                            "time",
                            &time(year, month, 1).replace("\"precision\":11", "\"precision\":10")
                        )
                    ),
                    7
                )
            ),
            format!(
                r#""P625":[{}]"#,
                claim(
                    "P625",
                    "globe-coordinate",
                    &format!(
                        r#"{{"value":{{"latitude":{},"longitude":{},"altitude":null,"precision":0.0001,"globe":"http://www.wikidata.org/entity/Q2"}},"type":"globecoordinate"}}"#,
                        rng.below(180) as f64 - 90.0 + 0.5,
                        rng.below(360) as f64 - 180.0 + 0.25
                    ),
                    "",
                    8
                )
            ),
        ];
        let terms = |kind: &str| {
            ["en", "ja", "zh", "ru"]
                .iter()
                .map(|l| format!(r#""{l}":{{"language":"{l}","value":"{kind} {q} ({l})"}}"#))
                .collect::<Vec<_>>()
                .join(",")
        };
        let aliases = ["en", "ru"]
            .iter()
            .map(|l| format!(r#""{l}":[{{"language":"{l}","value":"Alias {q} {l}"}},{{"language":"{l}","value":"Other name {q} {l}"}}]"#))
            .collect::<Vec<_>>()
            .join(",");
        let comma = if i + 1 < n { "," } else { "" };
        writeln!(
            out,
            r#"{{"type":"item","id":"Q{q}","labels":{{{}}},"descriptions":{{{}}},"aliases":{{{aliases}}},"claims":{{{}}},"sitelinks":{{}}}}{comma}"#,
            terms("Item"),
            terms("Synthetic item"),
            claims.join(",")
        )?;
    }
    writeln!(out, "]")?;
    out.flush()
}
