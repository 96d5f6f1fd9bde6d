//! Every V, H and O rule of SPEC has at least one test named after it
//! (`v5_…`, `h11_…`, `o3_…`), somewhere in this crate's sources.

const SOURCES: [&str; 10] = [
    include_str!("../src/agreement.rs"),
    include_str!("../src/calendar.rs"),
    include_str!("../src/catalogue.rs"),
    include_str!("../src/history.rs"),
    include_str!("../src/opening.rs"),
    include_str!("../src/orgnr.rs"),
    include_str!("../src/period.rs"),
    include_str!("../src/pnr.rs"),
    include_str!("../src/query.rs"),
    include_str!("../src/tz.rs"),
];

fn has_test_named_after(rule: &str) -> bool {
    let prefix = format!("fn {}_", rule.to_lowercase());
    SOURCES.iter().any(|src| src.contains(&prefix))
}

#[test]
fn every_v_h_and_o_rule_has_a_test_named_after_it() {
    let rules = (1..=9)
        .map(|n| format!("V{n}"))
        .chain((1..=11).map(|n| format!("H{n}")))
        .chain((1..=4).map(|n| format!("O{n}")));
    let missing: Vec<String> = rules.filter(|r| !has_test_named_after(r)).collect();
    assert!(missing.is_empty(), "rules without a test: {missing:?}");
}

#[test]
fn the_coverage_check_itself_notices_a_missing_rule() {
    assert!(!has_test_named_after("H12"));
    assert!(has_test_named_after("H11"));
}
