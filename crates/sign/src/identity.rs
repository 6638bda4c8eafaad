//! Signing identities: an ECDSA P-256 key and its X.509 certificate. A key is generated on the
//! laptop (self-issued certificate) or imported from a department-issued PKCS#12; either way it is
//! kept only as encrypted PKCS#8 (PBES2: scrypt + AES-256-CBC) under the holder's passphrase.

use std::str::FromStr;
use std::time::Duration;

use der::{Decode, Encode};
use p256::ecdsa::SigningKey;
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rand_core::OsRng;
use sha2::{Digest, Sha256};
use spki::SubjectPublicKeyInfoOwned;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Validity;
use x509_cert::Certificate;

use crate::SignError;

/// A usable identity: the key in memory only while a document is being signed.
pub struct Identity {
    pub(crate) key: SigningKey,
    pub(crate) certificate: Certificate,
}

/// What is stored: the certificate and the encrypted key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedIdentity {
    pub certificate_der: Vec<u8>,
    pub encrypted_key_der: Vec<u8>,
}

/// The shortest passphrase accepted for a new identity.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// Characters that would change the meaning of an RFC 4514 name; a person's name or unit never
/// needs them, so they are dropped rather than escaped.
fn name_part(text: &str) -> String {
    text.chars().filter(|c| !",+=\"\\<>;#".contains(*c) && !c.is_control()).collect::<String>().trim().to_owned()
}

impl Identity {
    /// A new key with a self-issued certificate for `holder` (a person's name) at `organization`,
    /// valid for ten years.
    pub fn generate(holder: &str, organization: &str) -> Result<Self, SignError> {
        let holder = name_part(holder);
        if holder.is_empty() {
            return Err(SignError::Identity("签名身份需要持有人姓名".into()));
        }
        let key = SigningKey::random(&mut OsRng);
        let mut subject = format!("CN={holder}");
        let organization = name_part(organization);
        if !organization.is_empty() {
            subject.push_str(&format!(",O={organization}"));
        }
        let subject = Name::from_str(&subject).map_err(|e| SignError::Identity(format!("证书名称无效：{e}")))?;
        let mut serial = [0u8; 16];
        rand_core::RngCore::fill_bytes(&mut OsRng, &mut serial);
        serial[0] &= 0x7f; // a positive INTEGER
        let serial = SerialNumber::new(&serial).map_err(|e| SignError::Identity(format!("证书序列号：{e}")))?;
        let validity = Validity::from_now(Duration::from_secs(10 * 365 * 24 * 3600))
            .map_err(|e| SignError::Identity(format!("证书有效期：{e}")))?;
        let spki = SubjectPublicKeyInfoOwned::from_key(*key.verifying_key())
            .map_err(|e| SignError::Identity(format!("公钥编码：{e}")))?;
        let profile = Profile::Leaf { issuer: subject.clone(), enable_key_agreement: false, enable_key_encipherment: false };
        let builder = CertificateBuilder::new(profile, serial, validity, subject, spki, &key)
            .map_err(|e| SignError::Identity(format!("证书生成失败：{e}")))?;
        let certificate =
            builder.build::<p256::ecdsa::DerSignature>().map_err(|e| SignError::Identity(format!("证书生成失败：{e}")))?;
        Ok(Identity { key, certificate })
    }

    /// Reads a PKCS#12 (.p12/.pfx) file as departments issue them. Only ECDSA P-256 keys can sign
    /// here; anything else is refused with a message saying so.
    pub fn from_pkcs12(bytes: &[u8], password: &str) -> Result<Self, SignError> {
        let store = p12_keystore::KeyStore::from_pkcs12(bytes, password).map_err(|e| {
            let text = e.to_string();
            if text.to_lowercase().contains("mac") || text.to_lowercase().contains("password") {
                SignError::Identity("PKCS#12 文件的口令不正确".into())
            } else {
                SignError::Identity(format!("无法读取 PKCS#12 文件：{text}"))
            }
        })?;
        let (_, chain) =
            store.private_key_chain().ok_or_else(|| SignError::Identity("PKCS#12 文件中没有私钥".into()))?;
        let key = SigningKey::from_pkcs8_der(chain.key())
            .map_err(|_| SignError::Identity("PKCS#12 中的私钥不是 ECDSA P-256 密钥，本软件目前只支持 P-256 签名".into()))?;
        let leaf = chain.chain().first().ok_or_else(|| SignError::Identity("PKCS#12 文件中没有证书".into()))?;
        let certificate =
            Certificate::from_der(leaf.as_der()).map_err(|e| SignError::Identity(format!("PKCS#12 中的证书无法解析：{e}")))?;
        let identity = Identity { key, certificate };
        identity.check_pair()?;
        Ok(identity)
    }

