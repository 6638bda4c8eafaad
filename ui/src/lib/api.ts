// The only module that talks to the Rust side. Every call returns the generated types, and every
// failure is a CommandError whose message is ready to show.
import { invoke } from '@tauri-apps/api/core'
import { open } from '@tauri-apps/plugin-dialog'
import type {
  AppInfo,
  Center,
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

async function call<T>(command: string, params?: object): Promise<T> {
  return invoke<T>(command, params === undefined ? {} : { params })
}

export const api = {
  appInfo: () => call<AppInfo>('app_info'),
  listTemplates: () => call<TemplateSummary[]>('list_templates'),
  importTemplate: (path: string) => call<TemplateSummary>('import_template', { path }),
  getTemplate: (id: TemplateId) => call<Template>('get_template', { id }),
  listCenters: () => call<Center[]>('list_centers'),
  createCenter: (draft: CenterDraft) => call<Center>('create_center', { draft }),
  updateCenter: (id: CenterId, draft: CenterDraft) => call<Center>('update_center', { id, draft }),
  listReviews: (filter: ReviewFilter) => call<ReviewSummary[]>('list_reviews', { filter }),
  createReview: (draft: ReviewDraft) => call<ReviewSummary>('create_review', { draft }),
  getReview: (id: ReviewId) => call<ReviewDetail>('get_review', { id }),
  addPanelMember: (review_id: ReviewId, draft: PanelMemberDraft) =>
    call<PanelMember>('add_panel_member', { review_id, draft }),
  removePanelMember: (review_id: ReviewId, expert_id: ExpertId) =>
    call<null>('remove_panel_member', { review_id, expert_id }),
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
