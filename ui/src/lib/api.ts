// The only module that talks to the Rust side. Every call returns the generated types, and every
// failure is a CommandError whose message is ready to show.
import { Channel, invoke } from '@tauri-apps/api/core'
import { open, save } from '@tauri-apps/plugin-dialog'
import type {
  Answer,
  CenterRecords,
  Justification,
  Settings,
  FundingCaps,
  PanelOpinion,
  PanelOpinionState,
  DiscussionRound,
  RoundAnswer,
  ComplianceCheck,
  Consolidation,
  Declaration,
  DeclarationInput,
  ExpertSession,
  MemberProgress,
  Opinion,
  Photo,
  Revision,
  ScoreSheet,
  SiteNote,
  SiteNoteDraft,
  CriterionId,
  AppInfo,
  Center,
  CenterHistory,
  CenterStatusLine,
  ConclusionView,
  DueItem,
  Region,
  YearOverview,
  FollowUpDraft,
  EvidenceFile,
  RectificationConfirmation,
  RectificationItem,
  Decision,
  DecisionDraft,
  CenterDraft,
  CenterId,
  CommandError,
  ExpertId,
  PanelMember,
  PanelMemberDraft,
  ReviewDetail,
  ReviewDraft,
  ReviewFilter,
  ReviewId,
  ReviewSummary,
  Template,
  TemplateId,
  TemplateSummary,
  ExchangeState,
  DrawRecord,
  MakeUp,
  MemberRating,
  ReviewRecordRow,
  OpinionBrief,
  PoolExpert,
  ReviewImport,
  SheetImportReport,
  DocumentKindCode,
  ExportedDocument,
  IdentityView,
  ImportPreview,
  ImportProgress,
  PackageNames,
  SheetPackageId,
  VerificationView,
  CertificateView,
  DepartmentRootView,
  RequestView,
  IssuedView,
  TrustedRootView,
  CrlView,
  VerifyRowView,
  PhotoId,
  SiteNoteId,
  BackupView,
  AuditView,
} from './bindings'

export function isCommandError(e: unknown): e is CommandError {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e
}

/** The message to show a person for anything a call threw. */
export function errorMessage(e: unknown): string {
  if (isCommandError(e)) return e.message
  if (e instanceof Error) return `程序内部错误：${e.message}`
  return `程序内部错误：${String(e)}`
}

// Commands run on worker threads, so two calls in flight could reach the store in either order:
// the autosave of the field just left and the save of the radio button clicked next would race,
// and the older snapshot could land last and undo the newer. Calls therefore run one after
// another, in the order they were made. Only a call that must get through while a long one runs
// (stopping that long one) skips the line.
const UNQUEUED = new Set(['cancel_import'])
let line: Promise<unknown> = Promise.resolve()

/** Runs `run` after every call made before it has finished (whether it succeeded or not). */
export function inOrder<T>(run: () => Promise<T>): Promise<T> {
  const result = line.then(run, run)
  line = result.catch(() => undefined)
  return result
}

async function call<T>(command: string, params?: object): Promise<T> {
  const run = () => invoke<T>(command, params === undefined ? {} : { params })
  return UNQUEUED.has(command) ? run() : inOrder(run)
}

