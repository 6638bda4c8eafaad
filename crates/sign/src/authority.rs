//! The department's side of the chain: its root certificate, certificates issued from experts'
//! requests, and the revocation list. Everything travels as files a department's IT staff can
//! read with openssl: the root as .cer (DER or PEM), requests as PKCS#10, responses as PEM
//! (issued certificate, then its issuers), the CRL as DER.

use std::time::Duration;

use chrono::{DateTime, Utc};
use der::asn1::{BitString, ObjectIdentifier};
use der::{Decode, Encode, EncodePem};
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::SigningKey;
use rand_core::OsRng;
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::crl::{CertificateList, RevokedCert, TbsCertList};
use x509_cert::ext::pkix::BasicConstraints;
use x509_cert::ext::Extension;
use x509_cert::request::CertReq;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};
use x509_cert::Certificate;

use crate::algorithms::{der_of, key_description, verify_signature, ECDSA_WITH_SHA256};
use crate::identity::{common_name, grouped_hex, organization, random_serial, serial_number_attribute, subject_name, CertificateSummary, Identity};
use crate::SignError;

/// How long a department root is valid: long enough to outlive every certificate it issues.
pub const ROOT_YEARS: u64 = 20;
/// The default validity of an issued certificate, in days (three years, a usual 专家库 term).
pub const DEFAULT_ISSUED_DAYS: u32 = 3 * 365;
/// Requests and responses are small; anything larger is not one.
pub const MAX_FILE_BYTES: usize = 256 * 1024;

const ID_CE_CRL_NUMBER: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.20");
const ID_CE_AUTHORITY_KEY_IDENTIFIER: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.35");
const ID_CE_SUBJECT_KEY_IDENTIFIER: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.14");
const ID_CE_BASIC_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.19");

fn err(context: &str) -> impl Fn(der::Error) -> SignError + '_ {
    move |e| SignError::Identity(format!("{context}：{e}"))
}

fn time(at: DateTime<Utc>) -> Result<Time, SignError> {
    let since = Duration::from_secs(u64::try_from(at.timestamp()).map_err(|_| SignError::Identity("日期早于 1970 年".into()))?);
    // RFC 5280: UTCTime up to 2049, GeneralizedTime from 2050.
    if at.format("%Y").to_string().as_str() < "2050" {
        Ok(Time::UtcTime(der::asn1::UtcTime::from_unix_duration(since).map_err(err("日期"))?))
    } else {
        Ok(Time::GeneralTime(der::asn1::GeneralizedTime::from_unix_duration(since).map_err(err("日期"))?))
    }
}

/// A new department root: an ECDSA P-256 key and a self-signed CA certificate named after the
/// department, valid from `from` (the installation's clock) for [`ROOT_YEARS`].
pub fn create_root(department: &str, from: DateTime<Utc>) -> Result<Identity, SignError> {
    let department = department.trim();
    if department.is_empty() {
        return Err(SignError::Identity("请填写科技厅（签发单位）名称".into()));
    }
    let subject = subject_name(&format!("{department}评审签名根证书"), department, None)?;
    let key = SigningKey::random(&mut OsRng);
    let until = from + chrono::Duration::days(i64::try_from(ROOT_YEARS * 365).unwrap_or(7300));
    let validity = Validity { not_before: time(from)?, not_after: time(until)? };
    let spki = spki::SubjectPublicKeyInfoOwned::from_key(*key.verifying_key()).map_err(|e| SignError::Identity(format!("公钥编码：{e}")))?;
    let builder = CertificateBuilder::new(Profile::Root, random_serial()?, validity, subject, spki, &key)
        .map_err(|e| SignError::Identity(format!("根证书生成失败：{e}")))?;
    let certificate = builder.build::<p256::ecdsa::DerSignature>().map_err(|e| SignError::Identity(format!("根证书生成失败：{e}")))?;
    Ok(Identity { key, certificate, chain: Vec::new() })
}

