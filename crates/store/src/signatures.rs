//! Each expert's drawn signature and signing identity, kept with the expert (not the review) so
//! they are drawn and created once and serve every review the expert sits on.

use std::io::Cursor;

use rusqlite::{params, Connection, OptionalExtension};
use tic_domain::sheet::ConflictDecision;
use tic_domain::signing::IdentitySource;
use tic_domain::{ExpertId, InputError, ReviewId};

use crate::centers::bad_value;
use crate::error::StoreResult;
use crate::Store;

/// A drawn signature arrives as a PNG of the drawing pad; anything bigger is not a signature.
pub const MAX_SIGNATURE_BYTES: usize = 2 * 1024 * 1024;
const MAX_SIGNATURE_SIDE: u32 = 3000;
/// How many ink pixels make a signature rather than an accidental click.
const MIN_INK_PIXELS: usize = 40;


/// A stored identity: certificate and encrypted key, both opaque to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredIdentity {
    pub certificate: Vec<u8>,
    pub encrypted_key: Vec<u8>,
    pub source: IdentitySource,
    pub created_at: String,
    /// Issuer certificates of a department-issued certificate, nearest first.
    pub chain: Vec<Vec<u8>>,
}

/// Checks a drawn signature and normalises it: cropped to the ink with a small margin, ink kept
/// dark on white, stored as greyscale PNG. Refuses empty drawings and files that are not PNG.
pub fn normalized_signature(png: &[u8]) -> Result<Vec<u8>, InputError> {
    let bad = |m: String| InputError::new("手写签名", m);
    if png.len() > MAX_SIGNATURE_BYTES {
        return Err(bad(format!("图像过大（{} KB），上限 {} KB", png.len() / 1024, MAX_SIGNATURE_BYTES / 1024)));
    }
    if !png.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err(bad("不是 PNG 图像".into()));
    }
    let mut reader = image::ImageReader::with_format(Cursor::new(png), image::ImageFormat::Png);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIGNATURE_SIDE);
    limits.max_image_height = Some(MAX_SIGNATURE_SIDE);
    reader.limits(limits);
    let img = reader.decode().map_err(|e| bad(format!("图像无法解码（{e}）")))?.to_rgba8();
    // Ink: visibly dark and not transparent.
    let ink = |p: &image::Rgba<u8>| p[3] > 64 && (u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2])) < 3 * 160;
    let (mut x0, mut y0, mut x1, mut y1, mut count) = (u32::MAX, u32::MAX, 0, 0, 0usize);
    for (x, y, p) in img.enumerate_pixels() {
        if ink(p) {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
            count += 1;
        }
    }
    if count < MIN_INK_PIXELS {
        return Err(bad("签名为空，请在签名框内书写姓名".into()));
    }
    let margin = 8;
    let (x0, y0) = (x0.saturating_sub(margin), y0.saturating_sub(margin));
    let (x1, y1) = ((x1 + margin).min(img.width() - 1), (y1 + margin).min(img.height() - 1));
    let out = image::GrayImage::from_fn(x1 - x0 + 1, y1 - y0 + 1, |x, y| {
        let p = img.get_pixel(x0 + x, y0 + y);
        let a = u32::from(p[3]);
        let luma = (u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114) / 1000;
        image::Luma([((luma * a + 255 * (255 - a)) / 255) as u8])
    });
    let mut bytes = Vec::new();
    out.write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png).map_err(|e| bad(format!("无法编码：{e}")))?;
    Ok(bytes)
}

impl Store {
    /// Stores the expert's drawn signature (replacing an earlier one).
    pub fn save_hand_signature(&self, review: ReviewId, expert: ExpertId, png: &[u8]) -> StoreResult<()> {
        self.require_member(review, expert)?;
        let normalized = normalized_signature(png)?;
        write_hand_signature(&self.conn, expert, &normalized, &self.now())
    }

    /// The members who still have to draw a signature before the panel's documents can be
    /// signed, in seat order; a recused member signs nothing and is not waited for.
    pub fn members_without_hand_signature(&self, review: ReviewId) -> StoreResult<Vec<String>> {
        let mut names = Vec::new();
        for member in self.panel(review)? {
            let recused = self.declaration(review, member.expert_id)?.is_some_and(|d| d.conflict == ConflictDecision::Recused);
            if !recused && self.hand_signature(member.expert_id)?.is_none() {
                names.push(member.name);
            }
        }
        Ok(names)
    }

