use tic_domain::bindings::{CommandError, ErrorCode};
use tic_store::StoreError;

pub type CommandResult<T> = Result<T, CommandError>;

/// The one place a core error becomes what the UI sees.
pub fn from_store(error: StoreError) -> CommandError {
    let code = match &error {
        StoreError::Invalid(_) => ErrorCode::Invalid,
        StoreError::Template(_) => ErrorCode::BadFile,
        StoreError::NotFound(_) => ErrorCode::NotFound,
        _ => ErrorCode::Storage,
    };
    CommandError { code, message: error.to_string() }
}
