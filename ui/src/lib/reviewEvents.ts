// A review's status changes deep inside the desk (a document exported, packages imported, the
// review finished or reopened); the review page's header listens and reads the review again.
const EVENT = 'tic:review-changed'

export function reviewChanged(): void {
  window.dispatchEvent(new Event(EVENT))
}

/** Calls `reload` on each change; returns the function that stops listening. */
export function onReviewChanged(reload: () => void): () => void {
  window.addEventListener(EVENT, reload)
  return () => window.removeEventListener(EVENT, reload)
}
