//! 日志存证: the hash-chained audit log. Every significant action is appended with its time and
//! actor; each row's hash is SHA-256 over its fields and the previous row's hash (the first row
//! follows 64 zeros), so the verifier finds an edited row (its hash no longer matches), a deleted
//! one (a gap in the numbers, or a link to a hash that is not the one before) and a reordered one.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tic_domain::{ExpertId, ReviewId};

use crate::error::StoreResult;
use crate::Store;

/// The `prev_hash` of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One row of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub review_id: Option<i64>,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash a row must carry: over the JSON array of its fields and the previous hash.
pub fn entry_hash(seq: i64, at: &str, actor: &str, action: &str, review_id: Option<i64>, detail: &str, prev_hash: &str) -> String {
    let canonical = serde_json::to_string(&(seq, at, actor, action, review_id, detail, prev_hash)).expect("plain values serialise");
    format!("{:x}", Sha256::digest(canonical.as_bytes()))
}

/// What the verifier found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditVerification {
    pub entries: usize,
    /// The last row's hash: what a signed export vouches for.
    pub head: String,
    /// `None` when the chain is whole; otherwise, in Chinese, the first break.
    pub broken: Option<String>,
}

/// Checks the whole chain in the order given (by `seq`).
pub fn verify_chain(entries: &[AuditEntry]) -> AuditVerification {
    let mut prev = GENESIS.to_owned();
    let mut expected_seq = 1;
    let mut broken = None;
    for (i, e) in entries.iter().enumerate() {
        if e.seq != expected_seq {
            let later = entries[i + 1..].iter().any(|l| l.seq == expected_seq);
            broken = Some(if e.seq > expected_seq && !later {
                format!("第 {} 条之前缺少记录（应为第 {expected_seq} 条）：有记录被删除", e.seq)
            } else {
                format!("第 {} 条的顺序不对：记录被调换或重复", e.seq)
            });
            break;
        }
        if e.prev_hash != prev {
            broken = Some(format!("第 {} 条与前一条衔接不上：前面的记录被删除、调换或改动", e.seq));
            break;
        }
        if entry_hash(e.seq, &e.at, &e.actor, &e.action, e.review_id, &e.detail, &e.prev_hash) != e.hash {
            broken = Some(format!("第 {} 条记录的内容被改动过（{} {}）", e.seq, e.at, e.action));
            break;
        }
        prev = e.hash.clone();
        expected_seq += 1;
    }
    AuditVerification { entries: entries.len(), head: entries.last().map_or_else(|| GENESIS.to_owned(), |e| e.hash.clone()), broken }
}

/// Appends one row on `conn` (a transaction when the action has one, so both commit together).
pub(crate) fn append(conn: &Connection, at: &str, actor: &str, action: &str, review: Option<ReviewId>, detail: &str) -> rusqlite::Result<()> {
    let last: Option<(i64, String)> =
        conn.query_row("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    let (seq, prev) = last.map_or((1, GENESIS.to_owned()), |(s, h)| (s + 1, h));
    let review_id = review.map(|r| r.0);
    let hash = entry_hash(seq, at, actor, action, review_id, detail, &prev);
    conn.execute(
        "INSERT INTO audit_log (seq, at, actor, action, review_id, detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![seq, at, actor, action, review_id, detail, prev, hash],
    )?;
    Ok(())
}

impl Store {
    /// Records an action done outside the store's own writes (an export, a restore) by `actor`.
    pub fn record_event(&self, actor: &str, action: &str, review: Option<ReviewId>, detail: &str) -> StoreResult<()> {
        append(&self.conn, &self.now(), actor, action, review, detail)?;
        Ok(())
    }

    /// The name of an expert for the log ("专家 #id" if the pool no longer has them).
    pub(crate) fn actor_name(&self, expert: ExpertId) -> String {
        self.conn
            .query_row("SELECT name FROM experts WHERE id = ?1", [expert.0], |r| r.get::<_, String>(0))
            .unwrap_or_else(|_| format!("专家 #{}", expert.0))
    }

    /// Records an expert's action.
    pub(crate) fn audit_expert(&self, conn: &Connection, expert: ExpertId, action: &str, review: ReviewId, detail: &str) -> StoreResult<()> {
        append(conn, &self.now(), &self.actor_name(expert), action, Some(review), detail)?;
        Ok(())
    }

    /// The whole log, oldest first.
    pub fn audit_log(&self) -> StoreResult<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare("SELECT seq, at, actor, action, review_id, detail, prev_hash, hash FROM audit_log ORDER BY seq")?;
        let rows = stmt
            .query_map([], |r| {
                Ok(AuditEntry {
                    seq: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    review_id: r.get(4)?,
                    detail: r.get(5)?,
                    prev_hash: r.get(6)?,
                    hash: r.get(7)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Verifies the whole chain as it is stored now.
    pub fn verify_audit_log(&self) -> StoreResult<AuditVerification> {
        Ok(verify_chain(&self.audit_log()?))
    }
}
