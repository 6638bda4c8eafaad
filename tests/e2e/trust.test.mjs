// End-to-end: an issuing round across three data directories, by file only. The department's laptop
// (科技厅 mode) makes its root; the chair's laptop makes a key and a certificate request; the
// department issues from it; the chair takes the response and signs a document; her laptop,
// trusting the root, verifies it as 可信; after the department revokes the certificate and
// publishes a list, the same document verifies as revoked. An expert's laptop opens the chair's
// review package, which requires trusted certificates, only once it trusts the root. Paths are ASCII (typed into dialogs).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ENTER, answerFileDialog, ensureDisplay, freshDataDir, launchApp, repoRoot } from './webdriver.mjs'

let xvfb
before(async () => {
  xvfb = await ensureDisplay()
})
after(() => xvfb?.kill())

const ROOT_PASS = 'root-pass-2026'
const SIGN_PASS = 'sign-pass-2026'

async function department(dataDir, work) {
  const app = await launchApp(dataDir)
  try {
    await app.click('[data-testid=nav-trust]')
    return await work(app)
  } finally {
    await app.quit()
  }
}

async function openPackage(app, path) {
  await app.find('[data-testid=review-table]')
  await app.click('[data-testid=open-review-package]')
  await answerFileDialog('打开评审包', path)
}

async function chair(dataDir, work) {
  const app = await launchApp(dataDir)
  try {
    await app.click('[data-testid=nav-reviews]')
    await app.click('[data-review-center="内蒙古自治区稀土功能材料技术创新中心"] td:nth-child(2)')
    await app.click('[data-testid=choose-王振华]')
    await app.type('#pin', '1111' + ENTER)
    await app.waitForText('[data-testid=current-expert]', '王振华')
    await app.click('[data-testid=tab-sign]')
    return await work(app)
  } finally {
    await app.quit()
  }
}

