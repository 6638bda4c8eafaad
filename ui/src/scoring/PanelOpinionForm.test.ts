import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import PanelOpinionForm from './PanelOpinionForm.svelte'
import type { OpinionApproval, OpinionBrief, PanelOpinionState, Template } from '../lib/bindings'
import { panelMember as member } from './panelFixture'

const panel = [member(1, '王振华', 'chair'), member(2, '李晓梅', 'member')]
const template = { conclusions: { options: ['通过', '不通过'] } } as unknown as Template

function approval(id: number, name: string, extra: Partial<OpinionApproval> = {}): OpinionApproval {
  return { expert_id: id, name, approved_version: null, approved_at: null, current: false, objected_version: null, objection: null, ...extra }
}

function state(approvals: OpinionApproval[]): PanelOpinionState {
  return {
    opinion: { process: '过程', overall: '总体可行', strengths: [], problems: [], suggestions: [], conclusion: 0, rectifications: [], dissent: '' },
    version: 2,
    updated_at: '2026-11-20T04:00:00Z',
    approvals,
    all_approved: false,
  }
}

const brief: OpinionBrief = {
  version: 2,
  conclusion_text: '通过',
  members: ['王振华', '李晓梅'],
  rows: [{ name: '研发投入', max: '10', scores: ['10', '7.5'], aggregate: '8.75' }],
  total: '98.75',
  grade: '优秀',
  received_at: '2026-11-20T04:01:00Z',
}

afterEach(() => {
  cleanup()
  clearMocks()
})

describe('PanelOpinionForm', () => {
  it('lets a member object with a reason, and shows the scores the opinion package came with', async () => {
    const sent: unknown[] = []
    mockIPC((cmd, args) => {
      if (cmd === 'panel_opinion') return state([approval(1, '王振华'), approval(2, '李晓梅')])
      if (cmd === 'opinion_brief') return brief
      if (cmd === 'object_panel_opinion') {
        sent.push((args as { params: unknown }).params)
        return state([approval(1, '王振华'), approval(2, '李晓梅', { objected_version: 2, objection: '研发投入的评价应更具体。' })])
      }
      return null
    })
    render(PanelOpinionForm, { template, session: { review_id: 1, expert_id: 2, name: '李晓梅', role: 'member' }, panel })
    await waitFor(() => expect(screen.getByTestId('brief-total').textContent).toBe('98.75'))
    expect(screen.getByTestId('opinion-brief').textContent).toContain('8.75')
    await fireEvent.click(screen.getByTestId('object-panel-opinion'))
    const submit = screen.getByTestId('submit-objection') as HTMLButtonElement
    expect(submit.disabled).toBe(true)
    await fireEvent.input(screen.getByTestId('objection-reason'), { target: { value: '研发投入的评价应更具体。' } })
    await fireEvent.click(submit)
    await waitFor(() => expect(screen.getByTestId('approvals').textContent).toContain('李晓梅：对第 2 稿提出异议：研发投入的评价应更具体。'))
    expect(sent).toEqual([{ version: 2, reason: '研发投入的评价应更具体。' }])
    expect(screen.getByRole('status').textContent).toContain('导出确认包')
  })

  it('lets the chair write a member’s objection into 不同意见', async () => {
    mockIPC((cmd) => {
      if (cmd === 'panel_opinion') return state([approval(1, '王振华'), approval(2, '李晓梅', { objected_version: 2, objection: '应更具体。' })])
      if (cmd === 'opinion_brief') return null
      return null
    })
    render(PanelOpinionForm, { template, session: { review_id: 1, expert_id: 1, name: '王振华', role: 'chair' }, panel })
    await waitFor(() => expect(screen.getByText('写入不同意见')).toBeTruthy())
    await fireEvent.click(screen.getByText('写入不同意见'))
    expect((document.getElementById('po-dissent') as HTMLTextAreaElement).value).toBe('李晓梅：应更具体。')
  })
})