/// Whether a certificate may issue others (basicConstraints cA).
pub fn is_ca(certificate: &Certificate) -> bool {
    extension(certificate, ID_CE_BASIC_CONSTRAINTS)
        .and_then(|e| BasicConstraints::from_der(e.extn_value.as_bytes()).ok())
        .is_some_and(|b| b.ca)
}

pub(crate) fn extension(certificate: &Certificate, oid: ObjectIdentifier) -> Option<&Extension> {
    certificate.tbs_certificate.extensions.as_ref().and_then(|list| list.iter().find(|e| e.extn_id == oid))
}

/// A certificate as a .cer file: DER, or PEM for those who publish it as text.
pub fn certificate_der(certificate: &Certificate) -> Result<Vec<u8>, SignError> {
    certificate.to_der().map_err(err("证书编码"))
}

pub fn certificate_pem(certificate: &Certificate) -> Result<String, SignError> {
    certificate.to_pem(der::pem::LineEnding::LF).map_err(err("证书编码"))
}

/// Every certificate in a file: PEM (one or many) or a single DER certificate.
pub fn read_certificates(bytes: &[u8]) -> Result<Vec<Certificate>, SignError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(SignError::Identity(format!("证书文件过大（{} KB）", bytes.len() / 1024)));
    }
    let text = bytes.iter().skip_while(|b| b.is_ascii_whitespace()).take(11).copied().collect::<Vec<_>>();
    if text.starts_with(b"-----BEGIN") {
        let list = Certificate::load_pem_chain(bytes).map_err(|_| SignError::Identity("证书文件无法读取：不是有效的 PEM 证书".into()))?;
        if list.is_empty() {
            return Err(SignError::Identity("证书文件中没有证书".into()));
        }
        Ok(list)
    } else {
        Certificate::from_der(bytes).map(|c| vec![c]).map_err(|_| SignError::Identity("证书文件无法读取：既不是 DER 也不是 PEM 格式的证书".into()))
    }
}

/// What the department sees of a request before issuing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestSummary {
    pub holder: String,
    pub organization: String,
    /// The expert-pool id the requester gave, if any.
    pub pool_id: Option<String>,
    /// "ECDSA P-256"
    pub key: String,
    /// SHA-256 of the public key, grouped hex: the expert can read theirs aloud to compare.
    pub key_fingerprint: String,
}

/// Reads a certificate request (PEM or DER) and checks it is signed by the key it carries.
pub fn read_request(bytes: &[u8]) -> Result<(CertReq, RequestSummary), SignError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(SignError::Identity(format!("证书申请文件过大（{} KB）", bytes.len() / 1024)));
    }
    let request = if bytes.iter().skip_while(|b| b.is_ascii_whitespace()).take(10).eq(b"-----BEGIN".iter()) {
        <CertReq as der::DecodePem>::from_pem(bytes).map_err(|_| SignError::Identity("证书申请文件无法读取：不是有效的 PKCS#10 证书申请".into()))?
    } else {
        CertReq::from_der(bytes).map_err(|_| SignError::Identity("证书申请文件无法读取：不是有效的 PKCS#10 证书申请".into()))?
    };
    let info = der_of(&request.info).map_err(SignError::Identity)?;
    verify_signature(&request.algorithm, &request.info.public_key, &info, request.signature.raw_bytes())
        .map_err(|e| SignError::Identity(format!("证书申请的签名无效（{e}）：文件可能被改动")))?;
    let subject = &request.info.subject;
    let holder = common_name(subject).filter(|h| !h.trim().is_empty()).ok_or_else(|| SignError::Identity("证书申请没有写明申请人姓名".into()))?;
    let key_der = der_of(&request.info.public_key).map_err(SignError::Identity)?;
    let summary = RequestSummary {
        holder,
        organization: organization(subject).unwrap_or_default(),
        pool_id: serial_number_attribute(subject),
        key: key_description(&request.info.public_key),
        key_fingerprint: grouped_hex(&Sha256::digest(key_der)),
    };
    Ok((request, summary))
}

/// A certificate the department issued.
#[derive(Debug, Clone)]
pub struct Issued {
    pub certificate: Certificate,
    pub summary: CertificateSummary,
    /// The response file for the expert: the issued certificate, then the root (PEM).
    pub response_pem: String,
}

