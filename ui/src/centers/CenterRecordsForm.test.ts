import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import CenterRecordsForm from './CenterRecordsForm.svelte'
import type { CenterRecords } from '../lib/bindings'

afterEach(() => {
  cleanup()
  clearMocks()
})

const empty: CenterRecords = {
  director_years: [],
  annual_reports: [],
  revocation_findings: [],
  revocation_reviewed_on: null,
  core_indicators: [],
  capability_investments: [{ year: 2024, amount: 2_000_000_000 }],
}

describe('CenterRecordsForm for 宁波', () => {
  // NB:28's base: each year's capability investment is kept with the center, in whole fen.
  it('shows the stored investments in yuan and saves typed ones exactly, keeping the other records', async () => {
    const saved: CenterRecords[] = []
    mockIPC((cmd, args) => {
      if (cmd === 'center_records') return empty
      if (cmd === 'save_center_records') {
        const records = (args as { params: { records: CenterRecords } }).params.records
        saved.push(records)
        return records
      }
      return null
    })
    render(CenterRecordsForm, { centerId: 3, region: 'nb', saved: () => {} })
    expect(((await screen.findByTestId('investment-amount-0')) as HTMLInputElement).value).toBe('20,000,000.00')
    await fireEvent.click(screen.getByTestId('add-investment'))
    await fireEvent.input(screen.getByTestId('investment-year-1'), { target: { value: '2025' } })
    // Typed through an input method: full-width digits and point.
    await fireEvent.input(screen.getByTestId('investment-amount-1'), { target: { value: '１５００００００．５' } })
    await fireEvent.click(screen.getByTestId('save-records'))
    await waitFor(() => expect(saved).toHaveLength(1))
    expect(saved[0].capability_investments).toEqual([
      { year: 2024, amount: 2_000_000_000 },
      { year: 2025, amount: 1_500_000_050 },
    ])
    expect(saved[0].annual_reports).toEqual([])
  })

  it('names a bad amount and sends nothing', async () => {
    let saves = 0
    mockIPC((cmd) => {
      if (cmd === 'center_records') return empty
      if (cmd === 'save_center_records') saves++
      return null
    })
    render(CenterRecordsForm, { centerId: 3, region: 'nb', saved: () => {} })
    await fireEvent.input(await screen.findByTestId('investment-amount-0'), { target: { value: '二千万' } })
    await fireEvent.click(screen.getByTestId('save-records'))
    expect((await screen.findByRole('alert')).textContent).toContain('「2024 年创新能力建设投入」“二千万”不是有效金额')
    expect(saves).toBe(0)
  })
})
