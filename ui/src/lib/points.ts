// Exact point arithmetic for display: points travel as decimal strings ("7.5") and are added
// as whole tenths, so the UI never shows 0.30000000000000004.

/** Whole tenths of a point in a decimal string, or null when it is not a valid score. */
export function toTenths(text: string): number | null {
  const m = /^\s*(\d{0,5})(?:\.(\d?)0*)?\s*$/.exec(text)
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return null
  return Number(m[1] || '0') * 10 + Number(m[2] || '0')
}

export function fromTenths(tenths: number): string {
  return tenths % 10 === 0 ? String(tenths / 10) : `${Math.trunc(tenths / 10)}.${tenths % 10}`
}

export function sumPoints(values: string[]): string {
  return fromTenths(values.reduce((sum, v) => sum + (toTenths(v) ?? 0), 0))
}
