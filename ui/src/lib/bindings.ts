// Generated from the Rust types in crates/domain and src-tauri/src/dto.rs by
// `UPDATE_BINDINGS=1 cargo test -p tic-review-app bindings`.
// Do not edit by hand: a test fails when this file and the Rust types disagree.
// Points are exact decimal strings such as "7.5"; dates are "YYYY-MM-DD".

export type CenterId = number;

export type ReviewId = number;

export type ExpertId = number;

export type SiteNoteId = number;

export type PhotoId = number;

export type SheetPackageId = number;

export type TemplateId = string;

export type CriterionId = string;

export type Region = "gx" | "nb" | "sc" | "nm";

export type Stage = "consultation" | "recognition" | "annual_report" | "performance" | "acceptance" | "final_evaluation";

export type CommitteeKind = "technical_guidance" | "expert" | "management";

export type CommitteeRole = "center_director" | "technical" | "management" | "economic" | "other";

export type CommitteeMember = { committee: CommitteeKind, name: string, affiliation: string, is_chair: boolean, 
/**
 * `None` until someone records it (centers entered by earlier builds, imported rosters).
 */
role: CommitteeRole | null, };

export type CenterDraft = { name: string, region: Region, 
/**
 * 综合领域类 / 专业技术类 / 独立法人类 / 内设机构类 …, as the region names them.
 */
center_type: string, industry_field: string, 
/**
 * 牵头单位 / 依托单位.
 */
lead_unit: string, 
/**
 * 共建单位.
 */
cobuild_units: Array<string>, 
/**
 * 组建模式, e.g. 龙头企业牵头 or 高校院所牵头.
 */
organization_mode: string, approval_date: string | null, build_period_years: number | null, 
/**
 * 中心主任.
 */
director: string, committee_members: Array<CommitteeMember>, };

export type Center = { id: CenterId, name: string, region: Region, 
/**
 * 综合领域类 / 专业技术类 / 独立法人类 / 内设机构类 …, as the region names them.
 */
center_type: string, industry_field: string, 
/**
 * 牵头单位 / 依托单位.
 */
lead_unit: string, 
/**
 * 共建单位.
 */
cobuild_units: Array<string>, 
/**
 * 组建模式, e.g. 龙头企业牵头 or 高校院所牵头.
 */
organization_mode: string, approval_date: string | null, build_period_years: number | null, 
/**
 * 中心主任.
 */
director: string, committee_members: Array<CommitteeMember>, };

export type ReviewStatus = "preparing" | "scoring" | "consolidating" | "concluded";

export type ReviewDraft = { center_id: CenterId, template_id: TemplateId, review_date: string, 
/**
 * 评审地点.
 */
place: string, 
/**
 * 组织单位, e.g. 内蒙古自治区科学技术厅.
 */
organizer: string, };

export type ReviewSummary = { id: ReviewId, center_id: CenterId, center_name: string, region: Region, stage: Stage, stage_name: string, template_name: string, review_date: string, place: string, status: ReviewStatus, panel_size: number, sheets_submitted: number, 
/**
 * For a follow-up review (整改复评), the review whose conclusion ordered the rectification.
 */
follows: ReviewId | null, };

export type ReviewFilter = { region: Region | null, status: ReviewStatus | null, 
/**
 * Part of the center's name.
 */
text: string, };

export type ExpertType = "technical" | "management" | "policy" | "finance";

export type PanelRole = "chair" | "member";

export type PanelMemberDraft = { name: string, 
/**
 * 职称, e.g. 研究员 / 教授级高工.
 */
title: string, affiliation: string, expert_type: ExpertType, role: PanelRole, };

export type PanelMember = { expert_id: ExpertId, name: string, title: string, affiliation: string, expert_type: ExpertType, role: PanelRole, };

export type PoolExpert = { id: ExpertId, name: string, title: string, affiliation: string, expert_type: ExpertType, panels: number, 
/**
 * 专业领域, used by 专家抽取.
 */
fields: Array<string>, };

export type ReviewDetail = { summary: ReviewSummary, organizer: string, center: Center, 
/**
 * The copy of the template frozen when the review was created.
 */
template: Template, panel: Array<PanelMember>, };

