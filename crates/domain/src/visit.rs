//! The site-visit record (实地考察记录): notes and photos, each linked to the criteria it supports.

use serde::{Deserialize, Serialize};

use crate::ids::CriterionId;
use crate::input::InputError;
use crate::sheet::MAX_TEXT_CHARS;
use crate::template::Template;

/// The largest photo accepted; a phone photo is 2–8 MB.
pub const MAX_PHOTO_BYTES: u64 = 20 * 1024 * 1024;
/// The largest photo side accepted, in pixels; larger is a decompression bomb, not a photo.
pub const MAX_PHOTO_SIDE: u32 = 12_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SiteNoteKind {
    /// 座谈访谈人员
    People,
    /// 场地设施与仪器设备
    Facility,
    /// 查验的文件资料
    Document,
    /// 考察发现
    Observation,
}

impl SiteNoteKind {
    pub fn code(self) -> &'static str {
        match self {
            SiteNoteKind::People => "people",
            SiteNoteKind::Facility => "facility",
            SiteNoteKind::Document => "document",
            SiteNoteKind::Observation => "observation",
        }
    }

    pub fn from_code(code: &str) -> Option<SiteNoteKind> {
        [SiteNoteKind::People, SiteNoteKind::Facility, SiteNoteKind::Document, SiteNoteKind::Observation]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SiteNoteDraft {
    pub kind: SiteNoteKind,
    pub text: String,
    pub criteria: Vec<CriterionId>,
}

impl SiteNoteDraft {
    pub fn validated(&self, template: &Template) -> Result<SiteNoteDraft, InputError> {
        let text = self.text.trim();
        if text.is_empty() {
            return Err(InputError::new("考察记录", "内容不能为空"));
        }
        if text.chars().count() > MAX_TEXT_CHARS {
            return Err(InputError::new("考察记录", format!("过长：最多 {MAX_TEXT_CHARS} 字")));
        }
        let criteria = checked_criteria(template, &self.criteria)?;
        Ok(SiteNoteDraft { kind: self.kind, text: text.to_owned(), criteria })
    }
}

/// Refuses links to criteria the review's template does not have; removes duplicates.
pub fn checked_criteria(template: &Template, criteria: &[CriterionId]) -> Result<Vec<CriterionId>, InputError> {
    let mut out: Vec<CriterionId> = Vec::new();
    for c in criteria {
        if template.criterion(c).is_none() {
            return Err(InputError::new("关联指标", format!("“{c}”不在本评审的模板中")));
        }
        if !out.contains(c) {
            out.push(c.clone());
        }
    }
    Ok(out)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SiteNote {
    pub id: crate::ids::SiteNoteId,
    pub kind: SiteNoteKind,
    pub text: String,
    pub criteria: Vec<CriterionId>,
    pub created_at: String,
    pub updated_at: String,
}

/// A photo taken on the visit, as recorded in the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Photo {
    pub id: crate::ids::PhotoId,
    pub original_name: String,
    pub mime: String,
    pub size_bytes: u64,
    pub width: u32,
    pub height: u32,
    /// When the camera says it was taken (EXIF DateTimeOriginal), e.g. "2026-11-20 10:31:05".
    pub taken_at: Option<String>,
    pub caption: String,
    pub criteria: Vec<CriterionId>,
    pub added_at: String,
}
