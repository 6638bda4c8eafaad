//! The documents' face comes from the system (the package depends on fonts-noto-cjk): it is
//! found in the collection by name, and a missing or broken file is said in Chinese.

use std::path::Path;

use tic_docs::font::{face_index, fontconfig_file, load_from, try_font, FAMILY};

const DEBIAN_COLLECTION: &str = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";

#[test]
fn the_simplified_face_is_picked_from_the_collection_by_name() {
    let bytes = std::fs::read(DEBIAN_COLLECTION).expect("fonts-noto-cjk is installed by scripts/install-deps.sh");
    let sc = face_index(&bytes, FAMILY).expect("the collection holds the SC face");
    let kr = face_index(&bytes, "Noto Serif CJK KR").expect("and the KR face");
    let jp = face_index(&bytes, "Noto Serif CJK JP").expect("and the JP face");
    assert_ne!(sc, kr);
    assert_ne!(sc, jp);
    assert_eq!(face_index(&bytes, "Noto Serif CJK XX"), None);
    let font = load_from(Path::new(DEBIAN_COLLECTION)).expect("loads");
    // The characters of a heading and a name are all drawn.
    assert!("专家评审意见们".chars().all(|c| font.covers(c)));
}

#[test]
fn the_face_in_use_is_found_without_configuration() {
    let font = try_font().expect("the system face is found");
    assert!(font.path.is_file(), "{}", font.path.display());
}

#[test]
fn fontconfig_points_at_the_same_collection() {
    // The fallback for distributions whose path is not in the list: here it agrees with the list.
    assert_eq!(fontconfig_file().as_deref(), Some(Path::new(DEBIAN_COLLECTION)));
}

#[test]
fn a_missing_or_broken_file_is_named() {
    let dir = tempfile::tempdir().expect("dir");
    let missing = dir.path().join("none.ttc");
    assert_eq!(load_from(&missing).err().as_deref(), Some("不存在"));
    let broken = dir.path().join("broken.ttc");
    std::fs::write(&broken, b"not a font at all").expect("write");
    let why = load_from(&broken).err().expect("refused");
    assert!(why.contains("没有“Noto Serif CJK SC”") || why.contains("损坏"), "{why}");
}
