//! The department's year at a glance, from every center's history and today's due list.

use tic_domain::overview::{year_overview, YearOverview};
use tic_domain::Region;

use crate::error::StoreResult;
use crate::Store;

impl Store {
    /// The overview of `region` in `year`, with the due dates as of `on`.
    pub fn year_overview(&self, region: Region, year: i32, on: chrono::NaiveDate) -> StoreResult<YearOverview> {
        let settings = self.settings()?;
        let mut histories = Vec::new();
        for center in self.list_centers()?.into_iter().filter(|c| c.facts.region == region) {
            histories.push(self.center_history(center.id)?);
        }
        let due = self.due_items(on)?;
        Ok(year_overview(region, year, &histories, &due, &settings))
    }
}
