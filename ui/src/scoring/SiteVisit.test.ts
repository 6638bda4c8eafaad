import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import SiteVisit from './SiteVisit.svelte'
import type { SiteNote, Template } from '../lib/bindings'

afterEach(() => {
  cleanup()
  clearMocks()
})

const note: SiteNote = { id: 7, kind: 'observation', text: '中试车间设备到位约六成', criteria: [], created_at: '2026-12-01T02:00:00Z', updated_at: '2026-12-01T02:00:00Z' }
const template = { groups: [] } as unknown as Template

describe('SiteVisit', () => {
  // A note typed on site cannot be typed again: deleting asks once more, in the row itself.
  it('deletes a site note only after it is confirmed, and cancelling keeps it', async () => {
    const deleted: number[] = []
    mockIPC((cmd, args) => {
      if (cmd === 'my_site_notes') return [note]
      if (cmd === 'my_photos') return []
      if (cmd === 'delete_site_note') {
        deleted.push((args as { params: { id: number } }).params.id)
        return null
      }
      return null
    })
    render(SiteVisit, { template })
    await fireEvent.click(await screen.findByTestId('delete-note-7'))
    expect(deleted).toEqual([])
    expect(screen.getByText('删除后无法恢复。')).toBeTruthy()
    await fireEvent.click(screen.getByTestId('cancel-delete-note-7'))
    expect(screen.getByText('中试车间设备到位约六成')).toBeTruthy()
    expect(deleted).toEqual([])

    await fireEvent.click(screen.getByTestId('delete-note-7'))
    await fireEvent.click(screen.getByTestId('confirm-delete-note-7'))
    await waitFor(() => expect(deleted).toEqual([7]))
    await waitFor(() => expect(screen.queryByText('中试车间设备到位约六成')).toBeNull())
    expect(screen.getByTestId('success').textContent).toContain('已删除该条考察记录')
  })
})
