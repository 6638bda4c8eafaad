// Timestamps are stored in UTC (RFC 3339); people read them in their computer's local time.

/** "2026-11-23T10:43:05Z" → "2026-11-23 18:43" on a computer set to Beijing time. */
export function localTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** Today on this computer as 2026-12-01, the form a date field holds. */
export function todayIso(): string {
  const d = new Date()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/**
 * A date as people type it, read as 2026-12-01: 2026-12-01, 2026/12/1, 2026.12.1, 20261201,
 * 2026年12月1日, with full-width digits from an input method. Null when it is not a real date
 * (2026-02-30 is not). The core reads the same forms on the command line (tic-review due --on).
 */
export function normalizeDate(text: string): string | null {
  const t = text.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[／．－]/g, (c) => ({ '／': '/', '．': '.', '－': '-' })[c] ?? c)
  const m = /^(\d{4})(?:[-/.年]\s*(\d{1,2})[-/.月]\s*(\d{1,2})日?|(\d{2})(\d{2}))$/.exec(t)
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2] ?? m[4]), Number(m[3] ?? m[5])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${y}-${pad(mo)}-${pad(d)}`
}
