//! PAdES baseline signatures (SubFilter ETSI.CAdES.detached) added to a finished PDF as an
//! incremental update, and their verification.
//!
//! Signing appends a signature dictionary, an invisible signature field on the first page and an
//! updated catalog (AcroForm, SigFlags 3), then fills /ByteRange and /Contents in place: the CMS
//! SignedData covers every byte of the file except the /Contents hex string itself.

use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::ContentInfo;
use cms::signed_data::{EncapsulatedContentInfo, SignedData, SignerIdentifier};
use der::asn1::{ObjectIdentifier, OctetString, SetOfVec};
use der::{Any, Decode, Encode, Sequence};
use lopdf::{Dictionary, IncrementalDocument, Object, StringFormat};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;
use x509_cert::Certificate;

use crate::algorithms::{
    DigestAlg, ECDSA_WITH_SHA256, ECDSA_WITH_SHA384, ECDSA_WITH_SHA512, ID_EC_PUBLIC_KEY, ID_SHA_256, RSA_ENCRYPTION, SHA256_WITH_RSA,
    SHA384_WITH_RSA, SHA512_WITH_RSA,
};
use crate::identity::Identity;
use crate::SignError;

/// Room reserved for the CMS structure (bytes; written as twice as many hex digits). A P-256
/// signature with one certificate needs about 1.2 KB; a department certificate chain more.
const CONTENTS_BYTES: usize = 12 * 1024;
const BYTE_RANGE_PLACEHOLDER: i64 = 9_999_999_999;

const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ID_SIGNING_CERTIFICATE_V2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");

/// ESS signing-certificate-v2 (RFC 5035), which CAdES requires to bind the signer's certificate.
/// The hash algorithm is SHA-256, the DEFAULT, so it is left out.
#[derive(Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
}

#[derive(Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

/// What goes into the signature dictionary besides the signature itself.
pub struct SignRequest<'a> {
    /// The signer as shown by readers (/Name).
    pub name: &'a str,
    /// Why the document is signed (/Reason), e.g. "专家组意见定稿".
    pub reason: &'a str,
    /// The document fingerprint printed on its pages, recorded in the signed dictionary so a
    /// paper copy can be matched to the file.
    pub fingerprint: &'a str,
    pub when: chrono::DateTime<chrono::FixedOffset>,
}

/// A PDF text string: ASCII as is, anything else as UTF-16BE with a byte-order mark.
fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

fn pdf_date(when: &chrono::DateTime<chrono::FixedOffset>) -> String {
    let offset = when.offset().local_minus_utc();
    let sign = if offset < 0 { '-' } else { '+' };
    let offset = offset.abs();
    format!("D:{}{sign}{:02}'{:02}'", when.format("%Y%m%d%H%M%S"), offset / 3600, offset % 3600 / 60)
}

fn pdf_err(e: lopdf::Error) -> SignError {
    SignError::Pdf(e.to_string())
}

