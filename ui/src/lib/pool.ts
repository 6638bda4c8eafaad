// Picking a panel member from the expert pool (专家库) in the add-member form: the name field lists
// the pool; choosing an entry, or typing a name only one pooled expert has, fills the rest.
import type { PoolExpert } from './bindings'

/** What the datalist offers for one expert: the name with the unit, to tell namesakes apart. */
export function poolLabel(e: PoolExpert): string {
  return `${e.name}（${e.affiliation}）`
}

/** The pooled expert the typed text picks, if it picks exactly one. */
export function pickFromPool(pool: PoolExpert[], text: string): PoolExpert | null {
  const t = text.trim()
  if (!t) return null
  const byLabel = pool.find((e) => poolLabel(e) === t)
  if (byLabel) return byLabel
  const byName = pool.filter((e) => e.name === t)
  return byName.length === 1 ? byName[0] : null
}
