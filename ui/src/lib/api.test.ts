import { afterEach, describe, expect, it } from 'vitest'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import { api, exchange } from './api'
import type { Opinion } from './bindings'

afterEach(() => clearMocks())

const opinion = (conclusion: number | null): Opinion => ({
  strengths: '建设基础较好。',
  problems: '',
  suggestions: '',
  remarks: '',
  recommended_conclusion: conclusion,
})

describe('calls to the core', () => {
  it('reach it in the order they were made, even when the first one is slower', async () => {
    // The autosave of a text field (sent first, slow) and the click on a conclusion (sent next,
    // fast): the store must see the click last, or it would be undone by the older snapshot.
    const applied: (number | null)[] = []
    mockIPC(async (cmd, args) => {
      const { params } = args as { params: Opinion }
      if (cmd !== 'save_opinion') throw new Error(cmd)
      await new Promise((r) => setTimeout(r, params.recommended_conclusion === null ? 60 : 1))
      applied.push(params.recommended_conclusion)
      return null
    })
    await Promise.all([api.saveOpinion(opinion(null)), api.saveOpinion(opinion(0))])
    expect(applied).toEqual([null, 0])
  })

  it('keep their order after a call that failed', async () => {
    const seen: string[] = []
    mockIPC(async (cmd) => {
      seen.push(cmd)
      if (cmd === 'submit_sheet') throw { code: 'invalid', message: '请选择建议结论' }
      return null
    })
    const results = await Promise.allSettled([api.submitSheet(), api.saveOpinion(opinion(0))])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled'])
    expect(seen).toEqual(['submit_sheet', 'save_opinion'])
  })

  it('let a cancel through while a long import is still running', async () => {
    let finishImport = () => {}
    const seen: string[] = []
    mockIPC(async (cmd) => {
      seen.push(cmd)
      if (cmd === 'import_sheet_packages') await new Promise<void>((r) => (finishImport = r))
      return cmd === 'import_sheet_packages' ? [] : null
    })
    const importing = exchange.importSheetPackages(['/tmp/a.ticsheet'], () => {})
    await new Promise((r) => setTimeout(r, 5))
    await exchange.cancelImport()
    expect(seen).toEqual(['import_sheet_packages', 'cancel_import'])
    finishImport()
    await importing
  })
})
