// End-to-end: an expert at the shared laptop sets a PIN, declares no conflict, scores every
// criterion by keyboard alone, writes an opinion, adds a site photo through the file dialog and
// submits; the next expert cannot see those scores before submitting their own.
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

// nm.consultation maxima in order: A1 8, A2 7, B1 8, B2 7, C1 10, C2 10, D1 5, D2 5, D3 8, D4 4,
// D5 3, E1 8, E2 7, F1 10, then the veto item. The expert gives one point less than the maximum
// everywhere: total 100 − 14 = 86. Deducting 1 of 4 (25%) and 1 of 3 (33%) exceeds the template's
// 20% threshold, so the cursor goes to the reason field for D4 and D5 only.
const MAXIMA = ['8', '7', '8', '7', '10', '10', '5', '5', '8', '4', '3', '8', '7', '10']

test('an expert scores by keyboard, adds a photo, submits; the next cannot peek', async () => {
  const dataDir = freshDataDir()
  execFileSync(join(repoRoot, 'target/debug/tic-review'), ['seed-demo', '--db', join(dataDir, 'tic-review.db')])
  const app = await launchApp(dataDir)
  try {
    await app.click('[data-review-center="内蒙古自治区稀土功能材料技术创新中心"] td:nth-child(2)')
    await app.click('[data-testid=choose-赵国强]')
    await app.type('#pin', '3579')
    await app.type('#pin2', '3579' + ENTER)
    await app.waitForText('[data-testid=current-expert]', '赵国强')

    // Scoring is not offered before the declaration; the pledge must be signed.
    await app.click('[data-testid=no-conflict]')
    await app.click('[data-testid=declare]')
    await app.waitForText('[data-testid=declaration-form] [data-testid=error]', '请阅读并签署保密承诺')
    await app.click('[data-testid=pledge]')
    await app.click('[data-testid=declare]')
    await app.find('[data-testid=score-sheet]')

    // An out-of-range score is refused on the spot, naming the criterion.
    await app.click('[data-points="nm.c.A1"]')
    await app.keys('9' + ENTER)
    await app.waitForText('[data-testid=score-sheet]', '得分 9 超过了满分 8')
    await app.keys('\uE003') // Backspace, then the real score.

    const reasons = []
    for (const max of MAXIMA) {
      const criterion = await app.untilFocusOn('data-points')
      // The first score as an input method types it: full-width digits and the unit (“７分”).
      const score = String(Number(max) - 1)
      const typed = criterion === 'nm.c.A1' ? score.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)) + '分' : score
      await app.keys(typed + ENTER)
      // Enter saved it; where did the cursor go?
      const comment = await app.untilFocusLeaves(criterion)
      if (comment) {
        reasons.push(comment)
        await app.keys('现场核实佐证不足' + ENTER)
      }
    }
    assert.deepEqual(reasons, ['nm.c.D4', 'nm.c.D5'])
    assert.equal(await app.untilFocusOn('data-yesno'), 'nm.c.V1')
    await app.keys('n' + ENTER)
    await app.waitForText('[data-testid=total-bar]', '已评 15 / 15')
    assert.equal(await app.text('[data-testid=sheet-total]'), '86')
    await app.waitForText('[data-testid=save-state]', '已保存')

    await app.click('[data-testid=tab-opinion]')
    await app.type('#op-strengths', '稀土功能材料研发基础扎实，共建单位协同较好。')
    await app.type('#op-problems', '技术服务收入来源论证不足。')
    await app.click('[data-testid=opinion-form] input[name=conclusion][value="0"]')
    await app.waitForText('[data-testid=opinion-state]', '已保存')

    await app.click('[data-testid=tab-visit]')
    await app.click('[data-testid=add-photos]')
    await answerFileDialog('选择实地考察照片', join(repoRoot, 'tests/fixtures/pilot-workshop.jpg'))
    await app.waitForText('[data-testid=site-visit]', '已保存 1 张照片', 20000)
    await app.waitForText('[data-testid=photo-grid]', '640×480')

    await app.click('[data-testid=tab-submit]')
    await app.click('[data-testid=submit-sheet]')
    // Submitting signs him out: the shared laptop is back at the name list.
    await app.waitForText('[data-testid=signed-out]', '赵国强的评分表已提交（第 1 次），合计 86 分')
    await app.waitForText('[data-testid=member-picker]', '已提交')
    assert.equal(await app.script("return document.querySelector('[data-testid=current-expert]')"), null)

    // The next expert signs in; before submitting they cannot see 赵国强's scores.
    await app.click('[data-testid=choose-刘婷]')
    await app.type('#pin', '8642')
    await app.type('#pin2', '8642' + ENTER)
    await app.click('[data-testid=no-conflict]')
    await app.click('[data-testid=pledge]')
    await app.click('[data-testid=declare]')
    await app.click('[data-testid=tab-submit]')
    await app.click('[data-testid=view-赵国强]')
    await app.waitForText('[data-testid=submit-panel] [data-testid=error]', '提交自己的评分表之前，不能查看其他专家的评分和意见')
    const page = await app.text('[data-testid=submit-panel]')
    assert.ok(!page.includes('现场核实佐证不足'), 'none of 赵国强’s answers are on screen')

    // The chair (submitted in the demo, 89.1 points) sees the matrix with 赵国强's 86: two scoring
    // experts, fewer than five, so plain means; the exact total is (89.1 + 86) / 2 = 87.55.
    await app.click('[data-testid=switch-expert]')
    await app.click('[data-testid=choose-王振华]')
    await app.type('#pin', '1111' + ENTER)
    await app.click('[data-testid=tab-matrix]')
    await app.waitForText('[data-testid=consolidated-total]', '87.55')
    const summary = await app.text('[data-testid=consolidation-summary]')
    assert.match(summary, /良好/)
    assert.match(summary, /有效评分\s*2 人/)
    const matrix = await app.text('[data-testid=score-matrix]')
    assert.match(matrix, /刘婷\s*未提交/)

    // The chair leaves the review; whoever opens it next on this laptop is asked for a PIN and
    // does not find the chair's matrix.
    await app.click('[data-testid=back-to-reviews]')
    await app.click('[data-review-center="内蒙古自治区稀土功能材料技术创新中心"] td:nth-child(2)')
    await app.find('[data-testid=member-picker]')
    assert.equal(await app.script("return document.querySelector('[data-testid=current-expert], [data-testid=score-matrix]')"), null)
    await app.click('[data-testid=choose-王振华]')
    await app.find('[data-testid=pin-form] #pin')
  } finally {
    await app.quit()
  }
})
