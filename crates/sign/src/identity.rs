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
    /// The certificates above `certificate` up to the root (empty for a self-issued one), carried
    /// in every signature so a verifier can build the chain to a root it trusts.
    pub(crate) chain: Vec<Certificate>,
}

/// What is stored: the certificate and the encrypted key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedIdentity {
    pub certificate_der: Vec<u8>,
    pub encrypted_key_der: Vec<u8>,
    /// Issuer certificates, nearest first (DER each).
    pub chain_der: Vec<Vec<u8>>,
}

/// A random positive 127-bit serial number, as RFC 5280 asks (unpredictable, at most 20 bytes).
pub(crate) fn random_serial() -> Result<SerialNumber, SignError> {
    let mut serial = [0u8; 16];
    rand_core::RngCore::fill_bytes(&mut OsRng, &mut serial);
    serial[0] &= 0x7f; // a positive INTEGER
    serial[0] |= 0x01; // and never a leading zero byte to strip
    SerialNumber::new(&serial).map_err(|e| SignError::Identity(format!("证书序列号：{e}")))
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
        let subject = subject_name(holder, organization, None)?;
        let key = SigningKey::random(&mut OsRng);
        let serial = random_serial()?;
        let validity = Validity::from_now(Duration::from_secs(10 * 365 * 24 * 3600))
            .map_err(|e| SignError::Identity(format!("证书有效期：{e}")))?;
        let spki = SubjectPublicKeyInfoOwned::from_key(*key.verifying_key())
            .map_err(|e| SignError::Identity(format!("公钥编码：{e}")))?;
        let profile = Profile::Leaf { issuer: subject.clone(), enable_key_agreement: false, enable_key_encipherment: false };
        let builder = CertificateBuilder::new(profile, serial, validity, subject, spki, &key)
            .map_err(|e| SignError::Identity(format!("证书生成失败：{e}")))?;
        let certificate =
            builder.build::<p256::ecdsa::DerSignature>().map_err(|e| SignError::Identity(format!("证书生成失败：{e}")))?;
        Ok(Identity { key, certificate, chain: Vec::new() })
    }

    /// Reads a PKCS#12 (.p12/.pfx) file as departments issue them. Only ECDSA P-256 keys can sign
    /// here; anything else is refused with a message saying so.
    pub fn from_pkcs12(bytes: &[u8], password: &str) -> Result<Self, SignError> {
        let store = p12_keystore::KeyStore::from_pkcs12(bytes, password).map_err(|e| {
            let text = e.to_string();
            if text.to_lowercase().contains("mac") || text.to_lowercase().contains("password") {
                SignError::Identity("证书文件的密码不正确（颁发证书时告知的密码，不是本软件的签名口令）".into())
            } else {
                SignError::Identity(format!("无法读取这个证书文件，请确认是科技厅颁发的 .p12 或 .pfx 文件（详情：PKCS#12，{text}）"))
            }
        })?;
        let (_, chain) =
            store.private_key_chain().ok_or_else(|| SignError::Identity("证书文件中没有私钥，不能用于签名；请向科技厅索取含私钥的证书文件".into()))?;
        let key = SigningKey::from_pkcs8_der(chain.key())
            .map_err(|_| SignError::Identity("证书文件中的密钥类型本软件暂不能用于签名，请向科技厅索取新证书（详情：需要 ECDSA P-256 密钥）".into()))?;
        let leaf = chain.chain().first().ok_or_else(|| SignError::Identity("证书文件中没有证书".into()))?;
        let certificate =
            Certificate::from_der(leaf.as_der()).map_err(|e| SignError::Identity(format!("证书文件中的证书无法读取（详情：{e}）")))?;
        let chain = chain.chain()[1..]
            .iter()
            .map(|c| Certificate::from_der(c.as_der()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| SignError::Identity(format!("证书文件中的上级证书无法读取（详情：{e}）")))?;
        let identity = Identity { key, certificate, chain };
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
        let chain_der = self
            .chain
            .iter()
            .map(Encode::to_der)
            .collect::<Result<_, _>>()
            .map_err(|e| SignError::Identity(format!("证书编码：{e}")))?;
        Ok(SealedIdentity { certificate_der, encrypted_key_der: encrypted.as_bytes().to_vec(), chain_der })
    }

    /// Opens a stored identity; a wrong passphrase is the only likely failure and says so.
    pub fn unseal(sealed: &SealedIdentity, passphrase: &str) -> Result<Self, SignError> {
        let key = SigningKey::from_pkcs8_encrypted_der(&sealed.encrypted_key_der, passphrase.as_bytes())
            .map_err(|_| SignError::WrongPassphrase)?;
        let certificate = Certificate::from_der(&sealed.certificate_der)
            .map_err(|e| SignError::Identity(format!("存储的证书无法解析：{e}")))?;
        let chain = sealed
            .chain_der
            .iter()
            .map(|d| Certificate::from_der(d))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| SignError::Identity(format!("存储的上级证书无法解析：{e}")))?;
        let identity = Identity { key, certificate, chain };
        identity.check_pair()?;
        Ok(identity)
    }

    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    pub fn summary(&self) -> CertificateSummary {
        CertificateSummary::of(&self.certificate)
    }

    /// The issuer certificates carried with this identity's signatures.
    pub fn chain(&self) -> &[Certificate] {
        &self.chain
    }

    /// A certificate request (PKCS#10, PEM) for this identity's key, naming the holder, their unit
    /// and, where known, their id in the department's expert pool. The request is signed with
    /// the key, so the department knows the requester holds it.
    pub fn certificate_request(&self, holder: &str, organization: &str, pool_id: Option<&str>) -> Result<String, SignError> {
        let subject = subject_name(holder, organization, pool_id)?;
        let builder = x509_cert::builder::RequestBuilder::new(subject, &self.key)
            .map_err(|e| SignError::Identity(format!("证书申请生成失败：{e}")))?;
        let request = builder
            .build::<p256::ecdsa::DerSignature>()
            .map_err(|e| SignError::Identity(format!("证书申请生成失败：{e}")))?;
        der::EncodePem::to_pem(&request, der::pem::LineEnding::LF).map_err(|e| SignError::Identity(format!("证书申请编码：{e}")))
    }

    /// Takes the department's response (the issued certificate and its issuers, PEM or DER): the
    /// issued certificate must hold this identity's key and be signed by a certificate in the
    /// response. From then on every signature carries the issued certificate and its chain.
    pub fn adopt_issued(&mut self, response: &[u8]) -> Result<(), SignError> {
        let own = SubjectPublicKeyInfoOwned::from_key(*self.key.verifying_key())
            .map_err(|e| SignError::Identity(format!("公钥编码：{e}")))?;
        let (issued, chain) = adopt(&own, response)?;
        self.certificate = issued;
        self.chain = chain;
        Ok(())
    }
}

