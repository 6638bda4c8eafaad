// End-to-end: a clerk registers a center, opens a review for it, seats an expert, restarts the
// app and finds everything again — all through the real window.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ENTER, ensureDisplay, freshDataDir, launchApp } from './webdriver.mjs'

let xvfb
before(async () => {
  xvfb = await ensureDisplay()
})
after(() => xvfb?.kill())

test('a center and a review created in the window survive a restart', async () => {
  const dataDir = freshDataDir()
  let app = await launchApp(dataDir)
  try {
    await app.click('[data-testid=nav-centers]')
    await app.click('[data-testid=new-center]')

    // A required field left empty is refused with a message naming it.
    await app.click('[data-testid=save-center]')
    assert.match(await app.waitForText('[data-testid=error]', '中心名称'), /「中心名称」不能为空/)

    await app.type('#c-name', '内蒙古自治区乳业技术创新中心')
    await app.select('#c-region', '内蒙古')
    await app.type('#c-type', '专业技术类')
    await app.type('#c-lead', '内蒙古伊利实业集团股份有限公司')
    await app.type('#c-cobuild', '内蒙古农业大学')
    await app.click('[data-testid=save-center]')
    await app.waitForText('[data-testid=success]', '已保存：内蒙古自治区乳业技术创新中心')
    await app.waitForText('[data-testid=center-table]', '内蒙古伊利实业集团股份有限公司')

    await app.click('[data-testid=nav-reviews]')
    await app.click('[data-testid=new-review]')
    await app.select('#rv-center', '内蒙古自治区乳业技术创新中心')
    await app.select('#rv-template', '咨询论证')
    await app.type('#rv-place', '呼和浩特市 金川开发区')
    await app.click('[data-testid=create-review]')
    await app.waitForText('[data-testid=review-title]', '内蒙古自治区乳业技术创新中心')

    // Keyboard: type the expert and press Enter to add.
    await app.type('#pm-name', '王振华')
    await app.type('#pm-title', '教授')
    await app.type('#pm-aff', '东北大学' + ENTER)
    await app.waitForText('[data-testid=success]', '已保存：王振华（组长）已加入专家组')

    // He is now in the expert pool: removed and added again by his name alone, the form fills
    // his title and unit from the pool.
    await app.click('[data-testid=remove-member-王振华]')
    await app.waitForText('[data-testid=success]', '已保存：王振华已移出专家组')
    await app.type('[data-testid=member-name]', '王振华')
    await app.waitForText('[data-testid=picked-from-pool]', '已从专家库选取')
    assert.equal(await app.script("return document.querySelector('#pm-aff').value"), '东北大学')
    assert.equal(await app.script("return document.querySelector('#pm-title').value"), '教授')
    await app.click('[data-testid=add-member]')
    await app.waitForText('[data-testid=success]', '已保存：王振华（组长）已加入专家组')
  } finally {
    await app.quit()
  }

  app = await launchApp(dataDir)
  try {
    const list = await app.waitForText('[data-testid=review-table]', '内蒙古自治区乳业技术创新中心')
    assert.match(list, /咨询论证（含实地考察）/)
    assert.match(list, /呼和浩特市 金川开发区/)
    await app.click('[data-testid=review-table] tbody tr td:nth-child(2)')
    await app.click('[data-testid=tab-panel]')
    const panel = await app.waitForText('[data-testid=panel-table]', '王振华')
    assert.match(panel, /东北大学/)
    assert.match(panel, /组长/)

    // No committee members were entered, so the 内蒙古 committee checks ask for data.
    await app.click('[data-testid=tab-compliance]')
    const checks = await app.waitForText('[data-testid=compliance-table]', '技术指导委员会中依托、共建单位人员不超过三分之一')
    assert.match(checks, /待补充数据/)
    assert.match(checks, /尚未登记技术指导委员会成员/)
  } finally {
    await app.quit()
  }
})
