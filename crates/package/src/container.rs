//! The archive: a ZIP holding `manifest.json`, `signature.p7s` and the files the manifest lists.
//! The reader trusts nothing before the signature and the digests are checked, and bounds every
//! size before it reads, so a hostile file costs little and changes nothing.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tic_sign::{Identity, Signer};
use zip::write::SimpleFileOptions;

use crate::PackageError;

/// The `format` of every manifest.
pub const FORMAT: &str = "tic-review-package";
/// The version this build writes; it reads any 1.x (minor versions only add fields).
pub const FORMAT_VERSION: &str = "1.2";
const MAJOR: u32 = 1;

/// The largest package file accepted (a score-sheet package with many photos).
pub const MAX_PACKAGE_BYTES: u64 = 256 * 1024 * 1024;
/// The most archive entries accepted.
pub const MAX_ENTRIES: usize = 1000;
/// The largest JSON or signature entry, uncompressed.
pub const MAX_JSON_BYTES: u64 = 16 * 1024 * 1024;
/// The largest photo or signature image entry (the photo limit of the app, 20 MB).
pub const MAX_PHOTO_BYTES: u64 = 20 * 1024 * 1024;
/// The most bytes all entries may expand to together.
const MAX_TOTAL_BYTES: u64 = 512 * 1024 * 1024;

const MANIFEST: &str = "manifest.json";
const SIGNATURE: &str = "signature.p7s";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PackageKind {
    /// 评审包: the chair's review for the experts' laptops.
    Review,
    /// 评分包: one expert's work for the chair's laptop.
    ScoreSheet,
    /// 讨论包 (1.2): a discussion round the chair opened, for the members' laptops.
    Round,
    /// 意见包 (1.2): a version of the panel opinion, for the members to approve or object to.
    Opinion,
    /// 确认包 (1.2): a member's approval of (or objection to) one version of the panel opinion.
    Approval,
}

impl PackageKind {
    pub fn chinese(self) -> &'static str {
        match self {
            PackageKind::Review => "评审包",
            PackageKind::ScoreSheet => "评分包",
            PackageKind::Round => "讨论包",
            PackageKind::Opinion => "意见包",
            PackageKind::Approval => "确认包",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    pub path: String,
    pub size: u64,
    /// Lowercase hex.
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: String,
    pub kind: PackageKind,
    pub review_uid: String,
    /// RFC 3339 with offset, the sender's clock.
    pub created_at: String,
    pub generator: String,
    pub files: Vec<ManifestFile>,
}

/// A package whose signature and digests have been checked.
#[derive(Debug, Clone)]
pub struct OpenedPackage {
    pub manifest: Manifest,
    pub signer: Signer,
    /// SHA-256 of the signed manifest: the same package always has the same value.
    pub manifest_sha256: String,
    /// Every file the manifest lists, by path.
    pub files: BTreeMap<String, Vec<u8>>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The names a package may contain; anything else (`../x`, `/etc/x`, `a\b`, `photos/x.exe`) is refused.
fn allowed_path(path: &str) -> bool {
    const FIXED: [&str; 10] = [
        MANIFEST,
        SIGNATURE,
        "review.json",
        "template.json",
        "sheet.json",
        "site-visit.json",
        "hand-signature.png",
        "round.json",
        "opinion.json",
        "approval.json",
    ];
    if FIXED.contains(&path) {
        return true;
    }
    let Some(name) = path.strip_prefix("photos/") else { return false };
    let Some((digest, extension)) = name.split_once('.') else { return false };
    digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) && matches!(extension, "jpg" | "png")
}

fn limit_for(path: &str) -> u64 {
    if path.ends_with(".json") || path == SIGNATURE {
        MAX_JSON_BYTES
    } else {
        MAX_PHOTO_BYTES
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_048_576.0)
}

/// Writes a package of `kind` holding `files` (path, bytes), signed by `identity`.
pub fn write_package(
    kind: PackageKind,
    review_uid: &str,
    created_at: &str,
    generator: &str,
    files: &[(String, Vec<u8>)],
    identity: &Identity,
) -> Result<Vec<u8>, PackageError> {
    let err = |e: &dyn std::fmt::Display| PackageError::Write(e.to_string());
    for (path, _) in files {
        if !allowed_path(path) || path == MANIFEST || path == SIGNATURE {
            return Err(PackageError::Write(format!("文件名「{path}」不在格式允许的范围内")));
        }
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION.into(),
        kind,
        review_uid: review_uid.into(),
        created_at: created_at.into(),
        generator: generator.into(),
        files: files
            .iter()
            .map(|(path, bytes)| ManifestFile { path: path.clone(), size: bytes.len() as u64, sha256: hex(&Sha256::digest(bytes)) })
            .collect(),
    };
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).map_err(|e| err(&e))?;
    let signature = tic_sign::sign_detached(&manifest_bytes, identity).map_err(|e| err(&e))?;

    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    // Photos are already compressed: storing them saves time on both laptops.
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut put = |path: &str, bytes: &[u8]| -> Result<(), PackageError> {
        let options = if path.ends_with(".json") { deflated } else { stored };
        zip.start_file(path, options).map_err(|e| err(&e))?;
        zip.write_all(bytes).map_err(|e| err(&e))
    };
    put(MANIFEST, &manifest_bytes)?;
    put(SIGNATURE, &signature)?;
    for (path, bytes) in files {
        put(path, bytes)?;
    }
    Ok(zip.finish().map_err(|e| err(&e))?.into_inner())
}

