// End-to-end: the demo's 现代煤化工 center failed its 2024 绩效评价 and passed the 整改复评 of
// 2025. A clerk sees the link in the timeline, keeps a file as evidence of an open 整改事项 (a
// refused empty file first), orders another 整改 citing the follow-up, creates the next 整改复评
// from it, and finds all of it again after a restart.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { answerFileDialog, ensureDisplay, freshDataDir, launchApp, repoRoot } from './webdriver.mjs'

let xvfb
before(async () => {
  xvfb = await ensureDisplay()
})
after(() => xvfb?.kill())

const CENTER = '内蒙古自治区现代煤化工技术创新中心'

async function openCenter(app) {
  await app.click('[data-testid=nav-centers]')
  await app.click(`[data-testid="center-row-${CENTER}"] td`)
  return app.waitForText('[data-testid=center-timeline]', '整改复评')
}

test('a clerk follows a failed evaluation through evidence, a new 整改 and the next follow-up review', async () => {
  const dataDir = freshDataDir()
  execFileSync(join(repoRoot, 'target/debug/tic-review'), ['seed-demo', '--db', join(dataDir, 'tic-review.db')])
  // ASCII names: the file dialog is typed into with xdotool.
  const empty = join(dataDir, 'empty.txt')
  const report = join(dataDir, 'report-2025.txt')
  writeFileSync(empty, '')
  writeFileSync(report, '2025 annual report: profit-sharing rules applied in 3 transfers.\n')
  let app = await launchApp(dataDir)
  let followUpId
  try {
    const timeline = await openCenter(app)
    assert.match(timeline, /2025-07-10\s*整改复评 · 运行绩效评价\s*（针对 2024-10-10 运行绩效评价）/)
    assert.match(timeline, /已安排复评：2025-07-10 运行绩效评价/)
    // The demo kept the audit summary with the first, confirmed item.
    assert.match(await app.text('[data-testid=rectifications]'), /audit-summary-2025\.txt/)

    // NM:29: the committee's roles are kept with its members; the clerk corrects one.
    assert.match(await app.text('[data-testid=center-facts]'), /高鹏\s*中国国际工程咨询有限公司\s*委员\s*经济专家/)
    await app.click('[data-testid=edit-center]')
    await app.select('[data-testid=member-role-4]', '技术专家')
    await app.click('[data-testid=save-center]')
    await app.waitForText('[data-testid=success]', `已保存：${CENTER}`)
    await app.waitForText('[data-testid=center-facts]', '王建国')
    assert.match(await app.text('[data-testid=center-facts]'), /王建国\s*清华大学\s*委员\s*技术专家/)

    // The open item of the follow-up: an empty file is refused, the report is kept.
    const open = await app.script(
      "return [...document.querySelectorAll('[data-testid=rectifications] tbody tr')].find((tr) => tr.textContent.includes('收益分配办法的执行情况')).querySelector('[data-testid^=add-evidence-]').dataset.testid",
    )
    await app.click(`[data-testid=${open}]`)
    await app.fill('[data-testid=evidence-by]', 'Zhang Min')
    await app.click('[data-testid=evidence-choose]')
    await answerFileDialog('选择整改佐证材料', empty)
    await app.waitForText('[data-testid=rectification-section] [data-testid=error]', '「佐证材料」“empty.txt”是空文件')
    await app.click('[data-testid=evidence-choose]')
    await answerFileDialog('选择整改佐证材料', report)
    await app.waitForText('[data-testid=rectification-section] [data-testid=success]', '已添加佐证材料：report-2025.txt')
    assert.match(await app.text('[data-testid=rectifications]'), /report-2025\.txt\s*（1 KB，Zhang Min 添加）/)

    // The department orders another 整改 citing the follow-up; then the next follow-up can be made.
    await app.click('[data-testid=new-decision]')
    await app.select('[data-testid=decision-kind]', '限期整改')
    await app.setDate('[data-testid=decision-date]', '2026-11-30')
    await app.setDate('[data-testid=decision-due]', '2027-05-31')
    await app.type('[data-testid=decision-number]', '内科发〔2026〕99号')
    await app.select('[data-testid=decision-review]', '2025-07-10 运行绩效评价：良好')
    await app.type('[data-testid=decision-clerk]', '张敏')
    await app.click('[data-testid=save-decision]')
    await app.waitForText('[data-testid=center-status]', '整改中')
    followUpId = await app.script("return document.querySelector('[data-testid^=follow-up-from-]').dataset.testid")
    await app.click(`[data-testid=${followUpId}]`)
    await app.setDate('[data-testid=follow-up-date]', '2025-07-01')
    await app.type('[data-testid=follow-up-place]', '鄂尔多斯市')
    await app.click('[data-testid=follow-up-save]')
    await app.waitForText('[data-testid=follow-up-form]', '「评审日期」复评日期应晚于原评审日期 2025-07-10')
    await app.setDate('[data-testid=follow-up-date]', '2026-12-20')
    await app.click('[data-testid=follow-up-save]')
    await app.waitForText('[data-testid=success]', '已创建整改复评：2026-12-20 运行绩效评价')
    assert.match(await app.text('[data-testid=center-timeline]'), /2026-12-20\s*整改复评 · 运行绩效评价\s*（针对 2025-07-10 运行绩效评价）/)
  } finally {
    await app.quit()
  }

  app = await launchApp(dataDir)
  try {
    // The review list marks the new review as a follow-up.
    await app.waitForText('[data-testid=review-table]', '整改复评')
    const timeline = await openCenter(app)
    assert.match(timeline, /已安排复评：2026-12-20 运行绩效评价/)
    assert.match(await app.text('[data-testid=center-facts]'), /王建国\s*清华大学\s*委员\s*技术专家/)
    assert.match(await app.text('[data-testid=rectifications]'), /report-2025\.txt/)
    // A copy saved from the database holds the same bytes.
    const copy = join(dataDir, 'copy-of-report.txt')
    await app.click('[aria-label="另存为… report-2025.txt"]')
    await answerFileDialog('保存佐证材料副本', copy)
    await app.waitForText('[data-testid=rectification-section] [data-testid=success]', `已保存：${copy}`)
    assert.deepEqual(readFileSync(copy), readFileSync(report))

    // Annual reports sit in the timeline; a review opens on its page, where its documents are.
    assert.match(await app.text('[data-testid=center-timeline]'), /2024-03-20\s*年度报告 · 2023 年度\s*已报送/)
    await app.click('[data-testid^=open-review-]')
    await app.waitForText('[data-testid=review-title]', CENTER)
    await app.waitForText('[data-testid=review-status]', '已完成')
    // A finished review's panel is fixed: nothing to remove or add.
    await app.click('[data-testid=tab-panel]')
    await app.waitForText('[data-testid=panel-fixed]', '评审已完成，专家组不能再调整')
    assert.equal(await app.script("return document.querySelectorAll('[data-testid^=remove-member-], [data-testid=panel-form]').length"), 0)
  } finally {
    await app.quit()
  }
})
