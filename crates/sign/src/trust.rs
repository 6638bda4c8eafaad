//! Whom to believe: the roots an installation trusts (imported .cer files) and the revocation
//! lists their owners published. A signature that is intact tells who holds the key; only a
//! chain to a trusted root tells that the department vouches for the name in the certificate.

use chrono::{DateTime, Utc};
use x509_cert::crl::CertificateList;
use x509_cert::Certificate;

use crate::algorithms::{der_of, verify_signature};
use crate::authority::{crl_number, crl_signed_by, is_ca, read_certificates, read_crl, serial_hex};
use crate::identity::{common_name, CertificateSummary};
use crate::SignError;

/// The longest chain followed (signer, intermediates, root).
pub const MAX_CHAIN: usize = 6;

/// Checks that `certificate` was signed by `issuer`'s key and names it as issuer.
pub(crate) fn signed_by(certificate: &Certificate, issuer: &Certificate) -> Result<(), String> {
    if certificate.tbs_certificate.issuer != issuer.tbs_certificate.subject {
        return Err("签发者名称不符".into());
    }
    let tbs = der_of(&certificate.tbs_certificate)?;
    verify_signature(&certificate.signature_algorithm, &issuer.tbs_certificate.subject_public_key_info, &tbs, certificate.signature.raw_bytes())
}

/// What the trust store says about a signer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trust {
    /// The chain ends at a trusted root; `root` is the root's holder (CN).
    Trusted { root: String },
    /// Intact, but nobody this installation trusts vouches for the certificate.
    Untrusted { self_issued: bool },
    /// The certificate (or one above it) is on its issuer's revocation list.
    Revoked {
        /// "2026-12-01 10:00"
        revoked_at: String,
        /// The time the signature claims lies before the revocation. It is the signer's own
        /// claim (no trusted timestamp), so it is reported, not relied on.
        claimed_before: bool,
    },
    /// At the signing time a certificate in the chain was not yet or no longer valid.
    OutsideValidity { holder: String, not_before: String, not_after: String },
}

/// The roots an installation trusts and the revocation lists it has read.
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    roots: Vec<Certificate>,
    crls: Vec<CertificateList>,
}