export type SeedCitation = { 
/**
 * File name of the guideline document, e.g. `004_ffc5f580f039e4a8.txt`.
 */
seed: string, 
/**
 * 1-based line number in that file.
 */
line: number, 
/**
 * The words on that line the rule rests on.
 */
quote: string, };

export type TemplateMode = "scored" | "checklist";

export type AggregationMethod = "mean" | "trimmed_mean";

export type AggregationRule = { method: AggregationMethod, 
/**
 * For a trimmed mean: how many scoring experts are needed before trimming applies.
 */
min_experts: number, };

export type VetoRule = "more_than_half" | "two_thirds" | "any";

export type GradeBand = { grade: string, 
/**
 * The lowest total that earns this grade.
 */
min: string, };

export type TemplateRules = { aggregation: AggregationRule, 
/**
 * A comment is required when an expert deducts more than this percentage of a criterion's maximum.
 */
deduction_comment_percent: number, 
/**
 * An expert's score this percentage of the maximum away from the panel median raises a warning.
 */
deviation_warning_percent: number, veto_rule: VetoRule, 
/**
 * Highest band first; the last band starts at 0. Empty for checklists.
 */
grade_bands: Array<GradeBand>, };

export type ConclusionThreshold = { min_total: string, 
/**
 * Index into `options`.
 */
option: number, };

export type ConclusionRules = { options: Array<string>, 
/**
 * The option a confirmed veto forces.
 */
veto_option: number, 
/**
 * Highest threshold first; the last starts at 0.
 */
suggest: Array<ConclusionThreshold>, 
/**
 * What each option proposes to the department, in the order of `options`; empty in template
 * files written before proposals existed, which then propose nothing.
 */
proposals?: Array<Proposal>, };

export type Criterion = { id: CriterionId, name: string, 
/**
 * What the expert looks for (评分要点).
 */
guidance: string, max: string, 
/**
 * A yes/no item that, when confirmed, forces the failing conclusion (否决项).
 */
veto: boolean, 
/**
 * For checklists: the item must be present.
 */
required: boolean, 
/**
 * 定量 / 定性 / 现场: how the evidence is gathered.
 */
evidence: string | null, 
/**
 * Overrides the template's aggregation for this criterion.
 */
aggregation: AggregationRule | null, sources: Array<SeedCitation>, note: string | null, };

export type CriterionGroup = { id: string, name: string, 
/**
 * A part that must reach this many points on its own (内蒙古 评审认定: 方案评审 and 实地评估).
 */
pass_min: string | null, criteria: Array<Criterion>, };

export type Template = { format: number, id: TemplateId, version: string, name: string, region: Region, stage: Stage, 
/**
 * The stage as the region's guideline names it, e.g. 咨询论证（含实地考察）.
 */
stage_name: string, mode: TemplateMode, center_types: Array<string>, 
/**
 * Where the guideline calls for this review.
 */
basis: Array<SeedCitation>, rules: TemplateRules, conclusions: ConclusionRules, groups: Array<CriterionGroup>, };

export type TemplateSummary = { id: TemplateId, version: string, name: string, region: Region, stage: Stage, stage_name: string, mode: TemplateMode, criteria_count: number, total_max: string, 
/**
 * Shipped with the app (cannot be replaced by an import) rather than imported by a department.
 */
builtin: boolean, };

export type Answer = { criterion: CriterionId, 
/**
 * For a scored criterion.
 */
points: string | null, 
/**
 * For a veto item (yes = the veto applies) or a checklist item (yes = present).
 */
yes_no: boolean | null, 
/**
 * 扣分理由 or the reason for a veto.
 */
comment: string, };

export type Opinion = { 
/**
 * 主要优点
 */
strengths: string, 
/**
 * 存在问题
 */
problems: string, 
/**
 * 修改建议
 */
suggestions: string, 
/**
 * 其他意见
 */
remarks: string, 
/**
 * Index into the template's conclusion options.
 */
recommended_conclusion: number | null, };

export type SheetStatus = "draft" | "submitted";

export type SheetIssueKind = "unanswered" | "deduction_reason_missing" | "veto_reason_missing" | "opinion_missing" | "conclusion_missing";

export type SheetIssue = { kind: SheetIssueKind, 
/**
 * The criterion at fault, if the issue belongs to one.
 */
criterion: CriterionId | null, message: string, };

