import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render } from '@testing-library/svelte'
import Dispersion from './Dispersion.svelte'

afterEach(cleanup)

describe('Dispersion', () => {
  it('draws a dot per score, rings the warned one and says it in words', () => {
    const { container } = render(Dispersion, { scores: ['8', '7.5', null, '3'], max: '10', median: '7.5', warned: [false, false, false, true] })
    const svg = container.querySelector('svg')!
    expect(svg.getAttribute('aria-label')).toBe('分布：最低 3，最高 8，中位数 7.5，满分 10（图示 1–10）；圈出的为偏离提示')
    expect(container.querySelectorAll('circle.dot').length).toBe(3)
    expect(container.querySelectorAll('circle.ring').length).toBe(1)
    // The line shows 1 (3 less a fifth of 10) to 10 from x = 5 to 91: 3 is at 5 + 86 × 2 / 9 = 24.11.
    expect(Number(container.querySelector('circle.ring')!.getAttribute('cx'))).toBeCloseTo(24.111, 2)
  })
})
