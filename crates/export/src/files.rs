//! Reading the files a person picks and writing the files they asked for, the same way from the
//! window and the command line: size limits checked before reading, writes all-or-nothing.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::ExportError;

/// The name a person recognises a file by (its last component).
pub fn display_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// Writes the bytes beside the target, syncs them, then renames: the target is either the old
/// file or the whole new one, never half a PDF.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let fail = |e: std::io::Error| ExportError::Io(format!("无法写入「{}」：{e}", path.display()));
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".part");
    let tmp = PathBuf::from(tmp);
    let mut file = std::fs::File::create(&tmp).map_err(fail)?;
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })?;
    std::fs::rename(&tmp, path).map_err(fail)
}

/// Reads a file the person chose, refusing one larger than `limit` bytes before reading it. The
/// message says what is wrong without the file's name, for the caller to put it first.
pub fn read_limited(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, String> {
    let size = std::fs::metadata(path).map_err(|e| format!("无法读取：{e}"))?.len();
    if size > limit {
        return Err(format!("文件大小 {:.1} MB，超过{what} {} MB 的上限", size as f64 / 1_048_576.0, limit / 1_048_576));
    }
    let mut bytes = Vec::new();
    // Read through a bound as well: the file may grow (or be a pipe) after the size was looked at.
    std::io::Read::read_to_end(&mut std::io::Read::take(std::fs::File::open(path).map_err(|e| format!("无法读取：{e}"))?, limit + 1), &mut bytes)
        .map_err(|e| format!("无法读取：{e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!("文件超过{what} {} MB 的上限", limit / 1_048_576));
    }
    Ok(bytes)
}