export type ScoreSheet = { review_id: ReviewId, expert_id: ExpertId, status: SheetStatus, answers: Array<Answer>, opinion: Opinion, 
/**
 * Sum of the points given so far.
 */
total: string, answered: number, criteria_count: number, issues: Array<SheetIssue>, 
/**
 * The conclusion the app suggests from the score and vetoes, once every criterion is answered.
 */
suggested_conclusion: number | null, 
/**
 * How many times the sheet has been submitted.
 */
revision: number, updated_at: string | null, };

export type SheetChange = { 
/**
 * What changed, e.g. 「产业聚焦」得分.
 */
item: string, before: string, after: string, };

export type Revision = { number: number, 
/**
 * 首次提交, or the reason given when the sheet was reopened.
 */
reason: string, submitted_at: string, changes: Array<SheetChange>, };

export type ConflictDecision = "none" | "recused";

export type DeclarationInput = { conflict: ConflictDecision, 
/**
 * Why the expert recuses (required then), or remarks on a detected relation they judge harmless.
 */
reason: string, 
/**
 * The expert has read and accepts the confidentiality pledge.
 */
pledge_accepted: boolean, };

export type Declaration = { conflict: ConflictDecision, reason: string, pledge_signed_at: string, declared_at: string, };

export type MemberProgress = { member: PanelMember, declaration: ConflictDecision | null, has_pin: boolean, 
/**
 * Too many wrong PINs: only the chair can let this member in again.
 */
pin_locked: boolean, sheet_status: SheetStatus | null, answered: number, criteria_count: number, 
/**
 * Relations to the center the app noticed (回避提示).
 */
conflict_hints: Array<string>, };

export type SiteNoteKind = "people" | "facility" | "document" | "observation";

export type SiteNoteDraft = { kind: SiteNoteKind, text: string, criteria: Array<CriterionId>, };

export type SiteNote = { id: SiteNoteId, kind: SiteNoteKind, text: string, criteria: Array<CriterionId>, created_at: string, updated_at: string, };

export type Photo = { id: PhotoId, original_name: string, mime: string, size_bytes: number, width: number, height: number, 
/**
 * When the camera says it was taken (EXIF DateTimeOriginal), e.g. "2026-11-20 10:31:05".
 */
taken_at: string | null, caption: string, criteria: Array<CriterionId>, added_at: string, };

export type RoundScore = { criterion: CriterionId, points: string | null, yes_no: boolean | null, };

export type MemberScores = { name: string, scores: Array<RoundScore>, };

export type DiscussionRound = { 
/**
 * 2 for the first discussion round.
 */
number: number, criteria: Array<CriterionId>, opened_at: string, 
/**
 * The chair's question to the panel ("" when none was written).
 */
question: string, 
/**
 * On a member's laptop: every member's scores before the round on its criteria, as the
 * chair's round package carried them. Empty on the chair's laptop, which has the matrix.
 */
scores: Array<MemberScores>, };

export type RoundAnswer = { criterion: CriterionId, points: string | null, yes_no: boolean | null, reason: string, };

export type ExpertSheetInput = { expert_id: ExpertId, name: string, recused: boolean, submitted: boolean, 
/**
 * The answers that count: the first round's, with later rounds' re-scores applied.
 */
answers: Array<Answer>, 
/**
 * The first round's answers to criteria re-scored in a discussion round (empty otherwise),
 * so both rounds can be shown.
 */
first_round: Array<Answer>, };

export type ColumnStatus = "scoring" | "recused" | "missing";

export type ExpertColumn = { expert_id: ExpertId, name: string, status: ColumnStatus, };

export type DeviationWarning = { expert_id: ExpertId, message: string, };

export type VetoResult = { yes: number, no: number, 
/**
 * Confirmed by the template's veto rule.
 */
stands: boolean, };

export type CriterionRow = { criterion: CriterionId, name: string, group_id: string, max: string, veto: boolean, 
/**
 * One cell per column; only scoring experts' cells are filled.
 */
scores: Array<string | null>, yes_no: Array<boolean | null>, 
/**
 * First-round scores, per column, when this criterion was re-scored in a discussion round.
 */
first_round_scores: Array<string | null> | null, 
/**
 * Whether one highest and one lowest score were dropped.
 */
trimmed: boolean, aggregate: string | null, median: string | null, range: string | null, std_dev: string | null, warnings: Array<DeviationWarning>, veto_result: VetoResult | null, };

