//! `exports/` holds the default dataset's exports; this fails when they are stale.

use std::collections::BTreeMap;
use std::process::Command;

#[test]
fn committed_exports_match_a_fresh_build() {
    let with_graphviz = crate::util::graphviz_available("committed_exports_match_a_fresh_build");
    let dir = crate::util::scratch_dir("exports-fresh");
    let out = Command::new(env!("CARGO_BIN_EXE_kgforge"))
        .args(["-q", "build", "-o"])
        .arg(&dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("kgforge runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fresh = crate::util::files_in(&dir);
    let mut committed = crate::util::files_in(&crate::util::root().join("exports"));
    if !with_graphviz {
        committed.retain(|name, _| !name.ends_with(".svg"));
    }
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&fresh),
        "exports/ lists other files than a build writes"
    );
    let stale: Vec<_> = fresh
        .iter()
        .filter(|(name, bytes)| committed.get(*name) != Some(bytes))
        .map(|(name, _)| name.clone())
        .collect();
    assert!(
        stale.is_empty(),
        "exports/ is stale ({}): run `cargo run --release` and commit exports/",
        stale.join(", ")
    );
}

#[test]
fn exports_are_byte_identical_across_runs() {
    let graph = crate::util::default_graph();
    for format in kgforge::export::Format::ALL
        .into_iter()
        .filter(|f| !f.needs_graphviz())
    {
        let a = kgforge::export::export(&graph, format, Vec::new()).expect("export");
        let b = kgforge::export::export(&crate::util::default_graph(), format, Vec::new())
            .expect("export");
        assert!(a == b, "{} differs between two runs", format.name());
        assert!(!a.is_empty(), "{} is empty", format.name());
    }
}
