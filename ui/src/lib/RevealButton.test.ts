import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen, waitFor } from '@testing-library/svelte'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import RevealButton from './RevealButton.svelte'

afterEach(() => {
  cleanup()
  clearMocks()
})

describe('RevealButton', () => {
  it('asks for the written file and says why when its folder cannot be opened', async () => {
    const asked: string[] = []
    mockIPC((cmd, args) => {
      if (cmd !== 'reveal_file') return null
      asked.push((args as { params: { path: string } }).params.path)
      throw { code: 'bad_file', message: '无法打开「/data/out/a.xlsx」所在的文件夹（详情：not found）' }
    })
    render(RevealButton, { path: '/data/out/a.xlsx' })
    expect(screen.getByTestId('reveal-file').getAttribute('title')).toBe('/data/out/a.xlsx')
    screen.getByTestId('reveal-file').click()
    await waitFor(() => expect(screen.getByTestId('reveal-error').textContent).toContain('无法打开「/data/out/a.xlsx」所在的文件夹'))
    expect(asked).toEqual(['/data/out/a.xlsx'])
  })
})
