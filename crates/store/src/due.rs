//! 待办 across all centers, computed from what is stored.

use chrono::NaiveDate;
use rusqlite::params;
use tic_domain::due::{due_items, DueInput, DueItem};
use tic_domain::lifecycle::status_after;
use tic_domain::Stage;

use crate::centers::{bad_value, date_column};
use crate::error::StoreResult;
use crate::Store;

impl Store {
    /// Every outstanding due date of every center on `on`, soonest (most overdue) first.
    pub fn due_items(&self, on: NaiveDate) -> StoreResult<Vec<DueItem>> {
        let settings = self.settings()?;
        let mut all = Vec::new();
        for center in self.list_centers()? {
            let decisions = self.decisions(center.id)?;
            let status = status_after(center.facts.region, &decisions.iter().map(|d| &d.draft).collect::<Vec<_>>())?;
            let records = self.center_records(center.id)?;
            let reviews: Vec<(Stage, NaiveDate)> = self
                .conn
                .prepare_cached("SELECT stage, review_date FROM reviews WHERE center_id = ?1")?
                .query_map(params![center.id.0], |r| {
                    let stage: String = r.get(0)?;
                    Ok((Stage::from_code(&stage).ok_or_else(|| bad_value(0, "评审阶段", &stage))?, date_column(r, 1)?))
                })?
                .collect::<Result<_, _>>()?;
            let rectifications = self.rectifications(center.id)?;
            let input = DueInput { center: &center, status, decisions: &decisions, records: &records, reviews: &reviews, rectifications: &rectifications };
            all.extend(due_items(&input, &settings, on));
        }
        all.sort_by(|a, b| a.due_on.cmp(&b.due_on).then_with(|| a.center_name.cmp(&b.center_name)));
        Ok(all)
    }
}
