import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import ReviewList from './ReviewList.svelte'
import type { ReviewFilter, ReviewSummary } from '../lib/bindings'

const demo: ReviewSummary = {
  id: 1,
  center_id: 1,
  center_name: '内蒙古自治区稀土功能材料技术创新中心',
  region: 'nm',
  stage: 'consultation',
  stage_name: '咨询论证（含实地考察）',
  template_name: '内蒙古自治区技术创新中心咨询论证（含实地考察）专家评分表',
  review_date: '2026-11-20',
  place: '包头市',
  status: 'scoring',
  panel_size: 5,
  sheets_submitted: 1,
  follows: null,
}

afterEach(() => {
  cleanup()
  clearMocks()
})

describe('ReviewList', () => {
  it('shows each review with its Chinese status and submission count', async () => {
    mockIPC((cmd) => (cmd === 'list_reviews' ? [demo] : null))
    render(ReviewList, { open: () => {}, goToCenters: () => {} })
    expect(await screen.findByText('内蒙古自治区稀土功能材料技术创新中心')).toBeTruthy()
    expect(screen.getByText('评分中', { selector: 'span.badge' })).toBeTruthy()
    expect(screen.getByText('1 / 5')).toBeTruthy()
  })

  it('sends the region filter to the core and opens a row with Enter', async () => {
    const filters: ReviewFilter[] = []
    mockIPC((cmd, args) => {
      if (cmd !== 'list_reviews') return null
      const filter = (args as { params: { filter: ReviewFilter } }).params.filter
      filters.push(filter)
      return filter.region === 'sc' ? [] : [demo]
    })
    let opened: number | null = null
    render(ReviewList, { open: (id: number) => (opened = id), goToCenters: () => {} })
    const row = (await screen.findByText('内蒙古自治区稀土功能材料技术创新中心')).closest('tr')!
    await fireEvent.keyDown(row, { key: 'Enter' })
    expect(opened).toBe(1)

    const region = screen.getByLabelText('地区') as HTMLSelectElement
    region.value = 'sc'
    await fireEvent.change(region)
    expect(await screen.findByText('没有符合条件的评审。')).toBeTruthy()
    expect(filters.at(-1)).toEqual({ region: 'sc', status: null, text: '' })
  })

  it('shows the core error message when the list cannot be read', async () => {
    mockIPC(() => {
      throw { code: 'storage', message: '读写数据库出错，本次修改没有保存：disk I/O error' }
    })
    render(ReviewList, { open: () => {}, goToCenters: () => {} })
    expect((await screen.findByRole('alert')).textContent).toContain('读写数据库出错')
  })
})
