// A panel member as the UI tests need one: only the name and role vary.
import type { PanelMember, PanelRole } from '../lib/bindings'

export const panelMember = (expert_id: number, name: string, role: PanelRole): PanelMember => ({
  expert_id,
  name,
  title: '研究员',
  affiliation: '内蒙古大学',
  expert_type: 'technical',
  role,
})
