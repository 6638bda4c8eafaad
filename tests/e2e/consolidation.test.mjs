// End-to-end: the four remaining experts of the demo panel score and submit; the chair sees the
// five-expert matrix, puts one criterion to a second round, one expert re-scores it with a
// reason, and the chair's matrix shows both rounds and the new total. Everyone approves the panel
// opinion and draws a signature; the chair makes a signing identity and exports the signed PDF.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { ENTER, answerFileDialog, ensureDisplay, freshDataDir, launchApp, repoRoot, until } from './webdriver.mjs'

let xvfb
before(async () => {
  xvfb = await ensureDisplay()
})
after(() => xvfb?.kill())

const MAXIMA = {
  'nm.c.A1': '8', 'nm.c.A2': '7', 'nm.c.B1': '8', 'nm.c.B2': '7', 'nm.c.C1': '10', 'nm.c.C2': '10', 'nm.c.D1': '5',
  'nm.c.D2': '5', 'nm.c.D3': '8', 'nm.c.D4': '4', 'nm.c.D5': '3', 'nm.c.E1': '8', 'nm.c.E2': '7', 'nm.c.F1': '10',
}

async function signIn(app, name, pin, isNew) {
  // Someone may still be signed in (the desk), or the laptop is at the name list (after a submit).
  const at = await until(
    () => app.script("return document.querySelector('[data-testid=switch-expert]') ? 'desk' : document.querySelector('[data-testid=member-picker]') ? 'list' : null"),
    10000,
    'neither the desk nor the name list appeared',
  )
  if (at === 'desk') await app.click('[data-testid=switch-expert]')
  await app.click(`[data-testid=choose-${name}]`)
  if (isNew) {
    await app.type('#pin', pin)
    await app.type('#pin2', pin + ENTER)
  } else {
    await app.type('#pin', pin + ENTER)
  }
  await app.waitForText('[data-testid=current-expert]', name)
}

/** Full marks everywhere except A1, no veto, an opinion, then submit. */
async function scoreAndSubmit(app, a1) {
  // The desk shows either the declaration (first visit) or the sheet once it has loaded.
  const first = await until(
    () => app.script("return document.querySelector('[data-testid=declaration-form]') ? 'declare' : document.querySelector('[data-testid=score-sheet]') ? 'sheet' : null"),
    10000,
    'neither the declaration nor the score sheet appeared',
  )
  if (first === 'declare') {
    await app.click('[data-testid=no-conflict]')
    await app.click('[data-testid=pledge]')
    await app.click('[data-testid=declare]')
  }
  await app.find('[data-testid=score-sheet]')
  for (const [id, max] of Object.entries(MAXIMA)) {
    await app.fill(`[data-points="${id}"]`, (id === 'nm.c.A1' ? a1 : max) + ENTER)
    // A deduction beyond the template's threshold sends the cursor to the reason, which the sheet
    // needs; wait for the save to move the cursor before typing on.
    if ((await app.untilFocusLeaves(id)) === id) {
      await app.type(`[data-comment="${id}"]`, '产业链延伸论证不足' + ENTER)
      await app.untilFocusOn('data-points')
    }
  }
  await app.click('[data-yesno="nm.c.V1"] button')
  await app.waitForText('[data-testid=total-bar]', '已评 15 / 15')
  await app.click('[data-testid=tab-opinion]')
  await app.type('#op-strengths', '建设基础较好。')
  await app.click('[data-testid=opinion-form] input[name=conclusion][value="0"]')
  await app.waitForText('[data-testid=opinion-state]', '已保存')
  await app.click('[data-testid=tab-submit]')
  await app.click('[data-testid=submit-sheet]')
  await app.waitForText('[data-testid=signed-out]', '的评分表已提交（第')
}

