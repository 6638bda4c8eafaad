//! Every released schema migrates with its data. `tests/fixtures/schema-vN.db` is a database as
//! version N left it, with the demo's rows (written by `scripts/make-schema-fixtures.py`); each is
//! opened by this build, and every row it held must still be there, unchanged, and readable
//! through the store.

use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use tic_domain::{ReviewFilter, ReviewId};
use tic_store::{Store, SCHEMA_VERSION};

use crate::fixtures::{fixed_clock, test_key};

/// The released migrations and their SHA-256: a released migration is never edited (a database
/// that ran the old text would silently differ from one that runs the new).
const RELEASED: [(&str, &str, &str); 13] = [
    ("0001_init.sql", include_str!("../../migrations/0001_init.sql"), "d0be7f0a78938077d472235a803fe9492757fe9c6ef82c94a8fe2b958bf11bd7"),
    ("0002_scoring.sql", include_str!("../../migrations/0002_scoring.sql"), "548880e7d3ad9955238118eeaf5b5536ca75dc08cc84c962ac56d4fc107a90ac"),
    ("0003_rounds.sql", include_str!("../../migrations/0003_rounds.sql"), "61b4705763014ff5698eab952f81ccd2f66727b0caaece899e93fd2e31833de0"),
    ("0004_panel_opinion.sql", include_str!("../../migrations/0004_panel_opinion.sql"), "fb74325ae1c87b816295bd79c7bcb3cbc724cb5f49e76253f1af1e11d23fe94a"),
    (
        "0005_records_settings_justifications.sql",
        include_str!("../../migrations/0005_records_settings_justifications.sql"),
        "6152d34d2e560f3f1e5afe540f566e9602706c86c074866644673ed0a189f352",
    ),
    ("0006_signatures.sql", include_str!("../../migrations/0006_signatures.sql"), "2103c8791ace39967bd2cf28edbf5c414bbab4bd1da2aa0fa709fac6a960b847"),
    ("0007_exchange.sql", include_str!("../../migrations/0007_exchange.sql"), "ab74ba2c17cedc55f933c636c098fe684ef1f23952bcb217a5fa979341c22481"),
    ("0008_pin_attempts.sql", include_str!("../../migrations/0008_pin_attempts.sql"), "63e03a3620a69e6f287d36a7087843e6d359b7aed8623bbea64823d2f6e9924d"),
    ("0009_audit_log.sql", include_str!("../../migrations/0009_audit_log.sql"), "e9ae56f63fa78c903c29152be36e6fef07ca4dba96f333956f188b2dcff1d2f4"),
    (
        "0010_center_decisions.sql",
        include_str!("../../migrations/0010_center_decisions.sql"),
        "b5233975f2ff0204eee394289761c8f9080982bda5d52e1b26094df06f593a74",
    ),
    (
        "0011_follow_ups_evidence.sql",
        include_str!("../../migrations/0011_follow_ups_evidence.sql"),
        "cbff453aa56192f25d9e4e37046a84f27ed009e02c3d440c142ded7c5750cb81",
    ),
    (
        "0012_department_trust.sql",
        include_str!("../../migrations/0012_department_trust.sql"),
        "3748264f540f25b9c558efb64ebbff98e10db28a53db9e062f0bf7f365a1c81e",
    ),
    ("0013_panel_by_file.sql", include_str!("../../migrations/0013_panel_by_file.sql"), "e09c8f82afa7b66122207f5bf35d0214ac6ae5fb3bbc33440baa03df346a85a4"),
];

pub fn fixture(version: usize) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/schema-v{version}.db"))
}

/// Puts a copy of the schema-`version` fixture at `path`.
pub fn write_fixture(path: &Path, version: usize) {
    std::fs::copy(fixture(version), path).unwrap();
}

