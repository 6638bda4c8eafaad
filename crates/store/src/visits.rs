use std::io::Cursor;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use tic_domain::visit::{checked_criteria, Photo, SiteNote, SiteNoteDraft, SiteNoteKind, MAX_PHOTO_BYTES, MAX_PHOTO_SIDE};
use tic_domain::{CriterionId, ExpertId, InputError, PhotoId, ReviewId, SiteNoteId};

use crate::centers::bad_value;
use crate::error::{StoreError, StoreResult};
use crate::files::write_durably;
use crate::Store;

/// The longest side of a thumbnail, in pixels.
const THUMBNAIL_SIDE: u32 = 320;

impl Store {
    /// Adds a note to the expert's site-visit record.
    pub fn add_site_note(&self, review: ReviewId, expert: ExpertId, draft: &SiteNoteDraft) -> StoreResult<SiteNote> {
        let draft = draft.validated(&self.review_template(review)?)?;
        self.require_member(review, expert)?;
        let tx = self.conn.unchecked_transaction()?;
        let now = self.now();
        let id = insert_site_note(&tx, review, expert, &draft, &now, &now)?;
        tx.commit()?;
        self.site_note(review, expert, id)
    }

    /// Rewrites one of the expert's own notes.
    pub fn update_site_note(&self, review: ReviewId, expert: ExpertId, id: SiteNoteId, draft: &SiteNoteDraft) -> StoreResult<SiteNote> {
        let draft = draft.validated(&self.review_template(review)?)?;
        let tx = self.conn.unchecked_transaction()?;
        let changed = tx.execute(
            "UPDATE site_notes SET kind = ?4, text = ?5, updated_at = ?6 WHERE id = ?1 AND review_id = ?2 AND expert_id = ?3",
            params![id.0, review.0, expert.0, draft.kind.code(), draft.text, self.now()],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound("这条考察记录".into()));
        }
        tx.execute("DELETE FROM site_note_criteria WHERE note_id = ?1", [id.0])?;
        for c in &draft.criteria {
            tx.execute("INSERT INTO site_note_criteria (note_id, criterion_id) VALUES (?1, ?2)", params![id.0, c.0])?;
        }
        tx.commit()?;
        self.site_note(review, expert, id)
    }

    pub fn delete_site_note(&self, review: ReviewId, expert: ExpertId, id: SiteNoteId) -> StoreResult<()> {
        let removed = self.conn.execute(
            "DELETE FROM site_notes WHERE id = ?1 AND review_id = ?2 AND expert_id = ?3",
            params![id.0, review.0, expert.0],
        )?;
        if removed == 0 {
            return Err(StoreError::NotFound("这条考察记录".into()));
        }
        Ok(())
    }

    fn site_note(&self, review: ReviewId, expert: ExpertId, id: SiteNoteId) -> StoreResult<SiteNote> {
        self.site_notes(review, expert)?.into_iter().find(|n| n.id == id).ok_or_else(|| StoreError::NotFound("这条考察记录".into()))
    }

    /// The expert's own site-visit notes, oldest first.
    pub fn site_notes(&self, review: ReviewId, expert: ExpertId) -> StoreResult<Vec<SiteNote>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, kind, text, created_at, updated_at FROM site_notes WHERE review_id = ?1 AND expert_id = ?2 ORDER BY id",
        )?;
        let notes = stmt
            .query_map(params![review.0, expert.0], |r| {
                let kind: String = r.get(1)?;
                Ok(SiteNote {
                    id: SiteNoteId(r.get(0)?),
                    kind: SiteNoteKind::from_code(&kind).ok_or_else(|| bad_value(1, "记录类别", &kind))?,
                    text: r.get(2)?,
                    criteria: Vec::new(),
                    created_at: r.get(3)?,
                    updated_at: r.get(4)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        notes
            .into_iter()
            .map(|mut n| {
                n.criteria = self.linked_criteria("SELECT criterion_id FROM site_note_criteria WHERE note_id = ?1 ORDER BY criterion_id", n.id.0)?;
                Ok(n)
            })
            .collect()
    }

    fn linked_criteria(&self, sql: &str, id: i64) -> StoreResult<Vec<CriterionId>> {
        Ok(self.conn.prepare_cached(sql)?.query_map([id], |r| Ok(CriterionId(r.get(0)?)))?.collect::<Result<_, _>>()?)
    }

    /// The folder photos are copied into: beside the database, named after it.
    pub fn photo_dir(&self) -> StoreResult<PathBuf> {
        let path = self.path().ok_or_else(|| InputError::new("照片", "内存数据库不能保存照片"))?;
        Ok(photo_dir_for(path))
    }

    /// Copies a photo into the store and records it. Refuses anything that is not a JPEG or PNG
    /// photo of sensible size, naming the file; the database and the photo folder are unchanged then.
    pub fn add_photo(&self, review: ReviewId, expert: ExpertId, source: &Path, caption: &str, criteria: &[CriterionId]) -> StoreResult<Photo> {
        let template = self.review_template(review)?;
        let criteria = checked_criteria(&template, criteria)?;
        self.require_member(review, expert)?;
        let name = source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let bad = |message: String| StoreError::from(InputError::new("照片", format!("「{name}」{message}")));
        let size = std::fs::metadata(source).map_err(|e| bad(format!("无法读取：{e}")))?.len();
        if size > MAX_PHOTO_BYTES {
            return Err(bad(format!(
                "大小为 {:.1} MB，超过 {} MB 的上限；请压缩后再添加",
                size as f64 / 1_048_576.0,
                MAX_PHOTO_BYTES / 1_048_576
            )));
        }
        let bytes = std::fs::read(source).map_err(|e| bad(format!("无法读取：{e}")))?;
        let photo = PreparedPhoto::of(&bytes).map_err(bad)?;
        let exists: bool = self.conn.query_row(
            "SELECT count(*) > 0 FROM photos WHERE review_id = ?1 AND expert_id = ?2 AND sha256 = ?3",
            params![review.0, expert.0, photo.digest],
            |r| r.get(0),
        )?;
        if exists {
            return Err(bad("已经添加过了".into()));
        }
        self.keep_photo_files(&bytes, &photo).map_err(bad)?;
        let tx = self.conn.unchecked_transaction()?;
        let id = insert_photo(&tx, review, expert, &photo, &StoredPhoto { original_name: &name, size: bytes.len(), caption, criteria: &criteria, added_at: &self.now() })?;
        tx.commit()?;
        self.photo(review, expert, id)
    }

    /// Changes a photo's caption and linked criteria.
    pub fn describe_photo(&self, review: ReviewId, expert: ExpertId, id: PhotoId, caption: &str, criteria: &[CriterionId]) -> StoreResult<Photo> {
        let criteria = checked_criteria(&self.review_template(review)?, criteria)?;
        let tx = self.conn.unchecked_transaction()?;
        let changed = tx.execute(
            "UPDATE photos SET caption = ?4 WHERE id = ?1 AND review_id = ?2 AND expert_id = ?3",
            params![id.0, review.0, expert.0, caption.trim()],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound("这张照片".into()));
        }
        tx.execute("DELETE FROM photo_criteria WHERE photo_id = ?1", [id.0])?;
        for c in &criteria {
            tx.execute("INSERT INTO photo_criteria (photo_id, criterion_id) VALUES (?1, ?2)", params![id.0, c.0])?;
        }
        tx.commit()?;
        self.photo(review, expert, id)
    }

    fn photo(&self, review: ReviewId, expert: ExpertId, id: PhotoId) -> StoreResult<Photo> {
        self.photos(review, expert)?.into_iter().find(|p| p.id == id).ok_or_else(|| StoreError::NotFound("这张照片".into()))
    }

    /// The expert's own photos, in the order they were added.
    pub fn photos(&self, review: ReviewId, expert: ExpertId) -> StoreResult<Vec<Photo>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, original_name, mime, size_bytes, width, height, taken_at, caption, added_at
             FROM photos WHERE review_id = ?1 AND expert_id = ?2 ORDER BY id",
        )?;
        let photos = stmt
            .query_map(params![review.0, expert.0], |r| {
                Ok(Photo {
                    id: PhotoId(r.get(0)?),
                    original_name: r.get(1)?,
                    mime: r.get(2)?,
                    size_bytes: r.get::<_, i64>(3)? as u64,
                    width: r.get(4)?,
                    height: r.get(5)?,
                    taken_at: r.get(6)?,
                    caption: r.get(7)?,
                    criteria: Vec::new(),
                    added_at: r.get(8)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        photos
            .into_iter()
            .map(|mut p| {
                p.criteria = self.linked_criteria("SELECT criterion_id FROM photo_criteria WHERE photo_id = ?1 ORDER BY criterion_id", p.id.0)?;
                Ok(p)
            })
            .collect()
    }

    /// The JPEG thumbnail of one of the expert's photos, decrypted.
    pub fn photo_thumbnail(&self, review: ReviewId, expert: ExpertId, id: PhotoId) -> StoreResult<Vec<u8>> {
        let digest = self.photo_digest(review, expert, id)?;
        self.read_photo_file(&format!("{digest}.thumb.jpg"))
    }

    /// The photo as it was added (for the 实地考察记录), decrypted.
    pub fn photo_bytes(&self, review: ReviewId, expert: ExpertId, id: PhotoId) -> StoreResult<Vec<u8>> {
        let digest = self.photo_digest(review, expert, id)?;
        let dir = self.photo_dir()?;
        match ["jpg", "png"].into_iter().map(|ext| format!("{digest}.{ext}")).find(|name| dir.join(name).exists()) {
            Some(name) => self.read_photo_file(&name),
            None => Err(StoreError::NotFound(format!("照片文件（{digest}）"))),
        }
    }

    /// Reads and decrypts one file of the photo folder; a file that does not decrypt with this
    /// database's key (changed, truncated, or from another database) is named in the error.
    pub(crate) fn read_photo_file(&self, name: &str) -> StoreResult<Vec<u8>> {
        let path = self.photo_dir()?.join(name);
        let sealed = std::fs::read(&path).map_err(|_| StoreError::NotFound(format!("照片文件（{name}）")))?;
        self.key.unseal(&sealed).map_err(|_| StoreError::Corrupt(format!("照片文件「{}」无法解密（已损坏或不属于这个数据库）", path.display())))
    }

    pub(crate) fn photo_digest(&self, review: ReviewId, expert: ExpertId, id: PhotoId) -> StoreResult<String> {
        let digest: String = self
            .conn
            .query_row(
                "SELECT sha256 FROM photos WHERE id = ?1 AND review_id = ?2 AND expert_id = ?3",
                params![id.0, review.0, expert.0],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound("这张照片".into()))?;
        Ok(digest)
    }
}

/// `NAME-photos` beside the database file `NAME.db`.
pub(crate) fn photo_dir_for(database: &Path) -> PathBuf {
    let stem = database.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "tic-review".into());
    database.with_file_name(format!("{stem}-photos"))
}

/// A photo checked and decoded, ready to be kept.
pub(crate) struct PreparedPhoto {
    pub digest: String,
    pub mime: &'static str,
    pub extension: &'static str,
    pub width: u32,
    pub height: u32,
    pub taken_at: Option<String>,
    thumbnail: Vec<u8>,
}

impl PreparedPhoto {
    /// Checks that `bytes` are a JPEG or PNG photo of sensible size; the error says what is wrong.
    pub(crate) fn of(bytes: &[u8]) -> Result<PreparedPhoto, String> {
        if bytes.len() as u64 > MAX_PHOTO_BYTES {
            return Err(format!(
                "大小为 {:.1} MB，超过 {} MB 的上限；请压缩后再添加",
                bytes.len() as f64 / 1_048_576.0,
                MAX_PHOTO_BYTES / 1_048_576
            ));
        }
        let (mime, format, extension) = if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            ("image/jpeg", image::ImageFormat::Jpeg, "jpg")
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            ("image/png", image::ImageFormat::Png, "png")
        } else {
            return Err("不是 JPEG 或 PNG 格式的照片".into());
        };
        let mut limits = image::Limits::default();
        limits.max_image_width = Some(MAX_PHOTO_SIDE);
        limits.max_image_height = Some(MAX_PHOTO_SIDE);
        limits.max_alloc = Some(512 * 1024 * 1024);
        let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
        reader.limits(limits);
        let decoded = reader.decode().map_err(|e| match e {
            image::ImageError::Limits(_) => format!("尺寸过大：照片的长边不能超过 {MAX_PHOTO_SIDE} 像素"),
            other => format!("已损坏或无法解码（{other}）"),
        })?;
        let thumbnail = decoded.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE).into_rgb8();
        let mut thumb_bytes = Vec::new();
        thumbnail
            .write_to(&mut Cursor::new(&mut thumb_bytes), image::ImageFormat::Jpeg)
            .map_err(|e| format!("无法生成缩略图：{e}"))?;
        Ok(PreparedPhoto {
            digest: format!("{:x}", Sha256::digest(bytes)),
            mime,
            extension,
            width: decoded.width(),
            height: decoded.height(),
            taken_at: exif_taken_at(bytes),
            thumbnail: thumb_bytes,
        })
    }
}

