//! The merge decision for incoming score-sheet packages, one row per situation.

use tic_domain::exchange::{merge_outcome, KeptPackage, SheetImportOutcome};
use SheetImportOutcome::{Applied, Conflict, History, Unchanged};

fn kept(revision: u32, digest: &'static str, applied: bool) -> KeptPackage<'static> {
    KeptPackage { revision, manifest_sha256: digest, applied }
}

#[test]
fn merge_outcomes() {
    let cases: Vec<(&str, u32, &str, Vec<KeptPackage<'static>>, SheetImportOutcome)> = vec![
        ("first package of a member", 1, "a", vec![], Applied),
        ("same file again", 1, "a", vec![kept(1, "a", true)], Unchanged),
        ("same file again, kept as history", 1, "a", vec![kept(1, "a", false), kept(2, "b", true)], Unchanged),
        ("newer revision", 2, "b", vec![kept(1, "a", true)], Applied),
        ("newer by more than one", 5, "e", vec![kept(1, "a", false), kept(2, "b", true)], Applied),
        ("older revision arriving late", 1, "a", vec![kept(2, "b", true)], History),
        ("older than applied, newer than history", 2, "b", vec![kept(1, "a", false), kept(3, "c", true)], History),
        ("same revision, other content", 2, "x", vec![kept(2, "b", true)], Conflict),
        ("same revision as a history package", 1, "x", vec![kept(1, "a", false), kept(2, "b", true)], Conflict),
        // The chair adopted an older package: a package newer than the adopted one applies.
        ("newer than an adopted older package", 3, "c", vec![kept(1, "a", true), kept(2, "b", false)], Applied),
        ("a recusal (revision 0) first", 0, "r", vec![], Applied),
        ("no package applied (all in conflict)", 1, "z", vec![kept(2, "b", false), kept(2, "c", false)], Applied),
    ];
    for (situation, revision, digest, kept, expected) in cases {
        assert_eq!(merge_outcome(revision, digest, &kept), expected, "{situation}");
    }
}
