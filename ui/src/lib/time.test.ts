import { describe, expect, it } from 'vitest'
import { localTime, normalizeDate } from './time'

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

describe('normalizeDate', () => {
  // The forms the command line also reads (tic-review due --on), and real dates only.
  it.each([
    ['2026-12-01', '2026-12-01'],
    ['2026/12/1', '2026-12-01'],
    ['2026.12.1', '2026-12-01'],
    ['20261201', '2026-12-01'],
    ['2026年12月1日', '2026-12-01'],
    ['２０２６－１２－０１', '2026-12-01'],
    [' 2028-2-29 ', '2028-02-29'],
    ['2026-02-29', null],
    ['2026-13-01', null],
    ['12/02/2026', null],
    ['明天', null],
  ])('%s → %s', (typed, read) => {
    expect(normalizeDate(typed)).toBe(read)
  })
})
