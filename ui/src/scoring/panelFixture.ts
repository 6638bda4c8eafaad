// A panel member as the UI tests need one: only the name and role vary.
import type { PanelMember, PanelRole, ScoreSheet } from '../lib/bindings'

export const panelMember = (expert_id: number, name: string, role: PanelRole): PanelMember => ({
  expert_id,
  name,
  title: '研究员',
  affiliation: '内蒙古大学',
  expert_type: 'technical',
  role,
})

/** An empty draft sheet of review 1, as the UI tests need one. */
export const draftSheet = (expert_id: number, criteria_count: number): ScoreSheet =>
  ({
    review_id: 1,
    expert_id,
    status: 'draft',
    answers: [],
    opinion: { strengths: '', problems: '', suggestions: '', remarks: '', recommended_conclusion: null },
    total: '0',
    answered: 0,
    criteria_count,
    issues: [],
    suggested_conclusion: null,
  }) as unknown as ScoreSheet
