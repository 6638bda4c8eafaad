// End-to-end: the 备份与恢复 panel writes an encrypted backup to a chosen file; a later change is
// undone by restoring it (a wrong backup passphrase is refused first and changes nothing), and
// the restored data is what the app opens after a restart.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { answerFileDialog, ensureDisplay, freshDataDir, launchApp, repoRoot, until } from './webdriver.mjs'

let xvfb
before(async () => {
  xvfb = await ensureDisplay()
})
after(() => xvfb?.kill())

async function saveIdleMinutes(app, minutes) {
  await app.fill('[data-testid=idle-minutes]', String(minutes))
  await app.click('[data-testid=save-settings]')
  await app.waitForText('[data-testid=success]', '已保存')
}

test('a backup written from the settings page restores the data it holds', async () => {
  const dataDir = freshDataDir()
  execFileSync(join(repoRoot, 'target/debug/tic-review'), ['seed-demo', '--db', join(dataDir, 'tic-review.db')])
  const file = join(dataDir, 'usb-backup.ticbackup')
  let app = await launchApp(dataDir)
  try {
    await app.click('[data-testid=nav-settings]')
    await saveIdleMinutes(app, 7)
    await app.fill('[data-testid=backup-passphrase]', 'short')
    await app.click('[data-testid=backup-start]')
    await app.waitForText('[data-testid=backup-panel] [data-testid=error]', '「备份口令」至少需要 8 个字符')
    await app.fill('[data-testid=backup-passphrase]', 'USB-stick-2026')
    await app.click('[data-testid=backup-start]')
    await answerFileDialog('备份到', file)
    await app.waitForText('[data-testid=backup-panel] [data-testid=success]', '已备份到', 60000)
    const bytes = readFileSync(file)
    assert.equal(bytes.subarray(0, 10).toString('latin1'), 'TICBACKUP1')
    assert.equal(bytes.includes(Buffer.from('内蒙古自治区稀土功能材料技术创新中心')), false, 'the backup is encrypted')

    // A change made after the backup…
    await saveIdleMinutes(app, 12)
    // …survives a wrong passphrase, and is undone by the right one.
    await app.fill('[data-testid=restore-passphrase]', 'USB-stick-2025')
    await app.click('[data-testid=restore-confirm]')
    await app.click('[data-testid=restore-start]')
    await answerFileDialog('从备份恢复', file)
    await app.waitForText('[data-testid=backup-panel] [data-testid=error]', '备份口令不正确', 60000)
    await app.fill('[data-testid=restore-passphrase]', 'USB-stick-2026')
    await app.click('[data-testid=restore-start]')
    await answerFileDialog('从备份恢复', file)
    await app.waitForText('[data-testid=backup-panel] [data-testid=success]', '已从备份', 60000)
  } finally {
    await app.quit()
  }
  app = await launchApp(dataDir)
  try {
    await app.click('[data-testid=nav-settings]')
    // The field fills in once the settings arrive: 7 as in the backup, not 12 and not the default 5.
    const idle = () => app.script(`return document.querySelector('[data-testid=idle-minutes]')?.value ?? ''`)
    await until(async () => (await idle()) === '7', 10000, 'the setting as it was in the backup').catch(async (e) => {
      throw new Error(`${e.message}: it shows ${await idle()}`)
    })
    // The restore is in the audit log, and the chain is whole.
    await app.waitForText('[data-testid=audit-panel] [data-testid=audit-table]', '从备份恢复')
    const verdict = await app.text('[data-testid=audit-panel] [data-testid=audit-verdict]')
    assert.match(verdict, /^日志完整：共 \d+ 条记录/)
  } finally {
    await app.quit()
  }
})
