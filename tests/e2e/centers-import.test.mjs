// End-to-end: a clerk saves the center import template, imports a filled-in sheet through the file
// dialog, sees the faulty row named with its row and column, confirms the valid rows, and finds
// the new centers again after a restart; then imports the expert pool the same way.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { answerFileDialog, ensureDisplay, freshDataDir, launchApp, repoRoot } from './webdriver.mjs'

let xvfb
before(async () => {
  xvfb = await ensureDisplay()
})
after(() => xvfb?.kill())

test('centers are imported from Excel after a preview that names every faulty row', async () => {
  const dataDir = freshDataDir()
  execFileSync(join(repoRoot, 'target/debug/tic-review'), ['seed-demo', '--db', join(dataDir, 'tic-review.db')])
  let app = await launchApp(dataDir)
  try {
    await app.click('[data-testid=nav-centers]')
    await app.find('[data-testid=center-table]')
    // An ASCII name: the dialog's location bar is typed into with xdotool, which cannot type
    // Chinese under every locale.
    const template = join(dataDir, 'center-template.xlsx')
    await app.click('[data-testid=center-template]')
    await answerFileDialog('保存中心导入模板', template)
    await app.waitForText('[data-testid=success]', `已保存模板：${template}`)
    assert.ok(existsSync(template))

    await app.click('[data-testid=center-import]')
    await answerFileDialog('选择填好的中心名单', join(repoRoot, 'tests/fixtures/centers-import.xlsx'))
    const errors = await app.waitForText('[data-testid=import-errors]', '第 3 行「中心名称」：不能为空')
    assert.doesNotMatch(errors, /第 2 行|第 4 行/)
    const valid = await app.text('[data-testid=import-valid]')
    assert.match(valid, /第 2 行：宁波智能成型技术创新中心（宁波市，宁波大学）/)
    assert.match(valid, /第 4 行：四川省页岩气技术创新中心（四川省，西南石油大学）/)
    // Nothing is stored before the clerk confirms.
    assert.doesNotMatch(await app.text('[data-testid=center-table]'), /宁波智能成型/)
    await app.click('[data-testid=confirm-import]')
    await app.waitForText('[data-testid=success]', '已导入 2 个中心')
    await app.waitForText('[data-testid=center-table]', '四川省页岩气技术创新中心')

    // Importing the same file again finds both names already registered.
    await app.click('[data-testid=center-import]')
    await answerFileDialog('选择填好的中心名单', join(repoRoot, 'tests/fixtures/centers-import.xlsx'))
    await app.waitForText('[data-testid=import-errors]', '“宁波智能成型技术创新中心”已登记或在本文件中重复')
    assert.match(await app.text('[data-testid=import-preview]'), /没有可以导入的行/)
  } finally {
    await app.quit()
  }
  app = await launchApp(dataDir)
  try {
    await app.click('[data-testid=nav-centers]')
    const table = await app.waitForText('[data-testid=center-table]', '宁波智能成型技术创新中心')
    assert.match(table, /四川省页岩气技术创新中心/)
  } finally {
    await app.quit()
  }
})

test('the expert pool is imported from Excel with the same preview', async () => {
  const dataDir = freshDataDir()
  execFileSync(join(repoRoot, 'target/debug/tic-review'), ['seed-demo', '--db', join(dataDir, 'tic-review.db')])
  let app = await launchApp(dataDir)
  try {
    await app.click('[data-testid=nav-experts]')
    // The demo panels' members are already in the pool.
    await app.waitForText('[data-testid=expert-table]', '王振华')
    await app.click('[data-testid=expert-import]')
    await answerFileDialog('选择填好的专家名单', join(repoRoot, 'tests/fixtures/experts-import.xlsx'))
    await app.waitForText('[data-testid=import-errors]', '第 3 行「专家类型」：“会计”不是技术专家、管理专家、科技政策专家或财务专家')
    const valid = await app.text('[data-testid=import-valid]')
    assert.match(valid, /第 2 行：孙立群（教授，内蒙古工业大学）/)
    assert.match(valid, /第 4 行：陈静（研究员，广西科学院）/)
    assert.doesNotMatch(await app.text('[data-testid=expert-table]'), /孙立群/)
    await app.click('[data-testid=confirm-import]')
    await app.waitForText('[data-testid=success]', '已导入 2 位专家')
    await app.waitForText('[data-testid=expert-table]', '孙立群')
  } finally {
    await app.quit()
  }
  app = await launchApp(dataDir)
  try {
    await app.click('[data-testid=nav-experts]')
    const table = await app.waitForText('[data-testid=expert-table]', '陈静')
    assert.match(table, /科技政策专家/)
  } finally {
    await app.quit()
  }
})
