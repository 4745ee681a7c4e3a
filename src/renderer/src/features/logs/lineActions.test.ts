// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { logRoutes, type LineBatch, type LogsEvent } from '../../../../shared/logs'
import { bindIntents, type IntentHandlers } from '../../lib/intents'
import { eventStream, fakeCore } from '../../testing/fakeCore'
import { batchOf } from '../../testing/lineBatches'
import {
  askAboutSelection,
  exportShownLines,
  exportWholeSources,
  loadSkipped,
  resetActionMessage,
  useActionMessageStore,
} from './lineActions'
import { ringSlice } from './lineRing'
import { followLogs, heldRows, resetLogsStore, selectRow, setQuery } from './logsStore'
import { resetSourcesStore, useSourcesStore } from './sourcesStore'

const skipped: LogsEvent = {
  event: 'dropped',
  data: { source: 'f1', count: 2, fromPosition: 'f.1', toPosition: 'f.3' },
}

let intents: { [Name in keyof IntentHandlers]: ReturnType<typeof vi.fn<IntentHandlers[Name]>> }
let unbind: () => void

/** Follows source f1, whose stream sends `events`; resolves once `rows` rows are held. */
async function follow(events: LogsEvent[], rows: number, readAnswer: LineBatch[] = []): Promise<() => void> {
  fakeCore((request) => {
    if (request.path.startsWith(logRoutes.stream)) return eventStream(events, request.signal)
    if (request.path.startsWith(logRoutes.read)) return Response.json({ batches: readAnswer })
    return Response.json([])
  })
  setQuery({ sourceIds: ['f1'] })
  const stop = followLogs()
  await vi.waitFor(() => expect(ringSlice(heldRows(), 0)).toHaveLength(rows))
  return stop
}

beforeEach(() => {
  intents = { showView: vi.fn(), exportThis: vi.fn(async () => {}), askAiAbout: vi.fn(), showMoment: vi.fn() }
  unbind = bindIntents(intents)
  useSourcesStore.setState({ sources: [{ id: 'f1', kind: 'file', name: 'syslog', status: 'following' }] })
})

afterEach(() => {
  unbind()
  vi.unstubAllGlobals()
  vi.useRealTimers()
  resetActionMessage()
  resetLogsStore()
  resetSourcesStore()
})

describe('what the user does with log lines', () => {
  it('asks the AI about the selected lines through the intents, naming their source', async () => {
    const stop = await follow([{ event: 'lines', data: batchOf('a', 'b', 'c') }], 3)
    selectRow(0, false)
    selectRow(1, true)
    askAboutSelection()
    expect(intents.askAiAbout).toHaveBeenCalledWith({
      kind: 'logs',
      title: '2 lines from syslog',
      text: 'a\nb',
      sources: ['f1'],
    })
    stop()
  })

  it('exports the lines shown through the intents, from the first line held to the last', async () => {
    const stop = await follow([{ event: 'lines', data: batchOf('a', 'b') }], 2)
    exportShownLines()
    exportWholeSources()
    expect(intents.exportThis.mock.calls).toEqual([
      [
        {
          kind: 'logs',
          sources: [{ id: 'f1', range: { kind: 'lines', first: 'f.1', last: 'f.2' } }],
          filter: { q: '', regex: false, matchCase: false },
        },
      ],
      [
        {
          kind: 'logs',
          sources: [{ id: 'f1', range: { kind: 'all' } }],
          filter: { q: '', regex: false, matchCase: false },
        },
      ],
    ])
    stop()
  })

  it('says in words why there is nothing to export, for a few seconds', () => {
    vi.useFakeTimers()
    exportShownLines()
    expect(useActionMessageStore.getState().message).toBe('No line is shown: there is nothing to export.')
    exportWholeSources()
    expect(useActionMessageStore.getState().message).toBe('Choose a source to export.')
    vi.advanceTimersByTime(4000)
    expect(useActionMessageStore.getState().message).toBeUndefined()
    expect(intents.exportThis).not.toHaveBeenCalled()
  })

  it('reads back the lines the stream skipped and puts them where the marker was', async () => {
    const stop = await follow([skipped], 1, [{ ...batchOf('x', 'y'), from: 1 }])
    const [marker] = ringSlice(heldRows(), 0)
    await loadSkipped(marker as Extract<typeof marker, { kind: 'skipped' }>)
    expect(ringSlice(heldRows(), 0).map((row) => (row.kind === 'line' ? row.line.text : row.kind))).toEqual(['x', 'y'])
    stop()
  })

  it('resets to no message, with none waiting to be hidden', () => {
    vi.useFakeTimers()
    exportWholeSources()
    resetActionMessage()
    expect(useActionMessageStore.getState().message).toBeUndefined()
    expect(vi.getTimerCount()).toBe(0)
  })
})