/// Issues a certificate for `request` under `root`, valid from `not_before` for `days` days, with
/// key usage digitalSignature and nonRepudiation (what signing a conclusion needs, nothing more).
pub fn issue(root: &Identity, request: &CertReq, not_before: DateTime<Utc>, days: u32) -> Result<Issued, SignError> {
    if !is_ca(&root.certificate) {
        return Err(SignError::Identity("本机的签名身份不是科技厅根证书，不能签发证书".into()));
    }
    if days == 0 || days > 10 * 366 {
        return Err(SignError::Identity("证书有效期应在 1 天到 10 年之间".into()));
    }
    let not_after = not_before + chrono::Duration::days(i64::from(days));
    let root_validity = &root.certificate.tbs_certificate.validity;
    if u64::try_from(not_after.timestamp()).unwrap_or(u64::MAX) > root_validity.not_after.to_unix_duration().as_secs() {
        return Err(SignError::Identity("证书有效期超过了根证书的有效期".into()));
    }
    if u64::try_from(not_before.timestamp()).unwrap_or(0) < root_validity.not_before.to_unix_duration().as_secs() {
        return Err(SignError::Identity("证书生效日期早于根证书的生效日期".into()));
    }
    let validity = Validity { not_before: time(not_before)?, not_after: time(not_after)? };
    let profile = Profile::Leaf {
        issuer: root.certificate.tbs_certificate.subject.clone(),
        enable_key_agreement: false,
        enable_key_encipherment: false,
    };
    let builder = CertificateBuilder::new(
        profile,
        random_serial()?,
        validity,
        request.info.subject.clone(),
        request.info.public_key.clone(),
        &root.key,
    )
    .map_err(|e| SignError::Identity(format!("证书签发失败：{e}")))?;
    let certificate = builder.build::<p256::ecdsa::DerSignature>().map_err(|e| SignError::Identity(format!("证书签发失败：{e}")))?;
    let response_pem = format!("{}{}", certificate_pem(&certificate)?, certificate_pem(&root.certificate)?);
    Ok(Issued { summary: CertificateSummary::of(&certificate), certificate, response_pem })
}

/// One revoked certificate as the CRL lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revocation {
    /// Uppercase hex, as [`CertificateSummary::serial`].
    pub serial: String,
    pub revoked_at: DateTime<Utc>,
}

/// A CRL (DER) signed by `root`, listing `revoked`, valid from `this_update` to `next_update`,
/// numbered `number` (a CRL with a higher number replaces a lower one).
pub fn build_crl(
    root: &Identity,
    revoked: &[Revocation],
    this_update: DateTime<Utc>,
    next_update: DateTime<Utc>,
    number: u64,
) -> Result<Vec<u8>, SignError> {
    if !is_ca(&root.certificate) {
        return Err(SignError::Identity("本机的签名身份不是科技厅根证书，不能签发吊销列表".into()));
    }
    let entries = revoked
        .iter()
        .map(|r| {
            let bytes = hex_bytes(&r.serial).ok_or_else(|| SignError::Identity(format!("证书序列号无效：{}", r.serial)))?;
            Ok(RevokedCert {
                serial_number: SerialNumber::new(&bytes).map_err(err("证书序列号"))?,
                revocation_date: time(r.revoked_at)?,
                crl_entry_extensions: None,
            })
        })
        .collect::<Result<Vec<_>, SignError>>()?;
    let mut extensions = vec![Extension {
        extn_id: ID_CE_CRL_NUMBER,
        critical: false,
        extn_value: der::asn1::OctetString::new(der::asn1::Uint::new(&number.to_be_bytes()).map_err(err("编号"))?.to_der().map_err(err("编号"))?)
            .map_err(err("编号"))?,
    }];
    // The authority key identifier lets verifiers pick the right root when names repeat.
    if let Some(ski) = extension(&root.certificate, ID_CE_SUBJECT_KEY_IDENTIFIER) {
        let key_id = der::asn1::OctetString::from_der(ski.extn_value.as_bytes()).map_err(err("根证书密钥标识"))?;
        let aki = x509_cert::ext::pkix::AuthorityKeyIdentifier { key_identifier: Some(key_id), authority_cert_issuer: None, authority_cert_serial_number: None };
        extensions.push(Extension {
            extn_id: ID_CE_AUTHORITY_KEY_IDENTIFIER,
            critical: false,
            extn_value: der::asn1::OctetString::new(aki.to_der().map_err(err("根证书密钥标识"))?).map_err(err("根证书密钥标识"))?,
        });
    }
    let tbs = TbsCertList {
        version: x509_cert::Version::V2,
        signature: AlgorithmIdentifierOwned { oid: ECDSA_WITH_SHA256, parameters: None },
        issuer: root.certificate.tbs_certificate.subject.clone(),
        this_update: time(this_update)?,
        next_update: Some(time(next_update)?),
        revoked_certificates: if entries.is_empty() { None } else { Some(entries) },
        crl_extensions: Some(extensions),
    };
    let signature: p256::ecdsa::DerSignature = root.key.sign(&tbs.to_der().map_err(err("吊销列表编码"))?);
    let list = CertificateList {
        tbs_cert_list: tbs,
        signature_algorithm: AlgorithmIdentifierOwned { oid: ECDSA_WITH_SHA256, parameters: None },
        signature: BitString::from_bytes(signature.as_bytes()).map_err(err("吊销列表编码"))?,
    };
    list.to_der().map_err(err("吊销列表编码"))
}

