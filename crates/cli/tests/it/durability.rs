//! Kills the writer with SIGKILL again and again mid-edit, and checks that every edit it had
//! acknowledged is in the database and that the file is sound.

use crate::test_key;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use tic_domain::{ExpertId, Points, ReviewId, Template};
use tic_store::Store;

const CYCLES: u64 = 110;

fn tic_review() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tic-review"));
    command.env(tic_store::KEY_ENV, crate::TEST_KEY_HEX);
    command
}

/// Same edit sequence as the writer (`crates/cli/src/drill.rs`), restated here so the test
/// checks the writer rather than trusting it.
fn edit(template: &Template, k: u64) -> (String, Points) {
    let scored: Vec<_> = template.criteria().filter(|(_, c)| !c.veto).map(|(_, c)| c).collect();
    let criterion = scored[(k % scored.len() as u64) as usize];
    let tenths = (k * 7 % (criterion.max.tenths() as u64 + 1)) as u32;
    (criterion.id.0.clone(), Points::from_tenths(tenths))
}

/// Runs the drill (`--opinion` or not) `cycles` times, each killed with SIGKILL after a few
/// acknowledgements, and hands `check` the reopened store, the cycle and the last acknowledged edit.
fn kill_cycles(cycles: u64, opinion: bool, check: impl Fn(&Store, u64, u64)) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("drill.db");
    assert!(tic_review().args(["seed-demo", "--db"]).arg(&db).status().unwrap().success());

    let mut next = 0u64;
    let mut acked_total = 0u64;
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    for cycle in 0..cycles {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let wait_for = 1 + rng % 6;
        let mut command = tic_review();
        command.args(["durability-drill", "--db"]).arg(&db).args(["--from", &next.to_string()]);
        if opinion {
            command.arg("--opinion");
        }
        let mut child = command.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut last_ack = None;
        for _ in 0..wait_for {
            let line = lines.next().expect("writer ended early").unwrap();
            last_ack = Some(line.strip_prefix("ack ").unwrap().parse::<u64>().unwrap());
        }
        child.kill().unwrap(); // SIGKILL: no destructor, no flush, possibly mid-transaction.
        child.wait().unwrap();
        // The writer does not wait for us to read: it may have acknowledged more edits before the
        // kill landed. Those acknowledgements are still in the pipe, and they count too.
        for line in lines.map_while(Result::ok) {
            if let Some(k) = line.strip_prefix("ack ").and_then(|k| k.parse::<u64>().ok()) {
                last_ack = Some(k);
            }
        }
        let last_ack = last_ack.unwrap();
        acked_total += last_ack + 1 - next;

        let store = Store::open(&db, &test_key()).unwrap();
        assert_eq!(store.integrity_check().unwrap(), "ok", "cycle {cycle}");
        check(&store, cycle, last_ack);
        next = last_ack + 1;
    }
    assert!(acked_total >= cycles, "every cycle acknowledged at least one edit");
}

fn drill_expert(store: &Store) -> ExpertId {
    store.panel(ReviewId(1)).unwrap().iter().find(|m| m.name == "李晓梅").unwrap().expert_id
}

#[test]
fn no_acknowledged_edit_is_lost_across_repeated_kill_9() {
    kill_cycles(CYCLES, false, |store, cycle, last_ack| {
        let template = store.review_template(ReviewId(1)).unwrap();
        let sheet = store.own_sheet(ReviewId(1), drill_expert(store)).unwrap();
        let scored = template.criteria().filter(|(_, c)| !c.veto).count() as u64;
        // For every criterion, the latest acknowledged edit to it must be there — or the one edit
        // after the last acknowledgement, which may have committed before the kill landed.
        for k in last_ack.saturating_sub(scored - 1)..=last_ack {
            let (criterion, acked_points) = edit(&template, k);
            let stored = sheet.answers.iter().find(|a| a.criterion.0 == criterion).and_then(|a| a.points);
            let in_flight = edit(&template, last_ack + 1);
            let allowed_in_flight = in_flight.0 == criterion && stored == Some(in_flight.1);
            assert!(
                stored == Some(acked_points) || allowed_in_flight,
                "cycle {cycle}: edit {k} set {criterion} to {acked_points}, database has {stored:?}"
            );
        }
    });
}

/// Same edit text as the writer (`drill::opinion_text`), restated so the test checks the writer.
fn opinion_text(k: u64) -> String {
    format!("第 {k} 次改写：平台建设基础扎实，研发投入持续增长，产学研协同机制较为完善。").repeat(20)
}

