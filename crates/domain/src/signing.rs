//! What the store records about a signing identity; the keys themselves belong to `tic-sign`.

/// Where an identity came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentitySource {
    /// A key made on this laptop with a self-issued certificate.
    Generated,
    /// Read from a department's PKCS#12 file.
    Pkcs12,
}

impl IdentitySource {
    pub const ALL: [IdentitySource; 2] = [IdentitySource::Generated, IdentitySource::Pkcs12];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            IdentitySource::Generated => "generated",
            IdentitySource::Pkcs12 => "pkcs12",
        }
    }

    /// None for an unknown code: a damaged value must not pass for a department-issued certificate.
    pub fn from_code(code: &str) -> Option<IdentitySource> {
        IdentitySource::ALL.into_iter().find(|s| s.code() == code)
    }
}
