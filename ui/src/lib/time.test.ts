import { describe, expect, it } from 'vitest'
import { localTime } from './time'

describe('localTime', () => {
  it('shows a UTC timestamp in the local zone', () => {
    // The expected text is built from the same instant in the test machine's zone.
    const d = new Date(Date.UTC(2026, 10, 23, 10, 43, 5))
    const pad = (n: number) => String(n).padStart(2, '0')
    const expected = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
    expect(localTime('2026-11-23T10:43:05Z')).toBe(expected)
  })

  it('leaves text that is not a timestamp as it is', () => {
    expect(localTime('不是时间')).toBe('不是时间')
  })
})
