//! The department's chain put to work on one installation: 科技厅 mode (root, issuing, register,
//! revocation lists), an expert's request and the issued certificate taken back, the trust store
//! every installation keeps, and verification verdicts that say whether the department vouches
//! for the signer.

use chrono::{DateTime, Utc};
use tic_sign::der::{self, Decode};
use tic_domain::{ExpertId, ReviewId};
use tic_sign::authority::{self, RequestSummary, Revocation};
use tic_sign::trust::CrlSummary;
use tic_sign::{CertificateSummary, Identity, SealedIdentity, Trust, TrustStore};
use tic_store::{IdentitySource, IssuedRecord, Store};
use tic_sign::x509_cert::Certificate;

use crate::ExportError;

/// How long a published revocation list is valid before a newer one is expected.
pub const CRL_VALID_DAYS: i64 = 30;

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// 科技厅 mode: a new department root, its key sealed under `passphrase`, trusted here at once.
pub fn create_department_root(store: &Store, department: &str, passphrase: &str) -> Result<CertificateSummary, ExportError> {
    if store.department_root()?.is_some() {
        return Err(ExportError::NotAllowed("本机已经建立了科技厅根证书".into()));
    }
    let root = authority::create_root(department, store.now_utc())?;
    let sealed = root.seal(passphrase)?;
    let summary = root.summary();
    store.create_department_root(department.trim(), &sealed.certificate_der, &sealed.encrypted_key_der, &summary.fingerprint, &summary.holder)?;
    Ok(summary)
}

/// This installation's root certificate, if it is in 科技厅 mode.
pub fn department_root(store: &Store) -> Result<Option<(CertificateSummary, Certificate)>, ExportError> {
    let Some(root) = store.department_root()? else { return Ok(None) };
    let certificate = Certificate::from_der(&root.certificate).map_err(|e| ExportError::Io(format!("根证书无法解析：{e}")))?;
    Ok(Some((CertificateSummary::of(&certificate), certificate)))
}

/// The root certificate as a file: DER (.cer) or PEM.
pub fn department_root_file(store: &Store, pem: bool) -> Result<Vec<u8>, ExportError> {
    let (_, certificate) = department_root(store)?.ok_or_else(not_department)?;
    Ok(if pem { authority::certificate_pem(&certificate)?.into_bytes() } else { authority::certificate_der(&certificate)? })
}

fn not_department() -> ExportError {
    ExportError::NotAllowed("本机不是科技厅（签发单位）模式：请先在“证书管理”中建立科技厅根证书".into())
}

fn open_root(store: &Store, passphrase: &str) -> Result<Identity, ExportError> {
    let root = store.department_root()?.ok_or_else(not_department)?;
    let sealed = SealedIdentity { certificate_der: root.certificate, encrypted_key_der: root.encrypted_key, chain_der: Vec::new() };
    Identity::unseal(&sealed, passphrase).map_err(|e| match e {
        tic_sign::SignError::WrongPassphrase => ExportError::NotAllowed("根证书口令不正确".into()),
        other => other.into(),
    })
}

/// Checks the root passphrase without doing anything with the key, so the window can say a
/// wrong one before asking where to save.
pub fn check_root_passphrase(store: &Store, passphrase: &str) -> Result<(), ExportError> {
    open_root(store, passphrase).map(|_| ())
}

/// What a request file asks for, shown before issuing.
pub fn read_request(bytes: &[u8]) -> Result<RequestSummary, ExportError> {
    Ok(authority::read_request(bytes)?.1)
}

