// End-to-end: a database damaged between two sittings is reported at start with the newest sound
// automatic snapshot offered; restoring it opens the data again and keeps the damaged file.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ensureDisplay, freshDataDir, launchApp, repoRoot } from './webdriver.mjs'

let xvfb
before(async () => {
  xvfb = await ensureDisplay()
})
after(() => xvfb?.kill())

test('a damaged database is reported at start and restored from the newest snapshot', async () => {
  const dataDir = freshDataDir()
  const db = join(dataDir, 'tic-review.db')
  execFileSync(join(repoRoot, 'target/debug/tic-review'), ['seed-demo', '--db', db])
  let app = await launchApp(dataDir)
  try {
    // The first sitting of the day takes the day's snapshot as the database opens.
    await app.waitForText('[data-review-center="内蒙古自治区乳业技术创新中心"]', '内蒙古自治区乳业技术创新中心')
  } finally {
    await app.quit()
  }
  assert.equal(readdirSync(join(dataDir, 'tic-review-snapshots')).filter((n) => n.endsWith('-daily.db')).length, 1)

  // Damage the first page past SQLCipher's salt, as a failing disk or a half-copied file would.
  const bytes = readFileSync(db)
  for (let i = 200; i < 260; i++) bytes[i] ^= 0x5a
  writeFileSync(db, bytes)

  app = await launchApp(dataDir)
  try {
    const offer = await app.waitForText('[data-testid=database-damaged]', '可以恢复到最近一次完好的自动快照')
    assert.match(offer, /数据库文件已损坏，无法打开/)
    assert.match(offer, /每日自动快照/)
    await app.click('[data-testid=restore-snapshot]')
    await app.waitForText('[data-review-center="内蒙古自治区乳业技术创新中心"]', '内蒙古自治区乳业技术创新中心')
  } finally {
    await app.quit()
  }
  const kept = readdirSync(dataDir).filter((n) => /^tic-review\.db\.damaged-\d{14}$/.test(n))
  assert.equal(kept.length, 1, `the damaged file is kept: ${readdirSync(dataDir)}`)
  assert.deepEqual(readFileSync(join(dataDir, kept[0])), bytes)
})