export const api = {
  appInfo: () => call<AppInfo>('app_info'),
  unlockDatabase: (passphrase: string) => call<null>('unlock_database', { passphrase }),
  chooseDatabasePassphrase: (passphrase: string, repeated: string) =>
    call<null>('choose_database_passphrase', { passphrase, repeated }),
  restoreSnapshot: () => call<null>('restore_snapshot'),
  auditLog: (review_id: ReviewId | null) => call<AuditView>('audit_log', { review_id }),
  backupDatabase: (path: string, passphrase: string) => call<BackupView>('backup_database', { path, passphrase }),
  restoreDatabase: (path: string, passphrase: string) => call<BackupView>('restore_database', { path, passphrase }),
  listTemplates: () => call<TemplateSummary[]>('list_templates'),
  importTemplate: (path: string) => call<TemplateSummary>('import_template', { path }),
  getTemplate: (id: TemplateId) => call<Template>('get_template', { id }),
  listCenters: () => call<Center[]>('list_centers'),
  createCenter: (draft: CenterDraft) => call<Center>('create_center', { draft }),
  confirmRectification: (id: number, confirmation: RectificationConfirmation) =>
    call<RectificationItem>('confirm_rectification', { id, confirmation }),
  dueItems: (on: string | null) => call<DueItem[]>('due_items', { on }),
  exportDueList: (path: string, on: string | null) => call<string>('export_due_list', { path, on }),
  createFollowUpReview: (from: ReviewId, draft: FollowUpDraft) => call<ReviewSummary>('create_follow_up_review', { from, draft }),
  addEvidenceFile: (id: number, path: string, addedBy: string) => call<EvidenceFile>('add_evidence_file', { id, path, added_by: addedBy }),
  saveEvidenceFile: (id: number, path: string) => call<string>('save_evidence_file', { id, path }),
  yearOverview: (region: Region, year: number) => call<YearOverview>('year_overview', { region, year }),
  exportYearOverview: (region: Region, year: number, path: string) => call<string>('export_year_overview', { region, year, path }),
  centerStatuses: () => call<CenterStatusLine[]>('center_statuses'),
  centerHistory: (id: CenterId) => call<CenterHistory>('center_history', { id }),
  recordDecision: (center_id: CenterId, draft: DecisionDraft) => call<Decision>('record_decision', { center_id, draft }),
  updateCenter: (id: CenterId, draft: CenterDraft) => call<Center>('update_center', { id, draft }),
  listReviews: (filter: ReviewFilter) => call<ReviewSummary[]>('list_reviews', { filter }),
  createReview: (draft: ReviewDraft) => call<ReviewSummary>('create_review', { draft }),
  getReview: (id: ReviewId) => call<ReviewDetail>('get_review', { id }),
  centerRecords: (id: CenterId) => call<CenterRecords>('center_records', { id }),
  saveCenterRecords: (id: CenterId, records: CenterRecords) => call<CenterRecords>('save_center_records', { id, records }),
  settings: () => call<Settings>('settings'),
  saveSettings: (settings: Settings) => call<Settings>('save_settings', settings),
  complianceChecks: (id: ReviewId) => call<ComplianceCheck[]>('compliance_checks', { id }),
  fundingCaps: (investments: string[]) => call<FundingCaps>('funding_caps', { investments }),
  addPanelMember: (review_id: ReviewId, draft: PanelMemberDraft) =>
    call<PanelMember>('add_panel_member', { review_id, draft }),
  removePanelMember: (review_id: ReviewId, expert_id: ExpertId) =>
    call<null>('remove_panel_member', { review_id, expert_id }),

  // 专家抽取 and the pool's record of each expert.
  drawPanel: (review_id: ReviewId, drawn_by: string, make_up: MakeUp, seed: string) =>
    call<DrawRecord>('draw_panel', { review_id, drawn_by, make_up, seed }),
  panelDraw: (review_id: ReviewId) => call<DrawRecord | null>('panel_draw', { review_id }),
  declineDrawn: (review_id: ReviewId, expert_id: ExpertId, reason: string) =>
    call<DrawRecord>('decline_drawn', { review_id, expert_id, reason }),
  seatDrawnPanel: (review_id: ReviewId) => call<DrawRecord>('seat_drawn_panel', { review_id }),
  rateMember: (expert_id: ExpertId, rating: number, comment: string) => call<MemberRating[]>('rate_member', { expert_id, rating, comment }),
  memberRatings: () => call<MemberRating[]>('member_ratings'),
  expertRecord: (expert_id: ExpertId) => call<ReviewRecordRow[]>('expert_record', { expert_id }),
  setExpertFields: (expert_id: ExpertId, fields: string[]) => call<string[]>('set_expert_fields', { expert_id, fields }),

  panelProgress: (review_id: ReviewId) => call<MemberProgress[]>('panel_progress', { review_id }),
  signIn: (review_id: ReviewId, expert_id: ExpertId, pin: string, new_pin: boolean) =>
    call<ExpertSession>('sign_in', { review_id, expert_id, pin, new_pin }),
  signOut: () => call<null>('sign_out'),
  unlockPin: (review_id: ReviewId, chair_id: ExpertId, chair_pin: string, expert_id: ExpertId) =>
    call<null>('unlock_pin', { review_id, chair_id, chair_pin, expert_id }),
  resetPin: (review_id: ReviewId, chair_id: ExpertId, chair_pin: string, expert_id: ExpertId) =>
    call<null>('reset_pin', { review_id, chair_id, chair_pin, expert_id }),
  currentSession: () => call<ExpertSession | null>('current_session'),
  keepSession: () => call<ExpertSession>('keep_session'),
  declare: (input: DeclarationInput) => call<Declaration>('declare', input),
  myDeclaration: () => call<Declaration | null>('my_declaration'),
  mySheet: () => call<ScoreSheet>('my_sheet'),
  saveAnswer: (answer: Answer) => call<ScoreSheet>('save_answer', answer),
  saveOpinion: (opinion: Opinion) => call<ScoreSheet>('save_opinion', opinion),
  submitSheet: () => call<ScoreSheet>('submit_sheet'),
  reopenSheet: (reason: string) => call<ScoreSheet>('reopen_sheet', { reason }),
  myRevisions: () => call<Revision[]>('my_revisions'),
  viewSheet: (expert_id: ExpertId) => call<ScoreSheet>('view_sheet', { expert_id }),
  mySiteNotes: () => call<SiteNote[]>('my_site_notes'),
  addSiteNote: (draft: SiteNoteDraft) => call<SiteNote>('add_site_note', draft),
  updateSiteNote: (id: SiteNoteId, draft: SiteNoteDraft) => call<SiteNote>('update_site_note', { id, draft }),
  deleteSiteNote: (id: SiteNoteId) => call<null>('delete_site_note', { id }),
  myPhotos: () => call<Photo[]>('my_photos'),
  addPhotos: (paths: string[]) => call<Photo[]>('add_photos', { paths }),
  describePhoto: (id: PhotoId, caption: string, criteria: CriterionId[]) =>
    call<Photo>('describe_photo', { id, caption, criteria }),
  consolidation: () => call<Consolidation>('consolidation'),
  openRound: (criteria: CriterionId[], question: string) => call<DiscussionRound>('open_round', { criteria, question }),
  currentRound: () => call<DiscussionRound | null>('current_round'),
  saveRoundAnswer: (answer: RoundAnswer) => call<RoundAnswer[]>('save_round_answer', answer),
  myRoundAnswers: () => call<RoundAnswer[]>('my_round_answers'),
  panelOpinion: () => call<PanelOpinionState>('panel_opinion'),
  savePanelOpinion: (opinion: PanelOpinion) => call<PanelOpinionState>('save_panel_opinion', opinion),
  approvePanelOpinion: (version: number) => call<PanelOpinionState>('approve_panel_opinion', { version }),
  objectPanelOpinion: (version: number, reason: string) => call<PanelOpinionState>('object_panel_opinion', { version, reason }),
  opinionBrief: () => call<OpinionBrief | null>('opinion_brief'),
  requestJustification: (expert_id: ExpertId, criterion: CriterionId, request: string) =>
    call<Justification[]>('request_justification', { expert_id, criterion, request }),
  justifications: () => call<Justification[]>('justifications'),
  myJustifications: () => call<Justification[]>('my_justifications'),
  answerJustification: (criterion: CriterionId, response: string) =>
    call<Justification[]>('answer_justification', { criterion, response }),
  /** A blob: URL of the photo's thumbnail (raw bytes over IPC, not a JSON array). */
  photoThumbnailUrl: async (id: PhotoId) => {
    const bytes = await call<ArrayBuffer>('photo_thumbnail', { id })
    return URL.createObjectURL(new Blob([bytes], { type: 'image/jpeg' }))
  },
}