export type GroupRow = { id: string, name: string, max: string, total: string, pass_min: string | null, passed: boolean | null, };

export type Consolidation = { columns: Array<ExpertColumn>, rows: Array<CriterionRow>, groups: Array<GroupRow>, total: string, max_total: string, grade: string | null, vetoed: boolean, suggested_conclusion: number | null, suggested_conclusion_text: string | null, 
/**
 * Kendall's coefficient of concordance over the scored criteria (0 = no agreement, 1 = full).
 */
kendall_w: string | null, scoring_experts: number, 
/**
 * Every sheet is in; nothing blocks finalising.
 */
complete: boolean, blocking: Array<string>, };

export type OpinionItem = { text: string, sources: Array<ExpertId>, };

export type Rectification = { item: string, deadline: string | null, };

export type PanelOpinion = { 
/**
 * 过程段: who reviewed what, when, where and how.
 */
process: string, 
/**
 * 总体评价
 */
overall: string, strengths: Array<OpinionItem>, problems: Array<OpinionItem>, suggestions: Array<OpinionItem>, 
/**
 * Index into the template's conclusion options.
 */
conclusion: number | null, rectifications: Array<Rectification>, 
/**
 * 不同意见 recorded as the member stated it.
 */
dissent: string, };

export type OpinionApproval = { expert_id: ExpertId, name: string, 
/**
 * The version approved, if any.
 */
approved_version: number | null, approved_at: string | null, current: boolean, 
/**
 * The version the member objected to, with the reason (their dissent), if their latest
 * answer was an objection.
 */
objected_version: number | null, objection: string | null, };

export type Candidate = { id: ExpertId, name: string, affiliation: string, expert_type: ExpertType, 
/**
 * 专业领域, as the pool records them.
 */
fields: Array<string>, 
/**
 * The dates on which this expert sat on a panel reviewing the center drawn for.
 */
reviewed_center_on: Array<string>, };

export type TypeQuota = { expert_type: ExpertType, count: number, };

export type MakeUp = { quotas: Array<TypeQuota>, 
/**
 * When not empty, only experts with at least one of these fields are drawn.
 */
fields: Array<string>, 
/**
 * The chair is the first expert of this type drawn.
 */
chair_type: ExpertType, 
/**
 * 备选专家 drawn after the panel, to fill a seat when someone declines.
 */
reserves: number, };

export type Avoidance = { 
/**
 * Not from the lead unit or a co-building unit of the center.
 */
same_unit_as_center: boolean, 
/**
 * Not a member of one of the center's committees.
 */
center_committees: boolean, 
/**
 * At most one expert from the same unit (reserves included).
 */
one_per_unit: boolean, 
/**
 * Not if they reviewed this center within this many years (0: no such rule).
 */
reviewed_within_years: number, };

export type DrawnExpert = { id: ExpertId, name: string, affiliation: string, expert_type: ExpertType, role: PanelRole, };

export type Exclusion = { id: ExpertId, name: string, affiliation: string, reasons: Array<string>, };

export type Decline = { id: ExpertId, name: string, reason: string, replaced_by: ExpertId | null, };

export type PanelDraw = { 
/**
 * Decimal text in the bindings: the seed is a full 64-bit number.
 */
seed: string, drawn_on: string, members: Array<DrawnExpert>, reserves: Array<DrawnExpert>, excluded: Array<Exclusion>, declined: Array<Decline>, };

export type DrawRecord = { make_up: MakeUp, rules: Avoidance, draw: PanelDraw, drawn_by: string, drawn_at: string, 
/**
 * When the roster was built from it; the draw is final from then on.
 */
seated_at: string | null, };

export type ReviewRecordRow = { review_id: ReviewId, center_name: string, stage_name: string, review_date: string, role: PanelRole, rating: number | null, comment: string, };

export type MemberRating = { expert_id: ExpertId, name: string, rating: number | null, comment: string, };

export type BriefRow = { name: string, max: string, scores: Array<string | null>, aggregate: string | null, };