/// The kind a file says it is, read from its manifest without checking anything else: lets one
/// import take whatever a member sends (score-sheet or approval packages) and then read each file
/// properly as its kind. None for anything that is not a package.
pub fn package_kind(bytes: &[u8]) -> Option<PackageKind> {
    if bytes.len() as u64 > MAX_PACKAGE_BYTES {
        return None;
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let entry = archive.by_name(MANIFEST).ok()?;
    let mut data = Vec::new();
    entry.take(MAX_JSON_BYTES).read_to_end(&mut data).ok()?;
    let value: serde_json::Value = serde_json::from_slice(&data).ok()?;
    serde_json::from_value(value.get("kind")?.clone()).ok()
}

/// Opens a package: bounds, names, signature and digests are all checked before anything is
/// returned. `expected` is the kind the caller wants.
pub fn read_package(bytes: &[u8], expected: PackageKind) -> Result<OpenedPackage, PackageError> {
    if bytes.len() as u64 > MAX_PACKAGE_BYTES {
        return Err(PackageError::TooLarge(format!(
            "文件大小 {}，超过 {} 的上限",
            megabytes(bytes.len() as u64),
            megabytes(MAX_PACKAGE_BYTES)
        )));
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| PackageError::NotAPackage(format!("文件不是完整的 ZIP 归档（{e}），可能在复制时被截断")))?;
    if archive.len() > MAX_ENTRIES {
        return Err(PackageError::TooLarge(format!("包内有 {} 个文件，超过 {MAX_ENTRIES} 个的上限", archive.len())));
    }
    let mut entries: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut total = 0u64;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|e| PackageError::Corrupt(format!("第 {} 个文件无法读取（{e}）", index + 1)))?;
        let name = entry.name().to_owned();
        if entry.is_dir() || !allowed_path(&name) {
            return Err(PackageError::Corrupt(format!("包内含有不允许的文件名「{name}」")));
        }
        if entry.encrypted() {
            return Err(PackageError::Corrupt(format!("「{name}」被加密，无法读取")));
        }
        let limit = limit_for(&name);
        if entry.size() > limit {
            return Err(PackageError::TooLarge(format!("「{name}」展开后 {}，超过 {} 的上限", megabytes(entry.size()), megabytes(limit))));
        }
        total += entry.size();
        if total > MAX_TOTAL_BYTES {
            return Err(PackageError::TooLarge(format!("包内文件展开后超过 {}", megabytes(MAX_TOTAL_BYTES))));
        }
        // The stated size may lie; never read more than the limit allows.
        let mut data = Vec::with_capacity(entry.size().min(limit) as usize);
        (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut data)
            .map_err(|e| PackageError::Corrupt(format!("「{name}」无法解压（{e}）")))?;
        if data.len() as u64 > limit {
            return Err(PackageError::TooLarge(format!("「{name}」超过 {} 的上限", megabytes(limit))));
        }
        if entries.insert(name.clone(), data).is_some() {
            return Err(PackageError::Corrupt(format!("「{name}」在包内出现了两次")));
        }
    }

    let manifest_bytes = entries.remove(MANIFEST).ok_or_else(|| PackageError::NotAPackage("缺少清单文件 manifest.json".into()))?;
    let signature = entries.remove(SIGNATURE).ok_or_else(|| PackageError::Forged("缺少签名文件 signature.p7s".into()))?;
    let manifest: Manifest = {
        let value: serde_json::Value =
            serde_json::from_slice(&manifest_bytes).map_err(|e| PackageError::Corrupt(format!("清单文件无法解析（{e}）")))?;
        // The version is checked before the rest, so a newer format is named as such, not as damage.
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(PackageError::NotAPackage("清单中的格式标识不是 tic-review-package".into()));
        }
        let version = value.get("format_version").and_then(|v| v.as_str()).unwrap_or_default().to_owned();
        let major: u32 = version
            .split('.')
            .next()
            .and_then(|m| m.parse().ok())
            .ok_or_else(|| PackageError::Corrupt(format!("格式版本「{version}」无法识别")))?;
        if major > MAJOR {
            return Err(PackageError::NewerVersion { found: version, supported: MAJOR });
        }
        if major < MAJOR {
            return Err(PackageError::Corrupt(format!("格式版本「{version}」不受支持")));
        }
        serde_path_to_error::deserialize(value).map_err(|e| PackageError::Corrupt(format!("清单文件字段「{}」有误：{}", e.path(), e.inner())))?
    };
    let signer = tic_sign::verify_detached(&manifest_bytes, &signature).map_err(|e| PackageError::Forged(e.to_string()))?;
    if manifest.kind != expected {
        return Err(PackageError::WrongKind { wanted: expected.chinese(), found: manifest.kind.chinese() });
    }

    // Now the manifest is the sender's: every file must be exactly as it lists, and nothing else.
    let mut files = BTreeMap::new();
    for listed in &manifest.files {
        let data = entries
            .remove(&listed.path)
            .ok_or_else(|| PackageError::Corrupt(format!("清单列出的「{}」不在包内", listed.path)))?;
        if data.len() as u64 != listed.size || hex(&Sha256::digest(&data)) != listed.sha256 {
            return Err(PackageError::Forged(format!("「{}」与签名的清单不符，已被改动", listed.path)));
        }
        if files.insert(listed.path.clone(), data).is_some() {
            return Err(PackageError::Corrupt(format!("清单两次列出「{}」", listed.path)));
        }
    }
    if let Some(extra) = entries.keys().next() {
        return Err(PackageError::Forged(format!("「{extra}」不在签名的清单中")));
    }
    Ok(OpenedPackage { manifest_sha256: hex(&Sha256::digest(&manifest_bytes)), manifest, signer, files })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_formats_own_names_are_allowed() {
        assert!(allowed_path("sheet.json"));
        assert!(allowed_path(&format!("photos/{}.jpg", "a".repeat(64))));
        for bad in ["../sheet.json", "/etc/passwd", "photos/../../x.jpg", "photos\\x.jpg", "photos/abc.jpg", "x.json", "photos/", ""] {
            assert!(!allowed_path(bad), "{bad}");
        }
        assert!(!allowed_path(&format!("photos/{}.exe", "a".repeat(64))));
        assert!(!allowed_path(&format!("photos/{}.jpg", "A".repeat(64))));
    }
}
