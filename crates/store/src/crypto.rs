//! Encryption at rest: the database key, sealed files (photos) and the key file that keeps the
//! database key under a passphrase when the operating system has no secret store.
//!
//! The database itself is encrypted by SQLCipher with the raw 256-bit key (no passphrase
//! derivation at every open: the key is already random). Files get XChaCha20-Poly1305 with a
//! subkey derived by HKDF-SHA256, so a photo never shares a key with the database pages.

use std::path::Path;

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::XChaCha20Poly1305;
use rand_core::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Scripts, tests and CI give the database key here (64 hexadecimal digits); the window and the
/// command line then never touch the operating system's secret store.
pub const KEY_ENV: &str = "TIC_REVIEW_KEY";

/// The random 256-bit key of one database and its photo folder.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct DataKey([u8; 32]);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DataKey({})", self.id())
    }
}

/// What is wrong with a key that was given or stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("数据库密钥格式不对：应为 64 位十六进制数字（0–9、a–f）")]
    Malformed,
    #[error("口令不正确，无法解开数据库密钥")]
    WrongPassphrase,
    #[error("口令至少需要 {0} 个字符")]
    PassphraseTooShort(usize),
    #[error("密钥文件「{path}」无法使用：{detail}")]
    KeyFile { path: String, detail: String },
    #[error("加密文件已损坏或被改动过，无法解密")]
    Tampered,
}

impl DataKey {
    /// A fresh key from the operating system's random source.
    pub fn random() -> DataKey {
        let mut bytes = [0u8; 32];
        OsRng.fill_bytes(&mut bytes);
        DataKey(bytes)
    }

    pub fn from_bytes(bytes: [u8; 32]) -> DataKey {
        DataKey(bytes)
    }

    /// Reads 64 hexadecimal digits (surrounding blanks ignored).
    pub fn from_hex(text: &str) -> Result<DataKey, KeyError> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text.trim(), &mut bytes).map_err(|_| KeyError::Malformed)?;
        Ok(DataKey(bytes))
    }

    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.0))
    }

    /// The key given in [`KEY_ENV`], if any.
    pub fn from_env() -> Option<Result<DataKey, KeyError>> {
        let text = Zeroizing::new(std::env::var(KEY_ENV).ok().filter(|t| !t.trim().is_empty())?);
        Some(DataKey::from_hex(&text))
    }

    /// A short public fingerprint (the first 8 bytes of SHA-256 of the key), to tell keys apart
    /// in messages and key files without revealing anything usable.
    pub fn id(&self) -> String {
        hex::encode(&Sha256::digest(self.0)[..8])
    }

    /// The key as SQLCipher's raw-key literal, for `PRAGMA key` and `?key=` URIs.
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", hex::encode(self.0)))
    }

    fn file_cipher(&self) -> XChaCha20Poly1305 {
        let mut subkey = Zeroizing::new([0u8; 32]);
        hkdf::Hkdf::<Sha256>::new(None, &self.0)
            .expand(b"tic-review sealed file v1", subkey.as_mut())
            .expect("32 bytes is a valid HKDF-SHA256 output length");
        XChaCha20Poly1305::new(subkey.as_ref().into())
    }

    /// Encrypts a file's content: [`SEALED_MAGIC`], a random nonce, then the ciphertext.
    pub fn seal(&self, plain: &[u8]) -> Vec<u8> {
        seal_with(&self.file_cipher(), plain)
    }

    /// Decrypts what [`DataKey::seal`] wrote; anything else, or a changed byte, is refused.
    pub fn unseal(&self, sealed: &[u8]) -> Result<Vec<u8>, KeyError> {
        unseal_with(&self.file_cipher(), sealed)
    }
}

/// The first bytes of every sealed file.
pub const SEALED_MAGIC: &[u8; 8] = b"TICSEAL1";
const NONCE_LEN: usize = 24;

fn seal_with(cipher: &XChaCha20Poly1305, plain: &[u8]) -> Vec<u8> {
    seal_with_aad(cipher, plain, SEALED_MAGIC)
}

/// [`SEALED_MAGIC`], nonce, ciphertext; `aad` (authenticated, not stored) binds what travels beside it.
pub(crate) fn seal_with_aad(cipher: &XChaCha20Poly1305, plain: &[u8], aad: &[u8]) -> Vec<u8> {
    let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
    let ciphertext = cipher
        .encrypt(&nonce, Payload { msg: plain, aad })
        .expect("XChaCha20-Poly1305 encrypts any length the process can hold");
    let mut out = Vec::with_capacity(SEALED_MAGIC.len() + NONCE_LEN + ciphertext.len());
    out.extend_from_slice(SEALED_MAGIC);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ciphertext);
    out
}

