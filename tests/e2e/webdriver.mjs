// A small W3C WebDriver client for WebKitWebDriver driving the real Tauri window.
// Dependency-free on purpose: Node's fetch and child_process are all it needs.
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf'
export const ENTER = '\uE007'
export const repoRoot = resolve(import.meta.dirname, '../..')
export const appBinary = process.env.TIC_REVIEW_APP ?? join(repoRoot, 'target/debug/tic-review-app')

// Every database the suite makes (with the CLI or in the app) is encrypted with this fixed test
// key, given as TIC_REVIEW_KEY; the suite never reaches the operating system's secret store.
export const TEST_KEY = '5449432d5245564945572d544553542d4b45592d66697865642d6b65792d3332'
process.env.TIC_REVIEW_KEY ??= TEST_KEY

let nextPort = 4445 + (process.pid % 200)

/** Starts Xvfb once for the whole run when no display is set. */
export async function ensureDisplay() {
  if (process.env.DISPLAY) return null
  const display = `:${90 + (process.pid % 9)}`
  const xvfb = spawn('Xvfb', [display, '-screen', '0', '1366x860x24', '-nolisten', 'tcp'], { stdio: 'ignore' })
  process.env.DISPLAY = display
  // Ready once the server answers a request.
  await until(() => execFileSync('xdotool', ['getdisplaygeometry'], { stdio: 'pipe', timeout: 2000 }), 10000, `Xvfb ${display} did not start`)
  return xvfb
}

/** A fresh data directory: the database and XDG folders of one simulated laptop. */
export function freshDataDir() {
  return mkdtempSync(join(tmpdir(), 'tic-review-e2e-'))
}

/**
 * Launches WebKitWebDriver with the app's environment (the driver starts the app, so the
 * database path must be in the driver's environment) and opens a session on the app window.
 */
export async function launchApp(dataDir, { withoutKey = false } = {}) {
  const port = nextPort++
  const env = {
    ...process.env,
    TIC_REVIEW_DB: join(dataDir, 'tic-review.db'),
    XDG_DATA_HOME: join(dataDir, 'xdg-data'),
    XDG_CONFIG_HOME: join(dataDir, 'xdg-config'),
    XDG_CACHE_HOME: join(dataDir, 'xdg-cache'),
    TAURI_WEBVIEW_AUTOMATION: 'true',
  }
  if (withoutKey) {
    // As on a laptop without a system key store: no key given, and no session bus to find one.
    delete env.TIC_REVIEW_KEY
    env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${join(dataDir, 'no-session-bus')}`
  }
  const driver = spawn('WebKitWebDriver', [`--port=${port}`], { env, stdio: 'ignore' })
  const base = `http://127.0.0.1:${port}`
  await until(async () => (await fetch(`${base}/status`).catch(() => null))?.ok, 10000, 'WebKitWebDriver did not start')
  const created = await request(base, 'POST', '/session', {
    capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: appBinary, args: [] } } },
  })
  return new App(base, created.sessionId, driver)
}

