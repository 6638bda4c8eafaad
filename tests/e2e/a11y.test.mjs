// End-to-end: axe-core, injected into the real window, checks every main screen at 标准 and at 特大
// (the window zoomed to 150 %): no serious or critical violation, and no page wider than the window
// (nothing cut off at the right edge). The 特大 screenshots of the scoring desk and the chair's
// matrix are kept in the test's data folder for a person to look at.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ENTER, ensureDisplay, freshDataDir, launchApp, repoRoot, until } from './webdriver.mjs'

const axeSource = readFileSync(join(repoRoot, 'ui/node_modules/axe-core/axe.min.js'), 'utf8')

const SECTIONS = [
  ['reviews', '评审'],
  ['due', '待办'],
  ['overview', '年度评价总览'],
  ['centers', '创新中心'],
  ['experts', '专家库'],
  ['templates', '评分模板'],
  ['settings', '设置'],
  ['trust', '证书与核验'],
  ['help', '帮助'],
]

let xvfb
before(async () => {
  xvfb = await ensureDisplay()
})
after(() => xvfb?.kill())

/** Serious and critical violations on the page as it stands, one line each. */
async function violations(app) {
  if (!(await app.script('return !!window.axe'))) await app.script(axeSource)
  const json = await app.cmd('POST', '/execute/async', {
    script: `const done = arguments[arguments.length - 1];
      axe.run(document)
        .then((r) => done(JSON.stringify(r.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => v.impact + ' ' + v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')))))
        .catch((e) => done(JSON.stringify(['axe failed: ' + e])))`,
    args: [],
  })
  return JSON.parse(json)
}

async function assertClean(app, screen, problems) {
  for (const v of await violations(app)) problems.push(`${screen}: ${v}`)
  const overflow = await app.script('return document.documentElement.scrollWidth - window.innerWidth')
  if (overflow > 1) problems.push(`${screen}: the page is ${overflow}px wider than the window`)
}

test('every main screen passes axe at 标准 and at 特大, nothing wider than the window', async () => {
  const dataDir = freshDataDir()
  execFileSync(join(repoRoot, 'target/debug/tic-review'), ['seed-demo', '--db', join(dataDir, 'tic-review.db')])
  const app = await launchApp(dataDir)
  // Zoomed pages are reached by the elements' own click(): WebDriver's pointer does not follow
  // the webview's page zoom, and a person's clicks are not what is under test here.
  const press = async (css) => {
    await app.find(css)
    await app.script('document.querySelector(arguments[0]).click()', [css])
  }
  const problems = []
  try {
    for (const [level, name] of [['1', '标准'], ['1.5', '特大']]) {
      await press('[data-testid=nav-settings]')
      await press(`[data-testid="text-size-${level}"]`)
      await until(() => app.script('return document.documentElement.dataset.zoom === arguments[0]', [level]), 10000, `zoom ${level}`)
      for (const [kind, heading] of SECTIONS) {
        await press(`[data-testid=nav-${kind}]`)
        await app.waitForText('main h2', heading)
        await assertClean(app, `${heading}（${name}）`, problems)
      }
      // A center's page: the clerk's screen.
      await press('[data-testid=nav-centers]')
      await press('[data-testid="center-row-内蒙古自治区现代煤化工技术创新中心"]')
      await app.waitForText('main h2', '内蒙古自治区现代煤化工技术创新中心')
      await assertClean(app, `中心档案（${name}）`, problems)

      // The expert's scoring desk, the chair's matrix and the export section.
      await press('[data-testid=nav-reviews]')
      await press('[data-review-center="内蒙古自治区稀土功能材料技术创新中心"] td:nth-child(2)')
      await press('[data-testid=choose-王振华]')
      await app.type('#pin', '1111' + ENTER)
      await app.waitForText('[aria-selected=true][data-testid=tab-sheet]', '评分')
      await app.find('[data-testid=sheet-form], table')
      await assertClean(app, `评分（${name}）`, problems)
      if (level === '1.5') await app.screenshot(join(dataDir, 'scoring-teda.png'))
      await press('[data-testid=tab-matrix]')
      await app.find('[data-testid=score-matrix]')
      await assertClean(app, `评分汇总（${name}）`, problems)
      if (level === '1.5') {
        await until(
          () => app.script("document.querySelector('[data-testid=score-matrix]').scrollIntoView(); return window.scrollY > 100"),
          10000,
          'the matrix did not scroll into view',
        )
        await app.screenshot(join(dataDir, 'matrix-teda.png'))
      }
      await press('[data-testid=tab-sign]')
      await app.find('[data-testid=export-passphrase]')
      await assertClean(app, `签名与导出（${name}）`, problems)
      await press('[data-testid=switch-expert]')
      await app.find('[data-testid=member-picker]')
    }
  } finally {
    await app.quit()
  }
  assert.deepEqual(problems, [])
})
