// End-to-end: 专家抽取 through the real window. A clerk records three pool experts' fields in
// 专家库, draws the demo 乳业 evaluation's panel from the pool with a given seed, sees who was
// excluded and why, replaces the chair who cannot come from the reserves, builds the roster from
// the draw, and finds the draw and its seed again after a restart.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { ENTER, answerFileDialog, ensureDisplay, freshDataDir, launchApp, repoRoot } from './webdriver.mjs'

let xvfb
before(async () => {
  xvfb = await ensureDisplay()
})
after(() => xvfb?.kill())

const cli = join(repoRoot, 'target/debug/tic-review')
const CENTER = '内蒙古自治区乳业技术创新中心'
const DAIRY = ['王振华', '孟庆华', '苏建国']

test('a clerk draws a panel from the pool, replaces a decline from the reserves and seats it', async () => {
  const dataDir = freshDataDir()
  execFileSync(cli, ['seed-demo', '--db', join(dataDir, 'tic-review.db')])
  let app = await launchApp(dataDir)
  let drawn
  try {
    // F1 opens the help, where a clerk reads how a panel is drawn.
    await app.find('[data-testid=review-table]')
    await app.keys('\uE031')
    await app.waitForText('[data-testid=help-clerk]', '从专家库抽取')
    await app.click('[data-testid=nav-experts]')
    for (const name of DAIRY) {
      await app.click(`[data-testid=expert-record-${name}]`)
      // The record opens once it is read; until then the previous expert's stays open.
      await app.find(`[data-testid=expert-record-${name}][aria-expanded=true]`)
      await app.fill('[data-testid=expert-fields]', '食品，乳业' + ENTER)
      await app.waitForText('[data-testid=success]', `已保存${name}的专业领域`)
    }
    assert.match(await app.text('[data-testid=expert-table]'), /乳业、食品/)

    await app.click('[data-testid=nav-reviews]')
    await app.click(`[data-review-center="${CENTER}"] td:nth-child(2)`)
    await app.waitForText('[data-testid=review-title]', CENTER)
    await app.find('[data-testid=panel-draw]')

    // A count that is not a number is named, and nothing is drawn.
    await app.fill('[data-testid=draw-count-technical]', '两')
    await app.click('[data-testid=draw-panel]')
    await app.waitForText('[data-testid=error]', '「技术专家」应为 0 到 30 的整数')
    for (const [type, count] of [['technical', '2'], ['management', '0'], ['policy', '0'], ['finance', '0']]) {
      await app.fill(`[data-testid=draw-count-${type}]`, count)
    }
    await app.fill('[data-testid=draw-fields]', '乳业')
    await app.fill('[data-testid=draw-reserves]', '1')
    await app.fill('[data-testid=draw-by]', '张敏')
    await app.fill('[data-testid=draw-seed]', '20261203')
    await app.click('[data-testid=draw-panel]')
    await app.waitForText('[data-testid=draw-summary]', '由张敏抽取，随机种子 20261203')

    // The other ten experts of the pool lack the field; the three with it are drawn or reserve.
    const excluded = await app.waitForText('[data-testid=drawn-excluded]', '回避排除的专家（10 人）')
    assert.match(excluded, /专业领域不符（本次需要：乳业）/)
    drawn = await app.script('return [...document.querySelectorAll("[data-testid=drawn-members] tbody tr td:first-child")].map((td) => td.textContent)')
    const reserve = await app.text('[data-testid=drawn-reserves] tbody')
    assert.equal(drawn.length, 2)
    assert.deepEqual([...drawn, DAIRY.find((n) => reserve.includes(n))].sort(), [...DAIRY].sort())
    assert.match(await app.text('[data-testid=drawn-members]'), /组长/)

    // The chair cannot come: the reserve takes the seat and the chair.
    await app.click(`[data-testid=decline-${drawn[0]}]`)
    await app.type('[data-testid=decline-reason]', '出差在外' + ENTER)
    await app.waitForText('[data-testid=success]', `${drawn[0]}不能参加（出差在外），已由备选专家`)
    assert.match(await app.text('[data-testid=drawn-declined]'), /出差在外/)

    await app.click('[data-testid=seat-drawn]')
    await app.waitForText('[data-testid=success]', '已按抽取结果组建专家组')
    const panel = await app.waitForText('[data-testid=panel-table]', '组长')
    assert.doesNotMatch(panel, new RegExp(drawn[0]))
    assert.match(panel, new RegExp(drawn[1]))
  } finally {
    await app.quit()
  }

  app = await launchApp(dataDir)
  try {
    await app.click(`[data-review-center="${CENTER}"] td:nth-child(2)`)
    await app.click('[data-testid=tab-panel]')
    await app.waitForText('[data-testid=draw-summary]', '随机种子 20261203；已于')
    assert.match(await app.text('[data-testid=drawn-declined]'), new RegExp(`${drawn[0]}出差在外`))
    assert.equal(await app.script('return document.querySelector("[data-testid=draw-panel]")'), null, 'a seated draw is final')

    // The chair (the reserve who took the seat) signs the 专家抽取记录.
    const chair = await app.script('return [...document.querySelectorAll("[data-testid=panel-table] tbody tr")].find((tr) => tr.textContent.includes("组长")).children[1].textContent')
    await app.click('[data-testid=tab-scoring]')
    await app.click(`[data-testid=choose-${chair}]`)
    await app.type('#pin', '2468')
    await app.type('#pin2', '2468' + ENTER)
    await app.waitForText('[data-testid=current-expert]', chair)
    await app.click('[data-testid=no-conflict]')
    await app.click('[data-testid=pledge]')
    await app.click('[data-testid=declare]')
    await app.click('[data-testid=tab-sign]')
    await app.type('[data-testid=new-passphrase]', 'chouqu2026')
    await app.type('[data-testid=new-passphrase2]', 'chouqu2026')
    await app.click('[data-testid=create-identity]')
    await app.waitForText('[data-testid=identity]', chair)
    await app.type('[data-testid=export-passphrase]', 'chouqu2026')
    await app.click('[data-testid=export-draw_record]')
    const pdf = join(dataDir, 'draw-record.pdf')
    await answerFileDialog('导出专家抽取记录', pdf)
    await app.waitForText('[data-testid=success]', '已导出并签名', 20000)
    const text = execFileSync('pdftotext', [pdf, '-']).toString().replace(/\s/g, '')
    assert.match(text, /专家抽取记录/)
    assert.match(text, /随机种子20261203/)
    assert.match(text, /专业领域不符（本次需要：乳业）/)
    assert.match(text, new RegExp(`${drawn[0]}出差在外${chair}`))
  } finally {
    await app.quit()
  }
})
