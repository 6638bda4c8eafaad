//! Checking the signatures of a PDF, ours or another tool's: every signature in the file (each
//! covers the revision it signed), the last of which must cover the whole file, so an unsigned
//! update after it is a modification. SubFilter ETSI.CAdES.detached and adbe.pkcs7.detached are
//! both CMS SignedData over the byte ranges; what differs is only which attributes they carry.

use der::Encode;

use crate::identity::CertificateSummary;
use crate::pades::{check_signed_data, find, rfind};
use crate::SignError;

/// The outcome of checking a file: its last signature, and those before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub signer: CertificateSummary,
    /// The signing time from the signature dictionary, as written ("D:2026…").
    pub signed_at: String,
    pub fingerprint: String,
    /// The signer's certificate and the other certificates the signature carries (DER), for
    /// judging trust against an installation's roots.
    pub certificate_der: Vec<u8>,
    pub carried_der: Vec<Vec<u8>>,
    /// The signatures before the last one, each intact over the earlier revision it covers.
    pub earlier: Vec<EarlierSignature>,
}

/// A signature over an earlier revision of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierSignature {
    pub signer: CertificateSummary,
    pub signed_at: String,
    /// How many bytes of the file it covers (the revision it signed).
    pub covers: usize,
}

impl Verification {
    /// The signing time the signature dictionary states, if it can be read.
    pub fn signing_time(&self) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        parse_pdf_date(&self.signed_at)
    }
}

/// Reads a PDF date ("D:20261201215105+08'00'", "D:20261201215105Z", "D:20261201").
pub fn parse_pdf_date(text: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    let text = text.strip_prefix("D:").unwrap_or(text);
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 8 {
        return None;
    }
    let padded = format!("{digits:0<14}");
    let field = |a: usize, b: usize| padded[a..b].parse::<u32>().ok();
    let (month, day) = (field(4, 6)?.max(1), field(6, 8)?.max(1));
    let naive = chrono::NaiveDate::from_ymd_opt(padded[0..4].parse().ok()?, month, day)?.and_hms_opt(field(8, 10)?, field(10, 12)?, field(12, 14)?)?;
    let rest = &text[digits.len()..];
    let offset = match rest.chars().next() {
        Some(sign @ ('+' | '-')) => {
            let nums: Vec<i32> = rest[1..].split('\'').filter(|p| !p.is_empty()).filter_map(|p| p.parse().ok()).collect();
            let secs = nums.first().copied().unwrap_or(0) * 3600 + nums.get(1).copied().unwrap_or(0) * 60;
            chrono::FixedOffset::east_opt(if sign == '-' { -secs } else { secs })?
        }
        _ => chrono::FixedOffset::east_opt(0)?,
    };
    naive.and_local_timezone(offset).single()
}

/// One signature found in the file, checked on its own.
struct Found {
    /// Where its revision ends: c + d of its /ByteRange.
    covers: usize,
    result: Result<Verification, String>,
}

/// Checks every signature of `bytes`. The last must cover the whole file; every earlier one must
/// be intact over the revision it covers. The result describes the last signature and lists the
/// earlier ones; any other state is an error naming what is wrong (the messages a clerk sees).
pub fn verify_pdf(bytes: &[u8]) -> Result<Verification, SignError> {
    let bad = |m: String| SignError::Invalid(m);
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = find(&bytes[from..], b"/ByteRange") {
        let at = from + i;
        found.push(check_one(bytes, at));
        from = at + b"/ByteRange".len();
    }
    if found.is_empty() {
        return Err(bad("文件中没有数字签名".into()));
    }
    // The signatures in the order of the revisions they cover.
    found.sort_by_key(|f| f.covers);
    let count = found.len();
    let last = found.pop().ok_or_else(|| bad("文件中没有数字签名".into()))?;
    let mut earlier = Vec::new();
    for (n, f) in found.into_iter().enumerate() {
        match f.result {
            Ok(v) => earlier.push(EarlierSignature { signer: v.signer, signed_at: v.signed_at, covers: f.covers }),
            Err(e) => return Err(bad(format!("文件共有 {count} 个签名，第 {} 个签名无效：{e}", n + 1))),
        }
    }
    let mut verification = last.result.map_err(bad)?;
    if last.covers != bytes.len() {
        return Err(bad(format!("签名之后文件又被追加了 {} 字节（未签名的修改）：签名没有覆盖整个文件", bytes.len().saturating_sub(last.covers))));
    }
    verification.earlier = earlier;
    Ok(verification)
}

