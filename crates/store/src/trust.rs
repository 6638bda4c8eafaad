//! The department's chain as rows: this installation's root (科技厅 mode), the register of
//! certificates it issued and revoked, the revocation lists it published, and — on every
//! installation — the roots it trusts with the latest revocation list of each. Certificates
//! are opaque bytes here; `tic-sign` reads them and `tic-export` decides what they mean.

use rusqlite::{params, OptionalExtension};

use crate::audit::append;
use tic_domain::InputError;

use crate::error::{StoreError, StoreResult};
use crate::Store;

/// This installation's department root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartmentRoot {
    pub department: String,
    pub certificate: Vec<u8>,
    pub encrypted_key: Vec<u8>,
    pub created_at: String,
}

/// One certificate in the department's register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedRecord {
    /// Uppercase hex.
    pub serial: String,
    pub holder: String,
    pub organization: String,
    pub pool_id: Option<String>,
    pub certificate: Vec<u8>,
    pub not_before: String,
    pub not_after: String,
    pub issued_at: String,
    pub revoked_at: Option<String>,
    pub revocation_reason: Option<String>,
}

/// A root this installation trusts, with the revocation list read for it, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedRoot {
    /// SHA-256 of the certificate, grouped hex (as shown everywhere).
    pub fingerprint: String,
    pub holder: String,
    pub certificate: Vec<u8>,
    pub added_at: String,
    pub crl: Option<StoredCrl>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCrl {
    pub number: Option<i64>,
    pub crl: Vec<u8>,
    pub imported_at: String,
}

