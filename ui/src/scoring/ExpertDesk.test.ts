import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import ExpertDesk from './ExpertDesk.svelte'
import type { ReviewDetail, Template } from '../lib/bindings'
import { draftSheet, panelMember } from './panelFixture'

const template = {
  mode: 'scored',
  rules: { deduction_comment_percent: 20 },
  conclusions: { options: ['同意', '不同意'] },
  groups: [{ id: 'A', name: '产业定位', pass_min: null, criteria: [{ id: 'nm.c.A1', name: '产业聚焦', guidance: '', max: '8', veto: false }] }],
} as unknown as Template

const chair = panelMember(1, '王振华', 'chair')
const review = {
  summary: { id: 1, center_name: '稀土新材料技术创新中心', status: 'scoring' },
  template,
  panel: [chair],
} as unknown as ReviewDetail

const sheet = draftSheet(1, 1)

afterEach(() => {
  cleanup()
  clearMocks()
})

describe('ExpertDesk', () => {
  // Seen in the end-to-end run: the tabs appeared while the desk was still reading the panel's
  // progress, a tab was chosen, and the desk then put its starting tab back over that choice.
  it('keeps a tab chosen as soon as the tabs appear', async () => {
    let signedIn = false
    let released!: () => void
    const progressRead = new Promise<void>((resolve) => (released = resolve))
    const progress = [{ member: chair, declaration: 'none', has_pin: true, pin_locked: false, sheet_status: 'draft', answered: 0, criteria_count: 1, conflict_hints: [] }]
    mockIPC((cmd) => {
      if (cmd === 'settings') return { idle_sign_out_minutes: 5 }
      if (cmd === 'current_session') return null
      if (cmd === 'sign_in') {
        signedIn = true
        return { review_id: 1, expert_id: 1, name: '王振华', role: 'chair' }
      }
      if (cmd === 'my_declaration') return { conflict: 'none', reason: '', pledge_signed_at: '2026-12-01', declared_at: '2026-12-01' }
      if (cmd === 'my_sheet') return sheet
      if (cmd === 'panel_progress' && signedIn)
        // Read for the desk after the sign-in, answered a little later than the rest.
        return new Promise((resolve) =>
          setTimeout(() => {
            resolve(progress)
            released()
          }, 50),
        )
      if (cmd === 'panel_progress') return progress
      if (cmd === 'my_justifications') return []
      return null
    })
    render(ExpertDesk, { review })
    await fireEvent.click(await screen.findByTestId('choose-王振华'))
    await fireEvent.input(screen.getByLabelText(/PIN/), { target: { value: '1111' } })
    await fireEvent.click(screen.getByTestId('pin-submit'))
    await fireEvent.click(await screen.findByTestId('tab-opinion'))
    await progressRead
    await new Promise((r) => setTimeout(r, 20))
    expect(screen.getByTestId('tab-opinion').getAttribute('aria-selected')).toBe('true')
    expect(screen.getByTestId('current-expert').textContent).toBe('王振华')
  })

  // Issue 17: each thing that blocks submission takes the expert to the field itself.
  it('takes the expert from a blocking issue to its field', async () => {
    const blocked = {
      ...draftSheet(1, 1),
      issues: [
        { kind: 'unanswered', criterion: 'nm.c.A1', message: '「产业聚焦」尚未评分' },
        { kind: 'opinion_missing', criterion: null, message: '专家意见尚未填写' },
      ],
    }
    const progress = [{ member: chair, declaration: 'none', has_pin: true, pin_locked: false, sheet_status: 'draft', answered: 0, criteria_count: 1, conflict_hints: [] }]
    mockIPC((cmd) => {
      if (cmd === 'settings') return { idle_sign_out_minutes: 5 }
      if (cmd === 'current_session') return null
      if (cmd === 'sign_in') return { review_id: 1, expert_id: 1, name: '王振华', role: 'chair' }
      if (cmd === 'my_declaration') return { conflict: 'none', reason: '', pledge_signed_at: '2026-12-01', declared_at: '2026-12-01' }
      if (cmd === 'my_sheet') return blocked
      if (cmd === 'panel_progress') return progress
      if (cmd === 'my_justifications') return []
      if (cmd === 'my_revisions') return []
      return null
    })
    render(ExpertDesk, { review })
    await fireEvent.click(await screen.findByTestId('choose-王振华'))
    await fireEvent.input(screen.getByLabelText(/PIN/), { target: { value: '1111' } })
    await fireEvent.click(screen.getByTestId('pin-submit'))
    await fireEvent.click(await screen.findByTestId('tab-submit'))
    await fireEvent.click(await screen.findByText('「产业聚焦」尚未评分 →'))
    expect(screen.getByTestId('tab-sheet').getAttribute('aria-selected')).toBe('true')
    await waitFor(() => expect(document.activeElement?.getAttribute('data-points')).toBe('nm.c.A1'))

    await fireEvent.click(screen.getByTestId('tab-submit'))
    await fireEvent.click(await screen.findByText('专家意见尚未填写 →'))
    expect(screen.getByTestId('tab-opinion').getAttribute('aria-selected')).toBe('true')
    await waitFor(() => expect(document.activeElement?.tagName).toBe('TEXTAREA'))
  })
})