/// Issues a certificate for the request in `bytes`, valid from today for `days`, records it in
/// the register and returns the response file (PEM: the certificate, then the root).
pub fn issue_certificate(store: &Store, request: &[u8], days: u32, passphrase: &str) -> Result<(String, CertificateSummary), ExportError> {
    let (req, summary) = authority::read_request(request)?;
    let root = open_root(store, passphrase)?;
    let issued = authority::issue(&root, &req, store.now_utc(), days)?;
    store.record_issued(&IssuedRecord {
        serial: issued.summary.serial.clone(),
        holder: summary.holder,
        organization: summary.organization,
        pool_id: summary.pool_id,
        certificate: authority::certificate_der(&issued.certificate)?,
        not_before: issued.summary.not_before.clone(),
        not_after: issued.summary.not_after.clone(),
        issued_at: rfc3339(store.now_utc()),
        revoked_at: None,
        revocation_reason: None,
    })?;
    Ok((issued.response_pem, issued.summary))
}

/// Revokes a certificate of the register from now on.
pub fn revoke_certificate(store: &Store, serial: &str, reason: &str) -> Result<(), ExportError> {
    store.department_root()?.ok_or_else(not_department)?;
    store.revoke_issued(serial, &rfc3339(store.now_utc()), reason)?;
    Ok(())
}

/// A new revocation list (DER) of every revoked certificate in the register, numbered one more
/// than the last, valid for [`CRL_VALID_DAYS`]; kept, and trusted here at once.
pub fn publish_crl(store: &Store, passphrase: &str) -> Result<(Vec<u8>, CrlSummary), ExportError> {
    let root = open_root(store, passphrase)?;
    let revoked = store
        .issued_certificates()?
        .into_iter()
        .filter_map(|r| {
            let at = r.revoked_at.as_deref().and_then(|t| DateTime::parse_from_rfc3339(t).ok())?;
            Some(Revocation { serial: r.serial, revoked_at: at.with_timezone(&Utc) })
        })
        .collect::<Vec<_>>();
    let number = store.next_crl_number()?;
    let now = store.now_utc();
    let crl = authority::build_crl(&root, &revoked, now, now + chrono::Duration::days(CRL_VALID_DAYS), u64::try_from(number).unwrap_or(0))?;
    store.record_published_crl(number, &crl)?;
    let summary = import_crl(store, &crl, &root.summary().holder)?;
    Ok((crl, summary))
}

/// Trusts the root certificate in `bytes` (.cer, DER or PEM). Returns it and whether it is new.
pub fn trust_root(store: &Store, bytes: &[u8], actor: &str) -> Result<(CertificateSummary, bool), ExportError> {
    let mut check = TrustStore::new();
    let summary = check.add_root(bytes)?;
    let certificate = check.roots().first().ok_or_else(|| ExportError::Io("证书文件中没有证书".into()))?;
    let added = store.add_trusted_root(&summary.fingerprint, &summary.holder, &authority::certificate_der(certificate)?, actor)?;
    Ok((summary, added))
}

/// Reads a revocation list; it must come from a trusted root and be no older than the one kept.
pub fn import_crl(store: &Store, bytes: &[u8], actor: &str) -> Result<CrlSummary, ExportError> {
    let mut trust = trust_store(store)?;
    let summary = trust.add_crl(bytes)?;
    let list = authority::read_crl(bytes)?;
    let root = store
        .trusted_roots()?
        .into_iter()
        .find(|r| Certificate::from_der(&r.certificate).is_ok_and(|c| authority::crl_signed_by(&list, &c).is_ok()))
        .ok_or_else(|| ExportError::NotAllowed("吊销列表不是由信任的根证书签发的".into()))?;
    let der = der::Encode::to_der(&list).map_err(|e| ExportError::Io(format!("吊销列表编码：{e}")))?;
    store.save_revocation_list(&root.fingerprint, summary.number.and_then(|n| i64::try_from(n).ok()), &der, actor)?;
    Ok(summary)
}

/// The trust store this installation keeps: its trusted roots and their revocation lists.
pub fn trust_store(store: &Store) -> Result<TrustStore, ExportError> {
    let mut trust = TrustStore::new();
    let roots = store.trusted_roots()?;
    for root in &roots {
        trust.add_root(&root.certificate)?;
    }
    for crl in roots.iter().filter_map(|r| r.crl.as_ref()) {
        trust.add_crl(&crl.crl)?;
    }
    Ok(trust)
}

