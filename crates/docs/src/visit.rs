//! 实地考察记录: what the panel saw on the site visit, by kind, with the photos and captions, and
//! the signatures of the members who took part.

use tic_domain::visit::{Photo, SiteNote, SiteNoteKind};
use tic_domain::{ExpertId, PanelMember, ReviewDetail};

use crate::builder::{DocBuilder, Rendered};
use crate::layout::{text_rows, Align, Cell, Column};
use crate::forms::{sign_cell, signature_images};
use crate::{check_glyphs, chinese_date, require_signatures, DocError, HandSignatures};

/// One member's notes and photos (with the photo file's bytes).
pub struct MemberVisit<'a> {
    pub expert_id: ExpertId,
    pub notes: &'a [SiteNote],
    pub photos: Vec<(&'a Photo, Vec<u8>)>,
}

pub struct VisitDocument<'a> {
    pub review: &'a ReviewDetail,
    pub members: Vec<MemberVisit<'a>>,
    pub recused: &'a [ExpertId],
    pub signatures: HandSignatures<'a>,
}

/// Photos are scaled to this many pixels on the long side: clear at the printed size (about
/// 12 cm wide), and a few hundred KB each rather than megabytes.
const PHOTO_MAX_SIDE: u32 = 1000;

fn kind_title(kind: SiteNoteKind) -> &'static str {
    match kind {
        SiteNoteKind::People => "座谈访谈人员",
        SiteNoteKind::Facility => "场地设施与仪器设备",
        SiteNoteKind::Document => "查验的文件资料",
        SiteNoteKind::Observation => "考察发现",
    }
}

pub fn site_visit_pdf(doc: &VisitDocument<'_>) -> Result<Rendered, DocError> {
    let r = doc.review;
    let name_of = |id: ExpertId| r.panel.iter().find(|m| m.expert_id == id).map_or("", |m| m.name.as_str());
    let members: Vec<&PanelMember> = r.panel.iter().collect();
    require_signatures(&members, doc.recused, doc.signatures)?;
    let mut texts: Vec<(&str, &str)> = Vec::new();
    for m in &doc.members {
        texts.extend(m.notes.iter().map(|n| ("考察记录", n.text.as_str())));
        texts.extend(m.photos.iter().map(|(p, _)| ("照片说明", p.caption.as_str())));
    }
    check_glyphs(&texts)?;
    if doc.members.iter().all(|m| m.notes.is_empty() && m.photos.is_empty()) {
        return Err(DocError::NotReady("还没有任何专家记录实地考察情况".into()));
    }

    let mut builder = DocBuilder::portrait();
    let signature_images = signature_images(&mut builder, &members, doc.recused, doc.signatures)?;
    let mut photo_images = Vec::new();
    builder.photographic = true;
    for m in &doc.members {
        for (photo, bytes) in &m.photos {
            let image = builder.add_image(bytes, PHOTO_MAX_SIDE, &format!("照片「{}」", photo.original_name))?;
            photo_images.push((m.expert_id, *photo, image));
        }
    }

    let flow = &mut builder.flow;
    flow.centered(&r.center.facts.name, 16.0);
    flow.centered(&format!("{}实地考察记录", r.template.stage_name), 16.0);
    flow.space(6.0);
    let cols = [Column { width: 1.0, align: Align::Center }, Column { width: 3.2, align: Align::Left }];
    let info = vec![
        vec!["考察对象".to_owned(), format!("{}（牵头单位：{}）", r.center.facts.name, r.center.facts.lead_unit)],
        vec!["考察时间".to_owned(), chinese_date(r.summary.review_date)],
        vec!["考察地点".to_owned(), r.summary.place.clone()],
        vec![
            "考察专家".to_owned(),
            r.panel.iter().filter(|m| !doc.recused.contains(&m.expert_id)).map(|m| m.name.as_str()).collect::<Vec<_>>().join("、"),
        ],
    ];
    flow.table(&cols, &[], &text_rows(info), 10.5);
    flow.space(10.0);

    const NUMERALS: [&str; 6] = ["一", "二", "三", "四", "五", "六"];
    let mut section = 0;
    for kind in [SiteNoteKind::People, SiteNoteKind::Facility, SiteNoteKind::Document, SiteNoteKind::Observation] {
        let notes: Vec<(ExpertId, &SiteNote)> =
            doc.members.iter().flat_map(|m| m.notes.iter().filter(|n| n.kind == kind).map(move |n| (m.expert_id, n))).collect();
        if notes.is_empty() {
            continue;
        }
        flow.keep(13.0 * 1.6 * 3.0);
        flow.paragraph(&format!("{}、{}", NUMERALS[section], kind_title(kind)), 13.0, 0);
        section += 1;
        for (i, (author, note)) in notes.iter().enumerate() {
            let linked = if note.criteria.is_empty() {
                String::new()
            } else {
                format!("（关联指标：{}）", note.criteria.iter().map(|c| c.0.as_str()).collect::<Vec<_>>().join("、"))
            };
            flow.paragraph(&format!("{}. {}{linked}——{}", i + 1, note.text, name_of(*author)), 12.0, 2);
        }
        flow.space(4.0);
    }
    if !photo_images.is_empty() {
        flow.keep(13.0 * 1.6 + 200.0);
        flow.paragraph(&format!("{}、现场照片", NUMERALS[section]), 13.0, 0);
        for (i, (author, photo, image)) in photo_images.iter().enumerate() {
            flow.keep(240.0);
            flow.image(*image, 340.0, 220.0);
            let when = photo.taken_at.as_deref().map(|t| format!("，拍摄于 {t}")).unwrap_or_default();
            let caption = if photo.caption.is_empty() { photo.original_name.as_str() } else { photo.caption.as_str() };
            flow.centered(&format!("图 {}　{caption}（{}{when}）", i + 1, name_of(*author)), 10.0);
            flow.space(6.0);
        }
    }

    flow.space(10.0);
    flow.keep(13.0 * 1.6 + 3.0 * 40.0);
    flow.paragraph("考察专家签字", 13.0, 0);
    let cols = [Column { width: 1.0, align: Align::Center }, Column { width: 2.6, align: Align::Left }, Column { width: 1.6, align: Align::Center }];
    let header = vec!["姓名".to_owned(), "工作单位".to_owned(), "签字".to_owned()];
    let rows: Vec<Vec<Cell>> = r
        .panel
        .iter()
        .map(|m| {
            let sign = sign_cell(&signature_images, doc.recused, m.expert_id);
            vec![m.name.clone().into(), m.affiliation.clone().into(), sign]
        })
        .collect();
    flow.table(&cols, &[header], &rows, 10.5);
    Ok(builder.finish(&format!("{}{}实地考察记录", r.center.facts.name, r.template.stage_name)))
}
