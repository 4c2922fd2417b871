//! `exports/` holds the default dataset's exports; this fails when they are stale.
//!
//! What kgforge decides (DOT, JSON, every RDF file, the JSON Schema) is compared byte for byte.
//! The SVG is Graphviz's drawing of the DOT, and its coordinates depend on the fonts installed
//! where it was drawn; it is checked for what does not: it is well-formed, it records the digest
//! of the committed DOT, and it draws the same nodes and edges as a fresh drawing of that DOT.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use kgforge::export::{Format, dot_digest, render_with_graphviz, svg_drawn_from};

fn build_into(dir: &Path, extra: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_kgforge"))
        .args(["build", "-o"])
        .arg(dir)
        .args(extra)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("kgforge runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

fn is_drawing(name: &str) -> bool {
    name.ends_with(".svg")
}

#[test]
fn committed_exports_match_a_fresh_build() {
    let with_graphviz = crate::util::graphviz_available("committed_exports_match_a_fresh_build");
    let dir = crate::util::scratch_dir("exports-fresh");
    build_into(&dir, &["-q"]);
    let fresh = crate::util::files_in(&dir);
    let mut committed = crate::util::files_in(&crate::util::root().join("exports"));
    if !with_graphviz {
        committed.retain(|name, _| !is_drawing(name));
    }
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&fresh),
        "exports/ lists other files than a build writes"
    );
    let stale: Vec<_> = fresh
        .iter()
        .filter(|(name, bytes)| {
            let old = &committed[*name];
            if is_drawing(name) {
                svg_drawn_from(old) != svg_drawn_from(bytes)
            } else {
                old != *bytes
            }
        })
        .map(|(name, _)| name.clone())
        .collect();
    assert!(
        stale.is_empty(),
        "exports/ is stale ({}): run `cargo run --release` and commit exports/",
        stale.join(", ")
    );
}

/// The `<title>`s of an SVG's nodes and edges, which Graphviz takes from the DOT's ids and not
/// from anything it measures.
fn drawn_titles(svg: &[u8]) -> BTreeSet<(String, String)> {
    let text = std::str::from_utf8(svg).expect("an SVG is UTF-8");
    let doc = roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("the SVG is not well-formed XML: {e}"));
    doc.descendants()
        .filter(|n| n.has_tag_name("g"))
        .filter_map(|g| {
            let class = g.attribute("class")?;
            if class != "node" && class != "edge" {
                return None;
            }
            let title = g.children().find(|c| c.has_tag_name("title"))?.text()?;
            Some((class.to_string(), title.to_string()))
        })
        .collect()
}

#[test]
fn the_committed_svgs_are_drawings_of_the_committed_dots() {
    let exports = crate::util::root().join("exports");
    let files = crate::util::files_in(&exports);
    let drawings: Vec<&String> = files.keys().filter(|n| is_drawing(n)).collect();
    // The whole dataset's and each view's.
    assert!(drawings.len() >= 2, "{drawings:?}");
    let graphviz =
        crate::util::graphviz_available("the_committed_svgs_are_drawings_of_the_committed_dots");
    for name in drawings {
        let svg = &files[name];
        let dot_name = format!("{}.dot", name.trim_end_matches(".svg"));
        let dot = files
            .get(&dot_name)
            .unwrap_or_else(|| panic!("{name} has no {dot_name} beside it"));
        let titles = drawn_titles(svg);
        assert!(
            titles.iter().any(|(class, _)| class == "node"),
            "exports/{name} draws no nodes"
        );
        assert_eq!(
            svg_drawn_from(svg),
            Some(dot_digest(dot).as_str()),
            "exports/{name} was not drawn from exports/{dot_name}: run `cargo run --release` \
             and commit exports/"
        );
        if !graphviz {
            continue;
        }
        let (fresh, warnings) = render_with_graphviz(dot, Format::Svg).expect("dot draws it");
        assert_eq!(warnings, "", "Graphviz warns about exports/{dot_name}");
        assert_eq!(
            titles,
            drawn_titles(&fresh),
            "exports/{name} draws other nodes or edges than exports/{dot_name}"
        );
    }
}

#[test]
fn a_build_keeps_an_svg_already_drawn_from_the_same_dot_and_redraws_any_other() {
    if !crate::util::graphviz_available(
        "a_build_keeps_an_svg_already_drawn_from_the_same_dot_and_redraws_any_other",
    ) {
        return;
    }
    let dir = crate::util::scratch_dir("exports-keep-svg");
    let args = ["--format", "dot,svg", "-v"];
    build_into(&dir, &args);
    let svg_path = dir.join("manchuria-1945.svg");
    let drawn = std::fs::read(&svg_path).expect("an SVG");
    let digest = svg_drawn_from(&drawn).expect("a stamped SVG").to_string();

    // Same DOT: the file is left exactly as it was, even when another machine drew it.
    let mut as_if_elsewhere = drawn;
    as_if_elsewhere.extend_from_slice(b"<!-- drawn with other fonts -->\n");
    std::fs::write(&svg_path, &as_if_elsewhere).expect("write");
    let stderr = build_into(&dir, &args);
    assert!(stderr.contains("kept"), "{stderr}");
    assert_eq!(std::fs::read(&svg_path).expect("read"), as_if_elsewhere);

    // A drawing of another DOT (or none at all) is redrawn.
    let other = String::from_utf8(as_if_elsewhere)
        .expect("UTF-8")
        .replace(&digest, &"0".repeat(64));
    std::fs::write(&svg_path, other).expect("write");
    build_into(&dir, &args);
    let redrawn = std::fs::read(&svg_path).expect("read");
    assert_eq!(svg_drawn_from(&redrawn), Some(digest.as_str()));
    assert!(!String::from_utf8_lossy(&redrawn).contains("other fonts"));
}

#[test]
fn exports_are_byte_identical_across_runs() {
    let graph = crate::util::default_graph();
    for format in crate::pipeline::written_formats() {
        let a = crate::pipeline::export_bytes(&graph, format).expect("export");
        let b =
            crate::pipeline::export_bytes(&crate::util::default_graph(), format).expect("export");
        assert!(a == b, "{} differs between two runs", format.name());
        assert!(!a.is_empty(), "{} is empty", format.name());
    }
}
