// One redraw per animation frame for every chart (STYLE.md: batch many changes into one setData). Data
// arriving several times within a frame asks for one frame; charts redraw together when it comes, and
// not at all while the tab is hidden (the browser skips frames, the data waits in the columns).
// Lifecycle: listeners register while their chart is mounted; the loop runs only when a frame is asked for.

const listeners = new Set<() => void>()
let isFrameRequested = false

function runFrame(): void {
  isFrameRequested = false
  for (const listener of listeners) listener()
}

/** Calls `listener` in every frame that follows a requestFrame(); returns the unsubscribe. */
export function onFrame(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function requestFrame(): void {
  if (isFrameRequested) return
  isFrameRequested = true
  requestAnimationFrame(runFrame)
}
