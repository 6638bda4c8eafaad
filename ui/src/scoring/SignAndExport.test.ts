import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen, waitFor } from '@testing-library/svelte'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import SignAndExport from './SignAndExport.svelte'
import type { MemberProgress, PanelMember, ScoreSheet } from '../lib/bindings'

const member = (expert_id: number, name: string, role: 'chair' | 'member'): PanelMember => ({
  expert_id,
  name,
  title: '研究员',
  affiliation: '内蒙古大学',
  expert_type: 'technical',
  role,
})
const panel = [member(1, '王振华', 'chair'), member(2, '李晓梅', 'member'), member(3, '刘婷', 'member')]

const progress = (m: PanelMember, declaration: 'none' | 'recused'): MemberProgress => ({
  member: m,
  conflict_hints: [],
  declaration,
  has_pin: true,
  sheet_status: null,
  answered: 0,
  criteria_count: 15,
})

afterEach(() => {
  cleanup()
  clearMocks()
})

describe('SignAndExport', () => {
  it('waits for the signatures of members who take part, not of a recused one', async () => {
    mockIPC((cmd) => {
      if (cmd === 'my_hand_signature') return new ArrayBuffer(0)
      if (cmd === 'panel_signature_status') return [1]
      if (cmd === 'my_signing_identity') return null
      if (cmd === 'panel_progress') return [progress(panel[0], 'none'), progress(panel[1], 'none'), progress(panel[2], 'recused')]
      return null
    })
    render(SignAndExport, {
      session: { review_id: 1, expert_id: 1, name: '王振华', role: 'chair' },
      panel,
      sheet: {} as ScoreSheet,
    })
    await waitFor(() => expect(screen.getByTestId('unsigned').textContent).toContain('尚未留存手写签名：李晓梅。'))
    expect(screen.getByTestId('unsigned').textContent).not.toContain('刘婷')
  })
})
