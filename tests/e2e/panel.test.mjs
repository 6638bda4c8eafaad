// End-to-end: the panel's discussion and approval by file through the real window. `exchange-demo`
// plays the review out on a copy of the chair's laptop up to the point where one member, 钱学文,
// has still to answer. On his own laptop he opens the round package, re-scores with a reason,
// exports a new score-sheet package, opens the opinion package, approves and exports an approval
// package. On the chair's laptop the chair imports both, approves, and exports the signed 专家组意见:
// nobody but the chair signs in there. The chair then rates a member, and 专家库 keeps it.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ENTER, answerFileDialog, ensureDisplay, freshDataDir, launchApp, repoRoot } from './webdriver.mjs'

let xvfb
before(async () => {
  xvfb = await ensureDisplay()
})
after(() => xvfb?.kill())

const cli = join(repoRoot, 'target/debug/tic-review')
const CENTER = '内蒙古自治区马铃薯种业技术创新中心'

async function signIn(app, name, pin) {
  await app.click(`[data-review-center="${CENTER}"] td:nth-child(2)`)
  await app.click(`[data-testid=choose-${name}]`)
  await app.type('#pin', pin + ENTER)
  await app.waitForText('[data-testid=current-expert]', name)
}

test('a member answers the round and the panel opinion by file, and the chair signs the panel opinion alone', async () => {
  const dir = freshDataDir()
  const out = join(dir, 'packages')
  execFileSync(cli, ['seed-demo', '--db', join(dir, 'tic-review.db')])
  execFileSync(cli, ['exchange-demo', '--db', join(dir, 'tic-review.db'), '--out', out])

  const sheet = join(dir, 'qian-round2.ticsheet')
  const approval = join(dir, 'qian.ticapproval')

  // 钱学文's laptop.
  let app = await launchApp(join(out, 'laptops', 'qian'))
  try {
    await signIn(app, '钱学文', '5555')
    await app.click('[data-testid=tab-exchange]')
    await app.click('[data-testid=open-chair-package]')
    await answerFileDialog('打开组长的讨论包或意见包', join(out, 'round.ticround'))
    await app.waitForText('[data-testid=exchange-result]', '已打开第 2 轮讨论（组长孟庆华签发）')

    // The round shows the chair's question and everyone's scores before it.
    await app.click('[data-testid=tab-round]')
    await app.waitForText('[data-testid=round-question-text]', '该项评分分歧较大，请结合现场考察情况复议。')
    const before = await app.text('[data-testid=round-scores]')
    for (const name of ['孟庆华', '高丽娟', '赵志军', '乌兰图雅', '钱学文']) assert.match(before, new RegExp(name))
    const criterion = await app.script('return document.querySelector("[data-round-points]").getAttribute("data-round-points")')
    const max = await app.script('return document.querySelector("[data-round-points]").closest("tr").children[1].textContent.trim()')
    await app.fill(`[data-round-points="${criterion}"]`, max)
    await app.fill(`[data-round-reason="${criterion}"]`, '听取讨论后认可中试基地的建设进度' + ENTER)
    await app.waitForText('[data-testid=round-form]', '已保存')

    await app.click('[data-testid=tab-exchange]')
    await app.type('[data-testid=exchange-passphrase]', 'demo-2026')
    await app.click('[data-testid=export-sheet-package]')
    await answerFileDialog('导出评分包', sheet)
    await app.waitForText('[data-testid=exchange-result]', '评分包已导出')

    await app.click('[data-testid=open-chair-package]')
    await answerFileDialog('打开组长的讨论包或意见包', join(out, 'opinion-2.ticopinion'))
    await app.waitForText('[data-testid=exchange-result]', '已打开第 2 版专家组意见')
    await app.click('[data-testid=tab-panel_opinion]')
    await app.waitForText('[data-testid=brief-conclusion]', '建议按专家意见完善方案后提出创建申请')
    assert.match(await app.script('return document.getElementById("po-overall").value'), /建设方案总体可行，目标明确/)
    await app.click('[data-testid=approve-panel-opinion]')
    await app.waitForText('[data-testid=approvals]', '钱学文：已确认本稿')

    await app.click('[data-testid=tab-exchange]')
    await app.type('[data-testid=exchange-passphrase]', 'demo-2026')
    await app.click('[data-testid=export-approval-package]')
    await answerFileDialog('导出确认包', approval)
    await app.waitForText('[data-testid=exchange-result]', '确认包已导出')
    assert.ok(existsSync(sheet) && existsSync(approval))
  } finally {
    await app.quit()
  }

  // The chair's laptop, where the others' answers are already in.
  app = await launchApp(join(out, 'laptops', 'chair'))
  try {
    await signIn(app, '孟庆华', '1111')
    await app.click('[data-testid=tab-panel_opinion]')
    await app.waitForText('[data-testid=approvals]', '钱学文：待确认')
    await app.click('[data-testid=tab-exchange]')
    await app.click('[data-testid=import-sheet-packages]')
    await answerFileDialog('导入评分包或确认包（可多选）', sheet)
    await app.waitForText('[data-testid=import-report]', '已导入钱学文的第 1 版评分表（含第 2 轮讨论的重新评分）')
    await app.click('[data-testid=import-sheet-packages]')
    await answerFileDialog('导入评分包或确认包（可多选）', approval)
    await app.waitForText('[data-testid=import-report]', '已导入钱学文对第 2 版专家组意见的确认')
    // An approval of version 1 is reported as such and not counted.
    await app.click('[data-testid=import-sheet-packages]')
    await answerFileDialog('导入评分包或确认包（可多选）', join(out, 'gao-v1.ticapproval'))
    await app.waitForText('[data-testid=import-report]', '高丽娟答复的是第 1 版，当前为第 2 版')

    await app.click('[data-testid=tab-panel_opinion]')
    await app.waitForText('[data-testid=panel-opinion]', '全体专家已确认本稿')
    await app.click('[data-testid=tab-sign]')
    await app.type('[data-testid=export-passphrase]', 'demo-2026')
    await app.click('[data-testid=export-panel_opinion]')
    const pdf = join(dir, 'panel-opinion.pdf')
    await answerFileDialog('导出专家组意见', pdf)
    await app.waitForText('[data-testid=success]', '评审已完成', 30000)
    const text = execFileSync('pdftotext', [pdf, '-']).toString().replace(/\s/g, '')
    assert.match(text, /钱学文/)

    // The review finished, the chair rates 钱学文; 专家库 keeps it in his record.
    await app.select('[data-testid=rating-钱学文]', '优秀')
    await app.click('[data-testid=save-rating-钱学文]')
    await app.waitForText('[data-testid=member-ratings]', '已保存对钱学文的评价')
    await app.click('[data-testid=nav-experts]')
    await app.click('[data-testid=expert-record-钱学文]')
    await app.find('[data-testid=expert-record-钱学文][aria-expanded=true]')
    const history = await app.waitForText('[data-testid=expert-history]', CENTER)
    assert.match(history, /优秀/)
  } finally {
    await app.quit()
  }
})