/** Asks for site-visit photos; an empty list when the person cancels. */
export async function choosePhotoFiles(): Promise<string[]> {
  const picked = await open({
    title: '选择实地考察照片',
    multiple: true,
    directory: false,
    filters: [{ name: '照片（JPEG、PNG）', extensions: ['jpg', 'jpeg', 'png', 'JPG', 'JPEG', 'PNG'] }],
  })
  if (picked === null) return []
  return Array.isArray(picked) ? picked : [picked]
}

/** Asks for one JSON template file; null when the person cancels. */
export async function chooseTemplateFile(): Promise<string | null> {
  const picked = await open({
    title: '选择评分模板文件',
    multiple: false,
    directory: false,
    filters: [{ name: '评分模板（JSON）', extensions: ['json'] }],
  })
  return typeof picked === 'string' ? picked : null
}

/** Asks where to save a PDF; null when the person cancels. */
export async function choosePdfSavePath(title: string, defaultName: string): Promise<string | null> {
  return save({ title, defaultPath: defaultName, filters: [{ name: 'PDF 文件', extensions: ['pdf'] }] })
}

export const documents = {
  exportAuditLog: (path: string, passphrase: string) => call<string>('export_audit_log', { path, passphrase }),
  exportDocument: (kind: DocumentKindCode, expert: ExpertId | null, path: string, passphrase: string) =>
    call<ExportedDocument>('export_document', { kind, expert, path, passphrase }),
  fileName: (kind: DocumentKindCode, expert: ExpertId | null) => call<string>('document_file_name', { kind, expert }),
  /** What the export would refuse (a missing approval, no identity, an empty or wrong passphrase), before the save dialog. */
  checkExport: (kind: DocumentKindCode, expert: ExpertId | null, passphrase: string) => call<null>('check_export', { kind, expert, passphrase }),
  workbookFileName: () => call<string>('workbook_file_name'),
  exportWorkbook: (path: string) => call<string>('export_workbook', { path }),
  /** The PNG goes as the raw request body, not as a JSON array of numbers. */
  saveHandSignature: (png: Uint8Array) => inOrder(() => invoke<null>('save_hand_signature', png)),
  /** A blob: URL of the stored signature, or null when none is stored. */
  myHandSignatureUrl: async () => {
    const bytes = await call<ArrayBuffer>('my_hand_signature')
    return bytes.byteLength ? URL.createObjectURL(new Blob([bytes], { type: 'image/png' })) : null
  },
  missingHandSignatures: () => call<string[]>('missing_hand_signatures'),
  mySigningIdentity: () => call<IdentityView | null>('my_signing_identity'),
  createSigningIdentity: (passphrase: string) => call<IdentityView | null>('create_signing_identity', { passphrase }),
  importSigningIdentity: (path: string, password: string, passphrase: string) =>
    call<IdentityView | null>('import_signing_identity', { path, password, passphrase }),
  verifyDocument: (path: string) => call<VerificationView>('verify_document', { path }),
  /** Opens the file's folder in the file manager with the file selected. */
  revealFile: (path: string) => call<null>('reveal_file', { path }),
  createCertificateRequest: (passphrase: string, poolId: string, path: string) =>
    call<string>('create_certificate_request', { passphrase, pool_id: poolId, path }),
  importIssuedCertificate: (path: string) => call<IdentityView | null>('import_issued_certificate', { path }),
  reviewConclusion: () => call<ConclusionView | null>('review_conclusion'),
  concludeReview: () => call<null>('conclude_review'),
  reopenReview: (reason: string) => call<null>('reopen_review', { reason }),
}