impl Store {
    /// Writes the photo and its thumbnail into the photo folder (named by content, so writing the
    /// same photo again changes nothing) before any row refers to them.
    pub(crate) fn keep_photo_files(&self, bytes: &[u8], photo: &PreparedPhoto) -> Result<(), String> {
        let dir = self.photo_dir().map_err(|e| e.to_string())?;
        std::fs::create_dir_all(&dir).map_err(|e| format!("无法创建照片文件夹：{e}"))?;
        // Encrypted like the database: a photo shows the site and who was there.
        let original = self.key.seal(bytes);
        let thumbnail = self.key.seal(&photo.thumbnail);
        let failed = |what: &str, e: std::io::Error| match e.raw_os_error() {
            Some(28) => format!("无法保存{what}：磁盘空间不足，请腾出磁盘空间后重试"),
            // EACCES, EPERM, EROFS: the folder exists but refuses writes.
            Some(13 | 1 | 30) => format!("无法保存{what}：照片文件夹「{}」不能写入（{e}）", dir.display()),
            _ => format!("无法保存{what}：{e}"),
        };
        write_durably(&dir.join(format!("{}.{}", photo.digest, photo.extension)), &original, false).map_err(|e| failed("", e))?;
        write_durably(&dir.join(format!("{}.thumb.jpg", photo.digest)), &thumbnail, false).map_err(|e| failed("缩略图", e))?;
        Ok(())
    }
}

