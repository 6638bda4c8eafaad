//! Full disk and failing writes (issue 15 item 6), on a filesystem made for the test: a 4 MiB
//! tmpfs (mounting needs root, which the test machines and CI have). An edit on the full disk is
//! refused with 磁盘空间不足 and not saved, what was saved is intact (`integrity_check` ok), and the
//! same edit goes in once space is freed. A photo folder that refuses writes is named.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use tic_domain::sheet::Answer;
use tic_domain::CriterionId;
use tic_store::{Store, StoreError};

use crate::fixtures::{center_draft, fixed_clock, member, review_draft, test_key};
use crate::sheets::no_conflict;
use crate::visits::jpeg_with_exif;

/// A tmpfs of `size` mounted on a fresh folder, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(size: &str, read_only: bool) -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        mount_tmpfs(dir.path(), size, read_only);
        SmallDisk { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// `mount` as root, else through `sudo -n` (the test machines and CI run as root).
fn privileged(program: &str) -> Command {
    let root = std::fs::read_to_string("/proc/self/status")
        .is_ok_and(|s| s.lines().any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0")));
    if root {
        Command::new(program)
    } else {
        let mut sudo = Command::new("sudo");
        sudo.args(["-n", program]);
        sudo
    }
}

fn mount_tmpfs(at: &Path, size: &str, read_only: bool) {
    let options = format!("size={size}{}", if read_only { ",ro" } else { "" });
    let out = privileged("mount").args(["-t", "tmpfs", "-o", &options, "tmpfs"]).arg(at).output().expect("mount");
    assert!(out.status.success(), "mounting a small tmpfs needs root or sudo: {}", String::from_utf8_lossy(&out.stderr));
    if !read_only {
        // A tmpfs mounted through sudo belongs to root: let this user write in it.
        let _ = privileged("chmod").arg("1777").arg(at).status();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = privileged("umount").arg("-l").arg(self.dir.path()).status();
    }
}

/// Fills the filesystem to the last byte; removing the file frees it again.
fn fill(dir: &Path) -> PathBuf {
    let filler = dir.join("filler.bin");
    let mut file = std::fs::File::create(&filler).unwrap();
    let chunk = vec![0x55u8; 4096];
    while file.write_all(&chunk).is_ok() {}
    while file.write_all(&[0x55]).is_ok() {}
    let _ = file.sync_all();
    filler
}

fn comment_answer(criterion: &str, text: &str) -> Answer {
    Answer { criterion: CriterionId(criterion.into()), points: Some("6.5".parse().unwrap()), yes_no: None, comment: text.into() }
}

#[test]
fn an_edit_on_a_full_disk_is_refused_nothing_saved_is_damaged_and_work_resumes_when_space_is_freed() {
    let disk = SmallDisk::mount("4m", false);
    let db = disk.path().join("review.db");
    let store = Store::open_with_clock(&db, &test_key(), fixed_clock).unwrap();
    let center = store.create_center(&center_draft("内蒙古自治区稀土功能材料技术创新中心")).unwrap();
    let review = store.create_review(&review_draft(center.id, "nm.consultation")).unwrap().id;
    let chair = store.add_panel_member(review, &member("王振华", tic_domain::PanelRole::Chair)).unwrap().expert_id;
    store.declare(review, chair, &no_conflict()).unwrap();
    store.save_answer(review, chair, &comment_answer("nm.c.A1", "已保存的理由")).unwrap();

    let filler = fill(disk.path());
    // A long reason needs new pages in the WAL, which the full disk cannot give.
    let long = "现场核查：中试线设备到位，产能尚未达到设计值。".repeat(600);
    let err = store.save_answer(review, chair, &comment_answer("nm.c.A2", &long)).unwrap_err();
    assert!(matches!(err, StoreError::DiskFull), "{err:?}");
    assert_eq!(err.to_string(), "磁盘空间不足，本次修改没有保存。请腾出磁盘空间后重试。");
    let sheet = store.own_sheet(review, chair).unwrap();
    assert!(sheet.answers.iter().all(|a| a.criterion.0 != "nm.c.A2"), "the refused edit is not there");
    assert_eq!(store.integrity_check().unwrap(), "ok");

    // A photo on the full disk is refused too, naming the cause, and no row refers to it.
    let source = tempfile::tempdir().unwrap();
    std::fs::write(source.path().join("site.jpg"), jpeg_with_exif(900, 700)).unwrap();
    let err = store.add_photo(review, chair, &source.path().join("site.jpg"), "中试车间", &[]).unwrap_err();
    assert!(err.to_string().contains("磁盘空间不足"), "{err}");
    assert!(store.photos(review, chair).unwrap().is_empty());

    // Reopened (as after a restart on the full disk), what was saved is all there and sound.
    drop(store);
    let store = Store::open_with_clock(&db, &test_key(), fixed_clock).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let kept = store.own_sheet(review, chair).unwrap();
    assert_eq!(kept.answers.iter().find(|a| a.criterion.0 == "nm.c.A1").map(|a| a.comment.as_str()), Some("已保存的理由"));

    std::fs::remove_file(filler).unwrap();
    store.save_answer(review, chair, &comment_answer("nm.c.A2", &long)).unwrap();
    store.add_photo(review, chair, &source.path().join("site.jpg"), "中试车间", &[]).unwrap();
    drop(store);
    let store = Store::open_with_clock(&db, &test_key(), fixed_clock).unwrap();
    let sheet = store.own_sheet(review, chair).unwrap();
    assert_eq!(sheet.answers.iter().find(|a| a.criterion.0 == "nm.c.A2").map(|a| a.comment.len()), Some(long.len()));
    assert_eq!(store.photos(review, chair).unwrap().len(), 1);
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn a_photo_folder_that_refuses_writes_is_named_and_nothing_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("review.db");
    let store = Store::open_with_clock(&db, &test_key(), fixed_clock).unwrap();
    let center = store.create_center(&center_draft("内蒙古自治区稀土功能材料技术创新中心")).unwrap();
    let review = store.create_review(&review_draft(center.id, "nm.consultation")).unwrap().id;
    let chair = store.add_panel_member(review, &member("王振华", tic_domain::PanelRole::Chair)).unwrap().expert_id;
    // A read-only filesystem over the photo folder: root ignores permission bits, not this.
    let photos = store.photo_dir().unwrap();
    std::fs::create_dir_all(&photos).unwrap();
    mount_tmpfs(&photos, "1m", true);
    let unmount = unmount_on_drop(photos.clone());

    let source = tempfile::tempdir().unwrap();
    std::fs::write(source.path().join("site.jpg"), jpeg_with_exif(640, 480)).unwrap();
    let err = store.add_photo(review, chair, &source.path().join("site.jpg"), "", &[]).unwrap_err();
    let message = err.to_string();
    assert!(message.contains(&format!("照片文件夹「{}」不能写入", photos.display())), "{message}");
    assert!(store.photos(review, chair).unwrap().is_empty());
    drop(unmount);
    store.add_photo(review, chair, &source.path().join("site.jpg"), "", &[]).unwrap();
}

/// Unmounts the folder when dropped, also when an assertion fails first.
struct Unmount(PathBuf);

impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = privileged("umount").arg("-l").arg(&self.0).status();
    }
}

fn unmount_on_drop(path: PathBuf) -> Unmount {
    Unmount(path)
}