export type OpinionBrief = { version: number, conclusion_text: string | null, members: Array<string>, rows: Array<BriefRow>, total: string, grade: string | null, received_at: string, };

export type ExchangeOrigin = "local" | "imported";

export type ReviewImport = { review_id: ReviewId, center_name: string, chair_name: string, 
/**
 * The chair's certificate fingerprint, to compare with the chair's screen.
 */
chair_fingerprint: string, 
/**
 * The package had been opened before; nothing changed.
 */
already_imported: boolean, };

export type SheetImportOutcome = "applied" | "unchanged" | "history" | "conflict" | "refused";

export type SheetImportReport = { file: string, outcome: SheetImportOutcome, expert_name: string | null, revision: number | null, message: string, };

export type ImportedPackage = { id: SheetPackageId, expert_id: ExpertId, expert_name: string, revision: number, 
/**
 * submitted | recused
 */
status: string, exported_at: string, imported_at: string, applied: boolean, conflict: boolean, fingerprint: string, };

export type MemberKey = { expert_id: ExpertId, expert_name: string, holder: string, fingerprint: string, first_seen_at: string, };

export type ExchangeState = { review_id: ReviewId, uid: string | null, origin: ExchangeOrigin | null, chair_fingerprint: string | null, packages: Array<ImportedPackage>, keys: Array<MemberKey>, };

export type PanelOpinionState = { opinion: PanelOpinion, 
/**
 * 0 for a draft never saved.
 */
version: number, updated_at: string | null, approvals: Array<OpinionApproval>, 
/**
 * Every member who did not recuse approved the current version.
 */
all_approved: boolean, };

export type Fen = number;

export type FundingBase = "year_investment" | "cumulative_investment";

export type FundingRule = { share_percent: number, first_year_cap: Fen, total_cap: Fen, 
/**
 * Whether the first-year grant (获批后给予首年创建经费) counts inside the 合计 cap; when not,
 * the 合计 cap bounds the later years only.
 */
first_year_in_total: boolean, base: FundingBase, };

export type YearInvestment = { year: number, amount: Fen, };

export type PostSubsidyRule = "good_or_better" | "pass_or_better";

export type FundingYear = { year: number, 
/**
 * The calendar year, when the caps were computed from the center's stored investments.
 */
calendar_year: number | null, investment: Fen, cap: Fen, 
/**
 * Which limit decided the cap.
 */
limited_by: string, };

export type FundingCaps = { years: Array<FundingYear>, total: Fen, source: SeedCitation, };

export type CheckStatus = "pass" | "fail" | "warn" | "needs_data";

export type ComplianceCheck = { id: string, title: string, status: CheckStatus, 
/**
 * What was found, with the numbers.
 */
detail: string, source: SeedCitation, };

export type DirectorYear = { year: number, months: number, };

export type AnnualReport = { year: number, 
/**
 * When it reached the department; `None` while not yet submitted.
 */
submitted_on: string | null, };

export type RevocationTrigger = "failed_after_rectification" | "annual_report_overdue" | "skipped_evaluation" | "fraud" | "lead_unit_defunct" | "law_violation";

export type TriggerFinding = { trigger: RevocationTrigger, note: string, };

export type CoreIndicator = { name: string, unit: string, target: string, actual: string, };

export type CenterRecords = { director_years: Array<DirectorYear>, annual_reports: Array<AnnualReport>, 
/**
 * The triggers the panel found; empty with `revocation_reviewed_on` set means none was found.
 */
revocation_findings: Array<TriggerFinding>, 
/**
 * When the panel last went through the six triggers; `None` means not yet.
 */
revocation_reviewed_on: string | null, core_indicators: Array<CoreIndicator>, 
/**
 * 宁波 (NB:28): each build year's capability investment.
 */
capability_investments: Array<YearInvestment>, };

export type CenterStatus = "intent" | "consulting" | "building" | "recognized" | "rectifying" | "revoked";

export type DecisionKind = "intake" | "publicity" | "approve" | "recognize" | "order_rectification" | "rectification_accepted" | "continue_support" | "revoke";

export type DecisionOption = { kind: DecisionKind, label: string, source: SeedCitation, };

