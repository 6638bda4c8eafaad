import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen } from '@testing-library/svelte'
import HelpPage from './HelpPage.svelte'

afterEach(cleanup)

describe('HelpPage', () => {
  it('gives every role its steps with the screens’ names', () => {
    render(HelpPage)
    for (const role of ['expert', 'chair', 'laptops', 'clerk']) expect(screen.getByTestId(`help-${role}`)).toBeTruthy()
    expect(screen.getByTestId('help-expert').textContent).toContain('“回避声明”')
    expect(screen.getByTestId('help-chair').textContent).toContain('“签名与导出”')
    expect(screen.getByTestId('help-clerk').textContent).toContain('从专家库抽取')
    expect(screen.getByTestId('help-keys').textContent).toContain('F1')
  })
})