fn unseal_with(cipher: &XChaCha20Poly1305, sealed: &[u8]) -> Result<Vec<u8>, KeyError> {
    unseal_with_aad(cipher, sealed, SEALED_MAGIC)
}

pub(crate) fn unseal_with_aad(cipher: &XChaCha20Poly1305, sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>, KeyError> {
    let body = sealed.strip_prefix(SEALED_MAGIC.as_slice()).ok_or(KeyError::Tampered)?;
    if body.len() < NONCE_LEN {
        return Err(KeyError::Tampered);
    }
    let (nonce, ciphertext) = body.split_at(NONCE_LEN);
    cipher.decrypt(nonce.into(), Payload { msg: ciphertext, aad }).map_err(|_| KeyError::Tampered)
}

/// Whether bytes look like a sealed file (the photo migration skips those).
pub fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(SEALED_MAGIC)
}

/// The shortest passphrase accepted; it guards every score on a laptop that travels.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// Argon2id settings for passphrases: 64 MiB, 3 passes (OWASP's first recommendation).
pub(crate) const ARGON2_MEMORY_KIB: u32 = 64 * 1024;
pub(crate) const ARGON2_PASSES: u32 = 3;

/// How a database key is kept, written beside the database as `NAME.key` (JSON). It holds no
/// secret when the key is in the operating system's store, and only the key sealed under the
/// passphrase otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyFile {
    pub format: String,
    pub version: u32,
    /// [`DataKey::id`] of the key, to recognise the right one.
    pub key_id: String,
    #[serde(flatten)]
    pub protection: Protection,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "protection", rename_all = "snake_case")]
pub enum Protection {
    /// The key is in the operating system's secret store under this service and account.
    OsStore { service: String, account: String },
    /// The key sealed with a key derived from the passphrase (Argon2id).
    Passphrase { memory_kib: u32, passes: u32, salt: String, sealed_key: String },
}

const KEY_FILE_FORMAT: &str = "tic-review-key";

impl KeyFile {
    pub fn os_store(key: &DataKey, service: &str, account: &str) -> KeyFile {
        KeyFile {
            format: KEY_FILE_FORMAT.into(),
            version: 1,
            key_id: key.id(),
            protection: Protection::OsStore { service: service.into(), account: account.into() },
        }
    }

    /// Seals `key` under `passphrase`; refuses a passphrase shorter than [`MIN_PASSPHRASE_CHARS`].
    pub fn with_passphrase(key: &DataKey, passphrase: &str) -> Result<KeyFile, KeyError> {
        if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(KeyError::PassphraseTooShort(MIN_PASSPHRASE_CHARS));
        }
        let mut salt = [0u8; 16];
        OsRng.fill_bytes(&mut salt);
        let cipher = passphrase_cipher(passphrase, &salt, ARGON2_MEMORY_KIB, ARGON2_PASSES)?;
        Ok(KeyFile {
            format: KEY_FILE_FORMAT.into(),
            version: 1,
            key_id: key.id(),
            protection: Protection::Passphrase {
                memory_kib: ARGON2_MEMORY_KIB,
                passes: ARGON2_PASSES,
                salt: hex::encode(salt),
                sealed_key: hex::encode(seal_with(&cipher, &key.0)),
            },
        })
    }

    /// The key, given the passphrase; a wrong passphrase is told apart from a damaged file.
    pub fn unlock(&self, passphrase: &str) -> Result<DataKey, KeyError> {
        let Protection::Passphrase { memory_kib, passes, salt, sealed_key } = &self.protection else {
            return Err(KeyError::KeyFile { path: String::new(), detail: "密钥保存在系统密钥库中，不用口令".into() });
        };
        let damaged = |detail: &str| KeyError::KeyFile { path: String::new(), detail: detail.into() };
        let salt = hex::decode(salt).map_err(|_| damaged("盐值不是十六进制"))?;
        let sealed = hex::decode(sealed_key).map_err(|_| damaged("密钥密文不是十六进制"))?;
        let cipher = passphrase_cipher(passphrase, &salt, *memory_kib, *passes)?;
        let plain = Zeroizing::new(unseal_with(&cipher, &sealed).map_err(|_| KeyError::WrongPassphrase)?);
        let bytes: [u8; 32] = plain.as_slice().try_into().map_err(|_| damaged("密钥长度不对"))?;
        let key = DataKey(bytes);
        if key.id() != self.key_id {
            return Err(damaged("密钥指纹不符"));
        }
        Ok(key)
    }

    /// Reads `NAME.key`; `Ok(None)` when there is none.
    pub fn read(path: &Path) -> Result<Option<KeyFile>, KeyError> {
        let bad = |detail: String| KeyError::KeyFile { path: path.display().to_string(), detail };
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(bad(format!("无法读取：{e}"))),
        };
        let file: KeyFile = serde_json::from_str(&text).map_err(|e| bad(format!("内容无法识别：{e}")))?;
        if file.format != KEY_FILE_FORMAT || file.version != 1 {
            return Err(bad(format!("格式“{}”版本 {} 不是本程序写的", file.format, file.version)));
        }
        Ok(Some(file))
    }

    /// Writes the file durably (temporary name, fsync, rename, fsync of the folder).
    pub fn write(&self, path: &Path) -> Result<(), KeyError> {
        let bad = |e: std::io::Error| KeyError::KeyFile { path: path.display().to_string(), detail: format!("无法写入：{e}") };
        let json = serde_json::to_vec_pretty(self).expect("a key file always serialises");
        crate::files::write_durably(path, &json, true).map_err(bad)
    }

    /// `NAME.key` beside the database `NAME`.
    pub fn path_for(database: &Path) -> std::path::PathBuf {
        let mut name = database.as_os_str().to_owned();
        name.push(".key");
        name.into()
    }
}

