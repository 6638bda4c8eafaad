import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import FundingCalculator from './FundingCalculator.svelte'
import type { FundingCaps } from '../lib/bindings'

afterEach(() => {
  cleanup()
  clearMocks()
})

describe('FundingCalculator', () => {
  it('sends the typed amounts to the core and shows its caps', async () => {
    const sent: string[][] = []
    const caps: FundingCaps = {
      years: [
        { year: 1, calendar_year: null, investment: 2_000_000_000, cap: 500_000_000, limited_by: '首年上限 5,000,000.00 元' },
        { year: 2, calendar_year: null, investment: 1_500_000_000, cap: 450_000_000, limited_by: '当年投入的 30%' },
      ],
      total: 950_000_000,
      source: { seed: '002_828e465d8c4dc59d.txt', line: 28, quote: '前三年创建期内每年按照不超过创新能力建设投入总额30%给子支持' },
    }
    mockIPC((cmd, args) => {
      if (cmd !== 'funding_caps') return null
      sent.push((args as { params: { investments: string[] } }).params.investments)
      return caps
    })
    render(FundingCalculator)
    await fireEvent.input(screen.getByLabelText('第 1 年创新能力建设投入（元）'), { target: { value: '20000000' } })
    await fireEvent.input(screen.getByLabelText('第 2 年创新能力建设投入（元）'), { target: { value: '15000000' } })
    await fireEvent.click(screen.getByTestId('compute-funding'))
    expect(await screen.findByText('首年上限 5,000,000.00 元')).toBeTruthy()
    // The empty third year is not sent; amounts go to the core exactly as typed.
    expect(sent).toEqual([['20000000', '15000000']])
    expect(screen.getByText('500 万元')).toBeTruthy()
    expect(screen.getByText(/宁波指引起草说明 第 28 行/)).toBeTruthy()
  })

  it("fills the form from the investments stored with the center", async () => {
    const sent: string[][] = []
    mockIPC((cmd, args) => {
      if (cmd === 'settings') return { funding: { share_percent: 30, first_year_cap: 500_000_000, total_cap: 1_000_000_000, first_year_in_total: true, base: 'year_investment' } }
      if (cmd === 'center_records') {
        return {
          director_years: [], annual_reports: [], revocation_findings: [], revocation_reviewed_on: null, core_indicators: [],
          capability_investments: [{ year: 2026, amount: 100_000_000_050 }, { year: 2025, amount: 2_000_000_000 }],
        }
      }
      if (cmd === 'funding_caps') sent.push((args as { params: { investments: string[] } }).params.investments)
      return { years: [], total: 0, source: { seed: '', line: 28, quote: '' } }
    })
    render(FundingCalculator, { centerId: 7 })
    // Sorted by year, labelled with it, the amounts in yuan to the fen.
    expect(((await screen.findByLabelText('第 1 年（2025）创新能力建设投入（元）')) as HTMLInputElement).value).toBe('20,000,000.00')
    expect((screen.getByLabelText('第 2 年（2026）创新能力建设投入（元）') as HTMLInputElement).value).toBe('1,000,000,000.50')
    expect(screen.getByTestId('funding-from-center')).toBeTruthy()
    await fireEvent.click(screen.getByTestId('compute-funding'))
    await screen.findByText('合计')
    expect(sent).toEqual([['20,000,000.00', '1,000,000,000.50']])
  })

  it('shows the core message for a bad amount', async () => {
    mockIPC(() => {
      throw { code: 'invalid', message: '「第 1 年创新能力建设投入」“12.345”不是有效金额：请填写以元为单位、最多两位小数的数字' }
    })
    render(FundingCalculator)
    await fireEvent.input(screen.getByLabelText('第 1 年创新能力建设投入（元）'), { target: { value: '12.345' } })
    await fireEvent.click(screen.getByTestId('compute-funding'))
    expect((await screen.findByRole('alert')).textContent).toContain('不是有效金额')
  })
})
