//! PDFs a department receives from other signing tools: pyHanko with RSA and ECDSA P-384 keys,
//! PAdES and adbe.pkcs7.detached, two signatures in one file, an unsigned update after the last
//! signature, and bytes smuggled into the signature value. pyHanko lives in the virtual
//! environment `scripts/install-deps.sh` makes (target/pyhanko-venv).

use std::path::{Path, PathBuf};
use std::process::Command;

use der::Decode;
use tic_sign::{sign_pdf, verify_pdf, Identity, Trust, TrustStore, Verification};
use x509_cert::Certificate;

use crate::pades::{minimal_pdf, request};

fn python() -> PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/pyhanko-venv/bin/python");
    std::env::var_os("PYHANKO_PYTHON").map(PathBuf::from).unwrap_or(venv)
}

fn run(program: &Path, args: &[&str]) {
    let out = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{} ({e}); run scripts/install-deps.sh", program.display()));
    assert!(out.status.success(), "{} {args:?}: {}", program.display(), String::from_utf8_lossy(&out.stderr));
}

fn openssl(args: &[&str]) {
    run(Path::new("openssl"), args);
}

struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Self {
        let files = Files { dir: tempfile::tempdir().expect("tempdir") };
        std::fs::write(files.path("in.pdf"), minimal_pdf()).expect("write");
        files
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_str().expect("utf-8").to_owned()
    }

    /// A CA (`{name}-ca`) and a signer it issued (`{name}`), keys by `keygen` (openssl args).
    fn chain(&self, name: &str, keygen: &[&str]) {
        let (ca_key, ca, key, csr, cert, ext) =
            (self.path(&format!("{name}-ca.key")), self.path(&format!("{name}-ca.pem")), self.path(&format!("{name}.key")), self.path(&format!("{name}.csr")), self.path(&format!("{name}.pem")), self.path("leaf.ext"));
        openssl(&[&["genpkey"], keygen, &["-out", &ca_key]].concat());
        openssl(&["req", "-x509", "-new", "-key", &ca_key, "-out", &ca, "-days", "365", "-subj", "/CN=Other Department CA"]);
        openssl(&[&["genpkey"], keygen, &["-out", &key]].concat());
        openssl(&["req", "-new", "-key", &key, "-out", &csr, "-subj", &format!("/CN={name} signer/O=Elsewhere")]);
        std::fs::write(&ext, "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,nonRepudiation\n").expect("ext");
        openssl(&["x509", "-req", "-in", &csr, "-CA", &ca, "-CAkey", &ca_key, "-CAcreateserial", "-out", &cert, "-days", "30", "-extfile", &ext]);
    }

    fn pyhanko(&self, input: &str, output: &str, signer: &str, extra: &[&str]) {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/pyhanko_sign.py");
        let (key, cert, ca) = (self.path(&format!("{signer}.key")), self.path(&format!("{signer}.pem")), self.path(&format!("{signer}-ca.pem")));
        let (input, output) = (self.path(input), self.path(output));
        let args = [&[script.to_str().expect("utf-8"), &input, &output, &key, &cert, "--chain", &ca][..], extra].concat();
        run(&python(), &args);
    }

    fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).expect("read")
    }

    fn trust(&self, ca: &str) -> TrustStore {
        let mut store = TrustStore::new();
        store.add_root(&self.read(&format!("{ca}-ca.pem"))).expect("a CA from openssl req -x509 is a root");
        store
    }
}

fn trust_of(v: &Verification, store: &TrustStore) -> Trust {
    let signer = Certificate::from_der(&v.certificate_der).expect("signer");
    let carried: Vec<Certificate> = v.carried_der.iter().map(|d| Certificate::from_der(d).expect("carried")).collect();
    store.evaluate(&signer, &carried, v.signing_time().expect("time").with_timezone(&chrono::Utc))
}

const RSA: &[&str] = &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"];
const P384: &[&str] = &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"];

#[test]
fn pyhanko_signatures_verify_as_intact_and_trusted_where_their_ca_is() {
    let f = Files::new();
    f.chain("rsa", RSA);
    f.chain("ec", P384);
    f.pyhanko("in.pdf", "rsa.pdf", "rsa", &[]);
    f.pyhanko("in.pdf", "ec.pdf", "ec", &["--adbe"]);

    let rsa = verify_pdf(&f.read("rsa.pdf")).expect("a pyHanko PAdES signature with RSA is intact");
    assert_eq!(rsa.signer.holder, "rsa signer");
    assert!(rsa.signing_time().is_some(), "the escaped /M is read: {}", rsa.signed_at);
    assert_eq!(trust_of(&rsa, &TrustStore::new()), Trust::Untrusted { self_issued: false });
    assert_eq!(trust_of(&rsa, &f.trust("rsa")), Trust::Trusted { root: "Other Department CA".into() });
    assert_eq!(trust_of(&rsa, &f.trust("ec")), Trust::Untrusted { self_issued: false }, "another CA of the same name");

    let ec = verify_pdf(&f.read("ec.pdf")).expect("adbe.pkcs7.detached with ECDSA P-384 is intact");
    assert_eq!(ec.signer.holder, "ec signer");
    assert_eq!(trust_of(&ec, &f.trust("ec")), Trust::Trusted { root: "Other Department CA".into() });

    // One changed byte in the signed range breaks either.
    let mut changed = f.read("rsa.pdf");
    changed[40] ^= 0x01;
    assert!(verify_pdf(&changed).is_err());
}

