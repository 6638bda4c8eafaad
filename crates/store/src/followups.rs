//! Follow-up reviews (整改复评 / 整改验收): created from the finished review that ordered a
//! rectification, with the same template, and linked to it.

use rusqlite::params;
use tic_domain::followup::FollowUpDraft;
use tic_domain::input::{optional_line, required_line};
use tic_domain::{InputError, ReviewId, ReviewSummary};

use crate::error::StoreResult;
use crate::reviews::insert_review;
use crate::Store;

impl Store {
    /// Creates the follow-up of `from`. Refused unless `from` is finished and ordered a
    /// rectification (its panel proposed 限期整改, or a 限期整改 decision cites it), when a
    /// follow-up already exists, or when the date is not after the review it follows.
    pub fn create_follow_up_review(&self, from: ReviewId, draft: &FollowUpDraft) -> StoreResult<ReviewSummary> {
        let place = required_line("评审地点", &draft.place)?;
        let organizer = optional_line("组织单位", &draft.organizer)?;
        let ordering = self.review_summary(from)?;
        let history = self.center_history(ordering.center_id)?;
        let Some(outcome) = history.reviews.iter().find(|r| r.review_id == from) else {
            return Err(crate::StoreError::NotFound(format!("编号为 {from} 的评审")));
        };
        if let Some(existing) = outcome.follow_up {
            return Err(InputError::new("整改复评", format!("已为该评审创建过复评（评审编号 {existing}）")).into());
        }
        if !outcome.may_follow_up {
            let why = if ordering.status != tic_domain::ReviewStatus::Concluded {
                "该评审尚未完成".to_owned()
            } else {
                format!("该评审的结论为“{}”，没有要求限期整改", outcome.conclusion.as_deref().unwrap_or("未填写"))
            };
            return Err(InputError::new("整改复评", format!("不能创建复评：{why}")).into());
        }
        if draft.review_date <= ordering.review_date {
            return Err(InputError::new("评审日期", format!("复评日期应晚于原评审日期 {}", ordering.review_date)).into());
        }
        let template_id: String = self.conn.query_row("SELECT template_id FROM reviews WHERE id = ?1", [from.0], |r| r.get(0))?;
        let template = self.template(&tic_domain::TemplateId(template_id))?;
        let now = self.now();
        let tx = self.conn.unchecked_transaction()?;
        let id = insert_review(&tx, ordering.center_id, &template, draft.review_date, &place, &organizer, &now)?;
        tx.execute("INSERT INTO review_follow_ups (review_id, follows_review_id) VALUES (?1, ?2)", params![id.0, from.0])?;
        crate::audit::append(
            &tx,
            &now,
            if organizer.is_empty() { "科技厅" } else { &organizer },
            "创建整改复评",
            Some(id),
            &format!("{} {}：复评 {} {}", ordering.center_name, ordering.stage_name, ordering.review_date, draft.review_date),
        )?;
        tx.commit()?;
        self.review_summary(id)
    }
}
