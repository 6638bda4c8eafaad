//! The site-visit record: notes linked to criteria, and photos copied into the store.

use std::io::Cursor;

use tic_domain::visit::{SiteNoteDraft, SiteNoteKind};
use tic_domain::CriterionId;

use crate::sheets::panel;

fn criteria(ids: &[&str]) -> Vec<CriterionId> {
    ids.iter().map(|i| CriterionId((*i).into())).collect()
}

#[test]
fn notes_are_linked_to_criteria_of_the_review() {
    let p = panel();
    let draft = SiteNoteDraft { kind: SiteNoteKind::Facility, text: " 中试车间在建，设备到位率约六成 ".into(), criteria: criteria(&["nm.c.F1", "nm.c.E2", "nm.c.F1"]) };
    let note = p.store.add_site_note(p.review, p.chair, &draft).unwrap();
    assert_eq!(note.text, "中试车间在建，设备到位率约六成");
    assert_eq!(note.criteria, criteria(&["nm.c.E2", "nm.c.F1"]));

    let bad = SiteNoteDraft { criteria: criteria(&["sc.c.A1"]), ..draft.clone() };
    assert!(p.store.add_site_note(p.review, p.chair, &bad).unwrap_err().to_string().contains("不在本评审的模板中"));
    let empty = SiteNoteDraft { text: "  ".into(), ..draft.clone() };
    assert!(p.store.add_site_note(p.review, p.chair, &empty).is_err());

    let edited = SiteNoteDraft { kind: SiteNoteKind::Observation, text: "中试车间已投用".into(), criteria: criteria(&["nm.c.F1"]) };
    p.store.update_site_note(p.review, p.chair, note.id, &edited).unwrap();
    let notes = p.store.site_notes(p.review, p.chair).unwrap();
    assert_eq!((notes.len(), notes[0].kind, notes[0].criteria.len()), (1, SiteNoteKind::Observation, 1));
    assert!(p.store.site_notes(p.review, p.member).unwrap().is_empty(), "notes are each expert's own");
    assert!(p.store.delete_site_note(p.review, p.member, note.id).is_err(), "nobody deletes another's note");
    p.store.delete_site_note(p.review, p.chair, note.id).unwrap();
}

/// A small JPEG whose EXIF says it was taken at 2026:11:20 10:31:05.
pub fn jpeg_with_exif(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x * 7) as u8, (y * 5) as u8, 90]));
    let mut jpeg = Vec::new();
    img.write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg).unwrap();
    let field = exif::Field {
        tag: exif::Tag::DateTimeOriginal,
        ifd_num: exif::In::PRIMARY,
        value: exif::Value::Ascii(vec![b"2026:11:20 10:31:05".to_vec()]),
    };
    let mut writer = exif::experimental::Writer::new();
    writer.push_field(&field);
    let mut tiff = Cursor::new(Vec::new());
    writer.write(&mut tiff, false).unwrap();
    let tiff = tiff.into_inner();
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&((tiff.len() + 8) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[test]
fn a_photo_is_copied_in_with_its_exif_time_and_a_thumbnail() {
    let p = panel();
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("中试车间.jpg");
    std::fs::write(&source, jpeg_with_exif(800, 600)).unwrap();
    let photo = p.store.add_photo(p.review, p.chair, &source, " 中试车间外景 ", &criteria(&["nm.c.F1"])).unwrap();
    assert_eq!(photo.taken_at.as_deref(), Some("2026-11-20 10:31:05"));
    assert_eq!((photo.width, photo.height, photo.mime.as_str()), (800, 600, "image/jpeg"));
    assert_eq!(photo.caption, "中试车间外景");
    std::fs::remove_file(&source).unwrap();
    let thumb = image::load_from_memory(&p.store.photo_thumbnail(p.review, p.chair, photo.id).unwrap()).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (320, 240));

    std::fs::write(&source, jpeg_with_exif(800, 600)).unwrap();
    assert!(p.store.add_photo(p.review, p.chair, &source, "", &[]).unwrap_err().to_string().contains("已经添加过了"));
    let photo = p.store.describe_photo(p.review, p.chair, photo.id, "中试车间", &criteria(&["nm.c.E2"])).unwrap();
    assert_eq!(photo.criteria, criteria(&["nm.c.E2"]));
    assert_eq!(p.store.photos(p.review, p.chair).unwrap().len(), 1);
}

#[test]
fn bad_photos_are_refused_by_name_and_change_nothing() {
    let p = panel();
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("说明.txt", "不是图片".as_bytes().to_vec(), "「说明.txt」不是 JPEG 或 PNG 格式的照片"),
        ("截断.jpg", jpeg_with_exif(64, 64)[..200].to_vec(), "「截断.jpg」已损坏或无法解码"),
        ("超大.jpg", vec![0xFF; 21 * 1024 * 1024], "「超大.jpg」大小为 21.0 MB，超过 20 MB 的上限"),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let err = p.store.add_photo(p.review, p.chair, &path, "", &[]).unwrap_err();
        assert!(err.to_string().contains(expected), "{err}");
    }
    // Valid images one pixel beyond the longest side allowed, either way round, are refused
    // for their size; one at the limit is taken (below, after the refusals are checked).
    let png_of = |width: u32, height: u32| {
        let mut png = Vec::new();
        image::GrayImage::new(width, height).write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
        png
    };
    let too_long = "尺寸过大：照片的长边不能超过 12000 像素";
    for (name, png) in [("宽幅.png", png_of(12_001, 1)), ("长幅.png", png_of(1, 12_001))] {
        let path = dir.path().join(name);
        std::fs::write(&path, png).unwrap();
        let err = p.store.add_photo(p.review, p.chair, &path, "", &[]).unwrap_err();
        assert!(err.to_string().contains(&format!("「{name}」{too_long}")), "{err}");
    }
    // A decompression bomb: a well-formed PNG header (checksum fixed) claiming 20000 × 20000
    // pixels over one pixel of data. Refused for its size from the header, before decoding.
    let mut png = png_of(1, 1);
    png[16..20].copy_from_slice(&20_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&20_000u32.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    let path = dir.path().join("炸弹.png");
    std::fs::write(&path, png).unwrap();
    let err = p.store.add_photo(p.review, p.chair, &path, "", &[]).unwrap_err();
    assert!(err.to_string().contains(&format!("「炸弹.png」{too_long}")), "{err}");
    assert!(p.store.photos(p.review, p.chair).unwrap().is_empty());
    let photo_dir = p.store.photo_dir().unwrap();
    assert!(!photo_dir.exists() || std::fs::read_dir(&photo_dir).unwrap().next().is_none());
    let path = dir.path().join("边界.png");
    std::fs::write(&path, png_of(12_000, 1)).unwrap();
    let photo = p.store.add_photo(p.review, p.chair, &path, "", &[]).unwrap();
    assert_eq!((photo.width, photo.height), (12_000, 1));
}

/// CRC-32 (ISO-HDLC, as PNG chunks use it) of `bytes`.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}