pub(crate) fn passphrase_cipher(passphrase: &str, salt: &[u8], memory_kib: u32, passes: u32) -> Result<XChaCha20Poly1305, KeyError> {
    let damaged = |detail: String| KeyError::KeyFile { path: String::new(), detail };
    let params = Params::new(memory_kib, passes, 1, Some(32)).map_err(|e| damaged(format!("Argon2 参数无效：{e}")))?;
    let mut derived = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, derived.as_mut())
        .map_err(|e| damaged(format!("Argon2 计算失败：{e}")))?;
    Ok(XChaCha20Poly1305::new(derived.as_ref().into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_file_opens_with_its_key_only_and_any_changed_byte_is_refused() {
        let key = DataKey::random();
        let sealed = key.seal(b"photo bytes");
        assert!(is_sealed(&sealed));
        assert_eq!(key.unseal(&sealed).unwrap(), b"photo bytes");
        assert_eq!(DataKey::random().unseal(&sealed), Err(KeyError::Tampered));
        for i in [0, 8, 20, sealed.len() - 1] {
            let mut bad = sealed.clone();
            bad[i] ^= 1;
            assert_eq!(key.unseal(&bad), Err(KeyError::Tampered), "byte {i}");
        }
        assert_eq!(key.unseal(&sealed[..30]), Err(KeyError::Tampered));
    }

    #[test]
    fn a_passphrase_key_file_unlocks_with_the_passphrase_only() {
        let key = DataKey::random();
        assert_eq!(KeyFile::with_passphrase(&key, "short"), Err(KeyError::PassphraseTooShort(8)));
        let file = KeyFile::with_passphrase(&key, "长城长江黄河泰山").unwrap();
        let json = serde_json::to_string(&file).unwrap();
        assert!(!json.contains(key.to_hex().as_str()));
        let back: KeyFile = serde_json::from_str(&json).unwrap();
        assert_eq!(back.unlock("长城长江黄河泰山").unwrap().to_hex(), key.to_hex());
        assert_eq!(back.unlock("长城长江黄河泰").unwrap_err(), KeyError::WrongPassphrase);
    }

    #[test]
    fn a_key_is_sixty_four_hex_digits() {
        let key = DataKey::from_hex(&"ab".repeat(32)).unwrap();
        assert_eq!(key.to_hex().as_str(), "ab".repeat(32));
        assert_eq!(DataKey::from_hex("abc").unwrap_err(), KeyError::Malformed);
        assert_eq!(DataKey::from_hex(&"zz".repeat(32)).unwrap_err(), KeyError::Malformed);
        assert!(!format!("{key:?}").contains("abab"));
    }
}