/// The camera's own "taken at" time, as "YYYY-MM-DD HH:MM:SS".
fn exif_taken_at(bytes: &[u8]) -> Option<String> {
    let exif = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)).ok()?;
    let field = exif
        .get_field(exif::Tag::DateTimeOriginal, exif::In::PRIMARY)
        .or_else(|| exif.get_field(exif::Tag::DateTime, exif::In::PRIMARY))?;
    match &field.value {
        exif::Value::Ascii(parts) => {
            let dt = exif::DateTime::from_ascii(parts.first()?).ok()?;
            Some(format!("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second))
        }
        _ => None,
    }
}

// The writers of this module's tables (site_notes, site_note_criteria, photos, photo_criteria),
// for the expert's own record and for one arriving in a score-sheet package.

/// A checked note, with the times it was written and last changed.
pub(crate) fn insert_site_note(
    conn: &Connection,
    review: ReviewId,
    expert: ExpertId,
    draft: &SiteNoteDraft,
    created_at: &str,
    updated_at: &str,
) -> StoreResult<SiteNoteId> {
    conn.execute(
        "INSERT INTO site_notes (review_id, expert_id, kind, text, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![review.0, expert.0, draft.kind.code(), draft.text, created_at, updated_at],
    )?;
    let id = conn.last_insert_rowid();
    for c in &draft.criteria {
        conn.execute("INSERT INTO site_note_criteria (note_id, criterion_id) VALUES (?1, ?2)", params![id, c.0])?;
    }
    Ok(SiteNoteId(id))
}

/// What is recorded of a photo beside the decoded file: as the person named and described it.
pub(crate) struct StoredPhoto<'a> {
    pub original_name: &'a str,
    pub size: usize,
    pub caption: &'a str,
    pub criteria: &'a [CriterionId],
    pub added_at: &'a str,
}

