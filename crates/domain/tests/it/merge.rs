//! The merge decision for incoming score-sheet packages, one row per situation.

use tic_domain::exchange::{merge_outcome, KeptPackage, SheetImportOutcome};
use SheetImportOutcome::{Applied, Conflict, History, Unchanged};

fn kept(revision: u32, digest: &'static str, applied: bool) -> KeptPackage<'static> {
    KeptPackage { revision, round_stamp: "", manifest_sha256: digest, applied }
}

fn rescored(revision: u32, stamp: &'static str, digest: &'static str, applied: bool) -> KeptPackage<'static> {
    KeptPackage { revision, round_stamp: stamp, manifest_sha256: digest, applied }
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
        assert_eq!(merge_outcome(revision, "", digest, &kept), expected, "{situation}");
    }
}

/// Re-scores from a discussion round travel in a later package of the same sheet revision.
#[test]
fn packages_of_one_revision_are_ordered_by_their_re_scores() {
    const T1: &str = "2026-11-20T03:00:00Z";
    const T2: &str = "2026-11-20T03:05:00Z";
    let cases: Vec<(&str, u32, &str, &str, Vec<KeptPackage<'static>>, SheetImportOutcome)> = vec![
        ("re-scores after the first package", 1, T1, "b", vec![kept(1, "a", true)], Applied),
        ("later re-scores", 1, T2, "c", vec![kept(1, "a", false), rescored(1, T1, "b", true)], Applied),
        ("earlier re-scores arriving late", 1, T1, "b", vec![kept(1, "a", false), rescored(1, T2, "c", true)], History),
        ("the package without re-scores arriving late", 1, "", "a", vec![rescored(1, T1, "b", true)], History),
        ("same re-score time, other content", 1, T1, "x", vec![rescored(1, T1, "b", true)], Conflict),
        ("a newer sheet revision beats re-scores", 2, "", "d", vec![rescored(1, T2, "c", true)], Applied),
        ("re-scores of an older revision", 1, T2, "e", vec![kept(2, "d", true)], History),
    ];
    for (situation, revision, stamp, digest, kept, expected) in cases {
        assert_eq!(merge_outcome(revision, stamp, digest, &kept), expected, "{situation}");
    }
}
