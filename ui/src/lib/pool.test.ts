import { describe, expect, it } from 'vitest'
import { pickFromPool, poolLabel } from './pool'
import type { PoolExpert } from './bindings'

const expert = (id: number, name: string, affiliation: string): PoolExpert => ({ id, name, title: '研究员', affiliation, expert_type: 'technical', panels: 0, fields: [] })
const pool = [expert(1, '王振华', '东北大学'), expert(2, '李晓梅', '中国科学院过程工程研究所'), expert(3, '李晓梅', '内蒙古大学')]

describe('picking from the expert pool', () => {
  it('picks by the offered label, or by a name only one expert has', () => {
    expect(pickFromPool(pool, '王振华')?.id).toBe(1)
    expect(pickFromPool(pool, ' 王振华 ')?.id).toBe(1)
    expect(pickFromPool(pool, poolLabel(pool[2]))?.id).toBe(3)
    expect(poolLabel(pool[2])).toBe('李晓梅（内蒙古大学）')
  })

  it('picks nobody for namesakes, strangers or nothing', () => {
    expect(pickFromPool(pool, '李晓梅')).toBeNull()
    expect(pickFromPool(pool, '张三')).toBeNull()
    expect(pickFromPool(pool, '')).toBeNull()
  })
})