/// Returns `pdf` with a PAdES signature by `identity` over the whole file.
pub fn sign_pdf(pdf: &[u8], identity: &Identity, request: &SignRequest<'_>) -> Result<Vec<u8>, SignError> {
    let prev = lopdf::Document::load_mem(pdf).map_err(pdf_err)?;
    let root_id = prev.trailer.get(b"Root").and_then(Object::as_reference).map_err(pdf_err)?;
    let first_page = *prev.get_pages().values().next().ok_or_else(|| SignError::Pdf("文档没有页面".into()))?;
    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), prev);

    let mut sig = Dictionary::new();
    sig.set("Type", Object::Name(b"Sig".to_vec()));
    sig.set("Filter", Object::Name(b"Adobe.PPKLite".to_vec()));
    sig.set("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec()));
    sig.set("ByteRange", Object::Array(vec![Object::Integer(0), Object::Integer(BYTE_RANGE_PLACEHOLDER), Object::Integer(BYTE_RANGE_PLACEHOLDER), Object::Integer(BYTE_RANGE_PLACEHOLDER)]));
    sig.set("Contents", Object::String(vec![0u8; CONTENTS_BYTES], StringFormat::Hexadecimal));
    sig.set("M", Object::String(pdf_date(&request.when).into_bytes(), StringFormat::Literal));
    sig.set("Name", text_string(request.name));
    sig.set("Reason", text_string(request.reason));
    sig.set("TicFingerprint", Object::String(request.fingerprint.as_bytes().to_vec(), StringFormat::Literal));
    let sig_id = inc.new_document.add_object(sig);

    let mut field = Dictionary::new();
    field.set("Type", Object::Name(b"Annot".to_vec()));
    field.set("Subtype", Object::Name(b"Widget".to_vec()));
    field.set("FT", Object::Name(b"Sig".to_vec()));
    field.set("T", text_string(&format!("Signature{}", sig_id.0)));
    field.set("V", Object::Reference(sig_id));
    field.set("Rect", Object::Array(vec![Object::Integer(0); 4]));
    field.set("F", Object::Integer(132)); // Print + Locked
    field.set("P", Object::Reference(first_page));
    let field_id = inc.new_document.add_object(field);

    inc.opt_clone_object_to_new_document(first_page).map_err(pdf_err)?;
    let annots = {
        let page = inc.new_document.get_object(first_page).and_then(Object::as_dict).map_err(pdf_err)?;
        match page.get(b"Annots") {
            Ok(Object::Array(a)) => Some(a.clone()),
            Ok(Object::Reference(r)) => inc.get_prev_documents().get_object(*r).and_then(Object::as_array).ok().cloned(),
            _ => None,
        }
    };
    let mut annots = annots.unwrap_or_default();
    annots.push(Object::Reference(field_id));
    inc.new_document.get_object_mut(first_page).and_then(Object::as_dict_mut).map_err(pdf_err)?.set("Annots", Object::Array(annots));

    inc.opt_clone_object_to_new_document(root_id).map_err(pdf_err)?;
    let mut fields = match inc.new_document.get_object(root_id).and_then(Object::as_dict).map_err(pdf_err)?.get(b"AcroForm") {
        Ok(Object::Dictionary(form)) => form.get(b"Fields").and_then(Object::as_array).cloned().unwrap_or_default(),
        Ok(Object::Reference(r)) => inc
            .get_prev_documents()
            .get_object(*r)
            .and_then(Object::as_dict)
            .and_then(|f| f.get(b"Fields"))
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    fields.push(Object::Reference(field_id));
    let mut form = Dictionary::new();
    form.set("Fields", Object::Array(fields));
    form.set("SigFlags", Object::Integer(3));
    inc.new_document.get_object_mut(root_id).and_then(Object::as_dict_mut).map_err(pdf_err)?.set("AcroForm", Object::Dictionary(form));

    // The document information says what the file is and when it was made: the signing time
    // (the renderer leaves the epoch there), the title, the fingerprint, and this program.
    let mut info = Dictionary::new();
    info.set("Title", text_string(request.reason));
    info.set("Subject", text_string(&format!("技术创新中心专家评审 · 文档指纹 {}", request.fingerprint)));
    info.set("Author", text_string(request.name));
    info.set("Creator", text_string("TIC Review 技术创新中心专家评审"));
    info.set("Producer", text_string(&format!("TIC Review {}", env!("CARGO_PKG_VERSION"))));
    info.set("CreationDate", Object::String(pdf_date(&request.when).into_bytes(), StringFormat::Literal));
    info.set("ModDate", Object::String(pdf_date(&request.when).into_bytes(), StringFormat::Literal));
    let info_id = inc.new_document.add_object(info);
    inc.new_document.trailer.set("Info", Object::Reference(info_id));

    let mut out = Vec::with_capacity(pdf.len() + 2 * CONTENTS_BYTES + 2048);
    inc.save_to(&mut out).map_err(|e| SignError::Pdf(e.to_string()))?;

    // Fill in /ByteRange, then sign everything but the /Contents value.
    let appended = pdf.len();
    let hex_len = 2 * CONTENTS_BYTES;
    let zeros = vec![b'0'; hex_len];
    let contents_at = find(&out[appended..], &zeros)
        .map(|i| i + appended - 1)
        .filter(|i| out[*i] == b'<')
        .ok_or_else(|| SignError::Pdf("签名占位区未找到".into()))?;
    let contents_end = contents_at + hex_len + 2;
    let range_at = find(&out[appended..], b"/ByteRange").map(|i| i + appended).ok_or_else(|| SignError::Pdf("ByteRange 未找到".into()))?;
    let open = range_at + out[range_at..].iter().position(|b| *b == b'[').ok_or_else(|| SignError::Pdf("ByteRange 格式".into()))?;
    let close = open + out[open..].iter().position(|b| *b == b']').ok_or_else(|| SignError::Pdf("ByteRange 格式".into()))?;
    let ranges = format!("0 {} {} {}", contents_at, contents_end, out.len() - contents_end);
    let room = close - open - 1;
    if ranges.len() > room {
        return Err(SignError::Pdf("ByteRange 占位过短".into()));
    }
    out[open + 1..close].copy_from_slice(format!("{ranges:<room$}").as_bytes());

    let mut hasher = Sha256::new();
    hasher.update(&out[..contents_at]);
    hasher.update(&out[contents_end..]);
    let digest = hasher.finalize();
    let cms = signed_data(identity, &digest)?;
    if cms.len() > CONTENTS_BYTES {
        return Err(SignError::Pdf(format!("签名数据 {} 字节，超出预留空间", cms.len())));
    }
    let hex: String = cms.iter().map(|b| format!("{b:02x}")).collect();
    out[contents_at + 1..contents_at + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(out)
}

pub(crate) fn signed_data(identity: &Identity, digest: &[u8]) -> Result<Vec<u8>, SignError> {
    fn cms_err(e: impl std::fmt::Display) -> SignError {
        SignError::Pdf(format!("CMS 编码：{e}"))
    }
    let cert = &identity.certificate;
    let content = EncapsulatedContentInfo { econtent_type: ID_DATA, econtent: None };
    let sha256 = AlgorithmIdentifierOwned { oid: ID_SHA_256, parameters: None };
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: cert.tbs_certificate.issuer.clone(),
        serial_number: cert.tbs_certificate.serial_number.clone(),
    });
    let mut signer = SignerInfoBuilder::new(&identity.key, sid, sha256.clone(), &content, Some(digest)).map_err(cms_err)?;
    let cert_hash = OctetString::new(Sha256::digest(cert.to_der().map_err(cms_err)?).to_vec()).map_err(cms_err)?;
    let ess = SigningCertificateV2 { certs: vec![EssCertIdV2 { cert_hash }] };
    let value = Any::encode_from(&ess).map_err(cms_err)?;
    signer
        .add_signed_attribute(Attribute { oid: ID_SIGNING_CERTIFICATE_V2, values: SetOfVec::try_from(vec![value]).map_err(cms_err)? })
        .map_err(cms_err)?;
    let mut builder = SignedDataBuilder::new(&content);
    builder
        .add_digest_algorithm(sha256)
        .map_err(cms_err)?
        .add_certificate(CertificateChoices::Certificate(cert.clone()))
        .map_err(cms_err)?;
    for issuer in &identity.chain {
        builder.add_certificate(CertificateChoices::Certificate(issuer.clone())).map_err(cms_err)?;
    }
    let info = builder
        .add_signer_info::<p256::ecdsa::SigningKey, p256::ecdsa::DerSignature>(signer)
        .map_err(cms_err)?
        .build()
        .map_err(cms_err)?;
    info.to_der().map_err(cms_err)
}

pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

pub(crate) fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The signer of a checked SignedData and the other certificates it carried.
pub(crate) struct SignedBy {
    pub(crate) certificate: Certificate,
    pub(crate) carried: Vec<Certificate>,
}

/// Checks a CMS SignedData (DER, possibly zero-padded) over the content made of `content`'s
/// parts: the stated digest, the ESS certificate binding when present and the signature (ECDSA
/// P-256/P-384 or RSA). `changed` is the message when the content does not match.
pub(crate) fn check_signed_data(raw: &[u8], content: &[&[u8]], changed: &str) -> Result<SignedBy, SignError> {
    let bad = |m: &str| SignError::Invalid(m.to_owned());
    // The value is zero-padded to the reserved size; decode the one DER structure at its start.
    let mut reader = der::SliceReader::new(raw).map_err(|_| bad("签名数据无法解析"))?;
    let (info, used): (ContentInfo, usize) = match der::Decode::decode(&mut reader) {
        Ok(info) => (info, usize::try_from(der::Reader::position(&reader)).unwrap_or(raw.len())),
        // Written in BER by some tools: read it again as its DER equivalent.
        Err(_) => {
            let (der, used) = crate::ber::ber_to_der(raw).map_err(|e| bad(&e))?;
            (ContentInfo::from_der(&der).map_err(|_| bad("签名数据无法解析"))?, used)
        }
    };
    // Whatever follows the structure in the reserved space must be zero: anything else is data
    // smuggled into the signature value, outside what the signature covers.
    if raw[used.min(raw.len())..].iter().any(|b| *b != 0) {
        return Err(bad("签名值中签名数据之后还有非零字节：签名值被改动"));
    }
    let signed: SignedData = info.content.decode_as().map_err(|_| bad("签名数据无法解析（不是签名数据结构）"))?;
    let signer_info = signed.signer_infos.0.get(0).ok_or_else(|| bad("签名数据中没有签名者"))?;
    let all: Vec<Certificate> = signed
        .certificates
        .as_ref()
        .map(|set| set.0.iter().filter_map(|c| if let CertificateChoices::Certificate(cert) = c { Some(cert.clone()) } else { None }).collect())
        .unwrap_or_default();
    let position = all
        .iter()
        .position(|cert| match &signer_info.sid {
            SignerIdentifier::IssuerAndSerialNumber(iasn) => {
                cert.tbs_certificate.issuer == iasn.issuer && cert.tbs_certificate.serial_number == iasn.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => crate::authority::extension(cert, SUBJECT_KEY_IDENTIFIER)
                .and_then(|e| OctetString::from_der(e.extn_value.as_bytes()).ok())
                .is_some_and(|id| id == ski.0),
        })
        .ok_or_else(|| bad("签名数据中没有签名者的证书"))?;
    let mut carried = all;
    let certificate = carried.remove(position);
    let digest_alg = DigestAlg::from_oid(&signer_info.digest_alg.oid).ok_or_else(|| bad("不支持的摘要算法（支持 SHA-256、SHA-384、SHA-512）"))?;
    let ecdsa = match signer_info.signature_algorithm.oid {
        ECDSA_WITH_SHA256 | ECDSA_WITH_SHA384 | ECDSA_WITH_SHA512 | ID_EC_PUBLIC_KEY => true,
        RSA_ENCRYPTION | SHA256_WITH_RSA | SHA384_WITH_RSA | SHA512_WITH_RSA => false,
        _ => return Err(bad("不支持的签名算法（支持 ECDSA P-256/P-384 与 RSA）")),
    };
    let attrs = signer_info.signed_attrs.as_ref().ok_or_else(|| bad("签名缺少签名属性"))?;
    let stated = attrs
        .iter()
        .find(|a| a.oid == ID_MESSAGE_DIGEST)
        .and_then(|a| a.values.get(0))
        .and_then(|v| v.decode_as::<OctetString>().ok())
        .ok_or_else(|| bad("签名缺少消息摘要"))?;
    if stated.as_bytes() != digest_alg.digest(content) {
        return Err(bad(changed));
    }
    // CAdES binds the certificate into the signed attributes; where the binding is present it
    // must name the certificate carried, or that certificate could be swapped for another
    // holding the same key. (adbe.pkcs7.detached signatures from other tools may lack it.)
    if let Some(attribute) = attrs.iter().find(|a| a.oid == ID_SIGNING_CERTIFICATE_V2) {
        let bound = attribute
            .values
            .get(0)
            .and_then(|v| v.decode_as::<SigningCertificateV2Any>().ok())
            .ok_or_else(|| bad("签名证书属性（signing-certificate-v2）无法读取"))?;
        let first = bound.certs.first().ok_or_else(|| bad("签名证书属性（signing-certificate-v2）为空"))?;
        let alg = first.hash_algorithm.as_ref().map_or(Some(DigestAlg::Sha256), |a| DigestAlg::from_oid(&a.oid));
        let alg = alg.ok_or_else(|| bad("签名证书属性使用了不支持的摘要算法"))?;
        let cert_der = certificate.to_der().map_err(|_| bad("证书无法编码"))?;
        if first.cert_hash.as_bytes() != alg.digest(&[&cert_der]) {
            return Err(bad("签名者证书与签名属性中记录的证书不符"));
        }
    }
    let attrs_der = attrs.to_der().map_err(|_| bad("签名属性无法编码"))?;
    crate::algorithms::verify_with_digest(
        &certificate.tbs_certificate.subject_public_key_info,
        digest_alg,
        ecdsa,
        &attrs_der,
        signer_info.signature.as_bytes(),
    )
    .map_err(|e| bad(&format!("签名值与签名者证书不符（{e}）")))?;
    Ok(SignedBy { certificate, carried })
}

const SUBJECT_KEY_IDENTIFIER: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.14");

/// ESS signing-certificate-v2 as others write it: the hash algorithm may be given, and each
/// entry may carry the issuer and serial after the hash.
#[derive(Sequence)]
struct EssCertIdV2Any {
    #[asn1(optional = "true")]
    hash_algorithm: Option<AlgorithmIdentifierOwned>,
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    _issuer_serial: Option<Any>,
}

#[derive(Sequence)]
struct SigningCertificateV2Any {
    certs: Vec<EssCertIdV2Any>,
    #[asn1(optional = "true")]
    _policies: Option<Any>,
}
