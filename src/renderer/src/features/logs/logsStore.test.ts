// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { logRoutes, type LogLine, type LogsEvent } from '../../../../shared/logs'
import { eventStream, fakeCore, type SentRequest } from '../../testing/fakeCore'
import { batchOf } from '../../testing/lineBatches'
import { ringSlice } from './lineRing'
import type { LogRow } from './logRow'
import {
  clearSelection,
  followLogs,
  heldRows,
  pause,
  replaceRow,
  resetLogsStore,
  resume,
  selectRow,
  setQuery,
  useLogsStore,
} from './logsStore'
import { resetSourcesStore } from './sourcesStore'

const line = (text: string, position: string): LogLine => ({ source: 'f1', text, position })
const twoLines: LogsEvent[] = [
  { event: 'lines', data: batchOf('first', 'second') },
  { event: 'live', data: { matchedLines: 2 } },
]

/** The logs stream answers with `events`; the source list (asked for when the stream is live) is empty. */
function fakeLogsCore(events: LogsEvent[]): SentRequest[] {
  return fakeCore((request) =>
    request.path.startsWith(logRoutes.stream) ? eventStream(events, request.signal) : Response.json([]),
  )
}

const texts = () => ringSlice(heldRows(), 0).map((row) => (row.kind === 'line' ? row.line.text : row.kind))

afterEach(() => {
  vi.unstubAllGlobals()
  resetLogsStore()
  resetSourcesStore()
})

describe('the logs store', () => {
  it('follows the sources chosen, holds the lines that come and counts them, then says the catch-up is done', async () => {
    const sent = fakeLogsCore(twoLines)
    setQuery({ sourceIds: ['f1'] })
    const stop = followLogs()
    await vi.waitFor(() => expect(useLogsStore.getState().isCatchingUp).toBe(false))
    await vi.waitFor(() => expect(useLogsStore.getState().matchedCount).toBe(2))
    stop()
    expect(texts()).toEqual(['first', 'second'])
    expect(sent[0]?.path).toBe(`${logRoutes.stream}?sources=f1&tail=1000`)
    expect(sent[0]?.signal?.aborted).toBe(true)
  })

  it('keeps what comes while paused aside, and shows it at once on resume', async () => {
    fakeLogsCore(twoLines)
    setQuery({ sourceIds: ['f1'] })
    pause()
    const stop = followLogs()
    await vi.waitFor(() => expect(useLogsStore.getState().waitingCount).toBe(2))
    expect(texts()).toEqual([])
    resume()
    expect(texts()).toEqual(['first', 'second'])
    expect(useLogsStore.getState()).toMatchObject({ isPaused: false, waitingCount: 0 })
    stop()
  })

  it('opens the stream again, emptied, when the query changes', async () => {
    const sent = fakeLogsCore(twoLines)
    setQuery({ sourceIds: ['f1'] })
    const stop = followLogs()
    await vi.waitFor(() => expect(texts()).toHaveLength(2))
    selectRow(0, false)
    setQuery({ filter: { text: 'error', isRegex: false, matchCase: false, minLevel: undefined } })
    expect(texts()).toEqual([])
    expect(useLogsStore.getState().selection).toBeUndefined()
    const streams = () => sent.filter((request) => request.path.startsWith(logRoutes.stream))
    await vi.waitFor(() => expect(streams()).toHaveLength(2))
    expect(streams()[1]?.path).toBe(`${logRoutes.stream}?sources=f1&tail=1000&q=error&regex=0`)
    expect(streams()[0]?.signal?.aborted).toBe(true)
    stop()
  })

  it('replaces a held row, and drops the selection when the rows after it move', async () => {
    fakeLogsCore([{ event: 'dropped', data: { source: 'f1', count: 5, fromPosition: 'f.0', toPosition: 'f.5' } }])
    setQuery({ sourceIds: ['f1'] })
    const stop = followLogs()
    await vi.waitFor(() => expect(texts()).toEqual(['skipped']))
    stop()
    const [skipped] = ringSlice(heldRows(), 0)
    selectRow(0, false)
    selectRow(0, false)
    expect(useLogsStore.getState().selection).toBeUndefined()
    selectRow(0, false)
    const lines: LogRow[] = [line('a', 'f.1'), line('b', 'f.5')].map((held) => ({ kind: 'line', line: held }))
    expect(replaceRow(skipped!, lines)).toBe(true)
    expect(texts()).toEqual(['a', 'b'])
    expect(useLogsStore.getState().selection).toBeUndefined()
    expect(replaceRow(skipped!, [])).toBe(false)
    selectRow(1, false)
    clearSelection()
    expect(useLogsStore.getState().selection).toBeUndefined()
  })

  it('resets to no row held and the state as at first', async () => {
    fakeLogsCore(twoLines)
    setQuery({ sourceIds: ['f1'] })
    const stop = followLogs()
    await vi.waitFor(() => expect(texts()).toHaveLength(2))
    stop()
    resetLogsStore()
    expect(texts()).toEqual([])
    expect(useLogsStore.getState()).toMatchObject({ query: { sourceIds: [] }, matchedCount: 0, version: 0 })
  })
})