export type Proposal = "approve" | "recognize" | "rectify" | "revoke" | "continue_support" | "proceed" | "revise" | "reject" | "none";

export type DecisionDraft = { kind: DecisionKind, decided_on: string, 
/**
 * 文号, e.g. 内科发〔2026〕12号.
 */
document_number: string, 
/**
 * The review whose conclusion the decision follows, if any.
 */
review_id: ReviewId | null, 
/**
 * 整改期限, for 限期整改 only.
 */
due_on: string | null, note: string, 
/**
 * 经办人.
 */
recorded_by: string, };

export type Decision = { id: number, center_id: CenterId, 
/**
 * The decision in the region's words.
 */
label: string, recorded_at: string, kind: DecisionKind, decided_on: string, 
/**
 * 文号, e.g. 内科发〔2026〕12号.
 */
document_number: string, 
/**
 * The review whose conclusion the decision follows, if any.
 */
review_id: ReviewId | null, 
/**
 * 整改期限, for 限期整改 only.
 */
due_on: string | null, note: string, 
/**
 * 经办人.
 */
recorded_by: string, };

export type Escalation = { proposal: Proposal, 
/**
 * e.g. 绩效评价不合格，限期整改仍不合格：经审定属实的予以摘牌并撤销
 */
reason: string, source: SeedCitation, };

export type FollowUpDraft = { review_date: string, place: string, organizer: string, };

export type GroupScore = { name: string, total: string, max: string, };

export type ReviewOutcome = { review_id: ReviewId, stage: Stage, stage_name: string, review_date: string, status: ReviewStatus, 
/**
 * The panel opinion's conclusion, once the chair has saved one.
 */
conclusion: string | null, proposal: Proposal | null, 
/**
 * The proposal in words, e.g. 建议限期整改.
 */
proposal_label: string | null, 
/**
 * The decision a clerk would record to follow it, if any.
 */
proposed_decision: DecisionKind | null, 
/**
 * Whether a decision already cites this review.
 */
decided: boolean, 
/**
 * The consolidated total and grade once every sheet is in (scored templates only).
 */
total: string | null, max_total: string | null, grade: string | null, 
/**
 * Each group's subtotal and maximum, for the chart of the center's years.
 */
groups: Array<GroupScore>, 
/**
 * The one-vote veto items the panel confirmed (scored templates, every sheet in).
 */
vetoes: Array<string>, 
/**
 * For a follow-up review (整改复评), the review that ordered the rectification.
 */
follows: ReviewId | null, 
/**
 * The follow-up review created from this one, if any.
 */
follow_up: ReviewId | null, 
/**
 * Whether a follow-up review can be created from this one now.
 */
may_follow_up: boolean, 
/**
 * What the guideline makes of a failing result beyond the panel's proposal (NM:47, GXP:145, SC:100).
 */
escalation: Escalation | null, };

export type RectificationStatus = "open" | "done" | "overdue";

export type EvidenceFile = { id: number, rectification_id: number, name: string, size: number, sha256: string, added_by: string, added_at: string, };

export type RectificationItem = { id: number, review_id: ReviewId, 
/**
 * The review it came from, e.g. 2024-10-10 运行绩效评价.
 */
review_label: string, item: string, deadline: string | null, status: RectificationStatus, status_label: string, evidence: string, done_on: string | null, confirmed_by: string | null, confirmed_at: string | null, 
/**
 * Files kept as evidence (整改佐证材料), oldest first.
 */
files: Array<EvidenceFile>, };

export type RectificationConfirmation = { done_on: string, 
/**
 * What shows it was done (documents received, what was seen).
 */
evidence: string, confirmed_by: string, };

export type CenterHistory = { center: Center, status: CenterStatus, 
/**
 * The status in the region's words.
 */
status_label: string, 
/**
 * Oldest first.
 */
decisions: Array<Decision>, 
/**
 * Oldest first.
 */
reviews: Array<ReviewOutcome>, 
/**
 * The decisions the region's guideline knows, for the clerk's form.
 */
offered: Array<DecisionOption>, 
/**
 * 整改事项 of the center's finished reviews, oldest first.
 */
rectifications: Array<RectificationItem>, };

export type CenterStatusLine = { center_id: CenterId, status: CenterStatus, label: string, };

