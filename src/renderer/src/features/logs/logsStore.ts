// The Logs view's data and choices. High-rate data stays out of React (STYLE.md, hot paths): rows go into
// a module-level ring as events arrive, and React sees a version number bumped at most once per animation
// frame, with the counts. React state holds only what changes rarely: the query, pause, wrap, follow state,
// the selection.
// Lifecycle: followLogs() keeps one logs stream open while the view is mounted (DESIGN.md: a window keeps
// at most two long-lived streams) and reopens it when the query changes; the ring outlives it until then.
import { create } from 'zustand'
import { linesOfBatch } from '../../../../shared/lineBatch'
import type { LineBatch, LogsEvent } from '../../../../shared/logs'
import type { CommonEvent } from '../../../../shared/protocol'
import { openStream, type StreamStatus } from '../../lib/streamClient'
import { afterAppend, afterScroll, followingLive, type FollowState } from './follow'
import {
  appendToRing,
  clearRing,
  createLineRing,
  drainInto,
  ringSize,
  ringSlice,
  spliceRing,
  type LineRing,
} from './lineRing'
import type { LogRow } from './logRow'
import { clickRow, type Selection } from './selection'
import { noteSourceEvent, refreshSources } from './sourcesStore'
import { noFilter, streamPath, type LogsQuery } from './streamQuery'

export const ringCapacity = 100_000
const floodRows = 60
const floodRedrawMs = 30

interface LogsState {
  query: LogsQuery
  /** False until the user picks sources: until then every listed source is followed. */
  hasChosenSources: boolean
  /** Bumped when the held rows changed, at most once per frame. */
  version: number
  streamStatus: StreamStatus
  streamError: string | undefined
  /** True from opening the stream until its catch-up (the last lines) is done. */
  isCatchingUp: boolean
  /** Lines the stream sent (all of them, or the filter's matches), skipped ones included. */
  matchedCount: number
  isPaused: boolean
  /** Rows that arrived while paused, shown on resume. */
  waitingCount: number
  follow: FollowState
  isWrapped: boolean
  selection: Selection | undefined
}

const initialState = (): LogsState => ({
  query: { sourceIds: [], tailLines: 1000, filter: noFilter },
  hasChosenSources: false,
  version: 0,
  streamStatus: { state: 'connecting' },
  streamError: undefined,
  isCatchingUp: true,
  matchedCount: 0,
  isPaused: false,
  waitingCount: 0,
  follow: followingLive,
  isWrapped: false,
  selection: undefined,
})

export const useLogsStore = create<LogsState>(initialState)

const ring: LineRing<LogRow> = createLineRing(ringCapacity)
const waiting: LineRing<LogRow> = createLineRing(ringCapacity)
let matchedCount = 0
let linesSinceFrame = 0
let rowsSincePublish = 0
let publishedAtMs = 0
let hasRingChanged = false
let isFrameRequested = false
// Per source, the partial line shown last: the source's next line replaces it.
const openPartials = new Map<string, LogRow>()
let closeStream: (() => void) | undefined
let streamGeneration = 0

/** The rows on screen. Read it when `version` changes. */
export function heldRows(): LineRing<LogRow> {
  return ring
}

/** Hands React the rows' new version and the counts. */
function commit(nowMs: number): void {
  publishedAtMs = nowMs
  rowsSincePublish = 0
  const lines = linesSinceFrame
  linesSinceFrame = 0
  useLogsStore.setState((state) => ({
    version: hasRingChanged ? state.version + 1 : state.version,
    matchedCount,
    waitingCount: ringSize(waiting) + waiting.droppedCount,
    follow: afterAppend(state.follow, lines),
  }))
  hasRingChanged = false
}

/**
 * Commits once per frame, except in a flood: when more rows came since the last commit than a screen
 * holds, each redraw replaces the whole screen with rows nobody can read, so it waits `floodRedrawMs`
 * and leaves the frames in between to scrolling and clicks.
 */
function onFrame(nowMs: number): void {
  if (rowsSincePublish > floodRows && nowMs - publishedAtMs < floodRedrawMs) {
    requestAnimationFrame(onFrame)
    return
  }
  isFrameRequested = false
  commit(nowMs)
}

function requestCommit(): void {
  if (isFrameRequested) return
  isFrameRequested = true
  requestAnimationFrame(onFrame)
}

function countLines(rows: readonly LogRow[]): number {
  let lines = 0
  for (const row of rows) if (row.kind === 'line') lines += 1
  return lines
}

function receive(rows: LogRow[]): void {
  if (useLogsStore.getState().isPaused) {
    appendToRing(waiting, rows)
  } else {
    appendToRing(ring, rows)
    hasRingChanged = true
    rowsSincePublish += rows.length
    linesSinceFrame += countLines(rows)
  }
  requestCommit()
}

/** Puts `replacement` where `row` is held (on screen, or waiting while paused); false when it is not. */
function replaceHeld(row: LogRow, replacement: LogRow): boolean {
  for (const held of [ring, waiting]) {
    const index = held.items.lastIndexOf(row)
    if (index >= held.start) {
      held.items[index] = replacement
      if (held === ring) hasRingChanged = true
      return true
    }
  }
  return false
}

