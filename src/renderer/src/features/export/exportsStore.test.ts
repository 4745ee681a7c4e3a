// @vitest-environment happy-dom
import { downloadRoutes } from '../../../../shared/downloads'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { exportRoutes, type ExportHistoryEntry, type ExportJob } from '../../../../shared/export'
import { fakeCore, refusal } from '../../testing/fakeCore'
import { defaultChoices, saveChoices } from './exportChoices'
import {
  applyExportHistory,
  applyExportJobs,
  exportWithLastOptions,
  resetExportsStore,
  startExport,
  useExportsStore,
} from './exportsStore'

const job = (id: string): ExportJob => ({
  id,
  kind: 'chat',
  title: 'Chat',
  fileName: `${id}.csv`,
  state: 'ready',
  createdAt: 1_800_000_000_000,
  progress: { rows: 0, bytes: 0 },
})
const ended = (id: string, state: ExportHistoryEntry['state']): ExportHistoryEntry => ({
  id,
  kind: 'chat',
  title: 'Chat',
  fileName: `${id}.csv`,
  state,
  startedAt: 1_800_000_000_000,
  finishedAt: 1_800_000_001_000,
  rows: 2,
  bytes: 20,
  canRepeat: true,
})
const chatExport = { kind: 'chat', conversation: 'all', format: 'csv' } as const

/** The downloads the page started: the links it clicked. */
let downloads: { href: string | null; download: string }[] = []

beforeEach(() => {
  downloads = []
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ href: this.getAttribute('href'), download: this.download })
  })
})

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  vi.useRealTimers()
  delete window.vigilDesktop
  localStorage.clear()
  resetExportsStore()
})

describe('the exports store', () => {
  it('starts an export another view asked for with the CSV options chosen last, as a download', async () => {
    const csv = { delimiter: 'semicolon', header: false, bom: true, timestamps: 'local' } as const
    saveChoices({ ...defaultChoices, csv })
    const ticket = { url: `${downloadRoutes.fetch}?ticket=t1`, expiresAt: 1 }
    const sent = fakeCore((request) => Response.json(request.path === downloadRoutes.tickets ? ticket : job('j1')))
    await exportWithLastOptions(chatExport)
    // The download is a single-use link the core makes for the job: a link cannot carry the token.
    await vi.waitFor(() => expect(downloads).toEqual([{ href: ticket.url, download: 'j1.csv' }]))
    expect(sent.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: 'POST', path: exportRoutes.exports, body: { ...chatExport, csv } },
      { method: 'POST', path: downloadRoutes.tickets, body: { path: `${exportRoutes.file}?id=j1` } },
    ])
    expect(useExportsStore.getState().jobs).toEqual([job('j1')])
  })

  it('keeps a job the core stream announced first only once', async () => {
    fakeCore(() => Response.json(job('j1')))
    applyExportJobs([job('j1')])
    await startExport({ ...chatExport, csv: defaultChoices.csv })
    expect(useExportsStore.getState().jobs).toEqual([job('j1')])
  })

  it('tells how the exports this window started ended, and hides a finished one after a while', async () => {
    vi.useFakeTimers()
    fakeCore(() => Response.json(job('j1')))
    await startExport({ ...chatExport, csv: defaultChoices.csv })
    applyExportHistory([ended('j1', 'done'), ended('other-window', 'failed')])
    expect(useExportsStore.getState().outcomes).toEqual(['j1'])
    vi.advanceTimersByTime(8000)
    expect(useExportsStore.getState().outcomes).toEqual([])
  })

  it('keeps the outcome of a failed export until dismissed', async () => {
    vi.useFakeTimers()
    fakeCore(() => Response.json(job('j2')))
    await startExport({ ...chatExport, csv: defaultChoices.csv })
    applyExportHistory([ended('j2', 'failed')])
    vi.advanceTimersByTime(60_000)
    expect(useExportsStore.getState().outcomes).toEqual(['j2'])
  })

  it('in the desktop app forgets a job whose save dialog was closed: no outcome to tell', async () => {
    const saveExport = vi.fn(async () => undefined)
    window.vigilDesktop = { saveExport } as unknown as typeof window.vigilDesktop
    fakeCore(() => Response.json(job('j3')))
    await startExport({ ...chatExport, csv: defaultChoices.csv })
    await vi.waitFor(() => expect(saveExport).toHaveBeenCalledWith('j3'))
    await Promise.resolve()
    applyExportHistory([ended('j3', 'cancelled')])
    expect(useExportsStore.getState().outcomes).toEqual([])
    expect(downloads).toEqual([])
  })

  it('keeps the core’s reason when an export cannot start', async () => {
    fakeCore(() => refusal(400, 'bad_request', 'The conversation does not exist.'))
    await startExport({ ...chatExport, conversation: 'gone', csv: defaultChoices.csv })
    expect(useExportsStore.getState()).toMatchObject({ jobs: [], error: 'The conversation does not exist.' })
  })

  it('resets to nothing started: no outcome told for an earlier job, no outcome waiting to hide', async () => {
    vi.useFakeTimers()
    fakeCore((request) => Response.json(job((request.body as { conversation: string }).conversation)))
    await startExport({ ...chatExport, conversation: 'shown', csv: defaultChoices.csv })
    await startExport({ ...chatExport, conversation: 'running', csv: defaultChoices.csv })
    applyExportHistory([ended('shown', 'done')])
    resetExportsStore()
    expect(useExportsStore.getState()).toEqual({ jobs: [], history: [], outcomes: [], error: undefined })
    expect(vi.getTimerCount()).toBe(0)
    applyExportHistory([ended('running', 'done')])
    expect(useExportsStore.getState().outcomes).toEqual([])
  })
})