impl SealedIdentity {
    /// [`Identity::adopt_issued`] without opening the key: the stored certificate already holds
    /// the public key the response must match, so no passphrase is needed.
    pub fn adopt_issued(&self, response: &[u8]) -> Result<SealedIdentity, SignError> {
        let current = Certificate::from_der(&self.certificate_der).map_err(|e| SignError::Identity(format!("存储的证书无法解析：{e}")))?;
        let (issued, chain) = adopt(&current.tbs_certificate.subject_public_key_info, response)?;
        let encode = |c: &Certificate| c.to_der().map_err(|e| SignError::Identity(format!("证书编码：{e}")));
        Ok(SealedIdentity {
            certificate_der: encode(&issued)?,
            encrypted_key_der: self.encrypted_key_der.clone(),
            chain_der: chain.iter().map(encode).collect::<Result<_, _>>()?,
        })
    }
}

/// Finds in `response` the certificate issued for the key `own` and the chain above it.
fn adopt(own: &SubjectPublicKeyInfoOwned, response: &[u8]) -> Result<(Certificate, Vec<Certificate>), SignError> {
    let certificates = crate::authority::read_certificates(response)?;
    let position = certificates
        .iter()
        .position(|c| c.tbs_certificate.subject_public_key_info == *own)
        .ok_or_else(|| SignError::Identity("签发结果中没有与本人密钥对应的证书：它可能是为另一份证书申请签发的".into()))?;
    let mut rest = certificates;
    let issued = rest.remove(position);
    if issued.tbs_certificate.issuer == issued.tbs_certificate.subject {
        return Err(SignError::Identity("签发结果中的证书是自签发的，不是科技厅签发的证书".into()));
    }
    let issuer = rest
        .iter()
        .find(|c| crate::trust::signed_by(&issued, c).is_ok())
        .ok_or_else(|| SignError::Identity("签发结果中缺少签发者（科技厅根证书），无法确认证书来源".into()))?;
    let mut chain = vec![issuer.clone()];
    // Further issuers, if the department works through an intermediate.
    while chain.len() < crate::trust::MAX_CHAIN {
        let Some(last) = chain.last() else { break };
        if last.tbs_certificate.issuer == last.tbs_certificate.subject {
            break;
        }
        let Some(next) = rest.iter().find(|c| crate::trust::signed_by(last, c).is_ok() && !chain.contains(c)).cloned() else { break };
        chain.push(next);
    }
    Ok((issued, chain))
}