/** Asks where to save the Excel workbook; null when the person cancels. */
export async function chooseXlsxSavePath(defaultName: string, title = '导出 Excel 工作簿'): Promise<string | null> {
  return save({ title, defaultPath: defaultName, filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }] })
}

/** Asks for any one file (evidence of a rectification); null when the person cancels. */
export async function chooseAnyFile(title: string): Promise<string | null> {
  const picked = await open({ title, multiple: false, directory: false })
  return typeof picked === 'string' ? picked : null
}

/** Asks where to save a copy of a file, keeping its name; null when the person cancels. */
export async function chooseCopyPath(title: string, defaultName: string): Promise<string | null> {
  return save({ title, defaultPath: defaultName })
}

/** Asks for a PDF to verify, or a PKCS#12 file to import; null when the person cancels. */
export async function chooseFile(title: string, name: string, extensions: string[]): Promise<string | null> {
  const picked = await open({ title, multiple: false, directory: false, filters: [{ name, extensions }] })
  return typeof picked === 'string' ? picked : null
}

export const bulk = {
  saveCenterTemplate: (path: string) => call<string>('save_center_template', { path }),
  previewCenterImport: (path: string) => call<ImportPreview>('preview_center_import', { path }),
  importCenters: (path: string) => call<number>('import_centers', { path }),
  saveExpertTemplate: (path: string) => call<string>('save_expert_template', { path }),
  previewExpertImport: (path: string) => call<ImportPreview>('preview_expert_import', { path }),
  importExperts: (path: string) => call<number>('import_experts', { path }),
  listExperts: () => call<PoolExpert[]>('list_experts'),
}

/** Asks for one or more files; an empty list when the person cancels. */
export async function chooseFiles(title: string, name: string, extensions: string[]): Promise<string[]> {
  const picked = await open({ title, multiple: true, directory: false, filters: [{ name, extensions }] })
  if (picked === null) return []
  return Array.isArray(picked) ? picked : [picked]
}

/** Asks where to save an exchange package; null when the person cancels. */
export async function chooseBackupSavePath(defaultName: string): Promise<string | null> {
  return save({ title: '备份到…', defaultPath: defaultName, filters: [{ name: 'TIC Review 备份', extensions: ['ticbackup'] }] })
}

