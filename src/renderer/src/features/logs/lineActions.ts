// What the user does with lines: copy the selection, ask the AI about it, export what is shown (or whole
// sources through the filter), and load lines the stream had to skip. The outcome of a copy is said in words for a few seconds (actionMessage).
import { create } from 'zustand'
import { linesOfBatch } from '../../../../shared/lineBatch'
import { logRoutes, type DroppedRange, type LogReadPage } from '../../../../shared/logs'
import { api } from '../../lib/api'
import { askAiAbout, exportThis } from '../../lib/intents'
import { ringSize, ringSlice } from './lineRing'
import { describeRows, plural, rowsToText, type LogRow } from './logRow'
import { shownLinesExport, wholeSourcesExport } from './logsExport'
import { heldRows, replaceRow, useLogsStore } from './logsStore'
import { heldSelection } from './selection'
import { sourceName, useSourcesStore } from './sourcesStore'
import { addFilterParameters } from './streamQuery'

const messageShownMs = 4000

const initialMessage = (): { message: string | undefined } => ({ message: undefined })

export const useActionMessageStore = create(initialMessage)

let messageTimer: ReturnType<typeof setTimeout> | undefined

function say(message: string): void {
  clearTimeout(messageTimer)
  useActionMessageStore.setState({ message })
  messageTimer = setTimeout(() => useActionMessageStore.setState({ message: undefined }), messageShownMs)
}

/** The selected rows still held, oldest first. */
function selectedRows(): LogRow[] {
  const ring = heldRows()
  const bounds = heldSelection(useLogsStore.getState().selection, ring.droppedCount, ring.droppedCount + ringSize(ring))
  return bounds ? ringSlice(ring, bounds[0] - ring.droppedCount, bounds[1] - ring.droppedCount + 1) : []
}

/** The Clipboard API where the page may use it; elsewhere (an insecure context) the older copy command. */
async function writeClipboard(text: string): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text)
      return true
    } catch {
      // Refused (no focus, or a permission policy): the copy command below may still be allowed.
    }
  }
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.className = 'offscreen-copy'
  document.body.append(area)
  area.select()
  try {
    return document.execCommand('copy')
  } finally {
    area.remove()
  }
}

export async function copySelection(): Promise<void> {
  const rows = selectedRows()
  if (rows.length === 0) return
  const isCopied = await writeClipboard(rowsToText(rows, sourceName))
  say(
    isCopied
      ? `Copied ${plural(rows.length, 'line', 'lines')}.`
      : 'The browser refused to copy: select the text with the mouse and press Ctrl+C.',
  )
}

export function askAboutSelection(): void {
  const rows = selectedRows()
  if (rows.length === 0) return
  const sources = [...new Set(rows.flatMap((row) => (row.kind === 'line' ? [row.line.source] : [])))]
  const sensitiveSourceNames = useSourcesStore
    .getState()
    .sources.filter((source) => source.isSensitive && sources.includes(source.id))
    .map((source) => source.name)
  askAiAbout({
    kind: 'logs',
    title: describeRows(rows, sourceName),
    text: rowsToText(rows, sourceName),
    sources,
    ...(sensitiveSourceNames.length > 0 ? { sensitiveSourceNames } : {}),
  })
}

/** Exports the lines the viewer holds: per source, from its first line shown to its last, through the filter. */
export function exportShownLines(): void {
  const { query } = useLogsStore.getState()
  const lines = ringSlice(heldRows(), 0).flatMap((row) => (row.kind === 'line' ? [row.line] : []))
  const request = shownLinesExport(lines, query.sourceIds, query.filter)
  if (request) void exportThis(request)
  else say('No line is shown: there is nothing to export.')
}

/** Exports the sources shown, each whole, through the filter. */
export function exportWholeSources(): void {
  const { query } = useLogsStore.getState()
  if (query.sourceIds.length === 0) say('Choose a source to export.')
  else void exportThis(wholeSourcesExport(query.sourceIds, query.filter))
}

/** Bytes from one position to another of the same file or ring; undefined across a rotation. */
function bytesBetween(from: string, to: string): number | undefined {
  const [fromBase, fromOffset] = from.split('.')
  const [toBase, toOffset] = to.split('.')
  return fromBase === toBase ? Number(toOffset) - Number(fromOffset) : undefined
}

/**
 * Reads back one page of lines the stream skipped and puts them where the marker was; what the page did
 * not reach stays a marker, to load next.
 */
export async function loadSkipped(row: Extract<LogRow, { kind: 'skipped' }>): Promise<void> {
  const loading: LogRow = { ...row, state: 'loading', error: undefined }
  if (!replaceRow(row, [loading])) return
  const { source, fromPosition, toPosition, count } = row.range
  // With the stream's filter, the read route returns exactly the lines the skipped count counted.
  const parameters = addFilterParameters(
    new URLSearchParams({ source, after: fromPosition, until: toPosition }),
    useLogsStore.getState().query.filter,
  )
  try {
    const page = await api.get<LogReadPage>(`${logRoutes.read}?${parameters.toString()}`)
    const rows = page.batches.flatMap(linesOfBatch).map((line): LogRow => ({ kind: 'line', line }))
    if (page.next !== undefined) {
      const rest: DroppedRange = { source, fromPosition: page.next, toPosition }
      if (count !== undefined) rest.count = Math.max(0, count - rows.length)
      else {
        const bytes = bytesBetween(page.next, toPosition)
        if (bytes !== undefined) rest.bytes = bytes
      }
      rows.push({ kind: 'skipped', range: rest, state: 'idle' })
    }
    if (page.gap !== undefined)
      rows.unshift({
        kind: 'notice',
        source,
        notice: 'gap',
        message: `Some lines could not be read again: ${page.gap}.`,
      })
    replaceRow(loading, rows)
  } catch (error) {
    replaceRow(loading, [{ ...row, state: 'failed', error: (error as Error).message }])
  }
}

/** No message shown, none waiting to be hidden. */
export function resetActionMessage(): void {
  clearTimeout(messageTimer)
  useActionMessageStore.setState(initialMessage(), true)
}