/// CN (the person), O (their unit) and serialNumber (their expert-pool id), each cleaned of
/// characters that would change the name's structure.
pub(crate) fn subject_name(holder: &str, organization: &str, pool_id: Option<&str>) -> Result<Name, SignError> {
    let holder = name_part(holder);
    if holder.is_empty() {
        return Err(SignError::Identity("签名身份需要持有人姓名".into()));
    }
    let mut subject = format!("CN={holder}");
    let organization = name_part(organization);
    if !organization.is_empty() {
        subject.push_str(&format!(",O={organization}"));
    }
    if let Some(id) = pool_id.map(name_part).filter(|s| !s.is_empty()) {
        subject.push_str(&format!(",serialNumber={id}"));
    }
    Name::from_str(&subject).map_err(|e| SignError::Identity(format!("证书名称无效：{e}")))
}

/// The serialNumber attribute of a name (the expert-pool id in our requests).
pub fn serial_number_attribute(name: &Name) -> Option<String> {
    const SERIAL: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("2.5.4.5");
    attribute(name, SERIAL)
}

/// The O of a name.
pub fn organization(name: &Name) -> Option<String> {
    const O: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("2.5.4.10");
    attribute(name, O)
}

fn attribute(name: &Name, oid: der::asn1::ObjectIdentifier) -> Option<String> {
    name.0.iter().flat_map(|rdn| rdn.0.iter()).find(|atv| atv.oid == oid).map(|atv| {
        der::asn1::Utf8StringRef::try_from(&atv.value)
            .map(|s| s.as_str().to_owned())
            .or_else(|_| der::asn1::PrintableStringRef::try_from(&atv.value).map(|s| s.as_str().to_owned()))
            .unwrap_or_else(|_| atv.to_string())
    })
}

/// What a person is shown about a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateSummary {
    pub holder: String,
    pub subject: String,
    pub issuer: String,
    /// The issuer's CN ("内蒙古自治区科学技术厅评审签名根证书").
    pub issuer_holder: String,
    pub self_issued: bool,
    /// The serial number, uppercase hex: what a CRL names.
    pub serial: String,
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
            issuer_holder: common_name(&tbs.issuer).unwrap_or_else(|| tbs.issuer.to_string()),
            self_issued: tbs.subject == tbs.issuer,
            serial: tbs.serial_number.as_bytes().iter().map(|b| format!("{b:02X}")).collect(),
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
    attribute(name, CN)
}

/// Uppercase hex in groups of four: easy to read aloud and compare against paper.
pub fn grouped_hex(bytes: &[u8]) -> String {
    let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
    hex.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}