test('the department issues the chair a certificate by file and her signature verifies as trusted, then revoked', async () => {
  const deptDir = freshDataDir()
  const chairDir = freshDataDir()
  execFileSync(join(repoRoot, 'target/debug/tic-review'), ['seed-demo', '--db', join(chairDir, 'tic-review.db')])
  const files = freshDataDir()
  const rootCer = join(files, 'root.cer')
  const request = join(files, 'wang.csr')
  const response = join(files, 'wang-issued.pem')
  const sheet = join(files, 'wang-sheet.pdf')
  const crl = join(files, 'revoked.crl')
  const reviewPackage = join(files, 'review.ticreview')

  // 1. The department's laptop becomes the issuer; mismatched passphrases are refused first.
  await department(deptDir, async (app) => {
    await app.waitForText('[data-testid=no-roots]', '尚未信任任何根证书')
    await app.type('[data-testid=department-name]', '内蒙古自治区科学技术厅')
    await app.type('[data-testid=root-passphrase]', ROOT_PASS)
    await app.type('[data-testid=root-passphrase2]', 'another-pass')
    await app.click('[data-testid=create-root]')
    await app.waitForText('[data-testid=dept-error]', '两次输入的根证书口令不一致')
    await app.fill('[data-testid=root-passphrase2]', ROOT_PASS)
    await app.click('[data-testid=create-root]')
    await app.waitForText('[data-testid=department-root]', '内蒙古自治区科学技术厅评审签名根证书')
    // It trusts its own root from the start, and cannot drop it.
    await app.waitForText('[data-testid=trusted-roots]', '（本机）')
    await app.click('[data-testid=export-root]')
    await answerFileDialog('导出根证书', rootCer)
    await app.waitForText('[data-testid=dept-message]', 'root.cer')
  })
  const fingerprint = execFileSync('openssl', ['x509', '-inform', 'DER', '-in', rootCer, '-noout', '-text']).toString()
  assert.match(fingerprint, /CA:TRUE/)

  // 2. The chair draws her signature and makes a key here, then a request (the passphrase is
  // asked for first).
  await chair(chairDir, async (app) => {
    await app.drawSignature('[data-testid=signature-pad]', 1)
    await app.click('[data-testid=save-signature]')
    await app.waitForText('[data-testid=success]', '手写签名已保存')
    await app.type('[data-testid=new-passphrase]', SIGN_PASS)
    await app.type('[data-testid=new-passphrase2]', SIGN_PASS)
    await app.click('[data-testid=create-identity]')
    await app.waitForText('[data-testid=identity-issuer]', '本机生成（自签发）')
    await app.click('[data-testid=request-section] summary')
    await app.click('[data-testid=make-request]')
    await app.waitForText('[data-testid=request-error]', '请输入签名口令')
    await app.type('[data-testid=request-passphrase]', 'not-my-passphrase')
    await app.click('[data-testid=make-request]')
    await app.waitForText('[data-testid=request-error]', '签名口令不正确')
    await app.fill('[data-testid=request-passphrase]', SIGN_PASS)
    await app.type('[data-testid=request-pool-id]', 'NM-EXP-0042')
    await app.click('[data-testid=make-request]')
    await answerFileDialog('保存证书申请', request)
    await app.waitForText('[data-testid=request-message]', '证书申请已保存')
  })
  assert.match(readFileSync(request, 'utf8'), /^-----BEGIN CERTIFICATE REQUEST-----/)

  // 3. The department reads who asks and issues; a wrong root passphrase changes nothing.
  await department(deptDir, async (app) => {
    await app.click('[data-testid=pick-request]')
    await answerFileDialog('选择专家的证书申请', request)
    const asked = await app.waitForText('[data-testid=request-preview]', '王振华')
    assert.match(asked, /东北大学/)
    assert.match(asked, /NM-EXP-0042/)
    // A wrong root passphrase is said at once, before any save dialog.
    await app.type('[data-testid=issue-passphrase]', 'wrong-passphrase')
    await app.click('[data-testid=issue]')
    await app.waitForText('[data-testid=dept-error]', '根证书口令不正确')
    assert.equal(existsSync(response), false)
    await app.fill('[data-testid=issue-passphrase]', ROOT_PASS)
    await app.click('[data-testid=issue]')
    await answerFileDialog('保存签发结果', response)
    await app.waitForText('[data-testid=dept-message]', '已为王振华签发证书')
    await app.waitForText('[data-testid=register]', 'NM-EXP-0042')
    if (process.env.TIC_E2E_SHOTS) await app.screenshot(join(process.env.TIC_E2E_SHOTS, 'department.png'))
  })

  // 4. The chair takes the response, signs her sheet, trusts the root and verifies: 可信.
  await chair(chairDir, async (app) => {
    await app.click('[data-testid=request-section] summary')
    await app.click('[data-testid=import-issued]')
    await answerFileDialog('选择科技厅发回的签发结果', response)
    await app.waitForText('[data-testid=identity-issuer]', '内蒙古自治区科学技术厅评审签名根证书（科技厅签发）')
    await app.type('[data-testid=export-passphrase]', SIGN_PASS)
    await app.click('[data-testid=export-score_sheet]')
    await answerFileDialog('导出个人评分表', sheet)
    await app.waitForText('[data-testid=success]', 'wang-sheet.pdf', 20000)
    // Not yet trusted here: the laptop knows no root.
    await app.click('[data-testid=verify-pdf]')
    await answerFileDialog('选择要核验的 PDF 文件', sheet)
    await app.waitForText('[data-testid=verification]', '签名完好但证书不受信任（签发者未知）')
    await app.click('[data-testid=nav-trust]')
    // The demo installation already trusts the demo department's root; this one is new to it.
    await app.waitForText('[data-testid=trusted-roots]', '内蒙古自治区科学技术厅（演示）评审签名根证书')
    await app.click('[data-testid=import-root]')
    await answerFileDialog('选择要信任的根证书', rootCer)
    await app.waitForText('[data-testid=trust-message]', '已信任根证书「内蒙古自治区科学技术厅评审签名根证书」')
    await app.click('[data-testid=verify-files]')
    await answerFileDialog('选择要核验的 PDF 文件', sheet)
    const row = await app.waitForText('[data-testid=verify-table]', '可信')
    assert.match(row, /王振华/)
    assert.match(await app.text('[data-testid=verify-counts]'), /可信 1，需注意 0，被改动或无效 0/)
    // The chair requires trusted certificates for this review's packages.
    await app.click('[data-testid=nav-reviews]')
    await app.click('[data-review-center="内蒙古自治区稀土功能材料技术创新中心"] td:nth-child(2)')
    await app.click('[data-testid=choose-王振华]')
    await app.type('#pin', '1111' + ENTER)
    await app.click('[data-testid=tab-exchange]')
    await app.click('[data-testid=require-trusted]')
    await app.waitForText('[data-testid=require-trusted-message]', '已要求证书可信')
    // The review package now carries the rule to the members' laptops.
    await app.type('[data-testid=exchange-passphrase]', SIGN_PASS)
    await app.click('[data-testid=export-review-package]')
    await answerFileDialog('导出评审包', reviewPackage)
    await app.waitForText('[data-testid=exchange-result]', '评审包已导出')
  })

  // 4b. A third laptop, an expert's: the package is refused until the department root is trusted.
  const expertDir = freshDataDir()
  const expert = await launchApp(expertDir)
  try {
    await openPackage(expert, reviewPackage)
    await expert.waitForText('[data-testid=error]', '评审包未打开：本评审要求使用可信证书，王振华的签名证书的签发者不在本机信任的根证书中')
    await expert.click('[data-testid=nav-trust]')
    await expert.click('[data-testid=import-root]')
    await answerFileDialog('选择要信任的根证书', rootCer)
    await expert.waitForText('[data-testid=trust-message]', '已信任根证书')
    await expert.click('[data-testid=nav-reviews]')
    await openPackage(expert, reviewPackage)
    await expert.waitForText('[data-testid=opened-package]', '已打开评审包：内蒙古自治区稀土功能材料技术创新中心，组长王振华')
  } finally {
    await expert.quit()
  }
  const cli = (...args) => {
    try {
      return { code: 0, out: execFileSync(join(repoRoot, 'target/debug/tic-review'), ['verify', ...args]).toString() }
    } catch (e) {
      return { code: e.status, out: e.stdout.toString() }
    }
  }
  assert.equal(cli('--trust', rootCer, sheet).code, 0)
  const pdfsigDir = join(files, 'nss')
  execFileSync('mkdir', ['-p', pdfsigDir])
  execFileSync('certutil', ['-N', '-d', `sql:${pdfsigDir}`, '--empty-password'])
  execFileSync('certutil', ['-A', '-d', `sql:${pdfsigDir}`, '-n', 'dept', '-t', 'CT,C,C', '-i', rootCer])
  assert.match(execFileSync('pdfsig', ['-nssdir', `sql:${pdfsigDir}`, sheet]).toString(), /Certificate is Trusted/)

  // 5. The department revokes and publishes a list; the chair's laptop imports it: revoked.
  await department(deptDir, async (app) => {
    await app.waitForText('[data-testid=register]', '王振华')
    await app.script("[...document.querySelectorAll('[data-testid=register] button')].find((b) => b.textContent.includes('吊销')).click()")
    await app.type('[data-testid=revoke-reason]', '笔记本电脑遗失')
    await app.click('[data-testid=confirm-revoke]')
    await app.waitForText('[data-testid=register]', '已吊销')
    await app.type('[data-testid=crl-passphrase]', ROOT_PASS)
    await app.click('[data-testid=publish-crl]')
    await answerFileDialog('发布吊销列表', crl)
    await app.waitForText('[data-testid=dept-message]', '已发布第 1 号吊销列表（1 张证书）')
  })
  await chair(chairDir, async (app) => {
    // The rule survived the restart.
    await app.click('[data-testid=tab-exchange]')
    await app.find('[data-testid=require-trusted]')
    assert.equal(await app.script("return document.querySelector('[data-testid=require-trusted]').checked"), true)
    await app.click('[data-testid=nav-trust]')
    await app.click('[data-testid=import-crl]')
    await answerFileDialog('选择吊销列表', crl)
    await app.waitForText('[data-testid=trust-message]', '列有 1 张吊销的证书')
    await app.click('[data-testid=verify-files]')
    await answerFileDialog('选择要核验的 PDF 文件', sheet)
    await app.waitForText('[data-testid=verify-table]', '证书已吊销')
    if (process.env.TIC_E2E_SHOTS) await app.screenshot(join(process.env.TIC_E2E_SHOTS, 'trust.png'))
  })
  const revoked = cli('--trust', rootCer, '--crl', crl, sheet)
  assert.equal(revoked.code, 3, revoked.out)
  assert.match(revoked.out, /^证书已吊销/)
})