/** A batch's lines as rows, in one step; its first line takes the place of its source's partial line. */
function receiveBatch(batch: LineBatch): void {
  const rows = linesOfBatch(batch).map((line): LogRow => ({ kind: 'line', line }))
  const last = rows.at(-1)
  const partial = openPartials.get(batch.source)
  openPartials.delete(batch.source)
  if (partial && rows.length > 0 && replaceHeld(partial, rows[0]!)) rows.shift()
  if (last?.kind === 'line' && last.line.isPartial) openPartials.set(batch.source, last)
  matchedCount += rows.length
  if (rows.length > 0) receive(rows)
  else requestCommit()
}

function handleEvent(event: LogsEvent | CommonEvent): void {
  switch (event.event) {
    case 'lines':
      receiveBatch(event.data)
      break
    case 'notice':
      openPartials.delete(event.data.source)
      noteSourceEvent(event.data.source, event.data.notice, event.data.message)
      receive([{ kind: 'notice', source: event.data.source, notice: event.data.notice, message: event.data.message }])
      break
    case 'dropped':
      openPartials.delete(event.data.source)
      matchedCount += event.data.count ?? 0
      receive([{ kind: 'skipped', range: event.data, state: 'idle' }])
      break
    case 'live':
      useLogsStore.setState({ isCatchingUp: false })
      // The sources' states changed as the stream took them up: show it now rather than at the next poll.
      void refreshSources()
      break
    case 'error':
      useLogsStore.setState({ streamError: event.data.message })
      break
  }
}

/** Closes the stream if one is open, empties the view, and opens the stream for the current query. */
function reopenStream(): void {
  closeStream?.()
  closeStream = undefined
  streamGeneration += 1
  clearRing(ring)
  clearRing(waiting)
  openPartials.clear()
  matchedCount = 0
  linesSinceFrame = 0
  useLogsStore.setState((state) => ({
    version: state.version + 1,
    matchedCount: 0,
    waitingCount: 0,
    isCatchingUp: true,
    streamError: undefined,
    follow: followingLive,
    selection: undefined,
  }))
  const path = streamPath(useLogsStore.getState().query)
  if (!path) return
  const generation = streamGeneration
  // A view stream: it shares the window's one view slot, so it connects only once the previous stream
  // (this view's, or the view left) has wound down.
  closeStream = openStream<LogsEvent | CommonEvent>({
    path,
    onEvent: (event) => generation === streamGeneration && handleEvent(event),
    onStatus: (streamStatus) => generation === streamGeneration && useLogsStore.setState({ streamStatus }),
    isViewStream: true,
  })
}

/** Follows the logs of the current query until the returned function is called; a new query reopens it. */
export function followLogs(): () => void {
  reopenStream()
  const unsubscribe = useLogsStore.subscribe((state, previous) => {
    if (streamPath(state.query) !== streamPath(previous.query)) reopenStream()
  })
  return () => {
    unsubscribe()
    closeStream?.()
    closeStream = undefined
    streamGeneration += 1
  }
}

export function setQuery(change: Partial<LogsQuery>): void {
  useLogsStore.setState((state) => ({ query: { ...state.query, ...change } }))
}

export function pause(): void {
  useLogsStore.setState({ isPaused: true })
}

/** Shows what arrived while paused, at once. */
export function resume(): void {
  linesSinceFrame += countLines(ringSlice(waiting, 0))
  drainInto(ring, waiting)
  hasRingChanged = true
  useLogsStore.setState({ isPaused: false })
  commit(performance.now())
}

/** Replaces one row (found by identity) with others; false when the row is no longer held. */
export function replaceRow(row: LogRow, replacements: readonly LogRow[]): boolean {
  const index = ring.items.indexOf(row, ring.start)
  if (index < 0) return false
  spliceRing(ring, index - ring.start, 1, replacements)
  hasRingChanged = true
  // Row numbers after the edit moved: a selection there would now name other rows.
  if (replacements.length !== 1) useLogsStore.setState({ selection: undefined })
  commit(performance.now())
  return true
}

export function setWrapped(isWrapped: boolean): void {
  useLogsStore.setState({ isWrapped })
}

/** The viewer reports where the user scrolled. */
export function noteScroll(isAtBottom: boolean): void {
  const { follow } = useLogsStore.getState()
  const next = afterScroll(follow, isAtBottom)
  if (next !== follow) useLogsStore.setState({ follow: next })
}

export function followLive(): void {
  useLogsStore.setState({ follow: followingLive })
}

export function selectRow(number: number, isExtending: boolean): void {
  useLogsStore.setState((state) => ({ selection: clickRow(state.selection, number, isExtending) }))
}

export function clearSelection(): void {
  useLogsStore.setState({ selection: undefined })
}

/** Drops every row held and empties the state. (A follower is stopped by its own stop, before.) */
export function resetLogsStore(): void {
  clearRing(ring)
  clearRing(waiting)
  matchedCount = 0
  linesSinceFrame = 0
  rowsSincePublish = 0
  publishedAtMs = 0
  hasRingChanged = false
  useLogsStore.setState(initialState(), true)
}