impl Store {
    /// Makes this installation the department's (科技厅 mode): keeps its root and trusts it.
    /// There is one root per installation; a second is refused.
    pub fn create_department_root(&self, department: &str, certificate: &[u8], encrypted_key: &[u8], fingerprint: &str, holder: &str) -> StoreResult<()> {
        let tx = self.conn.unchecked_transaction()?;
        let exists: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM department_root)", [], |r| r.get(0))?;
        if exists {
            return Err(StoreError::Invalid(InputError::new("证书", "本机已经建立了科技厅根证书，不能再建立第二个")));
        }
        let now = self.now();
        tx.execute(
            "INSERT INTO department_root (id, department, certificate, encrypted_key, created_at) VALUES (1, ?1, ?2, ?3, ?4)",
            params![department, certificate, encrypted_key, now],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO trusted_roots (fingerprint, holder, certificate, added_at) VALUES (?1, ?2, ?3, ?4)",
            params![fingerprint, holder, certificate, now],
        )?;
        append(&tx, &now, department, "建立科技厅根证书", None, &format!("根证书指纹 {fingerprint}"))?;
        tx.commit()?;
        Ok(())
    }

    pub fn department_root(&self) -> StoreResult<Option<DepartmentRoot>> {
        Ok(self
            .conn
            .query_row("SELECT department, certificate, encrypted_key, created_at FROM department_root WHERE id = 1", [], |r| {
                Ok(DepartmentRoot { department: r.get(0)?, certificate: r.get(1)?, encrypted_key: r.get(2)?, created_at: r.get(3)? })
            })
            .optional()?)
    }

    /// Adds an issued certificate to the register.
    pub fn record_issued(&self, record: &IssuedRecord) -> StoreResult<()> {
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO issued_certificates (serial, holder, organization, pool_id, certificate, not_before, not_after, issued_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![record.serial, record.holder, record.organization, record.pool_id, record.certificate, record.not_before, record.not_after, record.issued_at],
        )?;
        let department = self.department_name(&tx)?;
        append(&tx, &self.now(), &department, "签发证书", None, &format!("{}（{}），序列号 {}，有效期至 {}", record.holder, record.organization, record.serial, record.not_after))?;
        tx.commit()?;
        Ok(())
    }

    fn department_name(&self, conn: &rusqlite::Connection) -> StoreResult<String> {
        Ok(conn.query_row("SELECT department FROM department_root WHERE id = 1", [], |r| r.get(0)).optional()?.unwrap_or_else(|| "科技厅".into()))
    }

    /// The register, newest first.
    pub fn issued_certificates(&self) -> StoreResult<Vec<IssuedRecord>> {
        let mut stmt = self.conn.prepare(
            "SELECT serial, holder, organization, pool_id, certificate, not_before, not_after, issued_at, revoked_at, revocation_reason
             FROM issued_certificates ORDER BY issued_at DESC, serial",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(IssuedRecord {
                    serial: r.get(0)?,
                    holder: r.get(1)?,
                    organization: r.get(2)?,
                    pool_id: r.get(3)?,
                    certificate: r.get(4)?,
                    not_before: r.get(5)?,
                    not_after: r.get(6)?,
                    issued_at: r.get(7)?,
                    revoked_at: r.get(8)?,
                    revocation_reason: r.get(9)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Marks an issued certificate revoked at `at` (RFC 3339) for `reason`. Revoking twice, or a
    /// serial the register does not hold, is refused.
    pub fn revoke_issued(&self, serial: &str, at: &str, reason: &str) -> StoreResult<()> {
        if reason.trim().is_empty() {
            return Err(StoreError::Invalid(InputError::new("证书", "请填写吊销原因")));
        }
        let tx = self.conn.unchecked_transaction()?;
        let state: Option<(String, Option<String>)> = tx
            .query_row("SELECT holder, revoked_at FROM issued_certificates WHERE serial = ?1", [serial], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let holder = match state {
            None => return Err(StoreError::Invalid(InputError::new("证书", format!("签发登记中没有序列号为 {serial} 的证书")))),
            Some((_, Some(when))) => return Err(StoreError::Invalid(InputError::new("证书", format!("该证书已于 {} 吊销", when.get(..10).unwrap_or(&when))))),
            Some((holder, None)) => holder,
        };
        tx.execute("UPDATE issued_certificates SET revoked_at = ?2, revocation_reason = ?3 WHERE serial = ?1", params![serial, at, reason.trim()])?;
        let department = self.department_name(&tx)?;
        append(&tx, &self.now(), &department, "吊销证书", None, &format!("{holder}，序列号 {serial}，原因：{}", reason.trim()))?;
        tx.commit()?;
        Ok(())
    }

    /// The number the next published revocation list carries (one more than the last).
    pub fn next_crl_number(&self) -> StoreResult<i64> {
        Ok(self.conn.query_row("SELECT COALESCE(MAX(number), 0) + 1 FROM published_crls", [], |r| r.get(0))?)
    }

    /// Keeps a published revocation list; its number must be the next one.
    pub fn record_published_crl(&self, number: i64, crl: &[u8]) -> StoreResult<()> {
        let tx = self.conn.unchecked_transaction()?;
        let next: i64 = tx.query_row("SELECT COALESCE(MAX(number), 0) + 1 FROM published_crls", [], |r| r.get(0))?;
        if number != next {
            return Err(StoreError::Invalid(InputError::new("证书", format!("吊销列表编号应为 {next}"))));
        }
        tx.execute("INSERT INTO published_crls (number, crl, issued_at) VALUES (?1, ?2, ?3)", params![number, crl, self.now()])?;
        let department = self.department_name(&tx)?;
        append(&tx, &self.now(), &department, "发布吊销列表", None, &format!("第 {number} 号"))?;
        tx.commit()?;
        Ok(())
    }

    /// Trusts a root (its fingerprint checked by the caller); trusting it again changes nothing.
    pub fn add_trusted_root(&self, fingerprint: &str, holder: &str, certificate: &[u8], actor: &str) -> StoreResult<bool> {
        let tx = self.conn.unchecked_transaction()?;
        let added = tx.execute(
            "INSERT OR IGNORE INTO trusted_roots (fingerprint, holder, certificate, added_at) VALUES (?1, ?2, ?3, ?4)",
            params![fingerprint, holder, certificate, self.now()],
        )? == 1;
        if added {
            append(&tx, &self.now(), actor, "信任根证书", None, &format!("{holder}，指纹 {fingerprint}"))?;
        }
        tx.commit()?;
        Ok(added)
    }

    /// Stops trusting a root (and forgets its revocation list). This installation's own
    /// department root cannot be removed.
    pub fn remove_trusted_root(&self, fingerprint: &str, actor: &str) -> StoreResult<()> {
        let tx = self.conn.unchecked_transaction()?;
        let own: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM department_root d JOIN trusted_roots t ON t.certificate = d.certificate WHERE t.fingerprint = ?1)",
            [fingerprint],
            |r| r.get(0),
        )?;
        if own {
            return Err(StoreError::Invalid(InputError::new("证书", "这是本机科技厅自己的根证书，不能移出信任列表")));
        }
        let holder: Option<String> = tx.query_row("SELECT holder FROM trusted_roots WHERE fingerprint = ?1", [fingerprint], |r| r.get(0)).optional()?;
        let Some(holder) = holder else { return Err(StoreError::Invalid(InputError::new("证书", "信任列表中没有这个根证书"))) };
        tx.execute("DELETE FROM revocation_lists WHERE root_fingerprint = ?1", [fingerprint])?;
        tx.execute("DELETE FROM trusted_roots WHERE fingerprint = ?1", [fingerprint])?;
        append(&tx, &self.now(), actor, "移出信任根证书", None, &format!("{holder}，指纹 {fingerprint}"))?;
        tx.commit()?;
        Ok(())
    }

    /// Keeps `crl` as the revocation list of the trusted root `fingerprint` (checked by the
    /// caller), replacing an older one.
    pub fn save_revocation_list(&self, fingerprint: &str, number: Option<i64>, crl: &[u8], actor: &str) -> StoreResult<()> {
        let tx = self.conn.unchecked_transaction()?;
        let holder: Option<String> = tx.query_row("SELECT holder FROM trusted_roots WHERE fingerprint = ?1", [fingerprint], |r| r.get(0)).optional()?;
        let Some(holder) = holder else { return Err(StoreError::Invalid(InputError::new("证书", "吊销列表的签发者不在信任列表中"))) };
        tx.execute(
            "INSERT INTO revocation_lists (root_fingerprint, number, crl, imported_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (root_fingerprint) DO UPDATE SET number = excluded.number, crl = excluded.crl, imported_at = excluded.imported_at",
            params![fingerprint, number, crl, self.now()],
        )?;
        let number = number.map_or_else(|| "无编号".to_owned(), |n| format!("第 {n} 号"));
        append(&tx, &self.now(), actor, "导入吊销列表", None, &format!("{holder}，{number}"))?;
        tx.commit()?;
        Ok(())
    }

    /// The trusted roots, oldest first, each with its revocation list.
    pub fn trusted_roots(&self) -> StoreResult<Vec<TrustedRoot>> {
        let mut stmt = self.conn.prepare(
            "SELECT t.fingerprint, t.holder, t.certificate, t.added_at, l.number, l.crl, l.imported_at
             FROM trusted_roots t LEFT JOIN revocation_lists l ON l.root_fingerprint = t.fingerprint
             ORDER BY t.added_at, t.fingerprint",
        )?;
        let rows = stmt
            .query_map([], |r| {
                let crl: Option<Vec<u8>> = r.get(5)?;
                Ok(TrustedRoot {
                    fingerprint: r.get(0)?,
                    holder: r.get(1)?,
                    certificate: r.get(2)?,
                    added_at: r.get(3)?,
                    crl: match crl {
                        Some(crl) => Some(StoredCrl { number: r.get(4)?, crl, imported_at: r.get(6)? }),
                        None => None,
                    },
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Whether the review's packages must be signed with trusted certificates.
    pub fn requires_trusted_certificates(&self, review: tic_domain::ReviewId) -> StoreResult<bool> {
        Ok(self
            .conn
            .query_row("SELECT require_trusted FROM review_trust_rules WHERE review_id = ?1", [review.0], |r| r.get::<_, i64>(0))
            .optional()?
            .is_some_and(|v| v == 1))
    }

    /// Sets the rule for the review (the chair's choice; logged).
    pub fn set_requires_trusted_certificates(&self, review: tic_domain::ReviewId, actor: &str, required: bool) -> StoreResult<()> {
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO review_trust_rules (review_id, require_trusted, set_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (review_id) DO UPDATE SET require_trusted = excluded.require_trusted, set_at = excluded.set_at",
            params![review.0, i64::from(required), self.now()],
        )?;
        let what = if required { "要求交换包证书可信" } else { "不再要求交换包证书可信" };
        append(&tx, &self.now(), actor, what, Some(review), "")?;
        tx.commit()?;
        Ok(())
    }
}