export type DueKind = "annual_report" | "performance_evaluation" | "acceptance" | "final_evaluation" | "rectification";

export type DueItem = { center_id: CenterId, center_name: string, region: Region, kind: DueKind, 
/**
 * What is due, e.g. 2025 年度报告.
 */
what: string, due_on: string, 
/**
 * Days from the day asked about to the due date; negative when overdue.
 */
days_left: number, 
/**
 * The guideline says 一般 (“usually”): a reminder, not a breach, when missed.
 */
advisory: boolean, 
/**
 * How the date was worked out.
 */
basis: string, source: SeedCitation, };

export type OverviewRow = { center_id: CenterId, center_name: string, status_label: string, 
/**
 * The latest evaluation of the year; `None` when the center was not evaluated that year.
 */
review_id: ReviewId | null, review_date: string | null, stage_name: string | null, total: string | null, max_total: string | null, grade: string | null, 
/**
 * The latest evaluation of the year before, for comparison.
 */
previous_total: string | null, previous_grade: string | null, 
/**
 * This year's total minus last year's, signed ("+27.13", "-3.50", "0.00"); only when both
 * were scored out of the same maximum.
 */
change: string | null, 
/**
 * The one-vote veto items the panel confirmed in this year's evaluation.
 */
vetoes: Array<string>, open_rectifications: number, overdue_rectifications: number, 
/**
 * 无 / 2 项待整改 / 2 项待整改（1 项逾期）/ 已全部整改
 */
rectification_label: string, 
/**
 * The center's soonest outstanding due date (the most overdue first).
 */
next_due: DueItem | null, 
/**
 * 内蒙古 绩效评价: whether the grade receives the post-subsidy under the rule in force.
 */
post_subsidy: boolean | null, };

export type GradeCount = { grade: string, count: number, };

export type YearOverview = { region: Region, region_name: string, year: number, rows: Array<OverviewRow>, 
/**
 * Evaluated centers per grade, best grade first; grades nobody received are listed with 0.
 */
distribution: Array<GradeCount>, evaluated: number, not_evaluated: number, top_grade_count: number, 
/**
 * The 优秀 share in percent with two decimals, e.g. "33.33"; `None` when nobody was evaluated.
 */
top_grade_percent: string | null, top_grade_cap_percent: number | null, 
/**
 * Set when the share of 优秀 exceeds the cap.
 */
cap_warning: string | null, 
/**
 * 内蒙古: which grades receive the post-subsidy and the seed line in force (NM:46 or NM:56).
 */
post_subsidy_rule: string | null, post_subsidy_source: SeedCitation | null, };

export type Settings = { 
/**
 * NM:45 exempts centers approved "6月后" from their first report; whether June itself counts
 * is the open question, so the month and its inclusion are settings.
 */
report_exempt_after_month: number, report_exempt_includes_month: boolean, 
/**
 * NB:28 bases.
 */
funding: FundingRule, 
/**
 * 广西 acceptance: the average completion rate of the core indicators below which the check
 * fails; GX:18 names the completion but gives no bar.
 */
indicator_pass_percent: number, 
/**
 * On a shared laptop, an expert who has not touched the keyboard or mouse for this many
 * minutes is signed out, so whoever sits down next needs their own PIN.
 */
idle_sign_out_minutes: number, 
/**
 * A cap on the share of 优秀 in a region's year (some departments set 15–20%); the seeds set
 * none, so `None` (no cap) is the default. The year overview warns when it is exceeded.
 */
top_grade_cap_percent: number | null, 
/**
 * 内蒙古 post-subsidy: NM:46 and NM:56 disagree on which grades receive it.
 */
nm_post_subsidy: PostSubsidyRule, 
/**
 * 专家抽取's 回避 rules; the seeds set none, so the usual practice is the default.
 */
draw_rules: Avoidance, };

export type Justification = { expert_id: ExpertId, expert_name: string, criterion: CriterionId, criterion_name: string, 
/**
 * The deviation warning as it read when the chair asked.
 */
warning: string, request: string, requested_at: string, response: string, responded_at: string | null, };

export type ErrorCode = "invalid" | "bad_file" | "not_found" | "storage" | "not_signed_in";

export type CommandError = { code: ErrorCode, message: string, };

