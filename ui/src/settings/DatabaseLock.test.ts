import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import DatabaseLock from './DatabaseLock.svelte'

afterEach(() => {
  cleanup()
  clearMocks()
})

describe('DatabaseLock', () => {
  // The key file's rules (length, wrong passphrase) are the store's (`crypto.rs` tests); here: the
  // window asks twice when choosing, catches a mismatch itself, and shows the Rust side's message.
  it('asks twice when choosing a passphrase and refuses two different ones without calling Rust', async () => {
    const calls: unknown[] = []
    let opened = 0
    mockIPC((cmd, args) => {
      calls.push([cmd, (args as { params: unknown }).params])
      return null
    })
    render(DatabaseLock, { mode: 'choose_passphrase', databasePath: '/data/tic-review.db', opened: () => opened++ })
    expect(screen.getByRole('heading').textContent).toBe('设置数据库口令')
    await fireEvent.input(screen.getByTestId('db-passphrase'), { target: { value: '黄河长江泰山' } })
    await fireEvent.input(screen.getByTestId('db-passphrase2'), { target: { value: '黄河长江华山' } })
    await fireEvent.click(screen.getByTestId('db-unlock'))
    expect(screen.getByTestId('error').textContent).toBe('两次输入的口令不一致，请重新输入')
    expect(calls).toEqual([])

    await fireEvent.input(screen.getByTestId('db-passphrase2'), { target: { value: '黄河长江泰山' } })
    await fireEvent.click(screen.getByTestId('db-unlock'))
    await waitFor(() => expect(opened).toBe(1))
    expect(calls).toEqual([['choose_database_passphrase', { passphrase: '黄河长江泰山', repeated: '黄河长江泰山' }]])
  })

  it('shows why an unlock failed, clears the field and stays locked', async () => {
    let opened = 0
    mockIPC((cmd) => {
      if (cmd === 'unlock_database') throw { code: 'invalid', message: '口令不正确，无法解开数据库密钥' }
      return null
    })
    render(DatabaseLock, { mode: 'ask_passphrase', databasePath: '/data/tic-review.db', opened: () => opened++ })
    expect(screen.queryByTestId('db-passphrase2')).toBeNull()
    const field = screen.getByTestId('db-passphrase') as HTMLInputElement
    await fireEvent.input(field, { target: { value: 'not-the-one' } })
    await fireEvent.click(screen.getByTestId('db-unlock'))
    await waitFor(() => expect(screen.getByTestId('error').textContent).toBe('口令不正确，无法解开数据库密钥'))
    expect(field.value).toBe('')
    expect(opened).toBe(0)
  })
})
