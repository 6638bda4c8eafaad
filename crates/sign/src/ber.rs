//! Some signing tools write the CMS of a PDF signature in BER: indefinite lengths closed by
//! end-of-contents octets, non-minimal lengths, OCTET STRINGs split into constructed pieces. The
//! `der` 0.7 decoder that `cms` 0.2 builds on reads DER only, so such a signature is first
//! re-encoded: the same values, each with its definite minimal length (what BoringSSL's
//! CBS_asn1_ber_to_der does). Signed attributes are hashed as DER in any case (RFC 5652 §5.4).

/// Nesting deeper than this is not a signature but an attack on the stack.
const MAX_DEPTH: usize = 64;

/// The DER form of the one BER element at the start of `input`, and how many bytes it used.
pub(crate) fn ber_to_der(input: &[u8]) -> Result<(Vec<u8>, usize), String> {
    let mut out = Vec::with_capacity(input.len());
    let used = element(input, 0, &mut out)?;
    Ok((out, used))
}

fn element(input: &[u8], depth: usize, out: &mut Vec<u8>) -> Result<usize, String> {
    if depth > MAX_DEPTH {
        return Err("签名数据嵌套过深".into());
    }
    let err = || "签名数据无法解析（BER 编码不完整）".to_owned();
    let mut at = 0;
    let first = *input.first().ok_or_else(err)?;
    at += 1;
    if first & 0x1f == 0x1f {
        // High tag number: continuation bytes while the top bit is set.
        while *input.get(at).ok_or_else(err)? & 0x80 != 0 {
            at += 1;
        }
        at += 1;
    }
    let tag = &input[..at];
    let constructed = first & 0x20 != 0;
    let length_byte = *input.get(at).ok_or_else(err)?;
    at += 1;
    let definite = match length_byte {
        0x80 if constructed => None,
        0x80 => return Err(err()),
        short if short < 0x80 => Some(usize::from(short)),
        long => {
            let count = usize::from(long & 0x7f);
            if count > 4 {
                return Err(err());
            }
            let bytes = input.get(at..at + count).ok_or_else(err)?;
            at += count;
            Some(bytes.iter().fold(0usize, |n, b| (n << 8) | usize::from(*b)))
        }
    };
    let mut content = Vec::new();
    let end = if constructed {
        let mut pieces = Vec::new();
        let stop = match definite {
            Some(len) => Some(at.checked_add(len).filter(|e| *e <= input.len()).ok_or_else(err)?),
            None => None,
        };
        loop {
            match stop {
                Some(e) if at >= e => break,
                None if input.get(at..at + 2) == Some(&[0, 0]) => {
                    at += 2;
                    break;
                }
                _ => {}
            }
            let mut piece = Vec::new();
            at += element(input.get(at..stop.unwrap_or(input.len())).ok_or_else(err)?, depth + 1, &mut piece)?;
            pieces.push(piece);
        }
        // A constructed OCTET STRING (or BIT STRING) is one primitive value in DER.
        if first == 0x24 || first == 0x23 {
            let mut joined = Vec::new();
            for (i, piece) in pieces.iter().enumerate() {
                let value = value_of(piece).ok_or_else(err)?;
                // Every BIT STRING piece starts with its unused-bits octet; only the last's counts.
                let skip = usize::from(first == 0x23 && i > 0);
                if first == 0x23 && i + 1 < pieces.len() && value.first().is_some_and(|u| *u != 0) {
                    return Err(err());
                }
                joined.extend_from_slice(&value[skip.min(value.len())..]);
            }
            out.push(first & !0x20);
            push_length(out, joined.len());
            out.extend_from_slice(&joined);
            return Ok(at);
        }
        for piece in pieces {
            content.extend_from_slice(&piece);
        }
        at
    } else {
        let len = definite.ok_or_else(err)?;
        let value = input.get(at..at.checked_add(len).ok_or_else(err)?).ok_or_else(err)?;
        content.extend_from_slice(value);
        at + len
    };
    out.extend_from_slice(tag);
    push_length(out, content.len());
    out.extend_from_slice(&content);
    Ok(end)
}

/// The value octets of a DER element just written.
fn value_of(der: &[u8]) -> Option<&[u8]> {
    let mut at = 1;
    let length_byte = *der.get(at)?;
    at += 1;
    if length_byte >= 0x80 {
        at += usize::from(length_byte & 0x7f);
    }
    der.get(at..)
}

fn push_length(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(u8::try_from(len).unwrap_or(0));
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | u8::try_from(bytes.len() - skip).unwrap_or(0));
        out.extend_from_slice(&bytes[skip..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indefinite_lengths_and_split_strings_become_der() {
        // SEQUENCE (indefinite) { INTEGER 5, OCTET STRING constructed { "ab", "c" } } then padding.
        let ber = [0x30, 0x80, 0x02, 0x01, 0x05, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c', 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
        let (der, used) = ber_to_der(&ber).expect("valid BER");
        assert_eq!(der, [0x30, 0x08, 0x02, 0x01, 0x05, 0x04, 0x03, b'a', b'b', b'c']);
        assert_eq!(used, 18, "the padding after the end-of-contents is not part of it");
        // A non-minimal length is made minimal; DER passes through unchanged.
        assert_eq!(ber_to_der(&[0x04, 0x81, 0x01, 0x07]).expect("long form").0, [0x04, 0x01, 0x07]);
        assert_eq!(ber_to_der(&der).expect("der").0, der);
        // Truncated, or a primitive with an indefinite length, is refused.
        assert!(ber_to_der(&[0x30, 0x80, 0x02, 0x01]).is_err());
        assert!(ber_to_der(&[0x04, 0x80, 0x00, 0x00]).is_err());
        let deep: Vec<u8> = std::iter::repeat([0x30, 0x80]).take(100).flatten().collect();
        assert!(ber_to_der(&deep).is_err());
    }
}
