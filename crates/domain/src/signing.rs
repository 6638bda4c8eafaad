//! What the store records about a signing identity; the keys themselves belong to `tic-sign`.

/// Where an identity came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentitySource {
    /// A key made on this laptop with a self-issued certificate.
    Generated,
    /// Read from a department's PKCS#12 file.
    Pkcs12,
    /// A key made on this laptop whose certificate the department issued from its request.
    Issued,
}

impl IdentitySource {
    pub const ALL: [IdentitySource; 3] = [IdentitySource::Generated, IdentitySource::Pkcs12, IdentitySource::Issued];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            IdentitySource::Generated => "generated",
            IdentitySource::Pkcs12 => "pkcs12",
            IdentitySource::Issued => "issued",
        }
    }

    /// None for an unknown code: a damaged value must not pass for a department-issued certificate.
    pub fn from_code(code: &str) -> Option<IdentitySource> {
        IdentitySource::ALL.into_iter().find(|s| s.code() == code)
    }
}