/// The row of a photo whose files `keep_photo_files` has already written.
pub(crate) fn insert_photo(conn: &Connection, review: ReviewId, expert: ExpertId, photo: &PreparedPhoto, stored: &StoredPhoto<'_>) -> StoreResult<PhotoId> {
    conn.execute(
        "INSERT INTO photos (review_id, expert_id, sha256, original_name, mime, size_bytes, width, height, taken_at, caption, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            review.0,
            expert.0,
            photo.digest,
            stored.original_name,
            photo.mime,
            stored.size as i64,
            photo.width,
            photo.height,
            photo.taken_at,
            stored.caption.trim(),
            stored.added_at
        ],
    )?;
    let id = conn.last_insert_rowid();
    for c in stored.criteria {
        conn.execute("INSERT INTO photo_criteria (photo_id, criterion_id) VALUES (?1, ?2)", params![id, c.0])?;
    }
    Ok(PhotoId(id))
}

/// Removes the member's notes and photo rows (the photo files stay: they are shared by content).
pub(crate) fn delete_member_visit(conn: &Connection, review: ReviewId, expert: ExpertId) -> StoreResult<()> {
    conn.execute("DELETE FROM site_notes WHERE review_id = ?1 AND expert_id = ?2", params![review.0, expert.0])?;
    conn.execute("DELETE FROM photos WHERE review_id = ?1 AND expert_id = ?2", params![review.0, expert.0])?;
    Ok(())
}