fn day_time(secs: u64) -> String {
    DateTime::from_timestamp(i64::try_from(secs).unwrap_or(i64::MAX), 0)
        .map(|d| d.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

impl TrustStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Trusts the root certificate in `bytes` (.cer, DER or PEM). Only a CA certificate signed by
    /// its own key is a root; a person's certificate is refused with the reason.
    pub fn add_root(&mut self, bytes: &[u8]) -> Result<CertificateSummary, SignError> {
        let certificate = read_certificates(bytes)?.into_iter().next().ok_or_else(|| SignError::Identity("证书文件中没有证书".into()))?;
        check_root(&certificate)?;
        let summary = CertificateSummary::of(&certificate);
        if !self.roots.contains(&certificate) {
            self.roots.push(certificate);
        }
        Ok(summary)
    }

    /// Reads a CRL; it must be signed by one of the trusted roots. A newer list from the same
    /// issuer replaces the older one.
    pub fn add_crl(&mut self, bytes: &[u8]) -> Result<CrlSummary, SignError> {
        let list = read_crl(bytes)?;
        let issuer = self
            .roots
            .iter()
            .find(|r| crl_signed_by(&list, r).is_ok())
            .ok_or_else(|| SignError::Identity("吊销列表不是由信任的根证书签发的（或文件被改动）：请先导入签发它的科技厅根证书".into()))?;
        let summary = CrlSummary::of(&list, issuer);
        let number = crl_number(&list);
        if let Some(at) = self.crls.iter().position(|l| l.tbs_cert_list.issuer == list.tbs_cert_list.issuer) {
            if crl_number(&self.crls[at]) > number {
                return Err(SignError::Identity("已有更新的吊销列表（编号更大），未替换".into()));
            }
            self.crls[at] = list;
        } else {
            self.crls.push(list);
        }
        Ok(summary)
    }

    pub fn roots(&self) -> &[Certificate] {
        &self.roots
    }

    /// Follows the chain from `signer` through `carried` (the certificates the signature brought)
    /// and the trusted roots; `at` is the signing time (validity and revocation are judged then).
    pub fn evaluate(&self, signer: &Certificate, carried: &[Certificate], at: DateTime<Utc>) -> Trust {
        let mut chain = vec![signer.clone()];
        let root = loop {
            let Some(current) = chain.last() else { return Trust::Untrusted { self_issued: false } };
            if self.roots.contains(current) {
                break current.clone();
            }
            if chain.len() >= MAX_CHAIN {
                return Trust::Untrusted { self_issued: false };
            }
            let issuer = self
                .roots
                .iter()
                .chain(carried.iter())
                .find(|c| *c != current && is_ca(c) && signed_by(current, c).is_ok())
                .cloned();
            match issuer {
                Some(next) if !chain.contains(&next) => chain.push(next),
                _ => {
                    let self_issued = chain.len() == 1 && signer.tbs_certificate.issuer == signer.tbs_certificate.subject;
                    return Trust::Untrusted { self_issued };
                }
            }
        };
        let when = u64::try_from(at.timestamp()).unwrap_or(0);
        for certificate in &chain {
            let validity = &certificate.tbs_certificate.validity;
            let (from, to) = (validity.not_before.to_unix_duration().as_secs(), validity.not_after.to_unix_duration().as_secs());
            if when < from || when > to {
                return Trust::OutsideValidity {
                    holder: common_name(&certificate.tbs_certificate.subject).unwrap_or_default(),
                    not_before: day_time(from),
                    not_after: day_time(to),
                };
            }
        }
        for pair in chain.windows(2) {
            let (certificate, issuer) = (&pair[0], &pair[1]);
            let serial = certificate.tbs_certificate.serial_number.clone();
            let listed = self
                .crls
                .iter()
                .filter(|l| crl_signed_by(l, issuer).is_ok())
                .flat_map(|l| l.tbs_cert_list.revoked_certificates.iter().flatten())
                .find(|r| r.serial_number == serial);
            if let Some(entry) = listed {
                let revoked = entry.revocation_date.to_unix_duration().as_secs();
                return Trust::Revoked { revoked_at: day_time(revoked), claimed_before: when < revoked };
            }
        }
        Trust::Trusted { root: common_name(&root.tbs_certificate.subject).unwrap_or_default() }
    }
}

/// A root must be a CA and sign itself.
pub fn check_root(certificate: &Certificate) -> Result<(), SignError> {
    if !is_ca(certificate) {
        return Err(SignError::Identity("这不是根证书：证书没有 CA 权限（可能是个人证书）".into()));
    }
    if certificate.tbs_certificate.issuer != certificate.tbs_certificate.subject || signed_by(certificate, certificate).is_err() {
        return Err(SignError::Identity("这不是根证书：它由其他证书签发，请导入最上级的根证书".into()));
    }
    Ok(())
}

/// What a person is shown about a revocation list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrlSummary {
    /// The issuing root's holder.
    pub issuer: String,
    pub number: Option<u64>,
    pub this_update: String,
    pub next_update: String,
    /// Serial numbers listed (uppercase hex) with their revocation times.
    pub revoked: Vec<(String, String)>,
}

impl CrlSummary {
    pub fn of(list: &CertificateList, issuer: &Certificate) -> Self {
        let tbs = &list.tbs_cert_list;
        CrlSummary {
            issuer: common_name(&issuer.tbs_certificate.subject).unwrap_or_default(),
            number: crl_number(list),
            this_update: day_time(tbs.this_update.to_unix_duration().as_secs()),
            next_update: tbs.next_update.map(|t| day_time(t.to_unix_duration().as_secs())).unwrap_or_default(),
            revoked: tbs
                .revoked_certificates
                .iter()
                .flatten()
                .map(|r| (serial_hex(&r.serial_number), day_time(r.revocation_date.to_unix_duration().as_secs())))
                .collect(),
        }
    }
}