pub fn tables(conn: &Connection) -> Vec<String> {
    conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Every row of every table, each with its columns by name, in a stable order. Built-in
/// templates are left out: each build installs its own.
pub fn all_rows(conn: &Connection, only: &[String]) -> Vec<(String, Vec<Vec<(String, Value)>>)> {
    only.iter()
        .map(|table| {
            let filter = if table == "templates" { " WHERE builtin = 0" } else { "" };
            let mut statement = conn.prepare(&format!("SELECT * FROM \"{table}\"{filter}")).unwrap();
            let names: Vec<String> = statement.column_names().into_iter().map(str::to_owned).collect();
            let mut rows: Vec<Vec<(String, Value)>> = statement
                .query_map([], |r| (0..names.len()).map(|i| Ok((names[i].clone(), r.get::<_, Value>(i)?))).collect())
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            rows.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
            (table.clone(), rows)
        })
        .collect()
}

fn schema_of(conn: &Connection) -> Vec<(String, String, Option<String>)> {
    conn.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn released_migrations_are_never_edited() {
    assert_eq!(RELEASED.len() as i64, SCHEMA_VERSION, "a new migration is released: pin its digest here and add its fixture");
    for (name, text, digest) in RELEASED {
        assert_eq!(format!("{:x}", Sha256::digest(text.as_bytes())), digest, "{name} was edited after its release");
    }
}

#[test]
fn each_fixture_holds_the_schema_its_released_migrations_make() {
    for version in 1..=RELEASED.len() {
        let made = Connection::open_in_memory().unwrap();
        for (_, text, _) in &RELEASED[..version] {
            made.execute_batch(text).unwrap();
        }
        let kept = Connection::open(fixture(version)).unwrap();
        assert_eq!(schema_of(&kept), schema_of(&made), "schema-v{version}.db");
        let user_version: i64 = kept.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(user_version, version as i64);
    }
}

#[test]
fn every_released_schema_migrates_to_the_current_one_with_all_its_rows() {
    for version in 1..=RELEASED.len() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("review.db");
        write_fixture(&path, version);
        let before = {
            let conn = Connection::open(&path).unwrap();
            let names = tables(&conn);
            all_rows(&conn, &names)
        };
        let empty: Vec<&str> = before.iter().filter(|(_, rows)| rows.is_empty()).map(|(t, _)| t.as_str()).collect();
        assert!(empty.is_empty(), "schema-v{version}.db: no rows in {empty:?}");

        let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
        drop(store);
        let names: Vec<String> = before.iter().map(|(t, _)| t.clone()).collect();
        let conn = crate::fixtures::keyed(&path);
        let version_now: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version_now, SCHEMA_VERSION);
        assert_eq!(all_rows(&conn, &names), before, "schema-v{version}.db: a row changed while migrating");
        if (version as i64) < SCHEMA_VERSION {
            let backup = dir.path().join(format!("review.db.v{version}-backup-20261123080000"));
            assert_eq!(all_rows(&crate::fixtures::keyed(&backup), &names), before, "the copy made before migrating");
        }

        // And the store reads what the old version wrote.
        let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
        let reviews = store.list_reviews(&ReviewFilter::default()).unwrap();
        // From schema 10 the demo also holds a center with a history: two evaluations by three
        // experts; from 13 a review whose two experts were drawn from the pool.
        let (review_count, seat_count, center_count) = match version {
            13.. => (9, 23, 7),
            10.. => (8, 21, 7),
            _ => (6, 15, 6),
        };
        assert_eq!(reviews.len(), review_count, "schema-v{version}.db");
        let mut seats = 0;
        for summary in &reviews {
            seats += store.review(summary.id).unwrap().panel.len();
            store.consolidation_inputs(summary.id).unwrap();
        }
        assert_eq!(seats, seat_count, "schema-v{version}.db: every panel seat");
        assert_eq!(store.list_centers().unwrap().len(), center_count);
        let finished = finished_review(&store);
        let chair = store.review(finished).unwrap().panel[0].expert_id;
        let total = store.consolidation_seen_by(finished, chair).unwrap().total;
        assert_eq!(total, "94.67", "schema-v{version}.db");
    }
}

/// The demo's finished review (内蒙古草种业技术创新中心).
fn finished_review(store: &Store) -> ReviewId {
    // The earliest of that center's reviews; a later one (schema 13) was drawn from the pool.
    let mut reviews: Vec<_> = store.list_reviews(&ReviewFilter::default()).unwrap().into_iter().filter(|r| r.center_name.contains("草种业")).collect();
    reviews.sort_by_key(|r| r.review_date);
    reviews[0].id
}
