import { describe, expect, it } from 'vitest'
import { fromTenths, sumPoints, toTenths } from './points'

describe('exact points', () => {
  it('reads decimal strings as whole tenths', () => {
    expect(toTenths('7.5')).toBe(75)
    expect(toTenths('8')).toBe(80)
    expect(toTenths(' 3.50 ')).toBe(35)
    expect(toTenths('.5')).toBe(5)
    expect(toTenths('')).toBeNull()
    expect(toTenths('7.25')).toBeNull()
    expect(toTenths('-1')).toBeNull()
    expect(toTenths('abc')).toBeNull()
  })

  it('adds without floating-point drift', () => {
    // 0.1 + 0.2 in floating point is 0.30000000000000004; in tenths it is 3 → "0.3".
    expect(sumPoints(['0.1', '0.2'])).toBe('0.3')
    // The 内蒙古 咨询论证 group A: 8 + 7 = 15.
    expect(sumPoints(['8', '7'])).toBe('15')
    expect(sumPoints(['7.5', '2.5', '0.3'])).toBe('10.3')
    expect(fromTenths(0)).toBe('0')
  })
})

import { fenToYuan, yuanToFen } from './numbers'

describe('yuan and fen', () => {
  it('converts exactly, with full-width digits and separators', () => {
    expect(yuanToFen('投入', '1,200,000.5')).toBe(120_000_050)
    expect(yuanToFen('投入', '２０００．０１')).toBe(200_001)
    expect(yuanToFen('投入', '0.29')).toBe(29)
    expect(() => yuanToFen('2025 年投入', '12.345')).toThrow('「2025 年投入」“12.345”不是有效金额')
    expect(() => yuanToFen('投入', '-5')).toThrow()
    expect(fenToYuan(120_000_050)).toBe('1,200,000.50')
    expect(fenToYuan(7)).toBe('0.07')
  })
})

import { agreementWords } from './labels'

describe('agreement in words', () => {
  it('names the band of Kendall’s W', () => {
    expect(agreementWords('0.8123')).toBe('一致性高')
    expect(agreementWords('0.7000')).toBe('一致性高')
    expect(agreementWords('0.6999')).toBe('一致性较好')
    expect(agreementWords('0.3000')).toBe('一致性一般')
    expect(agreementWords('0.1200')).toBe('一致性较低')
  })
})

import { normalizePoints } from './points'

describe('scores as an input method types them', () => {
  it('reads full-width digits, the full-width point and a trailing 分 as the core does', () => {
    expect(toTenths('８')).toBe(80)
    expect(toTenths('６．５')).toBe(65)
    expect(toTenths('7。5')).toBe(75)
    expect(toTenths('5分')).toBe(50)
    expect(toTenths('６．５ 分')).toBe(65)
    expect(normalizePoints(' ６．５分 ')).toBe('6.5')
    // Still not scores.
    expect(toTenths('五分')).toBeNull()
    expect(toTenths('5分分')).toBeNull()
    expect(toTenths('-1')).toBeNull()
  })
})