/// A CRL file (DER, or PEM "X509 CRL").
pub fn read_crl(bytes: &[u8]) -> Result<CertificateList, SignError> {
    if bytes.len() > 16 * 1024 * 1024 {
        return Err(SignError::Identity("吊销列表文件过大".into()));
    }
    let der = if bytes.iter().skip_while(|b| b.is_ascii_whitespace()).take(10).eq(b"-----BEGIN".iter()) {
        let (label, der) = der::pem::decode_vec(bytes).map_err(|_| SignError::Identity("吊销列表文件无法读取：PEM 格式错误".into()))?;
        if label != "X509 CRL" {
            return Err(SignError::Identity(format!("文件不是吊销列表（PEM 标签为 {label}）")));
        }
        der
    } else {
        bytes.to_vec()
    };
    CertificateList::from_der(&der).map_err(|_| SignError::Identity("吊销列表文件无法读取：不是有效的 X.509 CRL".into()))
}

/// The CRL number, if the list carries one.
pub fn crl_number(list: &CertificateList) -> Option<u64> {
    let ext = list.tbs_cert_list.crl_extensions.as_ref()?.iter().find(|e| e.extn_id == ID_CE_CRL_NUMBER)?;
    let value = der::asn1::Uint::from_der(ext.extn_value.as_bytes()).ok()?;
    let bytes = value.as_bytes();
    (bytes.len() <= 8).then(|| bytes.iter().fold(0u64, |n, b| (n << 8) | u64::from(*b)))
}

/// Whether `list` is signed by `issuer` (the issuer named in the list and its key).
pub fn crl_signed_by(list: &CertificateList, issuer: &Certificate) -> Result<(), String> {
    if list.tbs_cert_list.issuer != issuer.tbs_certificate.subject {
        return Err("吊销列表的签发者与证书不符".into());
    }
    let tbs = der_of(&list.tbs_cert_list)?;
    verify_signature(&list.signature_algorithm, &issuer.tbs_certificate.subject_public_key_info, &tbs, list.signature.raw_bytes())
}

pub(crate) fn hex_bytes(text: &str) -> Option<Vec<u8>> {
    let text: String = text.chars().filter(|c| !c.is_whitespace() && *c != ':').collect();
    if text.is_empty() || text.len() % 2 != 0 {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok()).collect()
}

pub(crate) fn serial_hex(serial: &SerialNumber) -> String {
    serial.as_bytes().iter().map(|b| format!("{b:02X}")).collect()
}
