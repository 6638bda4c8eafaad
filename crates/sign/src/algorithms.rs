//! Checking a signature made with someone else's key: a certificate's issuer, a CRL's issuer, a
//! CMS signer from another tool. Our own keys are ECDSA P-256 with SHA-256; departments and other
//! signing tools also use P-384 and RSA (2048 bits or more), so all three are read here.

use der::asn1::ObjectIdentifier;
use der::Encode;
use sha2::{Digest, Sha256, Sha384, Sha512};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

pub(crate) const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
pub(crate) const ECDSA_WITH_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
pub(crate) const ECDSA_WITH_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.4");
pub(crate) const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
pub(crate) const SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
pub(crate) const SHA384_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
pub(crate) const SHA512_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");
pub(crate) const ID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
pub(crate) const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
pub(crate) const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
pub(crate) const ID_SHA_256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
pub(crate) const ID_SHA_384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
pub(crate) const ID_SHA_512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");

/// RSA keys shorter than this are refused: 1024-bit keys have not been safe for a decade.
pub const MIN_RSA_BITS: usize = 2048;

/// A digest algorithm by its OID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DigestAlg {
    Sha256,
    Sha384,
    Sha512,
}

impl DigestAlg {
    pub(crate) fn from_oid(oid: &ObjectIdentifier) -> Option<Self> {
        match *oid {
            ID_SHA_256 => Some(DigestAlg::Sha256),
            ID_SHA_384 => Some(DigestAlg::Sha384),
            ID_SHA_512 => Some(DigestAlg::Sha512),
            _ => None,
        }
    }

    pub(crate) fn digest(self, parts: &[&[u8]]) -> Vec<u8> {
        fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut d = D::new();
            for p in parts {
                d.update(p);
            }
            d.finalize().to_vec()
        }
        match self {
            DigestAlg::Sha256 => run::<Sha256>(parts),
            DigestAlg::Sha384 => run::<Sha384>(parts),
            DigestAlg::Sha512 => run::<Sha512>(parts),
        }
    }
}

/// The key type of a certificate, as a reader would name it ("ECDSA P-256", "RSA 3072").
pub fn key_description(spki: &SubjectPublicKeyInfoOwned) -> String {
    if spki.algorithm.oid == ID_EC_PUBLIC_KEY {
        match curve(spki) {
            Some(SECP256R1) => "ECDSA P-256".into(),
            Some(SECP384R1) => "ECDSA P-384".into(),
            _ => "ECDSA（其他曲线）".into(),
        }
    } else if spki.algorithm.oid == RSA_ENCRYPTION {
        rsa_key(spki).map(|k| format!("RSA {}", rsa::traits::PublicKeyParts::n(&k).bits())).unwrap_or_else(|_| "RSA".into())
    } else {
        format!("未知算法 {}", spki.algorithm.oid)
    }
}

fn curve(spki: &SubjectPublicKeyInfoOwned) -> Option<ObjectIdentifier> {
    spki.algorithm.parameters.as_ref().and_then(|p| p.decode_as::<ObjectIdentifier>().ok())
}

fn rsa_key(spki: &SubjectPublicKeyInfoOwned) -> Result<rsa::RsaPublicKey, String> {
    use rsa::pkcs1::DecodeRsaPublicKey;
    rsa::RsaPublicKey::from_pkcs1_der(spki.subject_public_key.raw_bytes()).map_err(|e| format!("RSA 公钥无法解析：{e}"))
}

/// Checks `signature` over `message` by the key in `spki`, with the signature algorithm
/// `algorithm` (as named in a certificate, CRL or CMS SignerInfo). The error says what failed in
/// words a person can pass on.
pub(crate) fn verify_signature(
    algorithm: &AlgorithmIdentifierOwned,
    spki: &SubjectPublicKeyInfoOwned,
    message: &[u8],
    signature: &[u8],
) -> Result<(), String> {
    let oid = algorithm.oid;
    // CMS writers name the signature algorithm either as ecdsa-with-SHAxxx / shaxxxWithRSA or as
    // the bare key algorithm (rsaEncryption, id-ecPublicKey) next to a separate digest; the caller
    // passes the combined form, so only the combined OIDs are accepted here.
    let digest = match oid {
        ECDSA_WITH_SHA256 | SHA256_WITH_RSA => DigestAlg::Sha256,
        ECDSA_WITH_SHA384 | SHA384_WITH_RSA => DigestAlg::Sha384,
        ECDSA_WITH_SHA512 | SHA512_WITH_RSA => DigestAlg::Sha512,
        other => return Err(format!("不支持的签名算法（{other}）")),
    };
    verify_with_digest(spki, digest, matches!(oid, ECDSA_WITH_SHA256 | ECDSA_WITH_SHA384 | ECDSA_WITH_SHA512), message, signature)
}

/// Same as [`verify_signature`] with the digest and the key family given separately, as a CMS
/// SignerInfo gives them.
pub(crate) fn verify_with_digest(
    spki: &SubjectPublicKeyInfoOwned,
    digest: DigestAlg,
    ecdsa: bool,
    message: &[u8],
    signature: &[u8],
) -> Result<(), String> {
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    let hashed = digest.digest(&[message]);
    if ecdsa {
        if spki.algorithm.oid != ID_EC_PUBLIC_KEY {
            return Err("签名算法与证书公钥类型不符".into());
        }
        let point = spki.subject_public_key.raw_bytes();
        match curve(spki) {
            Some(SECP256R1) => {
                let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(|_| "证书中的 P-256 公钥无效".to_owned())?;
                let sig = p256::ecdsa::Signature::from_der(signature).map_err(|_| "签名值格式错误".to_owned())?;
                key.verify_prehash(&hashed, &sig).map_err(|_| "签名值与公钥不符".to_owned())
            }
            Some(SECP384R1) => {
                let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(|_| "证书中的 P-384 公钥无效".to_owned())?;
                let sig = p384::ecdsa::Signature::from_der(signature).map_err(|_| "签名值格式错误".to_owned())?;
                key.verify_prehash(&hashed, &sig).map_err(|_| "签名值与公钥不符".to_owned())
            }
            _ => Err("不支持的椭圆曲线（只支持 P-256 与 P-384）".into()),
        }
    } else {
        if spki.algorithm.oid != RSA_ENCRYPTION {
            return Err("签名算法与证书公钥类型不符".into());
        }
        let key = rsa_key(spki)?;
        let bits = rsa::traits::PublicKeyParts::n(&key).bits();
        if bits < MIN_RSA_BITS {
            return Err(format!("RSA 密钥只有 {bits} 位，至少需要 {MIN_RSA_BITS} 位"));
        }
        let scheme = match digest {
            DigestAlg::Sha256 => rsa::Pkcs1v15Sign::new::<Sha256>(),
            DigestAlg::Sha384 => rsa::Pkcs1v15Sign::new::<Sha384>(),
            DigestAlg::Sha512 => rsa::Pkcs1v15Sign::new::<Sha512>(),
        };
        key.verify(scheme, &hashed, signature).map_err(|_| "签名值与公钥不符".to_owned())
    }
}

/// The DER of any encodable value, for signature checks; encoding what was just decoded cannot
/// fail in practice, and if it did the signature must not pass.
pub(crate) fn der_of<T: Encode>(value: &T) -> Result<Vec<u8>, String> {
    value.to_der().map_err(|e| format!("无法编码：{e}"))
}
