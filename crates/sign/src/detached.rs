//! Detached CMS signatures over arbitrary bytes (the manifest of an exchange package): the same
//! SignedData as the PDF signatures (ECDSA P-256, SHA-256, ESS signing-certificate-v2), so
//! `openssl cms -verify -binary -inform DER -content FILE` checks them too.

use der::Encode;
use sha2::Digest;

use crate::identity::{CertificateSummary, Identity};
use crate::pades::{check_signed_data, signed_data};
use crate::SignError;

/// The largest SignedData accepted; ours are about 1.2 KB, a department chain a few KB.
pub const MAX_SIGNATURE_BYTES: usize = 64 * 1024;

/// Who signed, as established by [`verify_detached`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    pub summary: CertificateSummary,
    pub certificate_der: Vec<u8>,
    /// The issuer certificates the signature carried (DER), for judging trust.
    pub carried_der: Vec<Vec<u8>>,
}

/// A DER CMS SignedData by `identity` over `content` (which is not embedded).
pub fn sign_detached(content: &[u8], identity: &Identity) -> Result<Vec<u8>, SignError> {
    signed_data(identity, &sha2::Sha256::digest(content))
}

/// Checks that `signature` is a valid SignedData over exactly `content`; returns the signer.
pub fn verify_detached(content: &[u8], signature: &[u8]) -> Result<Signer, SignError> {
    if signature.len() > MAX_SIGNATURE_BYTES {
        return Err(SignError::Invalid(format!("签名数据过大（{} 字节）", signature.len())));
    }
    let signed = check_signed_data(signature, &[content], "内容在签名后被改动（摘要不符）")?;
    let encode = |c: &x509_cert::Certificate| c.to_der().map_err(|_| SignError::Invalid("证书无法编码".into()));
    Ok(Signer {
        summary: CertificateSummary::of(&signed.certificate),
        certificate_der: encode(&signed.certificate)?,
        carried_der: signed.carried.iter().map(encode).collect::<Result<_, _>>()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_detached_signature_verifies_only_over_its_own_content() {
        let identity = Identity::generate("钱学文", "华北理工大学").unwrap();
        let signature = sign_detached(b"manifest bytes", &identity).unwrap();
        let signer = verify_detached(b"manifest bytes", &signature).unwrap();
        assert_eq!(signer.summary.holder, "钱学文");
        assert_eq!(signer.summary, identity.summary());
        let changed = verify_detached(b"manifest bytez", &signature).unwrap_err().to_string();
        assert!(changed.contains("摘要不符"), "{changed}");
        let mut forged = signature.clone();
        let last = forged.len() - 3;
        forged[last] ^= 0x01;
        assert!(verify_detached(b"manifest bytes", &forged).is_err());
        assert!(verify_detached(b"manifest bytes", b"not der").is_err());
    }
}