export async function chooseAuditSavePath(defaultName: string): Promise<string | null> {
  return save({ title: '导出日志存证', defaultPath: defaultName, filters: [{ name: '签名日志存证', extensions: ['ticlog'] }] })
}

export async function choosePackageSavePath(title: string, defaultName: string, extension: string): Promise<string | null> {
  return save({ title, defaultPath: defaultName, filters: [{ name: 'TIC Review 交换包', extensions: [extension] }] })
}

export const exchange = {
  requiresTrusted: () => call<boolean>('review_requires_trusted'),
  setRequiresTrusted: (required: boolean) => call<boolean>('set_review_requires_trusted', { required }),
  fileNames: () => call<PackageNames>('package_file_names'),
  exportReviewPackage: (path: string, passphrase: string) => call<ExchangeState>('export_review_package', { path, passphrase }),
  exportSheetPackage: (path: string, passphrase: string) => call<string>('export_sheet_package', { path, passphrase }),
  exportRoundPackage: (path: string, passphrase: string) => call<string>('export_round_package', { path, passphrase }),
  exportOpinionPackage: (path: string, passphrase: string) => call<string>('export_opinion_package', { path, passphrase }),
  exportApprovalPackage: (path: string, passphrase: string) => call<string>('export_approval_package', { path, passphrase }),
  /** A member opens the chair's round or opinion package; the result says what it did. */
  openChairPackage: (path: string) => call<string>('open_chair_package', { path }),
  openReviewPackage: (path: string) => call<ReviewImport>('open_review_package', { path }),
  /** Imports the files; `progress` hears which file is being read, then that all are being merged. */
  importSheetPackages: (paths: string[], progress: (p: ImportProgress) => void) => {
    const onProgress = new Channel<ImportProgress>()
    onProgress.onmessage = progress
    return inOrder(() => invoke<SheetImportReport[]>('import_sheet_packages', { params: { paths }, onProgress }))
  },
  cancelImport: () => call<null>('cancel_import'),
  state: () => call<ExchangeState>('exchange_state'),
  adopt: (packageId: SheetPackageId) => call<ExchangeState>('adopt_sheet_package', { package_id: packageId }),
}

/** 证书与核验: the department's root and register (科技厅 mode), the trust store, batch verification. */
export const trust = {
  checkRootPassphrase: (passphrase: string) => call<null>('check_root_passphrase', { passphrase }),
  checkSigningPassphrase: (passphrase: string) => call<null>('check_signing_passphrase', { passphrase }),
  departmentRoot: () => call<DepartmentRootView | null>('department_root'),
  createDepartmentRoot: (department: string, passphrase: string, repeated: string) =>
    call<DepartmentRootView | null>('create_department_root', { department, passphrase, repeated }),
  exportDepartmentRoot: (path: string, pem: boolean) => call<string>('export_department_root', { path, pem }),
  readCertificateRequest: (path: string) => call<RequestView>('read_certificate_request', { path }),
  issueCertificate: (request: string, days: number, passphrase: string, out: string) =>
    call<CertificateView>('issue_certificate', { request, days, passphrase, out }),
  issuedCertificates: () => call<IssuedView[]>('issued_certificates'),
  revokeCertificate: (serial: string, reason: string) => call<null>('revoke_certificate', { serial, reason }),
  publishCrl: (passphrase: string, path: string) => call<CrlView>('publish_crl', { passphrase, path }),
  trustedRoots: () => call<TrustedRootView[]>('trusted_roots'),
  trustRootFile: (path: string) => call<[CertificateView, boolean]>('trust_root_file', { path }),
  removeTrustedRoot: (fingerprint: string) => call<null>('remove_trusted_root', { fingerprint }),
  importCrlFile: (path: string) => call<CrlView>('import_crl_file', { path }),
  verifyDocuments: (paths: string[]) => call<VerifyRowView[]>('verify_documents', { paths }),
  exportVerification: (paths: string[], out: string) => call<string>('export_verification', { paths, out }),
}

/** Asks where to save a certificate-related file; null when the person cancels. */
export async function chooseTrustSavePath(title: string, defaultName: string, name: string, extensions: string[]): Promise<string | null> {
  return save({ title, defaultPath: defaultName, filters: [{ name, extensions }] })
}

/** Asks for a folder; null when the person cancels. */
export async function chooseFolder(title: string): Promise<string | null> {
  const picked = await open({ title, multiple: false, directory: true })
  return typeof picked === 'string' ? picked : null
}
