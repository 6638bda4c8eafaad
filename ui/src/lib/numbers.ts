/**
 * A whole number typed in a form box; anything else is refused naming the field rather than
 * guessed at. Ranges are the core's to check; this only turns text into an integer.
 */
export function wholeNumber(label: string, text: string, maxDigits = 4): number {
  if (!new RegExp(`^\\d{1,${maxDigits}}$`).test(text.trim())) throw new Error(`「${label}」“${text}”不是整数`)
  return Number(text.trim())
}
