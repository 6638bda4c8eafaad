// End-to-end: one laptop per expert through the real window. An expert's laptop opens the chair's
// signed review package; the chair's laptop imports a member's signed score-sheet package, sees
// the key fingerprint, is told a second import changed nothing, refuses a tampered copy, and finds
// the imported sheet again after a restart.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ENTER, answerFileDialog, ensureDisplay, freshDataDir, launchApp, repoRoot } from './webdriver.mjs'

let xvfb
before(async () => {
  xvfb = await ensureDisplay()
})
after(() => xvfb?.kill())

const cli = join(repoRoot, 'target/debug/tic-review')

/** Opens the review on the chair's laptop and signs in as its chair. */
async function openAsChair(app) {
  await app.click('[data-review-center="内蒙古自治区马铃薯种业技术创新中心"] td:nth-child(2)')
  await app.click('[data-testid=choose-孟庆华]')
  await app.type('#pin', '1111' + ENTER)
  await app.waitForText('[data-testid=current-expert]', '孟庆华')
}

test('a review package is opened on an expert laptop and score-sheet packages are imported on the chair laptop', async () => {
  const chairDir = freshDataDir()
  const out = join(chairDir, 'packages')
  execFileSync(cli, ['seed-demo', '--db', join(chairDir, 'tic-review.db')])
  execFileSync(cli, ['exchange-demo', '--db', join(chairDir, 'tic-review.db'), '--out', out])

  // An expert's laptop: nothing on it yet.
  const expertDir = freshDataDir()
  let app = await launchApp(expertDir)
  try {
    await app.find('[data-testid=review-table]')
    await app.click('[data-testid=open-review-package]')
    await answerFileDialog('打开评审包', join(out, 'review.ticreview'))
    const opened = await app.waitForText('[data-testid=opened-package]', '已打开评审包：内蒙古自治区马铃薯种业技术创新中心，组长孟庆华')
    assert.match(opened, /证书指纹：[0-9A-F]{4}( [0-9A-F]{4}){15}/)
    await app.waitForText('[data-testid=review-table]', '内蒙古自治区马铃薯种业技术创新中心')
    // Opening it again changes nothing.
    await app.click('[data-testid=open-review-package]')
    await answerFileDialog('打开评审包', join(out, 'review.ticreview'))
    await app.waitForText('[data-testid=opened-package]', '此前已打开过')
  } finally {
    await app.quit()
  }
  app = await launchApp(expertDir)
  try {
    const table = await app.waitForText('[data-testid=review-table]', '内蒙古自治区马铃薯种业技术创新中心')
    assert.equal(table.match(/内蒙古自治区马铃薯种业技术创新中心/g).length, 1)
  } finally {
    await app.quit()
  }

  // The chair's laptop.
  app = await launchApp(chairDir)
  try {
    await openAsChair(app)
    // The chair declares first, as before any other work on a review.
    await app.click('[data-testid=no-conflict]')
    await app.click('[data-testid=pledge]')
    await app.click('[data-testid=declare]')
    await app.click('[data-testid=tab-exchange]')
    await app.find('[data-testid=exchange]')

    // The window keeps answering while an import runs. The package is offered through a named
    // pipe, so the import waits for its bytes for as long as the test wants: while it waits, the
    // progress line names the file, and 取消 is clicked and answered by the app. Only then are
    // the bytes written, and the import finishes (the file being read when 取消 came is imported).
    const slow = join(out, 'slow.ticsheet')
    execFileSync('mkfifo', [slow])
    await app.click('[data-testid=import-sheet-packages]')
    await answerFileDialog('导入评分包或确认包（可多选）', slow)
    await app.waitForText('[data-testid=exchange-progress]', '正在读取第 1 / 1 个评分包：slow.ticsheet')
    await app.click('[data-testid=cancel-import]')
    await app.waitForText('[data-testid=exchange-progress]', '正在取消')
    assert.equal(await app.script('return document.querySelector("[data-testid=import-report]")'), null, 'the import has not finished')
    await writeFile(slow, readFileSync(join(out, 'gao.ticsheet')))
    await app.waitForText('[data-testid=import-report]', '已导入高丽娟的第 1 版评分表')
    const keys = await app.waitForText('[data-testid=member-keys]', '高丽娟')
    assert.match(keys, /[0-9A-F]{4}( [0-9A-F]{4}){15}/)
    await app.waitForText('[data-testid=package-list]', '采用中')

    await app.click('[data-testid=import-sheet-packages]')
    await answerFileDialog('导入评分包或确认包（可多选）', join(out, 'gao.ticsheet'))
    await app.waitForText('[data-testid=import-report]', '高丽娟的第 1 版评分表此前已导入，未做更改')

    await app.click('[data-testid=import-sheet-packages]')
    await answerFileDialog('导入评分包或确认包（可多选）', join(out, 'forged.ticsheet'))
    const report = await app.waitForText('[data-testid=import-report]', '已拒绝')
    assert.match(report, /「sheet\.json」与签名的清单不符，已被改动/)
    // A refused file is not reported in green, and the chair sees whose packages are still due.
    await app.waitForText('[data-testid=exchange-result]', '已处理 1 个文件，其中 0 个已导入；1 个被拒绝')
    assert.equal(await app.script('return document.querySelector("[data-testid=exchange-result]").className.split(" ")[0]'), 'warn')
    const missing = await app.waitForText('[data-testid=missing-packages]', '尚未收到评分包')
    assert.doesNotMatch(missing, /高丽娟/)
    assert.match(missing, /赵志军/)
    if (process.env.TIC_E2E_SHOTS) await app.screenshot(join(process.env.TIC_E2E_SHOTS, 'exchange.png'))
  } finally {
    await app.quit()
  }
  app = await launchApp(chairDir)
  try {
    await openAsChair(app)
    await app.click('[data-testid=tab-exchange]')
    const list = await app.waitForText('[data-testid=package-list]', '高丽娟')
    assert.match(list, /第 1 版/)
    assert.equal(list.match(/高丽娟/g).length, 1)
  } finally {
    await app.quit()
  }
})