/// Checks the signature whose /ByteRange starts at `at`.
fn check_one(bytes: &[u8], at: usize) -> Found {
    let ranges = byte_range(bytes, at);
    let covers = ranges.map_or(0, |[_, _, c, d]| c.saturating_add(d));
    let result = ranges.ok_or_else(|| "签名的 ByteRange 无法读取".to_owned()).and_then(|[a, b, c, d]| {
        if a != 0 || b >= c || c > bytes.len() || c.saturating_add(d) > bytes.len() {
            return Err("签名的 ByteRange 与文件不符".into());
        }
        if bytes[b] != b'<' || bytes[c - 1] != b'>' {
            return Err("签名值的位置与 ByteRange 不符".into());
        }
        let hex = &bytes[b + 1..c - 1];
        if hex.len() % 2 != 0 || !hex.iter().all(u8::is_ascii_hexdigit) {
            return Err("签名值不是十六进制".into());
        }
        let raw: Vec<u8> = hex.chunks(2).map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap_or("00"), 16).unwrap_or(0)).collect();
        let signed = check_signed_data(&raw, &[&bytes[..b], &bytes[c..c + d]], "文件内容在签名后被改动（摘要不符）").map_err(|e| match e {
            SignError::Invalid(m) => m,
            other => other.to_string(),
        })?;
        // The dictionary the signature sits in (signed: it lies outside /Contents).
        let dict_start = rfind(&bytes[..at], b"obj").unwrap_or(0);
        let dict_end = find(&bytes[c..], b"endobj").map_or(bytes.len(), |i| c + i);
        let dict = [&bytes[dict_start..b], &bytes[c..dict_end]].concat();
        let encode = |c: &x509_cert::Certificate| c.to_der().map_err(|_| "证书无法编码".to_owned());
        Ok(Verification {
            signer: CertificateSummary::of(&signed.certificate),
            signed_at: literal_after(&dict, b"/M").unwrap_or_default(),
            fingerprint: literal_after(&dict, b"/TicFingerprint").unwrap_or_default(),
            certificate_der: encode(&signed.certificate)?,
            carried_der: signed.carried.iter().map(encode).collect::<Result<_, _>>()?,
            earlier: Vec::new(),
        })
    });
    Found { covers, result }
}

fn byte_range(bytes: &[u8], at: usize) -> Option<[usize; 4]> {
    let open = at + bytes[at..].iter().position(|b| *b == b'[')?;
    let close = open + bytes[open..].iter().position(|b| *b == b']')?;
    let numbers: Vec<usize> =
        std::str::from_utf8(&bytes[open + 1..close]).ok()?.split_ascii_whitespace().map(str::parse).collect::<Result<_, _>>().ok()?;
    numbers.try_into().ok()
}

/// The literal string value following `key` in a dictionary's text, with PDF escapes read
/// (\ddd octal, \n, \(, \), \\; other tools write "D\07220261203…" for "D:20261203…").
fn literal_after(dict: &[u8], key: &[u8]) -> Option<String> {
    let mut from = 0;
    while let Some(i) = find(&dict[from..], key) {
        let rest = &dict[from + i + key.len()..];
        // "/M" must not match "/MDP"…
        let next = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        if rest[next] == b'(' {
            return Some(read_literal(&rest[next + 1..]));
        }
        from += i + key.len();
    }
    None
}

fn read_literal(text: &[u8]) -> String {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        match b {
            b'\\' if i + 1 < text.len() => {
                let n = text[i + 1];
                i += 2;
                match n {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'0'..=b'7' => {
                        let mut value = u32::from(n - b'0');
                        for _ in 0..2 {
                            match text.get(i) {
                                Some(d @ b'0'..=b'7') => {
                                    value = value * 8 + u32::from(d - b'0');
                                    i += 1;
                                }
                                _ => break,
                            }
                        }
                        out.push(u8::try_from(value & 0xff).unwrap_or(0));
                    }
                    b'\r' | b'\n' => {}
                    other => out.push(other),
                }
                continue;
            }
            b'(' => depth += 1,
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            _ => {}
        }
        out.push(b);
        i += 1;
    }
    // A text string may be UTF-16BE with a byte-order mark.
    if out.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = out[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
        return String::from_utf16_lossy(&units);
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_strings_are_read_with_their_escapes() {
        assert_eq!(literal_after(b"/M (D\\07220261203012324Z)", b"/M").as_deref(), Some("D:20261203012324Z"));
        assert_eq!(literal_after(b"/MDP 1 /M (a\\(b\\)c (d))", b"/M").as_deref(), Some("a(b)c (d)"));
        assert_eq!(read_literal(b"\xFE\xFF\x5b\x59)"), "孙");
        let t = parse_pdf_date("D:20261203012324Z").expect("date");
        assert_eq!(t.to_rfc3339(), "2026-12-03T01:23:24+00:00");
        assert_eq!(parse_pdf_date("D:20261123103000+08'00'").expect("date").to_rfc3339(), "2026-11-23T10:30:00+08:00");
        assert_eq!(parse_pdf_date("not a date"), None);
    }
}
