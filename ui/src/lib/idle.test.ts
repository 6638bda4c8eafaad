import { describe, expect, it } from 'vitest'
import { IdleWatch } from './idle'

describe('IdleWatch', () => {
  it('reports activity at most every 10 s and is due 20 s before the limit', () => {
    let reports = 0
    const watch = new IdleWatch(5, () => reports++, 0)
    watch.active(1_000)
    watch.active(5_000)
    watch.active(10_999)
    expect(reports).toBe(1)
    watch.active(11_000)
    expect(reports).toBe(2)
    // Last input at 11 s; five minutes is 300 s; due from 11 + 300 − 20 = 291 s.
    expect(watch.due(290_999)).toBe(false)
    expect(watch.due(291_000)).toBe(true)
  })

  it('starts afresh when someone signs in, and follows a changed limit', () => {
    const watch = new IdleWatch(5, () => {}, 0)
    expect(watch.due(600_000)).toBe(true)
    watch.restart(600_000)
    expect(watch.due(601_000)).toBe(false)
    watch.setLimit(1)
    expect(watch.due(600_000 + 39_999)).toBe(false)
    expect(watch.due(600_000 + 40_000)).toBe(true)
  })
})
