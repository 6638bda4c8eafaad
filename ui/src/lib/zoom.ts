import { getCurrentWebview } from '@tauri-apps/api/webview'

// Large text for readers who need it: the whole window is zoomed by the webview itself (page zoom,
// so every px size, hit-testing and scrolling scale together; CSS zoom on the root confused
// pointer coordinates) and the level is remembered on this computer. Ctrl+Plus,
// Ctrl+Minus and Ctrl+0 step through the levels; 设置 › 字号 picks 标准, 大 or 特大.

export const LEVELS = [0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2] as const
export const SIZES = [
  { label: '标准', level: 1 },
  { label: '大', level: 1.25 },
  { label: '特大', level: 1.5 },
] as const
const KEY = 'tic-review-zoom'

export function savedZoom(storage: Pick<Storage, 'getItem'> = localStorage): number {
  const value = Number(storage.getItem(KEY))
  return (LEVELS as readonly number[]).includes(value) ? value : 1
}

/** The level one step up (+1) or down (-1) from `current`, staying within the levels. */
export function stepZoom(current: number, direction: 1 | -1): number {
  const i = LEVELS.findIndex((l) => l >= current - 1e-9)
  const at = i === -1 ? LEVELS.length - 1 : i
  return LEVELS[Math.min(LEVELS.length - 1, Math.max(0, at + direction))]
}

export function applyZoom(level: number, storage: Pick<Storage, 'setItem'> = localStorage): number {
  // Tests (and a page opened outside the app) have no webview to ask.
  if ('__TAURI_INTERNALS__' in window) void getCurrentWebview().setZoom(level).catch(() => {})
  document.documentElement.dataset.zoom = String(level)
  storage.setItem(KEY, String(level))
  window.dispatchEvent(new CustomEvent('tic-zoom', { detail: level }))
  return level
}

/** The zoom a key press asks for (Ctrl with +, =, -, 0, also on the keypad), or null. */
export function zoomForKey(event: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'key'>, current: number): number | null {
  if (!event.ctrlKey && !event.metaKey) return null
  if (event.key === '+' || event.key === '=') return stepZoom(current, 1)
  if (event.key === '-' || event.key === '_') return stepZoom(current, -1)
  if (event.key === '0') return 1
  return null
}
