import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen, waitFor } from '@testing-library/svelte'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import SignAndExport from './SignAndExport.svelte'
import type { ScoreSheet } from '../lib/bindings'
import { panelMember as member } from './panelFixture'

const panel = [member(1, '王振华', 'chair'), member(2, '李晓梅', 'member'), member(3, '刘婷', 'member')]

afterEach(() => {
  cleanup()
  clearMocks()
})

describe('SignAndExport', () => {
  // Who is waited for is the store's rule (a recused member is not: store test
  // `signatures::a_recused_member_is_not_waited_for`); the tab shows the names it is given.
  it('names the members who still have to draw a signature', async () => {
    mockIPC((cmd) => {
      if (cmd === 'my_hand_signature') return new ArrayBuffer(0)
      if (cmd === 'missing_hand_signatures') return ['李晓梅']
      if (cmd === 'my_signing_identity') return null
      return null
    })
    render(SignAndExport, {
      session: { review_id: 1, expert_id: 1, name: '王振华', role: 'chair' },
      panel,
      sheet: {} as ScoreSheet,
    })
    await waitFor(() => expect(screen.getByTestId('unsigned').textContent).toContain('尚未留存手写签名：李晓梅。'))
  })

  it('says nothing is missing when everyone has signed', async () => {
    mockIPC((cmd) => {
      if (cmd === 'my_hand_signature') return new ArrayBuffer(0)
      if (cmd === 'missing_hand_signatures') return []
      return null
    })
    render(SignAndExport, { session: { review_id: 1, expert_id: 1, name: '王振华', role: 'chair' }, panel, sheet: {} as ScoreSheet })
    await waitFor(() => expect(screen.getByTestId('export-panel_opinion')).toBeTruthy())
    expect(screen.queryByTestId('unsigned')).toBeNull()
  })

  it('shows what was written and opens its folder on request', async () => {
    const calls: [string, unknown][] = []
    mockIPC((cmd, args) => {
      calls.push([cmd, args])
      if (cmd === 'my_hand_signature') return new ArrayBuffer(0)
      if (cmd === 'missing_hand_signatures') return []
      if (cmd === 'document_file_name') return 'summary.pdf'
      if (cmd === 'plugin:dialog|save') return '/data/out/summary.pdf'
      if (cmd === 'export_document') return { path: '/data/out/summary.pdf', fingerprint: 'AB12 CD34' }
      return null
    })
    render(SignAndExport, { session: { review_id: 1, expert_id: 1, name: '王振华', role: 'chair' }, panel, sheet: {} as ScoreSheet })
    const button = await waitFor(() => screen.getByTestId('export-score_summary'))
    expect(screen.queryByTestId('reveal-file')).toBeNull()
    button.click()
    const reveal = await waitFor(() => screen.getByTestId('reveal-file'))
    expect(screen.getByTestId('success').textContent).toContain('已导出并签名：/data/out/summary.pdf（文档指纹 AB12 CD34）')
    reveal.click()
    await waitFor(() => expect(calls.some(([cmd, args]) => cmd === 'reveal_file' && (args as { params: { path: string } }).params.path === '/data/out/summary.pdf')).toBe(true))
  })
})