async function request(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const json = await res.json().catch(() => ({}))
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.value ?? json)}`)
  return json.value
}

/** Polls `check` until it returns something truthy; fails with `what` after `ms`. */
export async function until(check, ms, what) {
  const end = Date.now() + ms
  let last
  while (Date.now() < end) {
    try {
      const value = await check()
      if (value) return value
    } catch (e) {
      last = e
    }
    await delay(100)
  }
  throw new Error(`${what}${last ? `: ${last.message}` : ''}`)
}

/**
 * Answers the native GTK file chooser titled `title` by typing `path` into it, as a person would.
 * xdotool finds the dialog window, focuses it, types the path and presses Enter.
 */
export async function answerFileDialog(title, path) {
  // xdotool types characters outside ASCII by remapping a spare keycode for each one, and under
  // load the dialog reads some of them after the mapping changed: such paths arrive mangled.
  if (/[^\x20-\x7e]/.test(path)) throw new Error(`answerFileDialog needs an ASCII path, got ${path}`)
  // An absolute path: a leading "/" opens the chooser's location bar even if Ctrl+L was lost.
  if (!path.startsWith('/')) throw new Error(`answerFileDialog needs an absolute path, got ${path}`)
  const xdotool = (...args) => execFileSync('xdotool', args, { stdio: 'pipe', timeout: 5000 })
  const find = () => {
    try {
      return xdotool('search', '--onlyvisible', '--name', title).toString().trim().split('\n')[0] || null
    } catch {
      return null
    }
  }
  const win = await until(find, 10000, `file dialog “${title}” did not open`)
  // Every wait is on something seen: the dialog mapped, holding the keyboard focus (windowfocus
  // --sync returns once the X server reports it), and gone after Enter. Keys sent to one window
  // arrive in order, so none needs a pause before the next. If the chooser was still building its
  // widgets and dropped some keys, it is still open: the location bar is replaced again.
  for (let attempt = 0; attempt < 6 && find(); attempt++) {
    await until(() => xdotool('windowfocus', '--sync', win) && true, 10000, `file dialog “${title}” did not take the focus`)
    xdotool('key', '--window', win, 'ctrl+l')
    xdotool('key', '--window', win, 'ctrl+a')
    xdotool('type', '--window', win, '--delay', '15', path)
    xdotool('key', '--window', win, 'Return')
    await until(() => !find(), 3000 + attempt * 2000, 'dialog still open').catch(() => {})
  }
  if (find()) throw new Error(`file dialog “${title}” did not accept ${path}`)
}

export class App {
  constructor(base, session, driver) {
    this.base = base
    this.session = session
    this.driver = driver
  }

  cmd(method, path, body) {
    return request(this.base, method, `/session/${this.session}${path}`, body)
  }

  async find(css, ms = 10000) {
    return until(async () => (await this.cmd('POST', '/element', { using: 'css selector', value: css }))[ELEMENT], ms, `no element ${css}`)
  }

  async click(css) {
    const id = await this.find(css)
    await this.cmd('POST', `/element/${id}/click`, {})
  }

  async type(css, text) {
    const id = await this.find(css)
    await this.cmd('POST', `/element/${id}/value`, { text })
  }

  async text(css) {
    const id = await this.find(css)
    return this.cmd('GET', `/element/${id}/text`)
  }

  /** Chooses the option whose label contains `label`, as a person picking from the list would. */
  async select(css, label) {
    await this.find(css)
    // Options often arrive from the core after the form shows: wait for the one asked for.
    await until(
      () =>
        this.script(
          `const s = document.querySelector(arguments[0]);
           const o = s && [...s.options].find((o) => o.textContent.includes(arguments[1]));
           if (!o) return false;
           s.value = o.value; s.dispatchEvent(new Event('change', { bubbles: true })); return true;`,
          [css, label],
        ),
      10000,
      `no option “${label}” in ${css}`,
    )
  }

  /** Types at whatever element has the focus, as a person at the keyboard does. */
  async keys(text) {
    const actions = [...text].flatMap((ch) => [{ type: 'keyDown', value: ch }, { type: 'keyUp', value: ch }])
    await this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] })
    await this.cmd('DELETE', '/actions')
  }

  /** Replaces a field's text as a person would: click, Ctrl+A, type. */
  /** Sets a date field as the date picker would: its locale's display cannot be typed into reliably. */
  async setDate(css, value) {
    await this.find(css)
    await this.script(
      `const el = document.querySelector(arguments[0]); el.value = arguments[1]; el.dispatchEvent(new Event('input', { bubbles: true }))`,
      [css, value],
    )
  }

  /** Ctrl with one key, as a person presses it (Ctrl+=, Ctrl+-, Ctrl+0). */
  async ctrl(key) {
    const ctrl = '\uE009'
    await this.cmd('POST', '/actions', {
      actions: [{ type: 'key', id: 'keyboard', actions: [
        { type: 'keyDown', value: ctrl }, { type: 'keyDown', value: key }, { type: 'keyUp', value: key }, { type: 'keyUp', value: ctrl },
      ] }],
    })
    await this.cmd('DELETE', '/actions')
  }

  async fill(css, text) {
    await this.click(css)
    const ctrl = '\uE009'
    await this.cmd('POST', '/actions', {
      actions: [{ type: 'key', id: 'keyboard', actions: [
        { type: 'keyDown', value: ctrl }, { type: 'keyDown', value: 'a' }, { type: 'keyUp', value: 'a' }, { type: 'keyUp', value: ctrl },
      ] }],
    })
    await this.cmd('DELETE', '/actions')
    await this.keys(text)
  }

  /**
   * Waits until the cursor has left the score field of `criterion` (the sheet moves it once the
   * score is saved); returns the criterion of the reason field it went to, or null for any other.
   */
  async untilFocusLeaves(criterion) {
    return until(async () => {
      const [points, comment, yesno] = await this.script(
        "const a = document.activeElement; return a ? ['data-points', 'data-comment', 'data-yesno'].map((n) => a.getAttribute(n)) : [null, null, null]",
      )
      if (comment) return { comment }
      if ((points && points !== criterion) || yesno) return { comment: null }
      return null
    }, 10000, `the cursor never left ${criterion}`).then((r) => r.comment)
  }

  /** Waits until the focused element has attribute `name` (the cursor moved there); returns its value. */
  async untilFocusOn(name, ms = 10000) {
    return until(() => this.activeAttribute(name), ms, `the cursor never reached a field with ${name}`)
  }

  /** An attribute of the focused element (e.g. data-points), or null. */
  async activeAttribute(name) {
    return this.script('return document.activeElement && document.activeElement.getAttribute(arguments[0])', [name])
  }

  /** Draws a wavy stroke across a canvas with real pointer events, as a mouse would. */
  async drawSignature(css, seed) {
    await this.find(css)
    return this.script(`
      const pad = document.querySelector(arguments[0])
      const r = pad.getBoundingClientRect()
      const at = (t) => ({ clientX: r.left + r.width * (0.08 + 0.84 * t), clientY: r.top + r.height * (0.5 + 0.3 * Math.sin(t * (8 + arguments[1]) * 3.1)), pointerId: 1, pointerType: 'mouse', bubbles: true, buttons: 1 })
      pad.dispatchEvent(new PointerEvent('pointerdown', at(0)))
      for (let i = 1; i <= 60; i++) pad.dispatchEvent(new PointerEvent('pointermove', at(i / 60)))
      pad.dispatchEvent(new PointerEvent('pointerup', at(1)))
    `, [css, seed])
  }

  script(body, args = []) {
    return this.cmd('POST', '/execute/sync', { script: body, args })
  }

  /** Waits until the element's text contains `needle`, and returns that text. */
  async waitForText(css, needle, ms = 10000) {
    let seen = ''
    try {
      return await until(async () => {
        seen = await this.text(css)
        return seen.includes(needle) ? seen : null
      }, ms, `“${needle}” never appeared in ${css}`)
    } catch (e) {
      // What the element did show, and the whole window, make a failure readable after the run.
      const shot = join(tmpdir(), `tic-e2e-${Date.now()}.png`)
      await this.screenshot(shot).catch(() => {})
      throw new Error(`${e.message}; it showed “${seen.slice(0, 300)}”; screenshot ${shot}`)
    }
  }

  async screenshot(path) {
    const png = await this.cmd('GET', '/screenshot')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(path, Buffer.from(png, 'base64'))
  }

  /** Closes the window (the app exits) and stops the driver. */
  async quit() {
    await this.cmd('DELETE', '').catch(() => {})
    this.driver.kill()
  }
}
