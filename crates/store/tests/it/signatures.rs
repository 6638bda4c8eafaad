//! Drawn signatures and signing identities: checked, normalised, kept across reopening.

use std::io::Cursor;

use tic_store::{IdentitySource, Store};

use crate::fixtures::{fixed_clock, test_key};
use crate::sheets::panel;

fn drawing(ink: bool) -> Vec<u8> {
    // A transparent pad 600×200 with one stroke from (100, 100) to (300, 120).
    let mut img = image::RgbaImage::new(600, 200);
    if ink {
        for x in 100..300u32 {
            for dy in 0..3 {
                img.put_pixel(x, 100 + (x - 100) / 10 + dy, image::Rgba([10, 10, 10, 255]));
            }
        }
    }
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

#[test]
fn a_drawn_signature_is_cropped_to_its_ink_and_survives_reopening() {
    let p = panel();
    p.store.save_hand_signature(p.review, p.member, &drawing(true)).unwrap();
    let path = p.store.path().unwrap().to_owned();
    drop(p.store);
    let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
    let png = store.hand_signature(p.member).unwrap().expect("kept");
    let img = image::load_from_memory(&png).unwrap();
    // The stroke spans x 100..=299 and y 100..=121; with an 8-pixel margin: 216 × 38.
    assert_eq!((img.width(), img.height()), (216, 38));
    assert!(matches!(img, image::DynamicImage::ImageLuma8(_)));
    let signed: Vec<_> = store.panel_hand_signatures(p.review).unwrap().into_iter().map(|(e, _)| e).collect();
    assert_eq!(signed, vec![p.member]);
    assert!(store.hand_signature(p.chair).unwrap().is_none());
}

#[test]
fn empty_or_foreign_drawings_are_refused_and_change_nothing() {
    let p = panel();
    p.store.save_hand_signature(p.review, p.member, &drawing(true)).unwrap();
    let before = p.store.hand_signature(p.member).unwrap();
    let err = p.store.save_hand_signature(p.review, p.member, &drawing(false)).unwrap_err();
    assert!(err.to_string().contains("签名为空"), "{err}");
    let err = p.store.save_hand_signature(p.review, p.member, b"GIF89a....").unwrap_err();
    assert!(err.to_string().contains("不是 PNG"), "{err}");
    let huge = vec![0u8; tic_store::MAX_SIGNATURE_BYTES + 1];
    assert!(p.store.save_hand_signature(p.review, p.member, &huge).unwrap_err().to_string().contains("图像过大"));
    assert_eq!(p.store.hand_signature(p.member).unwrap(), before);
}

#[test]
fn a_signing_identity_is_stored_per_expert() {
    let p = panel();
    assert!(p.store.signing_identity(p.chair).unwrap().is_none());
    p.store.save_signing_identity(p.review, p.chair, b"cert", b"key", IdentitySource::Generated).unwrap();
    p.store.save_signing_identity(p.review, p.chair, b"cert2", b"key2", IdentitySource::Pkcs12).unwrap();
    let id = p.store.signing_identity(p.chair).unwrap().unwrap();
    assert_eq!((id.certificate.as_slice(), id.encrypted_key.as_slice(), id.source), (&b"cert2"[..], &b"key2"[..], IdentitySource::Pkcs12));
    assert!(p.store.signing_identity(p.member).unwrap().is_none());
}

#[test]
fn a_recused_member_is_not_waited_for() {
    let p = panel();
    let third = p.store.add_panel_member(p.review, &crate::fixtures::member("刘婷", tic_domain::PanelRole::Member)).unwrap().expert_id;
    let recusal = tic_domain::sheet::DeclarationInput {
        conflict: tic_domain::sheet::ConflictDecision::Recused,
        reason: "与牵头单位有合作项目".into(),
        pledge_accepted: true,
    };
    p.store.declare(p.review, third, &recusal).unwrap();
    // Seat order; 刘婷 recused and signs nothing.
    assert_eq!(p.store.members_without_hand_signature(p.review).unwrap(), vec!["王振华", "李晓梅"]);
    p.store.save_hand_signature(p.review, p.member, &drawing(true)).unwrap();
    assert_eq!(p.store.members_without_hand_signature(p.review).unwrap(), vec!["王振华"]);
    p.store.save_hand_signature(p.review, p.chair, &drawing(true)).unwrap();
    assert!(p.store.members_without_hand_signature(p.review).unwrap().is_empty());
}