    fn check_pair(&self) -> Result<(), SignError> {
        let spki = SubjectPublicKeyInfoOwned::from_key(*self.key.verifying_key())
            .map_err(|e| SignError::Identity(format!("公钥编码：{e}")))?;
        if spki != self.certificate.tbs_certificate.subject_public_key_info {
            return Err(SignError::Identity("私钥与证书不匹配".into()));
        }
        Ok(())
    }

    /// The key encrypted under `passphrase`, with the certificate, ready to store.
    pub fn seal(&self, passphrase: &str) -> Result<SealedIdentity, SignError> {
        if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(SignError::Identity(format!("签名口令至少 {MIN_PASSPHRASE_CHARS} 个字符")));
        }
        let encrypted = self
            .key
            .to_pkcs8_encrypted_der(&mut OsRng, passphrase.as_bytes())
            .map_err(|e| SignError::Identity(format!("私钥加密失败：{e}")))?;
        let certificate_der =
            self.certificate.to_der().map_err(|e| SignError::Identity(format!("证书编码：{e}")))?;
        Ok(SealedIdentity { certificate_der, encrypted_key_der: encrypted.as_bytes().to_vec() })
    }

    /// Opens a stored identity; a wrong passphrase is the only likely failure and says so.
    pub fn unseal(sealed: &SealedIdentity, passphrase: &str) -> Result<Self, SignError> {
        let key = SigningKey::from_pkcs8_encrypted_der(&sealed.encrypted_key_der, passphrase.as_bytes())
            .map_err(|_| SignError::WrongPassphrase)?;
        let certificate = Certificate::from_der(&sealed.certificate_der)
            .map_err(|e| SignError::Identity(format!("存储的证书无法解析：{e}")))?;
        let identity = Identity { key, certificate };
        identity.check_pair()?;
        Ok(identity)
    }

    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    pub fn summary(&self) -> CertificateSummary {
        CertificateSummary::of(&self.certificate)
    }
}

/// What a person is shown about a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateSummary {
    pub holder: String,
    pub subject: String,
    pub issuer: String,
    pub self_issued: bool,
    /// "2026-11-23"
    pub not_before: String,
    pub not_after: String,
    /// SHA-256 of the certificate, hex in groups of four.
    pub fingerprint: String,
}

impl CertificateSummary {
    pub fn of(certificate: &Certificate) -> Self {
        let tbs = &certificate.tbs_certificate;
        let day = |t: &x509_cert::time::Time| {
            let secs = t.to_unix_duration().as_secs() as i64;
            chrono::DateTime::from_timestamp(secs, 0).map(|d| d.date_naive().to_string()).unwrap_or_default()
        };
        let der = certificate.to_der().unwrap_or_default();
        CertificateSummary {
            holder: common_name(&tbs.subject).unwrap_or_else(|| tbs.subject.to_string()),
            subject: tbs.subject.to_string(),
            issuer: tbs.issuer.to_string(),
            self_issued: tbs.subject == tbs.issuer,
            not_before: day(&tbs.validity.not_before),
            not_after: day(&tbs.validity.not_after),
            fingerprint: grouped_hex(&Sha256::digest(&der)),
        }
    }

    pub fn from_der(der: &[u8]) -> Result<Self, SignError> {
        Certificate::from_der(der).map(|c| Self::of(&c)).map_err(|e| SignError::Identity(format!("证书无法解析：{e}")))
    }
}

/// The CN of a name, as UTF-8, PrintableString or whatever string type the issuer used.
pub fn common_name(name: &Name) -> Option<String> {
    const CN: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("2.5.4.3");
    name.0.iter().flat_map(|rdn| rdn.0.iter()).find(|atv| atv.oid == CN).map(|atv| {
        der::asn1::Utf8StringRef::try_from(&atv.value)
            .map(|s| s.as_str().to_owned())
            .or_else(|_| der::asn1::PrintableStringRef::try_from(&atv.value).map(|s| s.as_str().to_owned()))
            .unwrap_or_else(|_| atv.to_string())
    })
}

/// Uppercase hex in groups of four: easy to read aloud and compare against paper.
pub fn grouped_hex(bytes: &[u8]) -> String {
    let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
    hex.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}
