import { describe, expect, it } from 'vitest'
import { applyZoom, savedZoom, stepZoom, zoomForKey } from './zoom'

describe('zoom', () => {
  it('steps through the levels and stops at either end', () => {
    expect(stepZoom(1, 1)).toBe(1.1)
    expect(stepZoom(1.1, 1)).toBe(1.25)
    expect(stepZoom(1, -1)).toBe(0.9)
    expect(stepZoom(2, 1)).toBe(2)
    expect(stepZoom(0.8, -1)).toBe(0.8)
  })

  it('reads Ctrl+Plus, Ctrl+Minus and Ctrl+0, and nothing without Ctrl', () => {
    expect(zoomForKey({ ctrlKey: true, metaKey: false, key: '=' }, 1)).toBe(1.1)
    expect(zoomForKey({ ctrlKey: true, metaKey: false, key: '+' }, 1.25)).toBe(1.5)
    expect(zoomForKey({ ctrlKey: true, metaKey: false, key: '-' }, 1.25)).toBe(1.1)
    expect(zoomForKey({ ctrlKey: true, metaKey: false, key: '0' }, 1.5)).toBe(1)
    expect(zoomForKey({ ctrlKey: false, metaKey: false, key: '=' }, 1)).toBeNull()
    expect(zoomForKey({ ctrlKey: true, metaKey: false, key: 'a' }, 1)).toBeNull()
  })

  it('is kept on this computer, and an unknown stored value means 标准', () => {
    const stored = new Map<string, string>()
    const storage = { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => void stored.set(k, v) }
    expect(savedZoom(storage)).toBe(1)
    applyZoom(1.5, storage)
    expect(document.documentElement.dataset.zoom).toBe('1.5')
    expect(savedZoom(storage)).toBe(1.5)
    stored.set('tic-review-zoom', '7')
    expect(savedZoom(storage)).toBe(1)
  })
})