/// The opinion text an expert types, killed mid-save 100 times: the last acknowledged text (or the
/// one after it, which may have committed before the kill) is always what the database holds.
#[test]
fn no_acknowledged_opinion_text_is_lost_across_repeated_kill_9() {
    kill_cycles(100, true, |store, cycle, last_ack| {
        let sheet = store.own_sheet(ReviewId(1), drill_expert(store)).unwrap();
        let stored = &sheet.opinion.strengths;
        assert!(
            *stored == opinion_text(last_ack) || *stored == opinion_text(last_ack + 1),
            "cycle {cycle}: edit {last_ack} was acknowledged, database has 「{}…」",
            stored.chars().take(12).collect::<String>()
        );
    });
}

/// One event of the writer's trace that matters for durability.
#[derive(Debug, PartialEq)]
enum Traced {
    WalWrite,
    WalSync,
    Ack(u64),
}

/// Reads `strace -y` output: writes to and syncs of the database's WAL, and acknowledgements
/// written to standard output.
fn traced_events(trace: &str, wal: &str) -> Vec<Traced> {
    let mut events = Vec::new();
    for line in trace.lines() {
        // "PID syscall(fd<path>, …) = result"; a failed call is no write and no sync.
        let Some((_, call)) = line.split_once(' ') else { continue };
        let call = call.trim_start();
        let on_wal = call.contains(&format!("<{wal}>"));
        let succeeded = call.rsplit_once(" = ").is_some_and(|(_, result)| !result.trim_start().starts_with('-'));
        if !succeeded {
            continue;
        }
        if on_wal && (call.starts_with("pwrite64(") || call.starts_with("write(") || call.starts_with("pwritev(")) {
            events.push(Traced::WalWrite);
        } else if on_wal && (call.starts_with("fdatasync(") || call.starts_with("fsync(")) {
            events.push(Traced::WalSync);
        } else if call.starts_with("write(1<") {
            if let Some(k) = call.split("\"ack ").nth(1).and_then(|rest| rest.split('\\').next()).and_then(|k| k.parse().ok()) {
                events.push(Traced::Ack(k));
            }
        }
    }
    events
}

/// A killed process leaves its writes in the OS cache; a power cut does not. So every edit must
/// be synced to the WAL before it is acknowledged: traced here with strace, every acknowledgement
/// must come after a write to the WAL and a sync of the WAL that follows the last such write.
/// With `synchronous = NORMAL` (or OFF) SQLite does not sync at commit, and this test fails.
#[test]
fn every_acknowledged_edit_was_synced_to_the_wal_before_the_acknowledgement() {
    const EDITS: u64 = 25;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("drill.db");
    assert!(tic_review().args(["seed-demo", "--db"]).arg(&db).status().unwrap().success());
    let trace = dir.path().join("trace.txt");
    let status = Command::new("strace")
        .env(tic_store::KEY_ENV, crate::TEST_KEY_HEX)
        .args(["-f", "-y", "-qq", "-s", "64", "-e", "trace=write,pwrite64,pwritev,fsync,fdatasync", "-o"])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_tic-review"))
        .args(["durability-drill", "--db"])
        .arg(&db)
        .args(["--from", "0", "--count", &EDITS.to_string()])
        .stdout(Stdio::null())
        .status()
        .expect("strace is needed for this test (scripts/install-deps.sh installs it)");
    assert!(status.success());

    let wal = format!("{}-wal", db.canonicalize().unwrap().display());
    let events = traced_events(&std::fs::read_to_string(&trace).unwrap(), &wal);
    let acks: Vec<u64> = events.iter().filter_map(|e| if let Traced::Ack(k) = e { Some(*k) } else { None }).collect();
    assert_eq!(acks, (0..EDITS).collect::<Vec<_>>(), "every edit acknowledged once, in order");

    let (mut written, mut synced_after_write) = (false, false);
    for event in &events {
        match event {
            Traced::WalWrite => (written, synced_after_write) = (true, false),
            Traced::WalSync => synced_after_write = written,
            Traced::Ack(k) => {
                assert!(written, "edit {k} was acknowledged without any write to the WAL");
                assert!(synced_after_write, "edit {k} was acknowledged before the WAL holding it was synced");
                (written, synced_after_write) = (false, false);
            }
        }
    }
}
