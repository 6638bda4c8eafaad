import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import SignIn from './SignIn.svelte'
import type { MemberProgress, PanelMember } from '../lib/bindings'
import { panelMember as member } from './panelFixture'

const progress = (m: PanelMember, pin_locked: boolean): MemberProgress => ({
  member: m,
  conflict_hints: [],
  declaration: 'none',
  has_pin: true,
  pin_locked,
  sheet_status: 'draft',
  answered: 3,
  criteria_count: 15,
})

afterEach(() => {
  cleanup()
  clearMocks()
})

describe('SignIn', () => {
  // The lock itself is the store's rule (store test `pins::wrong_pins_wait_longer_each_time…`);
  // here: a locked member gets the chair's unlock form instead of a PIN field, and after the chair's
  // PIN is accepted, the PIN field again.
  it('offers a locked member the chair’s unlock and then the PIN field again', async () => {
    let locked = true
    const calls: unknown[] = []
    mockIPC((cmd, args) => {
      if (cmd === 'panel_progress') return [progress(member(1, '王振华', 'chair'), false), progress(member(2, '李晓梅', 'member'), locked)]
      if (cmd === 'unlock_pin') {
        calls.push((args as { params: unknown }).params)
        locked = false
        return null
      }
      return null
    })
    render(SignIn, { reviewId: 1, signedIn: () => {} })
    await fireEvent.click(await screen.findByTestId('choose-李晓梅'))
    expect(screen.getByTestId('unlock-form').textContent).toContain('李晓梅已连续输错 PIN，已锁定。请组长王振华在此输入组长本人的 PIN 解锁')
    expect(screen.queryByTestId('pin-form')).toBeNull()

    await fireEvent.input(screen.getByLabelText('组长 PIN'), { target: { value: '1111' } })
    await fireEvent.click(screen.getByTestId('unlock-submit'))
    await waitFor(() => expect(screen.getByTestId('pin-form')).toBeTruthy())
    expect(calls).toEqual([{ review_id: 1, chair_id: 1, chair_pin: '1111', expert_id: 2 }])
    expect(screen.getByTestId('success').textContent).toBe('已解锁，请李晓梅重新输入 PIN')
  })

  // The reset itself is the store's rule (store test `pins::the_chair_resets_a_forgotten_pin…`);
  // here: a member's PIN form offers the chair's reset, and after it the member sets a new PIN.
  it('lets the chair reset a member’s forgotten PIN, after which the member chooses a new one', async () => {
    let hasPin = true
    const calls: unknown[] = []
    mockIPC((cmd, args) => {
      if (cmd === 'panel_progress') return [progress(member(1, '王振华', 'chair'), false), { ...progress(member(2, '李晓梅', 'member'), false), has_pin: hasPin }]
      if (cmd === 'reset_pin') {
        calls.push((args as { params: unknown }).params)
        hasPin = false
        return null
      }
      return null
    })
    render(SignIn, { reviewId: 1, signedIn: () => {} })
    await fireEvent.click(await screen.findByTestId('choose-王振华'))
    expect(screen.queryByTestId('forgot-pin')).toBeNull()
    await fireEvent.click(screen.getByTestId('choose-李晓梅'))
    await fireEvent.click(screen.getByTestId('forgot-pin'))
    expect(screen.getByTestId('reset-form').textContent).toContain('重置后李晓梅须设置新的 PIN，已填写的评分不受影响')
    await fireEvent.input(screen.getByLabelText('组长 PIN'), { target: { value: '1111' } })
    await fireEvent.click(screen.getByTestId('reset-submit'))
    await waitFor(() => expect(screen.getByText('李晓梅，首次使用请设置 4–8 位数字 PIN')).toBeTruthy())
    expect(calls).toEqual([{ review_id: 1, chair_id: 1, chair_pin: '1111', expert_id: 2 }])
    expect(screen.getByTestId('success').textContent).toContain('已重置李晓梅的 PIN（已记入日志存证）')
  })
})
