use rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rusqlite::{params, OptionalExtension};
use tic_domain::{ExpertId, InputError, ReviewId};

use crate::error::StoreResult;
use crate::Store;

fn check_pin_shape(pin: &str) -> Result<(), InputError> {
    if !(4..=8).contains(&pin.len()) || !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err(InputError::new("PIN", "请设置 4 到 8 位数字"));
    }
    Ok(())
}

impl Store {
    pub fn has_pin(&self, review: ReviewId, expert: ExpertId) -> StoreResult<bool> {
        Ok(self.conn.query_row(
            "SELECT count(*) > 0 FROM expert_pins WHERE review_id = ?1 AND expert_id = ?2",
            params![review.0, expert.0],
            |r| r.get(0),
        )?)
    }

    /// Sets a panel member's PIN the first time they sit down at the shared laptop.
    pub fn set_pin(&self, review: ReviewId, expert: ExpertId, pin: &str) -> StoreResult<()> {
        check_pin_shape(pin)?;
        self.require_member(review, expert)?;
        if self.has_pin(review, expert)? {
            return Err(InputError::new("PIN", "已经设置过 PIN，请输入原 PIN 登录").into());
        }
        let salt = SaltString::generate(&mut OsRng);
        let hash = Argon2::default()
            .hash_password(pin.as_bytes(), &salt)
            .map_err(|e| InputError::new("PIN", format!("无法保存：{e}")))?
            .to_string();
        self.conn.execute(
            "INSERT INTO expert_pins (review_id, expert_id, pin_hash, set_at) VALUES (?1, ?2, ?3, ?4)",
            params![review.0, expert.0, hash, self.now()],
        )?;
        Ok(())
    }

    /// Checks a PIN; refused with the same message whether the PIN or the member is wrong.
    pub fn verify_pin(&self, review: ReviewId, expert: ExpertId, pin: &str) -> StoreResult<()> {
        let stored: Option<String> = self
            .conn
            .query_row(
                "SELECT pin_hash FROM expert_pins WHERE review_id = ?1 AND expert_id = ?2",
                params![review.0, expert.0],
                |r| r.get(0),
            )
            .optional()?;
        let ok = stored.is_some_and(|h| {
            PasswordHash::new(&h).is_ok_and(|parsed| Argon2::default().verify_password(pin.as_bytes(), &parsed).is_ok())
        });
        if ok {
            Ok(())
        } else {
            Err(InputError::new("PIN", "PIN 不正确，请重新输入").into())
        }
    }
}
