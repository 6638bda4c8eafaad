//! Who signs (identities: generated or imported from PKCS#12, kept encrypted under a passphrase)
//! and the signatures themselves: PAdES over the whole exported PDF, and checking them.

pub mod algorithms;
pub mod authority;
mod ber;
pub mod detached;
pub mod identity;
pub mod pades;
pub mod pdf_verify;
pub mod trust;

pub use detached::{sign_detached, verify_detached, Signer};
pub use identity::{CertificateSummary, Identity, SealedIdentity};
pub use pades::{sign_pdf, SignRequest};
pub use pdf_verify::{parse_pdf_date, verify_pdf, EarlierSignature, Verification};
pub use trust::{Trust, TrustStore};
// Callers that keep certificates as DER read them with the same types.
pub use {der, x509_cert};

#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("{0}")]
    Identity(String),
    #[error("签名口令不正确")]
    WrongPassphrase,
    #[error("PDF 处理失败：{0}")]
    Pdf(String),
    #[error("签名无效：{0}")]
    Invalid(String),
}
