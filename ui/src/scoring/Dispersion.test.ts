import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render } from '@testing-library/svelte'
import Dispersion from './Dispersion.svelte'

afterEach(cleanup)

describe('Dispersion', () => {
  it('draws a dot per score, rings the warned one and says it in words', () => {
    const { container } = render(Dispersion, { scores: ['8', '7.5', null, '3'], max: '10', median: '7.5', warned: [false, false, false, true] })
    const svg = container.querySelector('svg')!
    expect(svg.getAttribute('aria-label')).toBe('分布：最低 3，最高 8，中位数 7.5，满分 10（图示 0–10）；圈出的为偏离提示')
    expect(container.querySelectorAll('circle.dot').length).toBe(3)
    expect(container.querySelectorAll('circle.ring').length).toBe(1)
    // The line shows 0 (3 less the spread 5, not below 0) to 10 from x = 5 to 91: 3 is at 5 + 86 × 0.3 = 30.8.
    expect(Number(container.querySelector('circle.ring')!.getAttribute('cx'))).toBeCloseTo(30.8, 5)
  })

  it('widens a narrow spread to at least a point below the lowest score', () => {
    const { container } = render(Dispersion, { scores: ['6', '7', '6.5'], max: '7', median: '6.5', warned: [false, false, false] })
    // 6 to 7, spread 1: the line shows 5 to 7, so 6 sits in the middle (5 + 86 / 2 = 48).
    expect(container.querySelector('svg')!.getAttribute('aria-label')).toContain('（图示 5–7）')
    expect(Number(container.querySelectorAll('circle.dot')[0].getAttribute('cx'))).toBeCloseTo(48, 5)
  })
})
