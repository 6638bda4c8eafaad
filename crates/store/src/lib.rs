//! The SQLite store: the only crate that knows SQL.
//!
//! Every multi-row change is one transaction, and a call returns only after SQLite has synced
//! the write (WAL with `synchronous=FULL`), so whatever the UI reports as saved survives a crash.

mod audit;
mod backup;
mod centers;
mod conclusions;
mod draws;
mod due;
mod crypto;
mod encrypt;
pub use encrypt::holds_encrypted_data;
mod error;
mod evidence;
mod exchange;
mod followups;
mod experts;
mod files;
mod justifications;
mod lifecycle;
mod overview;
mod open;
mod panel_opinions;
mod reviews;
mod rounds;
mod pins;
mod records;
mod sheets;
mod signatures;
mod snapshots;
mod templates;
mod trust;
mod visits;

pub use signatures::{normalized_signature, StoredIdentity, MAX_SIGNATURE_BYTES};
pub use tic_domain::signing::IdentitySource;
pub use audit::{entry_hash, verify_chain, AuditEntry, AuditVerification, GENESIS};
pub use backup::{read_backup_manifest, restore_backup, BackupManifest};
pub use snapshots::{list_snapshots, newest_sound_snapshot, restore_snapshot, snapshot_dir_for, Snapshot, SnapshotReason, KEEP_SNAPSHOTS};
pub use crypto::{is_sealed, DataKey, KeyError, KeyFile, Protection, KEY_ENV, MIN_PASSPHRASE_CHARS, SEALED_MAGIC};
pub use conclusions::ConclusionRecord;
pub use error::{StoreError, StoreResult};
pub use exchange::{ApprovalMerge, ChairPackageOpened, IncomingApproval, IncomingSheet, SenderKey, SheetMerge};
pub use open::{Clock, Store, SCHEMA_VERSION};
pub use trust::{DepartmentRoot, IssuedRecord, StoredCrl, TrustedRoot};
