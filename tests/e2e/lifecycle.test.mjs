// End-to-end: a department clerk opens a center of the demo, records the department's decisions
// (a refused one first), sees the status, the timeline and the 待办 list change, and finds them
// after a restart; then confirms an overdue 整改事项 with evidence.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { ensureDisplay, freshDataDir, launchApp, repoRoot, until } from './webdriver.mjs'

let xvfb
before(async () => {
  xvfb = await ensureDisplay()
})
after(() => xvfb?.kill())

const CENTER = '广西糖业技术创新中心'

test('a clerk records the department’s decisions and the center’s status follows, across a restart', async () => {
  const dataDir = freshDataDir()
  execFileSync(join(repoRoot, 'target/debug/tic-review'), ['seed-demo', '--db', join(dataDir, 'tic-review.db')])
  let app = await launchApp(dataDir)
  try {
    // The home screen sums up what is due; GX:18 wants a report on each build year, none is on file.
    await app.waitForText('[data-testid=due-summary]', '逾期')
    await app.click('[data-testid=due-show-all]')
    const due = await app.waitForText('[data-testid=due-table]', CENTER)
    assert.match(due, /2024-03-31\s*广西糖业技术创新中心\s*广西\s*2023 年度工作情况及下年度工作计划\s*逾期 \d+ 天/)
    await app.select('[data-testid=due-region]', '四川')
    await until(async () => !(await app.text('[data-testid=due-table]')).includes(CENTER), 10000, 'the region filter kept 广西')

    await app.click('[data-testid=nav-centers]')
    // The demo registered this center with its approval date: it is building (GX:18 批复建设).
    const row = await app.waitForText(`[data-testid="center-row-${CENTER}"]`, '建设中')
    assert.match(row, /2023-06-30/)
    await app.click(`[data-testid="center-row-${CENTER}"] td`)
    await app.waitForText('[data-testid=center-status]', '建设中')
    assert.match(await app.text('[data-testid=center-timeline]'), /2023-06-30\s*决定 · 批复建设/)

    // Acceptance passed: 批复认定并授牌 needs its document number.
    await app.click('[data-testid=new-decision]')
    await app.select('[data-testid=decision-kind]', '批复认定并授牌')
    await app.setDate('[data-testid=decision-date]', '2026-09-01')
    await app.type('[data-testid=decision-clerk]', '黄丽')
    await app.click('[data-testid=save-decision]')
    await app.waitForText('[data-testid=error]', '「文号」不能为空')
    await app.type('[data-testid=decision-number]', '桂科创字〔2026〕18号')
    await app.click('[data-testid=save-decision]')
    await app.waitForText('[data-testid=success]', '已登记：2026-09-01 批复认定并授牌；中心状态为「已认定（授牌）」')
    await app.waitForText('[data-testid=center-status]', '已认定（授牌）')

    // 限期整改 needs a deadline; the clerk's name is remembered for the sitting.
    await app.click('[data-testid=new-decision]')
    await app.select('[data-testid=decision-kind]', '限期整改')
    await app.setDate('[data-testid=decision-date]', '2026-11-20')
    await app.click('[data-testid=save-decision]')
    await app.waitForText('[data-testid=error]', '「整改期限」限期整改须写明整改期限')
    await app.setDate('[data-testid=decision-due]', '2027-05-20')
    await app.click('[data-testid=save-decision]')
    await app.waitForText('[data-testid=center-status]', '整改中')
    const timeline = await app.text('[data-testid=center-timeline]')
    assert.match(timeline, /2026-09-01\s*决定 · 批复认定并授牌\s*桂科创字〔2026〕18号/)
    assert.match(timeline, /2026-11-20\s*决定 · 限期整改\s*整改期限 2027-05-20/)
    assert.match(timeline, /经办人 黄丽/)

    // The 待办 list follows: acceptance is done, the rectification deadline is due.
    await app.click('[data-testid=nav-due]')
    const after = await app.waitForText('[data-testid=due-table]', '整改完成并验收')
    assert.match(after, /2027-05-20\s*广西糖业技术创新中心/)
    assert.doesNotMatch(after, /2023 年度工作情况及下年度工作计划/)
  } finally {
    await app.quit()
  }

  app = await launchApp(dataDir)
  try {
    await app.click('[data-testid=nav-centers]')
    await app.waitForText(`[data-testid="center-row-${CENTER}"]`, '整改中')
    await app.click(`[data-testid="center-row-${CENTER}"] td`)
    await app.waitForText('[data-testid=center-status]', '整改中')
    assert.match(await app.text('[data-testid=center-timeline]'), /限期整改/)

    // A center whose review is complete shows its result in the timeline and in the chart.
    await app.click('[data-testid=back-to-centers]')
    await app.click('[data-testid="center-row-内蒙古自治区草种业技术创新中心"] td')
    await app.waitForText('[data-testid=center-timeline]', '94.67 分')
    await app.find('[data-testid=center-chart]')
    const chart = await app.script("return document.querySelector('[data-testid=center-chart] svg').getAttribute('aria-label')")
    assert.match(chart, /^历年评审得分：2026-11-18 咨询论证（含实地考察） 94\.67\/100/)

    // 整改事项: the follow-up evaluation of 现代煤化工 left one item, now overdue; it is confirmed
    // done with evidence (an empty one is refused) and leaves the 待办 list.
    const HISTORY = '内蒙古自治区现代煤化工技术创新中心'
    await app.click('[data-testid=back-to-centers]')
    await app.click(`[data-testid="center-row-${HISTORY}"] td`)
    const items = await app.waitForText('[data-testid=rectifications]', '在 2025 年度报告中报告收益分配办法的执行情况')
    assert.match(items, /研发投入达到建设方案承诺水平\s*2024-10-10 运行绩效评价\s*2025-06-30\s*已整改/)
    assert.match(items, /在 2025 年度报告中报告收益分配办法的执行情况\s*2025-07-10 运行绩效评价\s*2026-03-31\s*逾期/)
    await app.click('[data-testid=rectifications] button[data-testid^=confirm-rectification-]')
    await app.fill('[data-testid=rectification-by]', '黄丽')
    await app.click('[data-testid=rectification-save]')
    await app.waitForText('[data-testid=error]', '请写明整改的佐证')
    await app.type('[data-testid=rectification-evidence]', '2025 年度报告第四章已报告执行情况')
    await app.click('[data-testid=rectification-save]')
    await app.waitForText('[data-testid=rectification-section] [data-testid=success]', '已确认整改完成：在 2025 年度报告中报告收益分配办法的执行情况')
    assert.match(await app.text('[data-testid=rectifications]'), /2025 年度报告第四章已报告执行情况（黄丽 确认/)
    await app.click('[data-testid=nav-due]')
    await app.waitForText('[data-testid=due-table]', '2025 年度报告')
    assert.doesNotMatch(await app.text('[data-testid=due-table]'), /整改：在 2025 年度报告中/)
  } finally {
    await app.quit()
  }
})