test('the chair consolidates five sheets and runs a second round on one criterion', async () => {
  const dataDir = freshDataDir()
  execFileSync(join(repoRoot, 'target/debug/tic-review'), ['seed-demo', '--db', join(dataDir, 'tic-review.db')])
  const app = await launchApp(dataDir)
  try {
    await app.click('[data-review-center="内蒙古自治区稀土功能材料技术创新中心"] td:nth-child(2)')
    await app.find('[data-testid=member-picker]')
    await signIn(app, '李晓梅', '2222', false)
    await scoreAndSubmit(app, '7')
    await signIn(app, '赵国强', '3579', true)
    await scoreAndSubmit(app, '6.5')
    await signIn(app, '刘婷', '8642', true)
    await scoreAndSubmit(app, '3')
    await signIn(app, '韩永胜', '1357', true)
    await scoreAndSubmit(app, '8')

    // The chair submitted in the demo: A1 7.2 and, on the other 13 criteria, 81.9 (total 89.1).
    // Five experts reach the template's five: trimmed means. A1: 3 6.5 7 7.2 8 → (6.5 + 7 + 7.2) / 3
    // = 6.9. Every other criterion has four full marks and the chair's score at or below the
    // maximum, so dropping one lowest and one highest leaves three full marks: the maximum. Their
    // sum is 100 − 8 = 92; total 92 + 6.9 = 98.90.
    await signIn(app, '王振华', '1111', false)
    await app.click('[data-testid=tab-matrix]')
    await app.waitForText('[data-testid=consolidated-total]', '98.90')
    assert.match(await app.text('[data-testid=consolidation-summary]'), /有效评分\s*5 人/)
    // Each expert's own total, in column order: the chair 89.1; the members 92 + their A1
    // (7, 6.5, 3, 8) = 99, 98.5, 95, 100. W is said in words beside the number.
    assert.match(await app.text('[data-testid=expert-totals]'), /各专家评分合计\s*89\.1\s*99\s*98\.5\s*95\s*100/)
    await app.waitForText('[data-testid=agreement]', '一致性')

    // 刘婷's 3 is 4 from the median 7, beyond 25% of 8 (2): the chair asks her to explain.
    const warnings = await app.waitForText('[data-testid=warnings]', '刘婷的评分 3 与专家组中位数 7 相差 4 分')
    assert.doesNotMatch(warnings, /韩永胜的评分/)
    const liuTing = await app.script("return [...document.querySelectorAll('[data-testid^=ask-]')].find((b) => b.closest('li').textContent.includes('刘婷的评分')).dataset.testid")
    await app.click(`[data-testid="${liuTing}"]`)
    await app.waitForText('[data-testid=success]', '已向刘婷请求说明')
    await signIn(app, '刘婷', '8642', false)
    await app.click('[data-testid=tab-justify]')
    await app.type('[data-testid="justify-nm.c.A1"]', '现场未见产业链下游企业的合作协议。')
    await app.click('[data-testid="justify-save-nm.c.A1"]')
    await app.waitForText('[data-testid="justify-saved-nm.c.A1"]', '已保存')
    await signIn(app, '王振华', '1111', false)
    await app.click('[data-testid=tab-matrix]')
    await app.waitForText('[data-testid=warnings]', '刘婷的说明：现场未见产业链下游企业的合作协议。')
    // Asking changed no score.
    await app.waitForText('[data-testid=consolidated-total]', '98.90')

    await app.click('[data-round-pick="nm.c.A1"]')
    await app.click('[data-testid=open-round]')
    await app.waitForText('[data-testid=success]', '已发起第 2 轮讨论')

    // 韩永胜 lowers A1 from 8 to 7 with a reason. A1: 3 6.5 7 7 7.2 → (6.5 + 7 + 7) / 3 = 6.8333…;
    // total 92 + 6.8333… = 98.8333… → 98.83.
    await signIn(app, '韩永胜', '1357', false)
    await app.click('[data-testid=tab-round]')
    await app.fill('[data-round-points="nm.c.A1"]', '7')
    await app.click('[data-testid="round-save-nm.c.A1"]')
    await app.waitForText('[data-testid=round-form]', '重新评分须写明理由')
    await app.fill('[data-round-reason="nm.c.A1"]', '讨论后认为产业链延伸论证仍不充分' + ENTER)
    await app.waitForText('[data-testid=round-form]', '已保存')

    await signIn(app, '王振华', '1111', false)
    await app.click('[data-testid=tab-matrix]')
    await app.waitForText('[data-testid=consolidated-total]', '98.83')
    const matrix = await app.text('[data-testid=score-matrix]')
    assert.match(matrix, /8→7/)

    // The chair drafts the panel opinion from the members' opinions and saves it; every member
    // wrote “建设基础较好。”, so the draft has that point once, credited to the four of them.
    await app.click('[data-testid=tab-panel_opinion]')
    const draft = await app.waitForText('[data-testid=panel-opinion]', '初稿')
    assert.match(draft, /李晓梅、赵国强、刘婷、韩永胜/)
    await app.type('#po-overall', '该中心定位清晰，建设方案基本可行。')
    await app.click('[data-testid=save-panel-opinion]')
    await app.waitForText('[data-testid=success]', '已保存（第 1 稿）')

    await signIn(app, '韩永胜', '1357', false)
    await app.click('[data-testid=tab-panel_opinion]')
    await app.click('[data-testid=approve-panel-opinion]')
    await app.waitForText('[data-testid=approvals]', '韩永胜：已确认本稿')
    assert.match(await app.text('[data-testid=approvals]'), /王振华：待确认/)

    // The chair cannot export until everyone has approved the current text; the message names who.
    await signIn(app, '王振华', '1111', false)
    await app.click('[data-testid=tab-sign]')
    await app.waitForText('[data-testid=unsigned]', '王振华、李晓梅、赵国强、刘婷、韩永胜')
    // What the export would refuse is said before the save dialog, beside the buttons.
    await app.click('[data-testid=export-panel_opinion]')
    const pdf = join(dataDir, 'panel-opinion.pdf')
    await app.waitForText('[data-testid=error]', '以下专家尚未确认专家组意见：王振华、李晓梅、赵国强、刘婷')
    assert.equal(
      await app.script('return document.querySelector("[data-testid=export-panel_opinion]").closest("section").querySelector("[data-testid=error]")?.textContent ?? ""'),
      await app.text('[data-testid=error]'),
      'the message stands beside the export buttons',
    )
    await app.click('[data-testid=tab-panel_opinion]')
    await app.click('[data-testid=approve-panel-opinion]')
    // Each member approves and draws their signature on the pad.
    for (const [name, pin, seed] of [['李晓梅', '2222', 2], ['赵国强', '3579', 3], ['刘婷', '8642', 4], ['韩永胜', '1357', 5]]) {
      await signIn(app, name, pin, false)
      if (name !== '韩永胜') {
        await app.click('[data-testid=tab-panel_opinion]')
        await app.click('[data-testid=approve-panel-opinion]')
        await app.waitForText('[data-testid=approvals]', `${name}：已确认本稿`)
      }
      await app.click('[data-testid=tab-sign]')
      await app.drawSignature('[data-testid=signature-pad]', seed)
      await app.click('[data-testid=save-signature]')
      await app.waitForText('[data-testid=success]', '手写签名已保存')
      await app.find('[data-testid=stored-signature]')
    }
    await signIn(app, '王振华', '1111', false)
    await app.click('[data-testid=tab-panel_opinion]')
    await app.waitForText('[data-testid=panel-opinion]', '全体专家已确认本稿')
    // The chair's own signature is still missing, and the message says so.
    await app.click('[data-testid=tab-sign]')
    await app.waitForText('[data-testid=unsigned]', '尚未留存手写签名：王振华。')
    await app.click('[data-testid=export-panel_opinion]')
    await app.waitForText('[data-testid=error]', '以下专家尚未留存手写签名：王振华')
    // An empty pad is not a signature.
    await app.script("document.querySelector('[data-testid=save-signature]').disabled = false")
    await app.click('[data-testid=save-signature]')
    await app.waitForText('[data-testid=error]', '签名为空')
    await app.drawSignature('[data-testid=signature-pad]', 1)
    await app.click('[data-testid=save-signature]')
    await app.waitForText('[data-testid=success]', '手写签名已保存')
    // No signing identity yet; then one is made, and a wrong passphrase is refused.
    await app.click('[data-testid=export-panel_opinion]')
    await app.waitForText('[data-testid=error]', '尚未设置签名身份')
    await app.type('[data-testid=new-passphrase]', 'pingshen2026')
    await app.type('[data-testid=new-passphrase2]', 'pingshen2026')
    await app.click('[data-testid=create-identity]')
    await app.waitForText('[data-testid=identity]', '王振华')
    // An empty and a wrong passphrase are caught before the save dialog.
    await app.click('[data-testid=export-panel_opinion]')
    await app.waitForText('[data-testid=error]', '请输入签名口令')
    await app.type('[data-testid=export-passphrase]', 'wrong-passphrase')
    await app.click('[data-testid=export-panel_opinion]')
    await app.waitForText('[data-testid=error]', '签名口令不正确')
    await app.fill('[data-testid=export-passphrase]', 'pingshen2026')
    await app.click('[data-testid=export-panel_opinion]')
    await answerFileDialog('导出专家组意见', pdf)
    // The signed 专家组意见 on file finishes the review; the header says so at once.
    await app.waitForText('[data-testid=success]', '评审已完成', 20000)
    await app.waitForText('[data-testid=review-status]', '已完成')
    await app.waitForText('[data-testid=concluded]', '完成（专家组意见第')
    const text = execFileSync('pdftotext', [pdf, '-']).toString().replace(/\s/g, '')
    // The compliance checks as frozen, with their guideline lines (NM:29, NM:35).
    assert.match(text, /附：合规性核查/)
    assert.match(text, /技术指导委员会中依托、共建单位人员不超过三分之一/)
    assert.match(text, /咨询论证（含实地考察）专家组意见/)
    assert.match(text, /98\.83分/)
    assert.match(text, /该中心定位清晰，建设方案基本可行。/)
    assert.match(text, /韩永胜/)
    const sig = execFileSync('pdfsig', [pdf]).toString()
    assert.match(sig, /Signature is Valid/)
    assert.match(sig, /Total document signed/)
    // Five drawn signatures in the table plus the chair's line.
    const images = execFileSync('pdfimages', ['-list', pdf]).toString().trim().split('\n').length - 2
    assert.equal(images, 6)
    // The app's own verifier reads it back: intact, but a key made on this laptop is vouched
    // for by nobody (the trust e2e takes the department-issued path).
    await app.click('[data-testid=verify-pdf]')
    await answerFileDialog('选择要核验的 PDF 文件', pdf)
    const verdict = await app.waitForText('[data-testid=verification]', '签名完好但证书不受信任（自签发）')
    assert.match(verdict, /王振华/)
    assert.equal(await app.script("return document.querySelector('[data-testid=verification]').dataset.status"), 'untrusted')
    // The signed 日志存证 goes with the documents, and the command line verifies it.
    const log = join(dataDir, 'audit-log.ticlog')
    await app.click('[data-testid=export-audit]')
    await answerFileDialog('导出日志存证', log)
    await app.waitForText('[data-testid=success]', 'audit-log.ticlog', 20000)
    const checked = execFileSync(join(repoRoot, 'target/debug/tic-review'), ['audit-verify', log]).toString()
    assert.match(checked, /^签名有效：王振华/)
    assert.match(checked, /日志完整：共 \d+ 条/)
    // Reopening needs a reason.
    await app.click('[data-testid=reopen-review]')
    await app.waitForText('[data-testid=finish-review] [data-testid=error]', '请写明理由')
    await app.type('[data-testid=reopen-reason]', '组长发现结论笔误，需修改')
    await app.click('[data-testid=reopen-review]')
    await app.waitForText('[data-testid=review-status]', '汇总中')
    await app.find('[data-testid=conclude-review]')
    // TIC_E2E_SHOTS=dir keeps a screenshot of the tab, to look at.
    if (process.env.TIC_E2E_SHOTS) await app.screenshot(join(process.env.TIC_E2E_SHOTS, 'sign-and-export.png'))
  } finally {
    await app.quit()
  }
})
