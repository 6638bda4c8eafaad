// When an expert at a shared laptop counts as gone. Rust signs out an expert idle past the
// setting; the window must act first, so that leaving the field being typed in still saves it
// while the session accepts the save. Activity is reported to Rust at most every REPORT_EVERY_MS,
// and the window acts MARGIN_MS before the limit: Rust saw activity at most REPORT_EVERY_MS before
// the last input, so the window is always at least MARGIN_MS − REPORT_EVERY_MS ahead.

export const REPORT_EVERY_MS = 10_000
export const MARGIN_MS = 20_000

export class IdleWatch {
  private lastInput: number
  private lastReport = -Infinity

  constructor(
    private limitMinutes: number,
    private report: () => void,
    now: number = Date.now(),
  ) {
    this.lastInput = now
  }

  setLimit(minutes: number) {
    this.limitMinutes = minutes
  }

  get minutes(): number {
    return this.limitMinutes
  }

  /** A key, click, scroll or edit: the expert is here. */
  active(now: number = Date.now()) {
    this.lastInput = now
    if (now - this.lastReport >= REPORT_EVERY_MS) {
      this.lastReport = now
      this.report()
    }
  }

  /** A new sitting starts (someone signed in): nothing before it counts. */
  restart(now: number = Date.now()) {
    this.lastInput = now
    this.lastReport = now
  }

  /** Whether the window should save and sign out now. */
  due(now: number = Date.now()): boolean {
    return now - this.lastInput >= this.limitMinutes * 60_000 - MARGIN_MS
  }
}
