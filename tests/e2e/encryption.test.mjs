// End-to-end: on a laptop with no system key store and no TIC_REVIEW_KEY, the first start asks for
// a 数据库口令, the database is written encrypted, and the next start asks for that passphrase
// again (a wrong one is refused and opens nothing).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { ensureDisplay, freshDataDir, launchApp } from './webdriver.mjs'

let xvfb
before(async () => {
  xvfb = await ensureDisplay()
})
after(() => xvfb?.kill())

const PASSPHRASE = 'Huanghe-Changjiang-2026'

test('a passphrase chosen at first start protects the database and is asked for after a restart', async () => {
  const dataDir = freshDataDir()
  let app = await launchApp(dataDir, { withoutKey: true })
  try {
    await app.waitForText('[data-testid=database-lock] h2', '设置数据库口令')
    await app.fill('[data-testid=db-passphrase]', PASSPHRASE)
    await app.fill('[data-testid=db-passphrase2]', PASSPHRASE + 'x')
    await app.click('[data-testid=db-unlock]')
    await app.waitForText('[data-testid=database-lock] [data-testid=error]', '两次输入的口令不一致')
    await app.fill('[data-testid=db-passphrase]', 'short')
    await app.fill('[data-testid=db-passphrase2]', 'short')
    await app.click('[data-testid=db-unlock]')
    await app.waitForText('[data-testid=database-lock] [data-testid=error]', '口令至少需要 8 个字符')
    assert.equal(existsSync(join(dataDir, 'tic-review.db.key')), false, 'nothing written for a refused passphrase')

    await app.fill('[data-testid=db-passphrase]', PASSPHRASE)
    await app.fill('[data-testid=db-passphrase2]', PASSPHRASE)
    await app.click('[data-testid=db-unlock]')
    // The pages appear once the database is open: the centers page answers from the store.
    await app.click('[data-testid=nav-centers]')
    await app.find('[data-testid=new-center]')
  } finally {
    await app.quit()
  }
  const bytes = readFileSync(join(dataDir, 'tic-review.db'))
  assert.ok(bytes.length > 0)
  assert.notEqual(bytes.subarray(0, 15).toString('latin1'), 'SQLite format 3', 'the database file is encrypted')
  const keyFile = JSON.parse(readFileSync(join(dataDir, 'tic-review.db.key'), 'utf8'))
  assert.equal(keyFile.protection, 'passphrase')

  app = await launchApp(dataDir, { withoutKey: true })
  try {
    await app.waitForText('[data-testid=database-lock] h2', '请输入数据库口令')
    await app.fill('[data-testid=db-passphrase]', 'Huanghe-Changjiang-2025')
    await app.click('[data-testid=db-unlock]')
    await app.waitForText('[data-testid=database-lock] [data-testid=error]', '口令不正确，无法解开数据库密钥')
    await app.fill('[data-testid=db-passphrase]', PASSPHRASE)
    await app.click('[data-testid=db-unlock]')
    await app.click('[data-testid=nav-centers]')
    await app.find('[data-testid=new-center]')
  } finally {
    await app.quit()
  }
})
