//! Statement identity (issue 12): derived ids that do not collide on valid data, honest
//! duplicate and collision reports, and `kgforge ids`, which pins derived ids in a dataset.

use std::path::Path;

use crate::util::scratch_dir;

/// Loads and validates a dataset: its rendered diagnostics, and every statement id when valid.
fn validate(dir: &Path) -> (String, Option<Vec<String>>) {
    let report = kgforge::validate(kgforge::load(dir).expect("a dataset"), false);
    let ids = report
        .dataset
        .map(|d| d.statements.iter().map(|s| s.id().into_owned()).collect());
    (report.diagnostics.render_short(), ids)
}

fn assert_distinct(ids: &[String]) {
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "repeated ids");
}

// See: issue 12, "Derived ids collide on valid data". The two texts' old 32-bit FNV-1a ids
// were both "a.txt.e50b134c".
#[test]
fn issue_12_two_texts_whose_old_ids_collided_are_valid() {
    let dir = scratch_dir("ids-text-pair");
    std::fs::write(dir.join("entities.csv"), "id,type,label\na,thing,A\n").expect("write");
    std::fs::write(
        dir.join("relations.csv"),
        "subject,predicate,text\na,txt,note 255081\na,txt,note 481190\n",
    )
    .expect("write");
    let (diagnostics, ids) = validate(&dir);
    assert!(!diagnostics.contains("error"), "{diagnostics}");
    let ids = ids.expect("valid");
    assert_eq!(
        ids,
        [
            "a.txt.d232831d9569ebfb64f9c91f",
            "a.txt.2cc7f5138e0a01ed9fd11d8c"
        ]
    );
}

/// Objects of one hub whose old 32-bit ids collided pairwise: found once, offline, among
/// 200,000 random objects (the issue's "hub entity with 200k random objects gets 7 such
/// errors"; this seed gave 6). Each pair had one id under `hub.links_to.<8 hex>`.
const OLD_COLLIDING_OBJECTS: [(&str, &str); 6] = [
    ("o43c05e78a11b", "o47cfa9b168a2"),
    ("o28991fe9d8ef", "o537403f37bb8"),
    ("o3b8703d273c5", "o2ece0f8e5b02"),
    ("o41596eb5f52d", "oab26cf334028"),
    ("o6dcfba5d38f6", "ob76eb6135d30"),
    ("o76f00a23f42a", "o6c253242bb03"),
];

// See: issue 12. The 200k-row run is a benchmark-sized input; here the colliding pairs it
// contained, among a few thousand other random objects, keep the test quick in debug builds.
#[test]
fn issue_12_a_hub_with_random_objects_is_valid() {
    let dir = scratch_dir("ids-hub");
    let mut objects: Vec<String> = OLD_COLLIDING_OBJECTS
        .iter()
        .flat_map(|(a, b)| [a.to_string(), b.to_string()])
        .collect();
    let mut state = 1945_u64;
    for _ in 0..3_000 {
        // xorshift64: deterministic, and no dependency for a test.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        objects.push(format!("r{:012x}", state >> 16));
    }
    let mut entities = String::from("id,type,label\nhub,thing,Hub\n");
    let mut relations = String::from("subject,predicate,object\n");
    for o in &objects {
        entities.push_str(&format!("{o},thing,{o}\n"));
        relations.push_str(&format!("hub,links_to,{o}\n"));
    }
    std::fs::write(dir.join("entities.csv"), entities).expect("write");
    std::fs::write(dir.join("relations.csv"), relations).expect("write");
    let (diagnostics, ids) = validate(&dir);
    assert!(!diagnostics.contains("error"), "{diagnostics}");
    let ids = ids.expect("valid");
    assert_eq!(ids.len(), objects.len());
    assert_distinct(&ids);
    assert!(ids.iter().all(|id| id.len() == "hub.links_to.".len() + 24));
}