#[test]
fn every_signature_of_a_file_is_checked_and_an_unsigned_update_after_the_last_is_a_change() {
    let f = Files::new();
    f.chain("rsa", RSA);
    f.chain("ec", P384);
    // Ours first, then pyHanko's over it.
    let ours = Identity::generate("孟庆华", "内蒙古大学").expect("identity");
    std::fs::write(f.path("ours.pdf"), sign_pdf(&minimal_pdf(), &ours, &request()).expect("sign")).expect("write");
    f.pyhanko("ours.pdf", "two.pdf", "ec", &["--field", "Second"]);
    let two = f.read("two.pdf");
    let v = verify_pdf(&two).expect("both intact");
    assert_eq!(v.signer.holder, "ec signer");
    assert_eq!(v.earlier.len(), 1);
    assert_eq!(v.earlier[0].signer.holder, "孟庆华");
    assert_eq!(v.earlier[0].covers, f.read("ours.pdf").len(), "the first signature covers the first revision");

    // The first signer's revision changed, then signed over by the second: refused, naming it.
    let mut first_broken = two.clone();
    let flip = 20; // inside the first revision, outside any /Contents
    first_broken[flip] ^= 0x01;
    let refused = verify_pdf(&first_broken).expect_err("the first signature no longer matches").to_string();
    assert!(refused.contains("第 1 个签名无效"), "{refused}");

    f.pyhanko("in.pdf", "appended.pdf", "rsa", &["--append-unsigned"]);
    let refused = verify_pdf(&f.read("appended.pdf")).expect_err("an update after the signature").to_string();
    assert!(refused.contains("未签名的修改"), "{refused}");
}

#[test]
fn bytes_after_the_signature_data_in_contents_must_be_zero() {
    let ours = Identity::generate("孟庆华", "内蒙古大学").expect("identity");
    let signed = sign_pdf(&minimal_pdf(), &ours, &request()).expect("sign");
    // The reserved space is zero-padded hex; write a non-zero digit near its end. The digest does
    // not cover /Contents, so only the padding rule can catch it.
    let end = signed.windows(2).rposition(|w| w == b"0>").expect("the end of /Contents");
    let mut smuggled = signed.clone();
    smuggled[end] = b'7';
    let refused = verify_pdf(&smuggled).expect_err("smuggled bytes").to_string();
    assert!(refused.contains("非零字节"), "{refused}");
    assert!(verify_pdf(&signed).is_ok());
}

#[test]
fn an_rsa_key_below_2048_bits_is_refused() {
    let f = Files::new();
    f.chain("weak", &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"]);
    f.pyhanko("in.pdf", "weak.pdf", "weak", &[]);
    let refused = verify_pdf(&f.read("weak.pdf")).expect_err("1024-bit RSA").to_string();
    assert!(refused.contains("至少需要 2048 位"), "{refused}");
}

/// Rewrites the outer three levels of a DER CMS (ContentInfo, [0], SignedData) with indefinite
/// lengths closed by end-of-contents octets, as BER-writing tools do.
fn to_indefinite(der: &[u8]) -> Vec<u8> {
    fn header_len(bytes: &[u8]) -> (usize, usize) {
        let b = bytes[1];
        if b < 0x80 {
            (2, usize::from(b))
        } else {
            let n = usize::from(b & 0x7f);
            (2 + n, bytes[2..2 + n].iter().fold(0, |acc, x| (acc << 8) | usize::from(*x)))
        }
    }
    fn wrap(bytes: &[u8], levels: usize) -> Vec<u8> {
        let (h, len) = header_len(bytes);
        let content = &bytes[h..h + len];
        let mut out = vec![bytes[0], 0x80];
        if levels == 1 {
            out.extend_from_slice(content);
        } else if bytes[0] == 0x30 && content[0] == 0x06 {
            // ContentInfo: the OID, then [0] to open further.
            let (oh, olen) = header_len(content);
            out.extend_from_slice(&content[..oh + olen]);
            out.extend(wrap(&content[oh + olen..], levels - 1));
        } else {
            out.extend(wrap(content, levels - 1));
        }
        out.extend_from_slice(&[0, 0]);
        out
    }
    wrap(der, 3)
}

#[test]
fn a_cms_written_in_ber_is_read() {
    let ours = Identity::generate("孟庆华", "内蒙古大学").expect("identity");
    let signed = sign_pdf(&minimal_pdf(), &ours, &request()).expect("sign");
    // The /Contents hex string: the DER, then zero padding.
    let at = signed.windows(10).rposition(|w| w == b"/ByteRange").expect("byte range");
    let from = at + signed[at..].iter().position(|b| *b == b'[').expect("[") + 1;
    let to = from + signed[from..].iter().position(|b| *b == b']').expect("]");
    let ranges: Vec<usize> = std::str::from_utf8(&signed[from..to]).expect("ascii").split_whitespace().map(|n| n.parse().expect("number")).collect();
    let (open, close) = (ranges[1], ranges[2] - 1);
    let hex = std::str::from_utf8(&signed[open + 1..close]).expect("hex");
    let raw: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex")).collect();
    let used = 4 + usize::from(u16::from_be_bytes([raw[2], raw[3]]));
    assert_eq!((raw[0], raw[1]), (0x30, 0x82), "a signature this size has a two-byte length");
    let ber = to_indefinite(&raw[..used]);
    assert_ne!(ber, raw[..used].to_vec());
    let mut rewritten = signed.clone();
    let mut padded: String = ber.iter().map(|b| format!("{b:02x}")).collect();
    padded.push_str(&"0".repeat(hex.len() - padded.len()));
    rewritten[open + 1..close].copy_from_slice(padded.as_bytes());
    let v = verify_pdf(&rewritten).expect("the BER form of a valid signature is valid");
    assert_eq!(v.signer.holder, "孟庆华");
}
