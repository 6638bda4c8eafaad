// Chinese names for the codes the Rust side uses. UI text lives here and in the components.
import type { CheckStatus, CommitteeKind, CommitteeRole, ExpertType, PanelRole, Region, RevocationTrigger, ReviewStatus, Stage } from './bindings'

export const regionNames: Record<Region, string> = {
  gx: '广西壮族自治区',
  nb: '宁波市',
  sc: '四川省',
  nm: '内蒙古自治区',
}

export const regionShort: Record<Region, string> = { gx: '广西', nb: '宁波', sc: '四川', nm: '内蒙古' }

export const stageNames: Record<Stage, string> = {
  consultation: '论证',
  recognition: '评审认定',
  annual_report: '年度报告',
  performance: '绩效评价',
  acceptance: '评估验收',
  final_evaluation: '期满总结评估',
}

export const statusNames: Record<ReviewStatus, string> = {
  preparing: '筹备中',
  scoring: '评分中',
  consolidating: '汇总中',
  concluded: '已完成',
}

export const expertTypeNames: Record<ExpertType, string> = {
  technical: '技术专家',
  management: '管理专家',
  policy: '科技政策专家',
  finance: '财务专家',
}

export const roleNames: Record<PanelRole, string> = { chair: '组长', member: '成员' }

/** NM:29's words for what a committee member brings. */
export const committeeRoleNames: Record<CommitteeRole, string> = {
  center_director: '中心主任',
  technical: '技术专家',
  management: '管理专家',
  economic: '经济专家',
  other: '其他',
}

export const committeeNames: Record<CommitteeKind, string> = {
  technical_guidance: '技术指导委员会',
  expert: '专家委员会',
  management: '管理委员会（理事会）',
}

/** The center types each region's guideline names (free text is allowed too). */
export const centerTypesByRegion: Record<Region, string[]> = {
  gx: ['综合领域类', '独立法人类', '内设机构类'],
  nb: [],
  sc: [],
  nm: ['综合领域类', '专业技术类'],
}

/** The department that usually organises a review in each region. */
export const defaultOrganizer: Record<Region, string> = {
  gx: '广西壮族自治区科学技术厅',
  nb: '宁波市科学技术局',
  sc: '四川省科学技术厅',
  nm: '内蒙古自治区科学技术厅',
}

export function keys<K extends string>(record: Record<K, string>): K[] {
  return Object.keys(record) as K[]
}

/** Short names of the guideline documents every rule cites (assets/seeds/). */
export const seedTitles: Record<string, string> = {
  '000_4a9d863a4af1ad42.txt': '广西指引起草说明',
  '001_03f0f60d28428536.txt': '广西平台优化整合方案',
  '002_828e465d8c4dc59d.txt': '宁波指引起草说明',
  '003_3712c4456e7b2df5.txt': '四川指引',
  '004_ffc5f580f039e4a8.txt': '内蒙古指引',
}

export function citation(seed: string, line: number): string {
  return `${seedTitles[seed] ?? seed} 第 ${line} 行`
}

/** NM:47's six grounds for 摘牌撤销, in the seed's words and order. */
export const revocationTriggerNames: Record<RevocationTrigger, string> = {
  failed_after_rectification: '对绩效评价不合格，限期整改仍不合格的',
  annual_report_overdue: '到期不提交年度报告的',
  skipped_evaluation: '无故不参加评估评价的',
  fraud: '严重弄虚作假，提供虚假材料和不真实数据的',
  lead_unit_defunct: '牵头单位停产、破产，不能保障技术创新中心正常运行的',
  law_violation: '违反国家法律，不符合技术创新中心建设有关要求的',
}

/** A compliance check's result; 提示 where the guideline only says what is usual (一般). */
export const checkStatusNames: Record<CheckStatus, string> = {
  pass: '符合',
  fail: '不符合',
  warn: '提示',
  needs_data: '待补充数据',
}

/**
 * Kendall's W in plain words for the chair, in the bands commonly used for expert agreement
 * (≥ 0.7 high, ≥ 0.5 good, ≥ 0.3 moderate, below that low). Display only: W is exact in the core.
 */
export function agreementWords(w: string): string {
  const v = Number(w)
  if (v >= 0.7) return '一致性高'
  if (v >= 0.5) return '一致性较好'
  if (v >= 0.3) return '一致性一般'
  return '一致性较低'
}
