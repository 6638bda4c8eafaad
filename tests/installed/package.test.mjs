// End-to-end against the installed package: scripts/test.sh builds the .deb, installs it with apt
// and runs this file with TIC_REVIEW_APP=/usr/bin/tic-review-app, so a file or library the package
// lacks (the webview, the documents' typeface, the command-line tool, the embedded UI) fails here.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { ENTER, answerFileDialog, appBinary, ensureDisplay, freshDataDir, launchApp } from '../e2e/webdriver.mjs'

const CLI = '/usr/bin/tic-review'
const CENTER = '内蒙古自治区草种业技术创新中心'

let xvfb
before(async () => {
  xvfb = await ensureDisplay()
})
after(() => xvfb?.kill())

test('the installed package declares its dependencies and carries both programs', () => {
  assert.equal(appBinary, '/usr/bin/tic-review-app', 'run with TIC_REVIEW_APP=/usr/bin/tic-review-app')
  const status = execFileSync('dpkg-query', ['-W', '-f', '${Status}\t${Version}\t${Depends}', 'tic-review']).toString()
  const [state, version, depends] = status.split('\t')
  assert.equal(state, 'install ok installed')
  const cargo = readFileSync(join(import.meta.dirname, '../../Cargo.toml'), 'utf8')
  assert.equal(version, cargo.match(/^version = "(.*)"/m)[1])
  for (const dep of ['libwebkit2gtk-4.1-0', 'libgtk-3-0', 'fonts-noto-cjk', 'libssl3']) assert.match(depends, new RegExp(dep))
  const files = execFileSync('dpkg', ['-L', 'tic-review']).toString().split('\n')
  for (const f of ['/usr/bin/tic-review-app', '/usr/bin/tic-review', '/usr/share/applications/tic-review.desktop']) {
    assert.ok(files.includes(f), `${f} in the package`)
  }
  assert.match(readFileSync('/usr/share/applications/tic-review.desktop', 'utf8'), /Exec=tic-review-app/)
  assert.match(execFileSync(CLI, ['--version']).toString(), new RegExp(version.replace(/\./g, '\\.')))
})

test('the .rpm built beside it declares the same programs and dependencies', () => {
  const dir = join(import.meta.dirname, '../../dist/debug')
  const rpm = readdirSync(dir).find((f) => f.endsWith('.rpm'))
  assert.ok(rpm, 'an .rpm in dist/debug')
  const requires = execFileSync('rpm', ['-qpR', join(dir, rpm)]).toString()
  for (const dep of ['libwebkit2gtk-4.1.so.0', 'libgtk-3.so.0', 'google-noto-serif-cjk-fonts', 'openssl-libs']) {
    assert.match(requires, new RegExp(dep.replace(/\./g, '\\.')))
  }
  const files = execFileSync('rpm', ['-qpl', join(dir, rpm)]).toString().split('\n')
  for (const f of ['/usr/bin/tic-review-app', '/usr/bin/tic-review', '/usr/share/applications/tic-review.desktop']) {
    assert.ok(files.includes(f), `${f} in the rpm`)
  }
})

test('the installed program signs and exports a document the installed verifier accepts', async () => {
  const dataDir = freshDataDir()
  execFileSync(CLI, ['seed-demo', '--db', join(dataDir, 'tic-review.db')])
  const app = await launchApp(dataDir)
  try {
    await app.click(`[data-review-center="${CENTER}"] td:nth-child(2)`)
    await app.click('[data-testid=choose-孟庆华]')
    await app.type('#pin', '1111' + ENTER)
    await app.click('[data-testid=tab-sign]')
    await app.type('[data-testid=export-passphrase]', 'demo-2026')
    const pdf = join(dataDir, 'summary.pdf')
    await app.click('[data-testid=export-score_summary]')
    await answerFileDialog('导出专家评分汇总表', pdf)
    await app.waitForText('[data-testid=success]', 'summary.pdf', 30000)
    // What was written is offered to be shown in the file manager (not pressed: no file manager here).
    await app.find('[data-testid=reveal-file]')
  } finally {
    await app.quit()
  }
  const pdf = join(dataDir, 'summary.pdf')
  // Set in the system's Noto Serif CJK SC (fonts-noto-cjk), subsetted into the file.
  assert.match(execFileSync('pdffonts', [pdf]).toString(), /NotoSerifCJKsc-Regular/)
  const text = execFileSync('pdftotext', [pdf, '-']).toString().replace(/\s/g, '')
  assert.match(text, /专家评分汇总表/)
  assert.match(text, /合计/)
  // Exit 0 (trusted) or 3 (intact, the demo root not trusted on this machine); never 1 (broken).
  const verify = spawnSync(CLI, ['verify', pdf], { env: process.env })
  assert.ok([0, 3].includes(verify.status), verify.stdout.toString() + verify.stderr.toString())
  assert.match(verify.stdout.toString(), /孟庆华/)
})