    pub fn hand_signature(&self, expert: ExpertId) -> StoreResult<Option<Vec<u8>>> {
        Ok(self.conn.query_row("SELECT png FROM hand_signatures WHERE expert_id = ?1", [expert.0], |r| r.get(0)).optional()?)
    }

    /// The drawn signatures of a review's panel, in panel order; members who have not drawn one
    /// are absent.
    pub fn panel_hand_signatures(&self, review: ReviewId) -> StoreResult<Vec<(ExpertId, Vec<u8>)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.expert_id, h.png FROM panel_members p JOIN hand_signatures h ON h.expert_id = p.expert_id
             WHERE p.review_id = ?1 ORDER BY p.position",
        )?;
        let rows = stmt.query_map([review.0], |r| Ok((ExpertId(r.get(0)?), r.get(1)?)))?.collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Stores the expert's signing identity (replacing an earlier one).
    pub fn save_signing_identity(
        &self,
        review: ReviewId,
        expert: ExpertId,
        certificate: &[u8],
        encrypted_key: &[u8],
        source: IdentitySource,
    ) -> StoreResult<()> {
        self.save_signing_identity_with_chain(review, expert, certificate, encrypted_key, &[], source)
    }

    /// Stores the expert's signing identity with the issuer certificates that travel with it.
    pub fn save_signing_identity_with_chain(
        &self,
        review: ReviewId,
        expert: ExpertId,
        certificate: &[u8],
        encrypted_key: &[u8],
        chain: &[Vec<u8>],
        source: IdentitySource,
    ) -> StoreResult<()> {
        self.require_member(review, expert)?;
        // The table's CHECK (schema 6) knows only 'generated' and 'pkcs12'. An issued certificate
        // is a generated key plus a department chain, so it is stored as 'generated' and told
        // apart by its chain rows when read.
        let code = if source == IdentitySource::Issued { IdentitySource::Generated.code() } else { source.code() };
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO signing_identities (expert_id, certificate, encrypted_key, source, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (expert_id) DO UPDATE SET certificate = excluded.certificate, encrypted_key = excluded.encrypted_key,
                 source = excluded.source, created_at = excluded.created_at",
            params![expert.0, certificate, encrypted_key, code, self.now()],
        )?;
        tx.execute("DELETE FROM signing_identity_chains WHERE expert_id = ?1", [expert.0])?;
        for (position, issuer) in chain.iter().enumerate() {
            tx.execute(
                "INSERT INTO signing_identity_chains (expert_id, position, certificate) VALUES (?1, ?2, ?3)",
                params![expert.0, i64::try_from(position).unwrap_or(i64::MAX), issuer],
            )?;
        }
        if source == IdentitySource::Issued {
            self.audit_expert(&tx, expert, "启用科技厅签发的证书", review, "")?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn signing_identity(&self, expert: ExpertId) -> StoreResult<Option<StoredIdentity>> {
        let mut stmt = self.conn.prepare_cached("SELECT certificate FROM signing_identity_chains WHERE expert_id = ?1 ORDER BY position")?;
        let chain: Vec<Vec<u8>> = stmt.query_map([expert.0], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(self
            .conn
            .query_row(
                "SELECT certificate, encrypted_key, source, created_at FROM signing_identities WHERE expert_id = ?1",
                [expert.0],
                |r| {
                    let code: String = r.get(2)?;
                    let source = match IdentitySource::from_code(&code) {
                        Some(IdentitySource::Generated) if !chain.is_empty() => IdentitySource::Issued,
                        Some(source @ (IdentitySource::Generated | IdentitySource::Pkcs12)) => source,
                        _ => return Err(bad_value(2, "签名证书来源", &code)),
                    };
                    Ok(StoredIdentity {
                        certificate: r.get(0)?,
                        encrypted_key: r.get(1)?,
                        source,
                        created_at: r.get(3)?,
                        chain: chain.clone(),
                    })
                },
            )
            .optional()?)
    }
}

/// Stores a normalised signature image for the expert, replacing an earlier one: drawn here or
/// arriving with their score-sheet package.
pub(crate) fn write_hand_signature(conn: &Connection, expert: ExpertId, png: &[u8], at: &str) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO hand_signatures (expert_id, png, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (expert_id) DO UPDATE SET png = excluded.png, updated_at = excluded.updated_at",
        params![expert.0, png, at],
    )?;
    Ok(())
}
