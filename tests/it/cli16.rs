//! Issue 16: a command line that feels native. `describe`, `init`, completions and the man
//! page, one way to name a dataset, names that resolve as `find` finds them, help that says
//! what is true, and no false or unhelpful messages (CSV headers, SPARQL errors).

use std::path::Path;
use std::process::Output;

use crate::util::{kgforge, scratch_dir};

fn run(args: &[&str]) -> Output {
    kgforge()
        .args(args)
        .env_remove("KGFORGE_DATASET")
        .output()
        .expect("kgforge runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn ok(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

// ---- describe ------------------------------------------------------------------------------

#[test]
fn describe_shows_every_figure_with_its_bound_rank_dispute_and_sources() {
    let out = ok(&run(&["describe", "japanese_pows"]));
    // The entity's own fields: labels in every language, aliases, type with its label.
    assert!(
        out.starts_with("Japanese prisoners of war in the Soviet Union (japanese_pows)\n"),
        "{out}"
    );
    for expected in [
        "  type         group of prisoners (prisoner_group)",
        "ja  ソ連の日本人捕虜",
        "ru  Японские военнопленные в СССР",
        "aliases      en  Siberian internees",
        // Literal values grouped by predicate, in words, the preferred figure first.
        "number who died in captivity (number_died)\n  about 55,000 people  [preferred]\n",
        "  more than 594,000 people  [preferred]\n      as of August 1945",
        // A range, a date to its precision, a deprecated and disputed figure with its reason.
        "  60,000–347,000 people  [disputed]",
        "      as of January 1949 · scope: deaths on the MVD register up to early 1949",
        "  400,000  [deprecated, disputed]\n      disputed: Too low:",
        // Sources with their locators.
        "      source: mhlw-2009 § シベリア抑留中死亡者, item (3)",
        // Statements whose object it is, in the inverse voice or with an arrow.
        "captured by (captured_by)\n  Red Army (red_army)",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    // Best rank first: the preferred figure before the article's disputed 200,000.
    let died = out
        .split("number who died in captivity")
        .nth(1)
        .expect("the death figures");
    let preferred = died.find("[preferred]").expect("a preferred figure");
    assert!(preferred < died.find("200,000").expect("the article's figure"));
}

#[test]
fn describe_shows_spans_and_incoming_statements_in_the_inverse_voice() {
    let out = ok(&run(&["describe", "manchurian_operation"]));
    assert!(
        out.contains("lasted (time_span)\n  from 9 August 1945 to 2 September 1945  [preferred]"),
        "{out}"
    );
    let red_army = ok(&run(&["describe", "red_army"]));
    assert!(
        red_army.contains("received the surrender of (← surrendered_to)"),
        "{red_army}"
    );
}

#[test]
fn describe_filters_by_rank_and_date() {
    let preferred = ok(&run(&["describe", "japanese_pows", "--rank", "preferred"]));
    assert!(preferred.contains("about 55,000 people  [preferred]"));
    assert!(!preferred.contains("200,000"), "{preferred}");
    assert!(!preferred.contains("[deprecated"), "{preferred}");
    // Only what may hold in 1949: the 1949 register, not the 2014 estimate.
    let then = ok(&run(&["describe", "japanese_pows", "--as-of", "1949"]));
    assert!(then.contains("52,165"), "{then}");
    assert!(!then.contains("about 53,000 people"), "{then}");
}

#[test]
fn describe_json_has_the_documented_shape() {
    let out = ok(&run(&["describe", "japanese_pows", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["id"], "japanese_pows");
    assert_eq!(v["type"]["id"], "prisoner_group");
    assert_eq!(v["labels"]["ja"], "ソ連の日本人捕虜");
    assert!(
        v["iri"]
            .as_str()
            .is_some_and(|iri| iri.ends_with("entity/japanese_pows"))
    );
    let claims = v["claims"].as_array().expect("claims");
    let died = claims
        .iter()
        .find(|c| c["predicate"]["id"] == "number_died" && c["direction"] == "out")
        .expect("number_died");
    let first = &died["statements"][0];
    assert_eq!(first["rank"], "preferred");
    assert_eq!(first["text"], "about 55,000 people");
    assert_eq!(first["value"]["quantity"]["about"], 55000);
    assert_eq!(first["references"][0]["source"], "mhlw-2009");
    assert_eq!(
        first["references"][0]["locator"],
        "§ シベリア抑留中死亡者, item (3)"
    );
    assert!(first["references"][0]["title"].is_string());
    let red_army = ok(&run(&["describe", "red_army", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&red_army).expect("JSON");
    let surrendered = v["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .find(|c| c["direction"] == "in" && c["predicate"]["id"] == "surrendered_to")
        .expect("statements whose object is the Red Army");
    assert_eq!(
        surrendered["predicate"]["inverse"],
        "received the surrender of"
    );
    assert!(surrendered["statements"][0]["entity"]["id"].is_string());
}

// ---- names ---------------------------------------------------------------------------------

#[test]
fn a_partial_name_with_one_match_is_accepted_as_find_finds_it() {
    // `find vasilevsk` finds one entity; so every command accepts it.
    let found = ok(&run(&["find", "vasilevsk"]));
    assert_eq!(found.lines().count(), 1, "{found}");
    let out = run(&["path", "vasilevsk", "manchurian_operation", "--undirected"]);
    assert!(
        ok(&out).contains("Aleksandr Vasilevsky"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn several_matches_list_each_candidate_by_label_id_and_type() {
    let out = run(&["neighbors", "front"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("\"front\" could mean 3 entities; name one by its id:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("  Transbaikal Front (transbaikal_front), front (army group)"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("transbaikal_front (transbaikal_front)"),
        "{stderr}"
    );
}

#[test]
fn find_says_on_stderr_when_nothing_matches() {
    let out = run(&["find", "nobody"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).contains("no entity matches \"nobody\""),
        "{}",
        text(&out.stderr)
    );
    // `-q` keeps it to the exit status, as grep -q.
    let quiet = run(&["-q", "find", "nobody"]);
    assert_eq!(quiet.status.code(), Some(1));
    assert!(quiet.stderr.is_empty());
}

// ---- one dataset convention -------------------------------------------------------------------

#[test]
fn every_command_takes_the_dataset_as_dash_d_and_from_kgforge_dataset() {
    let stress = "tests/data/valid/stress";
    for args in [
        &["validate", "-d", stress][..],
        &["validate", stress],
        &["stats", "-d", stress],
        &["stats", stress],
        &["find", "-d", stress, "a"],
        &["ids", "-d", stress, "--check"],
    ] {
        let out = run(args);
        assert!(
            out.status.code().is_some_and(|c| c < 2),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    let validated = ok(&run(&["validate", "-d", stress]));
    assert!(
        validated.starts_with("tests/data/valid/stress: valid"),
        "{validated}"
    );
    // The environment variable names the dataset when no argument does.
    let from_env = kgforge()
        .args(["validate"])
        .env("KGFORGE_DATASET", stress)
        .output()
        .expect("runs");
    assert!(ok(&from_env).starts_with("tests/data/valid/stress: valid"));
    // Both an operand and -d: a usage error.
    let both = run(&["validate", stress, "-d", stress]);
    assert_eq!(both.status.code(), Some(2));
}

#[test]
fn build_takes_the_dataset_as_dash_d_too() {
    let out_dir = scratch_dir("cli16-build-dash-d");
    let out = run(&[
        "build",
        "-d",
        "tests/data/valid/stress",
        "-o",
        out_dir.to_str().expect("utf-8"),
        "--format",
        "json",
    ]);
    ok(&out);
    assert!(out_dir.join("stress.json").is_file());
}

#[test]
fn help_describes_the_dataset_the_same_way_everywhere() {
    let said = "a directory of TOML files, a directory of CSV files (with an optional \
                mapping.toml), or a kgforge .json export";
    for command in [
        "build",
        "validate",
        "stats",
        "find",
        "describe",
        "neighbors",
        "path",
        "subgraph",
        "sparql",
    ] {
        let help = ok(&run(&[command, "--help"])).replace('\n', " ");
        let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(help.contains(said), "{command} --help:\n{help}");
        assert!(
            help.contains("-d, --dataset <DATASET>"),
            "{command}: {help}"
        );
    }
    let stats = ok(&run(&["stats", "--help"]));
    assert!(
        !stats.contains("--deny-warnings") && !stats.contains("--short"),
        "{stats}"
    );
    let build = ok(&run(&["build", "--help"]));
    assert!(
        build.contains("kgforge .json") && build.contains("mapping.toml"),
        "{build}"
    );
    let top = ok(&run(&["--help"]));
    assert!(!top.contains("each file written"), "{top}");
    assert!(
        top.contains("how long loading, validating and indexing took"),
        "{top}"
    );
}

#[test]
fn bare_kgforge_outside_the_repository_says_what_to_do() {
    let dir = scratch_dir("cli16-elsewhere");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kgforge"))
        .current_dir(&dir)
        .env_remove("KGFORGE_DATASET")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    for expected in ["kgforge init DIR", "kgforge build DIR", "KGFORGE_DATASET"] {
        assert!(stderr.contains(expected), "{expected}: {stderr}");
    }
    assert!(!stderr.contains("is not a dataset"), "{stderr}");
    assert_eq!(
        std::fs::read_dir(&dir).expect("dir").count(),
        0,
        "wrote something"
    );
}

// ---- flags that mean what they say --------------------------------------------------------

#[test]
fn subgraph_and_sparql_refuse_json_and_say_which_option_gives_it() {
    let subgraph = run(&["subgraph", "kwantung_army", "--json"]);
    assert_eq!(subgraph.status.code(), Some(2));
    assert!(subgraph.stdout.is_empty());
    assert!(text(&subgraph.stderr).contains("--format json"));
    let sparql = run(&["sparql", "ASK { ?s ?p ?o }", "--json"]);
    assert_eq!(sparql.status.code(), Some(2));
    assert!(text(&sparql.stderr).contains("--results json"));
}

#[test]
fn the_sparql_help_examples_run() {
    let help = ok(&run(&["sparql", "--help"]));
    let files: Vec<&str> = help
        .split_whitespace()
        .filter(|w| w.starts_with("@queries/"))
        .collect();
    assert!(!files.is_empty(), "{help}");
    for file in files {
        let out = ok(&run(&["sparql", file]));
        assert!(out.lines().count() > 2, "{file}: {out}");
    }
}

// ---- init, completions, man ------------------------------------------------------------------

#[test]
fn init_writes_a_dataset_that_validates_with_warnings_denied_and_builds() {
    let dir = scratch_dir("cli16-init");
    let dataset = dir.join("portsmouth");
    let dataset_arg = dataset.to_str().expect("utf-8");
    let out = run(&["init", dataset_arg]);
    ok(&out);
    assert!(text(&out.stderr).contains("kgforge validate"));
    let validated = run(&["validate", "--deny-warnings", dataset_arg]);
    assert!(ok(&validated).contains("valid (5 entities, 6 statements, 1 sources)"));
    assert!(validated.stderr.is_empty(), "{}", text(&validated.stderr));
    let exports = dir.join("out");
    ok(&run(&[
        "build",
        dataset_arg,
        "-o",
        exports.to_str().expect("utf-8"),
        "--format",
        "ttl,json,dot",
    ]));
    assert!(exports.join("portsmouth.ttl").is_file());
    assert!(exports.join("views/treaty.dot").is_file());
    // Comments say what each part is.
    let statements = std::fs::read_to_string(dataset.join("statements.toml")).expect("read");
    assert!(statements.starts_with("# The statements"));
    // A second init does not overwrite.
    let again = run(&["init", dataset_arg]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("already holds"));
}

#[test]
fn completions_and_the_man_page_are_printed_for_every_command() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = ok(&run(&["completions", shell]));
        assert!(script.contains("describe"), "{shell}");
        assert!(script.contains("dataset"), "{shell}");
    }
    let page = ok(&run(&["man"]));
    assert!(
        page.starts_with(".ie") || page.contains(".TH kgforge"),
        "{page}"
    );
    for command in ["KGFORGE DESCRIBE", "KGFORGE INIT", "KGFORGE SPARQL"] {
        assert!(
            page.contains(command),
            "{command} missing from the man page"
        );
    }
    let bad = run(&["completions", "tcsh"]);
    assert_eq!(bad.status.code(), Some(2));
}

// ---- watch -----------------------------------------------------------------------------------

#[test]
fn validate_watch_validates_again_when_a_file_changes() {
    use std::io::{BufRead, BufReader};
    let dir = scratch_dir("cli16-watch");
    let dataset = dir.join("ds");
    ok(&run(&["init", dataset.to_str().expect("utf-8")]));
    let mut child = kgforge()
        .args(["validate", "--watch"])
        .arg(&dataset)
        .env_remove("KGFORGE_DATASET")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawns");
    let (send, receive) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().expect("stdout");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    // A guard against a hang, not a timing assertion.
    let wait = std::time::Duration::from_secs(60);
    let first = receive.recv_timeout(wait).expect("a first verdict");
    assert!(first.contains("valid (5 entities"), "{first}");
    // An added entity: validated again without being asked.
    let mut entities = std::fs::read_to_string(dataset.join("entities.toml")).expect("read");
    entities.push_str("\n[entities.tokyo]\ntype = \"place\"\nlabel = \"Tokyo\"\n");
    std::fs::write(dataset.join("entities.toml"), entities).expect("write");
    let second = receive.recv_timeout(wait);
    let _ = child.kill();
    let _ = child.wait();
    let second = second.expect("a second verdict after the change");
    assert!(second.contains("valid (6 entities"), "{second}");
}

// ---- what the loader accepts and says ---------------------------------------------------------

/// A one-file TOML dataset in a scratch directory.
fn dataset(name: &str, languages: &str, entities: &str, statements: &str) -> std::path::PathBuf {
    let dir = scratch_dir(name);
    std::fs::write(
        dir.join("dataset.toml"),
        format!(
            "[dataset]\nid = \"t\"\ntitle = \"T\"\nbase_iri = \"https://example.org/t/\"\n\
             languages = {languages}\n\n[types.city]\nlabel = \"city\"\n\n\
             [predicates.near]\nlabel = \"near\"\n\n[sources.atlas]\ntitle = \"An atlas\"\n\n\
             {entities}\n{statements}"
        ),
    )
    .expect("write");
    dir
}

#[test]
fn a_plain_label_is_in_the_first_language_and_a_page_may_be_a_number() {
    let dir = dataset(
        "cli16-plain-label",
        r#"["ja", "en"]"#,
        "[entities.tokyo]\ntype = \"city\"\nlabel = \"東京\"\naliases = [\"江戸\"]\n\n\
         [entities.osaka]\ntype = \"city\"\nlabel = { en = \"Osaka\" }\n",
        "[[statements]]\nsubject = \"tokyo\"\npredicate = \"near\"\nobject = \"osaka\"\n\
         references = [{ source = \"atlas\", page = 12 }]\n",
    );
    let d = dir.to_str().expect("utf-8");
    let out = run(&["validate", "--deny-warnings", d]);
    ok(&out);
    let described = ok(&run(&["describe", "tokyo", "-d", d, "--json"]));
    let v: serde_json::Value = serde_json::from_str(&described).expect("JSON");
    assert_eq!(v["labels"]["ja"], "東京");
    assert_eq!(v["aliases"]["ja"][0], "江戸");
    let reference = &v["claims"][0]["statements"][0]["references"][0];
    assert_eq!(reference["locator"], "p. 12");
}

#[test]
fn a_header_typo_in_a_big_relations_file_gives_its_errors_and_no_false_warnings() {
    let dir = scratch_dir("cli16-csv-typo");
    let mut entities = String::from("id,type,label\n");
    let mut relations = String::from("subjet,predicate,object,source,locator\n");
    for i in 0..2_000 {
        entities.push_str(&format!("e{i},army,Army {i}\n"));
        relations.push_str(&format!("e{i},follows,e{},book,p. {i}\n", (i + 1) % 2_000));
    }
    std::fs::write(dir.join("entities.csv"), entities).expect("write");
    std::fs::write(dir.join("relations.csv"), relations).expect("write");
    let out = run(&["validate", dir.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("KG0802"), "{stderr}");
    assert!(stderr.contains("unknown column `subjet`"), "{stderr}");
    assert!(stderr.contains("did you mean `subject`?"), "{stderr}");
    assert!(
        stderr.lines().count() < 40,
        "{} lines:\n{stderr}",
        stderr.lines().count()
    );
}

// ---- SPARQL errors -------------------------------------------------------------------------

#[test]
fn a_sparql_syntax_error_is_one_short_message_with_the_place_marked() {
    let out = run(&["sparql", "SELECT ?x WHERE { ?x foo:bar ?y }"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("\\u{"), "{stderr}");
    assert!(stderr.lines().count() <= 4, "{stderr}");
    assert!(
        stderr.contains("line 1, column 22: the prefix `foo:` is not declared"),
        "{stderr}"
    );
    assert!(stderr.contains("\n                       ^"), "{stderr}");
    let typo = run(&["sparql", "SELECT * WHERE { ?x entit:kwantung_army ?y }"]);
    assert!(text(&typo.stderr).contains("did you mean `entity:`?"));
    let unfinished = run(&["sparql", "SELECT ?x WHERE {\n  ?x prop:surrendered_to ?y "]);
    let stderr = text(&unfinished.stderr);
    assert!(
        stderr.contains("line 2, column 29: expected `,` or `.`"),
        "{stderr}"
    );
}

#[test]
fn an_empty_sparql_result_names_the_prefixed_names_no_triple_uses() {
    let out = run(&[
        "sparql",
        "SELECT ?to WHERE { entity:kwantung_army prop:surendered_to ?to }",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "?to\n");
    assert!(
        text(&out.stderr)
            .contains("note: no triple uses prop:surendered_to; did you mean prop:surrendered_to?"),
        "{}",
        text(&out.stderr)
    );
    // A result with rows says nothing.
    let found = run(&[
        "sparql",
        "SELECT ?to WHERE { entity:kwantung_army prop:surrendered_to ?to }",
    ]);
    assert!(found.stderr.is_empty(), "{}", text(&found.stderr));
}

#[test]
fn the_default_dataset_is_quiet_when_stderr_is_not_a_terminal() {
    // Progress is drawn only on a terminal: a pipe sees nothing.
    let out = run(&["validate"]);
    ok(&out);
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    assert!(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("queries")
            .is_dir()
    );
}

// ---- text values with a language -------------------------------------------------------------

#[test]
fn a_text_value_may_give_its_language_and_keeps_it_in_json_rdf_and_csv() {
    let dir = scratch_dir("cli16-text-language");
    std::fs::write(
        dir.join("dataset.toml"),
        "[dataset]\nid = \"t\"\ntitle = \"T\"\nbase_iri = \"https://example.org/t/\"\n\
         languages = [\"en\", \"ja\"]\n\n[types.document]\nlabel = \"document\"\n\n\
         [predicates.title]\nlabel = \"title\"\nrange = \"string\"\n\n\
         [sources.archive]\ntitle = \"An archive\"\n\n\
         [entities.instrument]\ntype = \"document\"\nlabel = \"Instrument of Surrender\"\n\n\
         [[statements]]\nsubject = \"instrument\"\npredicate = \"title\"\n\
         text = { ja = \"降伏文書\" }\nreferences = [{ source = \"archive\" }]\n\n\
         [[statements]]\nsubject = \"instrument\"\npredicate = \"title\"\n\
         text = \"Instrument of Surrender\"\nreferences = [{ source = \"archive\" }]\n",
    )
    .expect("write");
    let out = dir.join("out");
    let (d, o) = (dir.to_str().expect("utf-8"), out.to_str().expect("utf-8"));
    ok(&run(&["build", d, "-o", o, "--format", "json,nt"]));
    let nt = std::fs::read_to_string(out.join("t.nt")).expect("nt");
    assert!(nt.contains("\"降伏文書\"@ja"), "{nt}");
    assert!(nt.contains("\"Instrument of Surrender\"@en"), "{nt}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("t.json")).expect("json"))
            .expect("JSON");
    let all = serde_json::to_string(&json).expect("JSON");
    assert!(all.contains(r#""text":{"ja":"降伏文書"}"#), "{all}");
    // The JSON export loads back to the same RDF.
    let again = dir.join("again");
    ok(&run(&[
        "build",
        out.join("t.json").to_str().expect("utf-8"),
        "-o",
        again.to_str().expect("utf-8"),
        "--format",
        "nt",
    ]));
    assert_eq!(
        std::fs::read_to_string(again.join("t.nt")).expect("nt"),
        nt,
        "the JSON export did not load back to the same RDF"
    );
    // `kgforge import` of the RDF gives the text back in its language, in TOML as written.
    let imported = dir.join("imported");
    ok(&run(&[
        "import",
        out.join("t.nt").to_str().expect("utf-8"),
        "-o",
        imported.to_str().expect("utf-8"),
    ]));
    let toml = std::fs::read_to_string(imported.join("statements.toml")).expect("toml");
    assert!(toml.contains(r#"text = { ja = "降伏文書" }"#), "{toml}");
    assert!(
        toml.contains(r#"text = "Instrument of Surrender""#),
        "{toml}"
    );
    // The Parquet statements table has the language beside the text.
    #[cfg(feature = "parquet")]
    {
        ok(&run(&["build", d, "-o", o, "--format", "parquet"]));
        let file = std::fs::File::open(out.join("t.statements.parquet")).expect("parquet");
        let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
            .expect("a Parquet file")
            .build()
            .expect("a reader");
        let mut pairs = Vec::new();
        for batch in reader {
            use arrow_array::Array;
            use arrow_array::cast::AsArray;
            let batch = batch.expect("a batch");
            let column = |name| {
                batch
                    .column_by_name(name)
                    .expect(name)
                    .as_string::<i32>()
                    .clone()
            };
            let (texts, languages) = (column("text"), column("text_language"));
            for i in 0..batch.num_rows() {
                pairs.push((
                    texts.value(i).to_string(),
                    languages
                        .is_valid(i)
                        .then(|| languages.value(i).to_string()),
                ));
            }
        }
        pairs.sort();
        assert_eq!(
            pairs,
            [
                ("Instrument of Surrender".to_string(), None),
                ("降伏文書".to_string(), Some("ja".to_string())),
            ]
        );
    }
    // describe shows the language; a CSV `text@ja` column is the same statement.
    let described = ok(&run(&["describe", "instrument", "-d", d]));
    assert!(described.contains("“降伏文書” (ja)"), "{described}");
    std::fs::write(
        dir.join("statements.csv"),
        "subject,predicate,text@ja,source\ninstrument,title,降伏文書,archive\n",
    )
    .expect("write");
    // The same subject, predicate and value as the TOML statement: written twice (KG0103).
    let twice = run(&["validate", d]);
    assert_eq!(twice.status.code(), Some(1));
    let stderr = text(&twice.stderr);
    assert!(stderr.contains("error[KG0103]"), "{stderr}");
    assert!(stderr.contains("statements.csv:2:1"), "{stderr}");
}
