// Exact point arithmetic for display: points travel as decimal strings ("7.5") and are added
// as whole tenths, so the UI never shows 0.30000000000000004.

/**
 * The forms an input method produces, as the core reads them (tic_domain::Points): full-width
 * digits and point (６．５, 7。5) and a trailing unit (5分). The core stays the judge.
 */
export function normalizePoints(text: string): string {
  const t = text.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[．。]/g, '.')
  return t.endsWith('分') ? t.slice(0, -1).trimEnd() : t
}

/** Whole tenths of a point in a decimal string, or null when it is not a valid score. */
export function toTenths(text: string): number | null {
  const m = /^\s*(\d{0,5})(?:\.(\d?)0*)?\s*$/.exec(normalizePoints(text))
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return null
  return Number(m[1] || '0') * 10 + Number(m[2] || '0')
}

export function fromTenths(tenths: number): string {
  return tenths % 10 === 0 ? String(tenths / 10) : `${Math.trunc(tenths / 10)}.${tenths % 10}`
}

export function sumPoints(values: string[]): string {
  return fromTenths(values.reduce((sum, v) => sum + (toTenths(v) ?? 0), 0))
}
