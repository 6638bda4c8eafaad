import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte'
import DateField from './DateField.svelte'

afterEach(cleanup)

describe('DateField', () => {
  it('shows a typed date as 2026-12-01 once the field is left, and names a date that is not one', async () => {
    let value: string | null = ''
    render(DateField, { props: { label: '复评日期', get value() { return value }, set value(v) { value = v } } })
    const input = screen.getByLabelText('复评日期') as HTMLInputElement
    await fireEvent.input(input, { target: { value: '2026年12月1日' } })
    expect(value).toBe('2026-12-01')
    await fireEvent.blur(input)
    expect(input.value).toBe('2026-12-01')

    await fireEvent.input(input, { target: { value: '2026-02-30' } })
    expect(value).toBe('')
    expect(screen.getByRole('alert').textContent).toBe('日期应写作 2026-12-01')
    expect(input.getAttribute('aria-invalid')).toBe('true')
    await fireEvent.blur(input)
    // What was typed stays, to be corrected.
    expect(input.value).toBe('2026-02-30')
  })
})
