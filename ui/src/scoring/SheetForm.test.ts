import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import SheetForm from './SheetForm.svelte'
import { draftSheet } from './panelFixture'
import type { Template } from '../lib/bindings'

// Only what the sheet reads of a template: one group of two criteria.
const template = {
  mode: 'scored',
  rules: { deduction_comment_percent: 20 },
  conclusions: { options: ['同意', '不同意'] },
  groups: [
    {
      id: 'A',
      name: '产业定位',
      pass_min: null,
      criteria: [
        { id: 'nm.c.A1', name: '产业聚焦', guidance: '', max: '8', veto: false },
        { id: 'nm.c.A2', name: '区域布局', guidance: '', max: '7', veto: false },
      ],
    },
  ],
} as unknown as Template

const sheet = draftSheet(2, 2)

afterEach(() => {
  cleanup()
  clearMocks()
  vi.useRealTimers()
})

describe('SheetForm', () => {
  // Durable within a bounded time: a reason being typed is saved once typing pauses, without
  // leaving the field or pressing Enter.
  it('saves a reason 0.8 s after typing pauses, once', async () => {
    vi.useFakeTimers()
    const saved: unknown[] = []
    mockIPC((cmd, args) => {
      if (cmd === 'save_answer') {
        saved.push((args as { params: unknown }).params)
        return { ...sheet, answers: [] }
      }
      return null
    })
    render(SheetForm, { template, sheet, changed: () => {} })
    const reason = screen.getByLabelText('产业聚焦说明') as HTMLInputElement
    reason.value = '现场'
    await fireEvent.input(reason)
    await vi.advanceTimersByTimeAsync(500)
    reason.value = '现场核实佐证不足'
    await fireEvent.input(reason)
    await vi.advanceTimersByTimeAsync(799)
    expect(saved).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(saved).toEqual([{ criterion: 'nm.c.A1', points: null, yes_no: null, comment: '现场核实佐证不足' }])
    await vi.advanceTimersByTimeAsync(5_000)
    expect(saved).toHaveLength(1)
  })
})
