//! Files the store writes beside the database (photos, the key file), and how they reach the disk.

use std::io::Write;
use std::path::Path;

/// Writes a file so that it is complete on disk before anything refers to it: a temporary name,
/// fsync, rename, fsync of the folder. Without `replace`, an existing file (photos are named by
/// their content hash) is left alone.
pub(crate) fn write_durably(path: &Path, bytes: &[u8], replace: bool) -> std::io::Result<()> {
    if !replace && path.exists() {
        return Ok(());
    }
    let mut tmp_name = path.as_os_str().to_owned();
    tmp_name.push(".partial");
    let tmp = std::path::PathBuf::from(tmp_name);
    let written = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    if let Err(e) = written {
        // A half-written temporary file must not stay behind on a full disk.
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, path)?;
    sync_dir(path)
}

/// Makes a rename or a new file in `path`'s folder survive power loss.
pub(crate) fn sync_dir(path: &Path) -> std::io::Result<()> {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => std::fs::File::open(dir)?.sync_all(),
        None => std::fs::File::open(".")?.sync_all(),
    }
}
