//! The one place a core error becomes what the UI sees. Every variant is mapped by name, so a
//! new kind of failure in the core has to be given a code here before the shell compiles.

use tic_docs::DocError;
use tic_export::ExportError;
use tic_package::PackageError;
use tic_sign::SignError;
use tic_store::StoreError;

use crate::dto::{CommandError, ErrorCode};

pub type CommandResult<T> = Result<T, CommandError>;

impl From<StoreError> for CommandError {
    fn from(error: StoreError) -> Self {
        let code = match &error {
            StoreError::Invalid(_) => ErrorCode::Invalid,
            StoreError::Template(_) => ErrorCode::BadFile,
            StoreError::NotFound(_) => ErrorCode::NotFound,
            StoreError::NewerSchema { .. }
            | StoreError::DiskFull
            | StoreError::Busy
            | StoreError::Unusable { .. }
            | StoreError::WrongKey { .. }
            | StoreError::BadBackup { .. }
            | StoreError::Backup(_)
            | StoreError::Sqlite(_)
            | StoreError::Migration(_)
            | StoreError::Corrupt(_)
            | StoreError::Encoding(_) => ErrorCode::Storage,
        };
        CommandError { code, message: error.to_string() }
    }
}

impl From<tic_domain::InputError> for CommandError {
    fn from(error: tic_domain::InputError) -> Self {
        CommandError::invalid(error.to_string())
    }
}

impl From<DocError> for CommandError {
    fn from(error: DocError) -> Self {
        let code = match &error {
            DocError::NotReady(_) | DocError::MissingGlyph { .. } => ErrorCode::Invalid,
            DocError::BadImage(_) => ErrorCode::BadFile,
            // A system file is missing, not something the person typed.
            DocError::FontMissing(_) => ErrorCode::NotFound,
        };
        CommandError { code, message: error.to_string() }
    }
}

impl From<SignError> for CommandError {
    fn from(error: SignError) -> Self {
        let code = match &error {
            SignError::Identity(_) | SignError::WrongPassphrase => ErrorCode::Invalid,
            SignError::Pdf(_) | SignError::Invalid(_) => ErrorCode::BadFile,
        };
        CommandError { code, message: error.to_string() }
    }
}

impl From<PackageError> for CommandError {
    fn from(error: PackageError) -> Self {
        let code = match &error {
            PackageError::NotAPackage(_)
            | PackageError::Corrupt(_)
            | PackageError::TooLarge(_)
            | PackageError::Forged(_)
            | PackageError::NewerVersion { .. }
            | PackageError::WrongKind { .. }
            | PackageError::Content(_) => ErrorCode::BadFile,
            PackageError::Write(_) => ErrorCode::Storage,
        };
        CommandError { code, message: error.to_string() }
    }
}

impl From<ExportError> for CommandError {
    fn from(error: ExportError) -> Self {
        match error {
            ExportError::Store(e) => e.into(),
            ExportError::Document(e) => e.into(),
            ExportError::Sign(e) => e.into(),
            ExportError::Package(e) => e.into(),
            ExportError::Io(e) => CommandError { code: ErrorCode::Storage, message: e.to_string() },
            ExportError::NotAllowed(message) => CommandError::invalid(message),
        }
    }
}