/// A certificate request (PEM) for the expert's own key, naming them as their certificate does,
/// with the expert-pool id they give (optional).
pub fn certificate_request(store: &Store, expert: ExpertId, passphrase: &str, pool_id: Option<&str>) -> Result<String, ExportError> {
    let identity = crate::open_identity(store, expert, passphrase)?;
    let subject = &identity.certificate().tbs_certificate.subject;
    let holder = tic_sign::identity::common_name(subject).unwrap_or_default();
    let organization = tic_sign::identity::organization(subject).unwrap_or_default();
    Ok(identity.certificate_request(&holder, &organization, pool_id)?)
}

/// Takes the department's response: the expert's identity now signs with the issued certificate
/// and carries its chain. No passphrase is needed: the key does not change.
pub fn adopt_issued_certificate(store: &Store, review: ReviewId, expert: ExpertId, response: &[u8]) -> Result<CertificateSummary, ExportError> {
    let stored = store
        .signing_identity(expert)?
        .ok_or_else(|| ExportError::NotAllowed("尚未设置签名身份：请先生成证书，再用它生成证书申请".into()))?;
    let sealed = SealedIdentity { certificate_der: stored.certificate, encrypted_key_der: stored.encrypted_key, chain_der: stored.chain };
    let adopted = sealed.adopt_issued(response)?;
    store.save_signing_identity_with_chain(review, expert, &adopted.certificate_der, &adopted.encrypted_key_der, &adopted.chain_der, IdentitySource::Issued)?;
    Ok(CertificateSummary::from_der(&adopted.certificate_der)?)
}

/// What the trust store says about a signer whose certificate and carried chain are given as DER.
pub fn judge(trust: &TrustStore, certificate_der: &[u8], carried_der: &[Vec<u8>], at: DateTime<Utc>) -> Trust {
    let Ok(signer) = Certificate::from_der(certificate_der) else { return Trust::Untrusted { self_issued: false } };
    let carried: Vec<Certificate> = carried_der.iter().filter_map(|d| Certificate::from_der(d).ok()).collect();
    trust.evaluate(&signer, &carried, at)
}

/// Why a package signer is not trusted here, in words that finish "…的签名证书"; None when
/// trusted. The second value says whether the certificate is revoked (refused even where the
/// review does not require trusted certificates).
pub fn untrusted_reason(trust: &TrustStore, signer: &tic_sign::Signer, at: DateTime<Utc>) -> Option<(String, bool)> {
    match judge(trust, &signer.certificate_der, &signer.carried_der, at) {
        Trust::Trusted { .. } => None,
        Trust::Untrusted { self_issued: true } => Some(("是自签发的，没有本机信任的根证书为其作证".into(), false)),
        Trust::Untrusted { self_issued: false } => Some(("的签发者不在本机信任的根证书中".into(), false)),
        Trust::Revoked { revoked_at, .. } => Some((format!("已于 {revoked_at} 吊销"), true)),
        Trust::OutsideValidity { not_before, not_after, .. } => Some((format!("不在有效期内（{not_before} 至 {not_after}）"), false)),
    }
}

/// The refusal for a package signer under the review's rule: every signer must be trusted when
/// `required`; a revoked certificate is refused always. None when the package may go in.
pub fn package_refusal(trust: &TrustStore, signer: &tic_sign::Signer, at: DateTime<Utc>, required: bool) -> Option<String> {
    let (reason, revoked) = untrusted_reason(trust, signer, at)?;
    let holder = &signer.summary.holder;
    if required {
        Some(format!("本评审要求使用可信证书，{holder}的签名证书{reason}（规则：须由本机信任的根证书签发且未吊销）"))
    } else if revoked {
        Some(format!("{holder}的签名证书{reason}（规则：科技厅已吊销的证书不能再用于签名）"))
    } else {
        None
    }
}
