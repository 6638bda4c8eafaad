/**
 * A whole number typed in a form box; anything else is refused naming the field rather than
 * guessed at. Ranges are the core's to check; this only turns text into an integer.
 */
export function wholeNumber(label: string, text: string, maxDigits = 4): number {
  if (!new RegExp(`^\\d{1,${maxDigits}}$`).test(text.trim())) throw new Error(`「${label}」“${text}”不是整数`)
  return Number(text.trim())
}

/** Yuan as typed ("1,200,000.50", full-width digits too) → whole fen, exactly (no float arithmetic). */
export function yuanToFen(label: string, text: string): number {
  const t = text.trim().replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[,，]/g, '')
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(t)
  if (!m) throw new Error(`「${label}」“${text}”不是有效金额：请填写以元为单位、最多两位小数的数字`)
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

/** Whole fen → "1,200,000.50". */
export function fenToYuan(fen: number): string {
  const whole = Math.floor(fen / 100).toLocaleString('en-US')
  return `${whole}.${String(fen % 100).padStart(2, '0')}`
}
