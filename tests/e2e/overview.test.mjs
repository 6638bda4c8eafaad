// End-to-end: a department clerk looks at 内蒙古's year: the latest evaluation of each center
// with its change since the year before, sets a cap on the share of 优秀 and the post-subsidy rule
// in 设置, sees the warning and the seed line in force, exports the Excel, and finds all of it again
// after a restart.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { answerFileDialog, ensureDisplay, freshDataDir, launchApp, repoRoot, until } from './webdriver.mjs'

let xvfb
before(async () => {
  xvfb = await ensureDisplay()
})
after(() => xvfb?.kill())

const CENTER = '内蒙古自治区现代煤化工技术创新中心'

async function showYear(app, year) {
  await app.click('[data-testid=nav-overview]')
  await app.select('[data-testid=overview-region]', '内蒙古')
  await app.fill('[data-testid=overview-year]', year)
  await app.click('[data-testid=overview-show]')
  return app.waitForText('[data-testid=overview-summary]', `${year} 年`)
}

test('a clerk sees the region’s year, sets the 优秀 cap and the post-subsidy rule, and exports it', async () => {
  const dataDir = freshDataDir()
  execFileSync(join(repoRoot, 'target/debug/tic-review'), ['seed-demo', '--db', join(dataDir, 'tic-review.db')])
  let app = await launchApp(dataDir)
  try {
    // 2025: the follow-up evaluation 81.93 (良好) against 2024's 54.80: +27.13 (81.93 − 54.80).
    await showYear(app, '2025')
    const table = await app.waitForText('[data-testid=overview-table]', CENTER)
    assert.match(table, /81\.93 \/ 100\s*良好\s*\+27\.13（上年 54\.80，不合格）/)
    assert.match(table, /1 项待整改（1 项逾期）/)
    assert.match(await app.text('[data-testid=overview-summary]'), /参评 1 个，本年度未评价 \d+ 个。\s*优秀 0 个，占参评的 0\.00%/)
    // NM:46 is in force by default: 良好 receives the post-subsidy.
    await app.waitForText('[data-testid=overview-subsidy-rule]', '后补助：评价结果良好以上（优秀、良好）（依据内蒙古指引 第 46 行')
    assert.match(table, /给予/)
    // A bad year is named, not guessed.
    await app.fill('[data-testid=overview-year]', '二〇二五')
    await app.click('[data-testid=overview-show]')
    await app.waitForText('[data-testid=error]', '年份：“二〇二五”不是有效年份')

    // 设置: an out-of-range cap is refused; then a cap of 1 % and the NM:56 reading.
    await app.click('[data-testid=nav-settings]')
    await app.fill('[data-testid=top-grade-cap]', '150')
    await app.click('[data-testid=save-settings]')
    await app.waitForText('[data-testid=error]', '「优秀比例上限（%）」应在 1 到 100 之间')
    await app.fill('[data-testid=top-grade-cap]', '1')
    await app.select('[data-testid=post-subsidy]', '优秀、良好、合格（第 56 行）')
    await app.click('[data-testid=save-settings]')
    await app.waitForText('[data-testid=success]', '已保存')

    // 2024: 54.80 is 不合格, no 优秀, so the 1 % cap is not exceeded; the NM:56 line is shown.
    await showYear(app, '2024')
    assert.match(await app.waitForText('[data-testid=overview-table]', CENTER), /54\.80 \/ 100\s*不合格/)
    await app.waitForText('[data-testid=overview-subsidy-rule]', '后补助：评价结果合格以上（优秀、良好、合格）（依据内蒙古指引 第 56 行')

    const xlsx = join(dataDir, 'overview-2024.xlsx')
    await app.click('[data-testid=overview-export]')
    await answerFileDialog('导出年度总览', xlsx)
    await app.waitForText('[data-testid=success]', `已导出：${xlsx}`)
    assert.ok(existsSync(xlsx))
    assert.equal(readFileSync(xlsx).subarray(0, 2).toString(), 'PK')
    if (process.env.TIC_E2E_SHOTS) await app.screenshot(join(process.env.TIC_E2E_SHOTS, 'year-overview.png'))
  } finally {
    await app.quit()
  }

  // After a restart the settings hold.
  app = await launchApp(dataDir)
  try {
    await app.click('[data-testid=nav-settings]')
    await until(async () => (await app.script("return document.querySelector('[data-testid=top-grade-cap]')?.value")) === '1', 10000, 'the saved cap of 1 % is not shown')
    await showYear(app, '2024')
    await app.waitForText('[data-testid=overview-summary]', '优秀比例上限：1%')
    await app.waitForText('[data-testid=overview-subsidy-rule]', '第 56 行')
  } finally {
    await app.quit()
  }
})