export type DatabaseState = "open" | "ask_passphrase" | "choose_passphrase" | "failed" | "damaged";

export type SnapshotView = { 
/**
 * "YYYY-MM-DD HH:MM:SS", UTC.
 */
taken_at: string, reason: string, };

export type AppInfo = { database_path: string, database_state: DatabaseState, 
/**
 * Why the database could not be opened, if it could not.
 */
open_error: string | null, 
/**
 * The newest sound snapshot, offered when the database is damaged.
 */
snapshot: SnapshotView | null, version: string, };

export type ConclusionView = { concluded_at: string, concluded_by: string, opinion_version: number, };

export type AuditRow = { seq: number, at: string, actor: string, action: string, detail: string, };

export type AuditView = { rows: Array<AuditRow>, 
/**
 * Rows in the whole log.
 */
entries: number, 
/**
 * The last row's hash.
 */
head: string, 
/**
 * The first break found, in Chinese; none when the chain is whole.
 */
broken: string | null, };

export type BackupView = { path: string, created_at: string, schema_version: number, centers: number, reviews: number, photos: number, sha256: string, };

export type ExpertSession = { review_id: ReviewId, expert_id: ExpertId, name: string, role: PanelRole, };

export type DocumentKindCode = "panel_opinion" | "score_summary" | "score_sheet" | "sign_in" | "site_visit" | "draw_record";

export type ExportedDocument = { path: string, fingerprint: string, };

export type IdentityView = { holder: string, subject: string, issuer: string, self_issued: boolean, not_before: string, not_after: string, fingerprint: string, imported: boolean, created_at: string, 
/**
 * `generated` (self-issued), `pkcs12` or `issued` (by the department, from a request).
 */
source: string, 
/**
 * The issuer's name (CN), e.g. "内蒙古自治区科学技术厅评审签名根证书".
 */
issuer_holder: string, };

export type VerificationView = { 
/**
 * `trusted`, `untrusted`, `revoked`, `outside_validity` or `invalid`.
 */
status: string, valid: boolean, message: string, 
/**
 * The technical finding behind an invalid verdict, empty otherwise.
 */
detail: string, signer: string, subject: string, issuer: string, self_issued: boolean, certificate_fingerprint: string, signed_at: string, fingerprint: string, };

export type CertificateView = { holder: string, issuer_holder: string, not_before: string, not_after: string, fingerprint: string, serial: string, };

export type DepartmentRootView = { department: string, certificate: CertificateView, created_at: string, };

export type RequestView = { holder: string, organization: string, pool_id: string | null, key: string, key_fingerprint: string, };

export type IssuedView = { serial: string, holder: string, organization: string, pool_id: string | null, not_before: string, not_after: string, 
/**
 * "2026-12-03"
 */
issued_on: string, revoked_on: string | null, revocation_reason: string | null, };

export type TrustedRootView = { fingerprint: string, holder: string, not_after: string, added_on: string, 
/**
 * This installation's own department root (cannot be removed).
 */
own: boolean, crl_number: number | null, crl_imported_on: string | null, };

export type CrlView = { issuer: string, number: number | null, this_update: string, next_update: string, revoked: number, };

export type VerifyRowView = { file: string, path: string, 
/**
 * `trusted`, `untrusted`, `revoked`, `outside_validity` or `invalid`.
 */
status: string, verdict: string, message: string, signer: string, issuer: string, certificate_fingerprint: string, signed_at: string, document_fingerprint: string, };

export type ImportRow = { row: number, name: string, 
/**
 * What identifies the row besides the name, e.g. "宁波市，宁波大学".
 */
detail: string, };

export type ImportProblem = { row: number, column: string, message: string, };

export type ImportPreview = { valid: Array<ImportRow>, errors: Array<ImportProblem>, };

export type PackageNames = { review: string | null, sheet: string | null, 
/**
 * The chair's round package for the current round, opinion package for the saved version,
 * and the member's approval package for their latest answer; None when there is none.
 */
round: string | null, opinion: string | null, approval: string | null, };

export type ImportProgress = { 
/**
 * Files read so far.
 */
done: number, total: number, 
/**
 * The file being read now, or empty while the packages are checked and merged.
 */
file: string, };
