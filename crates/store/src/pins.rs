use rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rusqlite::{params, OptionalExtension};
use tic_domain::pin::{pin_gate, wait_in_words, PinGate, FREE_ATTEMPTS, LOCK_AFTER};
use tic_domain::{ExpertId, InputError, PanelRole, ReviewId};

use crate::error::{StoreError, StoreResult};
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

    /// Checks a PIN, through the wrong-PIN gate of `tic_domain::pin`: while a member must wait
    /// or is locked, no PIN is even compared. A wrong PIN is counted (committed, so a restart does
    /// not reset it) and the message says how many tries are left or how long to wait; a right one
    /// clears the count. Refused with the same words whether the PIN or the member is wrong.
    pub fn verify_pin(&self, review: ReviewId, expert: ExpertId, pin: &str) -> StoreResult<()> {
        let is_chair = self.panel(review)?.iter().any(|m| m.expert_id == expert && m.role == PanelRole::Chair);
        let (failures, last) = self.pin_failures(review, expert)?;
        match pin_gate(failures, self.seconds_since(last.as_deref()), is_chair) {
            PinGate::Open => {}
            PinGate::Wait { seconds } => {
                let message = format!("已连续输错 {failures} 次，请 {}后再试", wait_in_words(seconds));
                self.audit_expert(&self.conn, expert, "登录被拒", review, &message)?;
                return Err(InputError::new("PIN", message).into());
            }
            PinGate::Locked => {
                self.audit_expert(&self.conn, expert, "登录被拒", review, &locked())?;
                return Err(InputError::new("PIN", locked()).into());
            }
        }
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
            let tx = self.conn.unchecked_transaction()?;
            tx.execute("DELETE FROM pin_attempts WHERE review_id = ?1 AND expert_id = ?2", params![review.0, expert.0])?;
            self.audit_expert(&tx, expert, "登录", review, "PIN 正确")?;
            tx.commit()?;
            return Ok(());
        }
        let failures = failures + 1;
        if self.has_pin(review, expert)? {
            self.conn.execute(
                "INSERT INTO pin_attempts (review_id, expert_id, failures, last_failure_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (review_id, expert_id) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at",
                params![review.0, expert.0, failures, self.now()],
            )?;
        }
        let message = match pin_gate(failures, 0, is_chair) {
            PinGate::Locked => locked(),
            PinGate::Wait { seconds } => format!("PIN 不正确，已连续输错 {failures} 次，请 {}后再试", wait_in_words(seconds)),
            PinGate::Open => match FREE_ATTEMPTS - failures {
                1 => "PIN 不正确，请重新输入（再输错将需要等待）".to_owned(),
                _ => "PIN 不正确，请重新输入".to_owned(),
            },
        };
        self.audit_expert(&self.conn, expert, "登录失败", review, &message)?;
        Err(InputError::new("PIN", message).into())
    }

    /// The chair lifts a member's lock (or wait) by entering the chair's own PIN.
    pub fn unlock_pin(&self, review: ReviewId, chair: ExpertId, chair_pin: &str, member: ExpertId) -> StoreResult<()> {
        self.chair_acts_for(review, chair, chair_pin, member, ("解锁", "只有专家组组长可以解锁"))?;
        self.conn.execute("DELETE FROM pin_attempts WHERE review_id = ?1 AND expert_id = ?2", params![review.0, member.0])?;
        Ok(())
    }

    /// The chair resets a member's forgotten PIN by entering the chair's own PIN: the member's PIN
    /// and wrong-PIN count are cleared, so they choose a new PIN at their next sign-in. Logged, as
    /// it lets whoever holds the chair's PIN act as that member.
    pub fn reset_pin(&self, review: ReviewId, chair: ExpertId, chair_pin: &str, member: ExpertId) -> StoreResult<()> {
        if member == chair && self.panel(review)?.iter().any(|m| m.expert_id == chair && m.role == PanelRole::Chair) {
            return Err(InputError::new("重置 PIN", "组长不能重置自己的 PIN").into());
        }
        self.chair_acts_for(review, chair, chair_pin, member, ("重置 PIN", "只有专家组组长可以重置 PIN"))?;
        let tx = self.conn.unchecked_transaction()?;
        tx.execute("DELETE FROM expert_pins WHERE review_id = ?1 AND expert_id = ?2", params![review.0, member.0])?;
        tx.execute("DELETE FROM pin_attempts WHERE review_id = ?1 AND expert_id = ?2", params![review.0, member.0])?;
        let detail = format!("组长重置了{}的 PIN", self.actor_name(member));
        self.audit_expert(&tx, chair, "重置 PIN", review, &detail)?;
        tx.commit()?;
        Ok(())
    }

    /// Checks that `chair` chairs the review and typed the chair's own PIN, before acting for
    /// `member`; `refused` is the field and message for someone who is not the chair.
    fn chair_acts_for(&self, review: ReviewId, chair: ExpertId, chair_pin: &str, member: ExpertId, refused: (&str, &str)) -> StoreResult<()> {
        if !self.panel(review)?.iter().any(|m| m.expert_id == chair && m.role == PanelRole::Chair) {
            return Err(InputError::new(refused.0, refused.1).into());
        }
        self.require_member(review, member)?;
        // Said as the chair's PIN: the member's own PIN is not what was asked for here.
        self.verify_pin(review, chair, chair_pin).map_err(|e| match e {
            StoreError::Invalid(InputError { message, .. }) => StoreError::Invalid(InputError::new("组长 PIN", message)),
            other => other,
        })
    }

    /// Whether a member is locked out until the chair unlocks them.
    pub fn pin_locked(&self, review: ReviewId, expert: ExpertId) -> StoreResult<bool> {
        let (failures, _) = self.pin_failures(review, expert)?;
        let is_chair = self.panel(review)?.iter().any(|m| m.expert_id == expert && m.role == PanelRole::Chair);
        Ok(pin_gate(failures, 0, is_chair) == PinGate::Locked)
    }

    fn pin_failures(&self, review: ReviewId, expert: ExpertId) -> StoreResult<(u32, Option<String>)> {
        Ok(self
            .conn
            .query_row(
                "SELECT failures, last_failure_at FROM pin_attempts WHERE review_id = ?1 AND expert_id = ?2",
                params![review.0, expert.0],
                |r| Ok((r.get(0)?, Some(r.get(1)?))),
            )
            .optional()?
            .unwrap_or((0, None)))
    }

    /// Seconds from a stored time to the store's clock; a time that cannot be read counts as now,
    /// so a damaged row never shortens a wait.
    fn seconds_since(&self, at: Option<&str>) -> i64 {
        at.and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| (self.now_utc() - t.with_timezone(&chrono::Utc)).num_seconds())
            .unwrap_or(0)
    }
}

fn locked() -> String {
    format!("已连续输错 {LOCK_AFTER} 次，已锁定。请组长在此输入组长本人的 PIN 解锁")
}
