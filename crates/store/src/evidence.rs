//! Evidence files of rectification items (整改佐证材料): kept inside the encrypted database, so
//! they travel with backups and are as protected as the scores.

use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};
use tic_domain::lifecycle::{EvidenceFile, MAX_EVIDENCE_BYTES};
use tic_domain::{InputError, ReviewId};

use crate::error::StoreResult;
use crate::Store;

impl Store {
    /// The files kept with a rectification item, oldest first.
    pub fn evidence_files(&self, rectification: i64) -> StoreResult<Vec<EvidenceFile>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, rectification_id, name, length(bytes), sha256, added_by, added_at
                 FROM rectification_files WHERE rectification_id = ?1 ORDER BY id",
            )?
            .query_map([rectification], |r| {
                Ok(EvidenceFile {
                    id: r.get(0)?,
                    rectification_id: r.get(1)?,
                    name: r.get(2)?,
                    size: r.get::<_, i64>(3)? as u64,
                    sha256: r.get(4)?,
                    added_by: r.get(5)?,
                    added_at: r.get(6)?,
                })
            })?
            .collect::<Result<_, _>>()?)
    }

    /// Keeps a file with a rectification item. Refused, changing nothing, for an empty or
    /// oversized file, a missing item, or the same file twice.
    pub fn add_evidence_file(&self, rectification: i64, name: &str, bytes: &[u8], added_by: &str) -> StoreResult<EvidenceFile> {
        let by = tic_domain::input::required_line("添加人", added_by)?;
        // Only the file's own name is kept, never the folder it came from.
        let name = name.rsplit(['/', '\\']).next().unwrap_or(name).trim();
        let name = tic_domain::input::required_line("文件名", name)?;
        if bytes.is_empty() {
            return Err(InputError::new("佐证材料", format!("“{name}”是空文件")).into());
        }
        if bytes.len() > MAX_EVIDENCE_BYTES {
            let mb = |n: usize| format!("{}.{} MB", n / (1024 * 1024), n % (1024 * 1024) * 10 / (1024 * 1024));
            return Err(InputError::new("佐证材料", format!("“{name}”有 {}，超过 {} 的上限", mb(bytes.len()), mb(MAX_EVIDENCE_BYTES))).into());
        }
        let item: Option<(String, Option<i64>)> = self
            .conn
            .query_row("SELECT item, review_id FROM center_rectifications WHERE id = ?1", [rectification], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((item, review)) = item else {
            return Err(crate::StoreError::NotFound(format!("编号为 {rectification} 的整改事项")));
        };
        let sha256 = format!("{:x}", Sha256::digest(bytes));
        let same: Option<String> = self
            .conn
            .query_row("SELECT name FROM rectification_files WHERE rectification_id = ?1 AND sha256 = ?2", params![rectification, sha256], |r| r.get(0))
            .optional()?;
        if let Some(same) = same {
            return Err(InputError::new("佐证材料", format!("同一文件已作为“{same}”添加过")).into());
        }
        let now = self.now();
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO rectification_files (rectification_id, name, bytes, sha256, added_by, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![rectification, name, bytes, sha256, by, now],
        )?;
        let id = tx.last_insert_rowid();
        crate::audit::append(&tx, &now, &by, "添加整改佐证材料", review.map(ReviewId), &format!("{item}：{name}（SHA-256 {sha256}）"))?;
        tx.commit()?;
        self.evidence_files(rectification)?.into_iter().find(|f| f.id == id).ok_or_else(|| crate::StoreError::NotFound("佐证材料".into()))
    }

    /// A kept file's name and bytes, to save a copy.
    pub fn evidence_file_bytes(&self, id: i64) -> StoreResult<(String, Vec<u8>)> {
        self.conn
            .query_row("SELECT name, bytes FROM rectification_files WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| crate::StoreError::NotFound(format!("编号为 {id} 的佐证材料")))
    }
}
