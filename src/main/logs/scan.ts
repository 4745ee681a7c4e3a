// Scanning log sources through a filter: the sources, filter and range as on screen, or whole files.
// The log export reads lines through it, and so will anything else that reads the past of a source.
// Files are read by offset in large blocks and filtered on the fly. With a plain-text filter (the
// common case) a block is searched as a whole and only the lines holding the text are decoded and
// checked, the way grep works: matching case, the block's bytes are searched as they are; ignoring
// case, its text. A regular expression or a level alone checks every line. Either way a line is kept
// exactly when the live view's filter would keep it: the one filter, compiled once (logFilter.ts),
// decides for both.
import { isAscii } from 'node:buffer'
import { open } from 'node:fs/promises'
import { VigilError } from '../../shared/errors'
import type { LogLinesRange, LogsExportRequest } from '../../shared/export'
import { levelOf } from '../../shared/lineLevel'
import type { LogLevelName, LogSourceInfo } from '../../shared/logs'
import { findLineStart } from './fileReading'
import { parseFilePosition } from './fileSource'
import { fileIdOf } from './fileTailer'
import { decodeCappedLine, defaultMaxLineBytes } from './lineSplitter'
import { sanitizeLineText } from './lineText'
import { compileFilter, type CompiledFilter, type TextSearch } from './logFilter'
import type { SourceRegistry } from './sourceRegistry'

const blockBytes = 1024 * 1024

/** What a scan makes of each kept line (a CSV row, say), from the source's name and the line's parts. */
export type RowMaker<Row> = (sourceName: string, offset: number, level: LogLevelName | undefined, text: string) => Row

/** The sources with a range of lines each (a time range is turned into one first), and the live view's filter. */
export type ScanRequest = Pick<LogsExportRequest, 'filter'> & { sources: { id: string; range: LogLinesRange }[] }

export interface ScanProgress {
  /** Bytes of the files read so far. */
  inputBytes: number
}

export interface LogScan<Row> {
  /** The sources' names, in the order they are scanned. */
  names: string[]
  /** The bytes of the files the scan reads (in-memory sources are not counted). */
  totalInputBytes: number
  /** The kept lines' rows, a batch at a time (a block of a file, or an in-memory source). */
  batches(progress: ScanProgress): AsyncGenerator<Row[]>
}

interface FileRange {
  kind: 'file'
  info: LogSourceInfo
  path: string
  fileId: string
  from: number
  to: number
}

interface MemoryRange {
  kind: 'memory'
  info: LogSourceInfo
  range: LogLinesRange
}

/**
 * The row of a line, or undefined when the filter leaves it out. `holdsText`: the line is already known
 * to hold the filter's text (found by the block search, and unchanged by sanitizing), so only the
 * level is left to check.
 */
type RowOf<Row> = (text: string, offset: number, holdsText: boolean) => Row | undefined

async function fileRangeOf(info: LogSourceInfo, range: LogLinesRange): Promise<FileRange> {
  const path = info.path!
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new VigilError('conflict', `${info.name} cannot be read now (${error.code ?? error.message}).`)
  })
  try {
    const stats = await handle.stat()
    const fileId = fileIdOf(stats)
    if (range.kind === 'all') return { kind: 'file', info, path, fileId, from: 0, to: stats.size }
    const first = parseFilePosition(range.first)
    const last = parseFilePosition(range.last)
    if (!first || !last)
      throw new VigilError('bad_request', `The range of ${info.name} does not name positions in a file.`)
    if (first.fileId !== fileId || last.fileId !== fileId)
      throw new VigilError(
        'conflict',
        `${info.name} was rotated or replaced since those lines were shown; export the whole file instead.`,
      )
    if (first.offset > last.offset || last.offset > stats.size)
      throw new VigilError(
        'conflict',
        `${info.name} was truncated since those lines were shown; export the whole file instead.`,
      )
    return { kind: 'file', info, path, fileId, from: await findLineStart(handle, first.offset - 1), to: last.offset }
  } finally {
    await handle.close()
  }
}

/** Checks the request against the sources as they are now (unknown ids, rotated files) and plans the scan. */
export async function planScan<Row>(
  registry: SourceRegistry,
  request: ScanRequest,
  toRow: RowMaker<Row>,
): Promise<LogScan<Row>> {
  const filter = compileFilter({
    query: request.filter.q,
    isRegex: request.filter.regex,
    matchCase: request.filter.matchCase ?? false,
    minLevel: request.filter.level,
  })
  const known = await registry.list()
  const ranges: (FileRange | MemoryRange)[] = []
  for (const { id, range } of request.sources) {
    const info = known.find((source) => source.id === id)
    if (!info) throw new VigilError('not_found', `There is no log source ${id}.`)
    if (
      info.kind !== 'file' &&
      range.kind === 'lines' &&
      ![range.first, range.last].every((position) => /^[A-Za-z0-9_-]+\.\d+$/.test(position))
    ) {
      throw new VigilError('bad_request', `The range of ${info.name} does not name positions of its lines.`)
    }
    ranges.push(info.kind === 'file' ? await fileRangeOf(info, range) : { kind: 'memory', info, range })
  }
  return {
    names: ranges.map((range) => range.info.name),
    totalInputBytes: ranges.reduce((sum, range) => sum + (range.kind === 'file' ? range.to - range.from : 0), 0),
    async *batches(progress) {
      for (const range of ranges) {
        const rowOf: RowOf<Row> = (text, offset, holdsText) => {
          const level = levelOf(text)
          return (holdsText ? filter.matchesLevel : filter.matches)(text, level)
            ? toRow(range.info.name, offset, level, text)
            : undefined
        }
        if (range.kind === 'file') yield* fileRows(range, filter.search, rowOf, progress)
        else yield await memoryRows(registry, range, filter, toRow)
      }
    },
  }
}

async function memoryRows<Row>(
  registry: SourceRegistry,
  { info, range }: MemoryRange,
  filter: CompiledFilter,
  toRow: RowMaker<Row>,
): Promise<Row[]> {
  const acquired = await registry.acquire(info.id)
  try {
    const { follower } = acquired
    const until = range.kind === 'all' ? follower.position() : range.last
    if (until === undefined) return []
    const [epoch, seq] = range.kind === 'lines' ? range.first.split('.') : []
    const plan = await follower.read(
      range.kind === 'all' ? { tailLines: Number.MAX_SAFE_INTEGER } : { after: `${epoch}.${Number(seq) - 1}` },
      until,
    )
    if (!('batches' in plan))
      throw new VigilError('conflict', `the lines of ${info.name} cannot be read again: ${plan.gap}`)
    // A memory source holds a bounded ring of lines: its rows fit in memory.
    const rows: Row[] = []
    for await (const { batch } of plan.batches()) {
      const texts = batch.text.split('\n')
      let end = batch.from
      batch.steps.forEach((step, index) => {
        end += step
        const text = texts[index]!
        const level = batch.details?.[index]?.level ?? levelOf(text)
        if (filter.matches(text, level)) rows.push(toRow(info.name, end, level, text))
      })
    }
    return rows
  } finally {
    await acquired.release()
  }
}

async function* fileRows<Row>(
  range: FileRange,
  search: TextSearch | undefined,
  rowOf: RowOf<Row>,
  input: ScanProgress,
): AsyncGenerator<Row[]> {
  const handle = await open(range.path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new VigilError('conflict', `${range.info.name} cannot be read now (${error.code ?? error.message})`)
  })
  // Two buffers: while one block is searched and its rows written, the next is read into the other.
  let [buffer, spare] = [Buffer.allocUnsafe(blockBytes), Buffer.allocUnsafe(blockBytes)]
  let reading: Promise<{ bytesRead: number }> | undefined
  try {
    if (fileIdOf(await handle.stat()) !== range.fileId)
      throw new VigilError('conflict', `${range.info.name} was rotated or replaced before it was read`)
    /** Starts reading the bytes after the `carried` ones, which buffer[0] holds from `bufferOffset` on. */
    const readInto = (buffer: Buffer, carried: number, bufferOffset: number) =>
      bufferOffset + carried < range.to
        ? handle.read(
            buffer,
            carried,
            Math.min(buffer.length - carried, range.to - bufferOffset - carried),
            bufferOffset + carried,
          )
        : undefined
    // Bytes at the buffer's start that belong to a line not ended yet, and where buffer[0] is in the file.
    let carried = 0
    let bufferOffset = range.from
    // Inside a line longer than the buffer: its head was taken, the rest is skipped up to its LF.
    let isSkipping = false
    let isDense = false
    reading = readInto(buffer, carried, bufferOffset)
    while (reading) {
      const { bytesRead } = await reading
      if (bytesRead === 0) throw new VigilError('conflict', `${range.info.name} was truncated while it was read`)
      input.inputBytes += bytesRead
      const filled = carried + bytesRead
      const isLast = bufferOffset + filled >= range.to
      let start = 0
      if (isSkipping) {
        const newline = buffer.subarray(0, filled).indexOf(0x0a)
        start = newline === -1 ? filled : newline + 1
        isSkipping = newline === -1
      }
      // The block ends after the last LF, or at the range's end (a last line without LF yet); what
      // follows its end is carried to the next read.
      const lastNewline = buffer.lastIndexOf(0x0a, filled - 1)
      let end = start
      if (isLast) end = filled
      else if (lastNewline + 1 > start) end = lastNewline + 1
      else if (start === 0 && filled === buffer.length) {
        // One line fills the whole buffer: keep its head, as the live view does, and skip the rest.
        end = filled
        isSkipping = true
      }
      const rest = filled - Math.max(end, start)
      buffer.copy(spare, 0, filled - rest, filled)
      const blockOffset = bufferOffset
      const block = buffer.subarray(start, end)
      carried = rest
      bufferOffset += filled - rest
      ;[buffer, spare] = [spare, buffer]
      reading = readInto(buffer, carried, bufferOffset)
      if (end > start) {
        const rows: Row[] =
          search?.matchCase && !isDense
            ? byteSearchRows(block, blockOffset + start, search.bytes, rowOf)
            : sliceRows(block, blockOffset + start, search, rowOf)
        isDense = rows.length > (denseRowsPerMebibyte * block.length) / (1024 * 1024)
        if (rows.length > 0) yield rows
      }
    }
  } finally {
    // A read still under way (the export was cancelled or failed) ends before the file is closed.
    await reading?.catch(() => undefined)
    await handle.close()
  }
}

/**
 * Matching case, a block is searched by its bytes while the text is rare, and as decoded text once it is
 * common. Each found line costs three calls into C++ by bytes (the text, and the line's start and end),
 * against a decoding of the whole block as text; measured on 100-byte lines, bytes were 1.5× as fast at
 * one line in a hundred and text 1.1× as fast at one in ten. The next block is searched the way this
 * one's count of rows calls for.
 */
const denseRowsPerMebibyte = 512

/**
 * A block read from the file is searched in slices of whole lines of about `sliceBytes`: a string of a
 * whole megabyte would be made in V8's large-object space, and 500 of them (a 500 MB file) cost more in
 * full garbage collections than the search itself; slices this size die young, cheaply.
 */
const sliceBytes = 64 * 1024

function sliceRows<Row>(block: Buffer, blockOffset: number, search: TextSearch | undefined, rowOf: RowOf<Row>): Row[] {
  const rows: Row[] = []
  for (let start = 0; start < block.length;) {
    let end = block.length
    if (start + sliceBytes < block.length) {
      const lastNewline = block.lastIndexOf(0x0a, start + sliceBytes - 1)
      end = lastNewline >= start ? lastNewline + 1 : block.indexOf(0x0a, start + sliceBytes) + 1 || block.length
    }
    for (const row of blockRows(block.subarray(start, end), blockOffset + start, search, rowOf)) rows.push(row)
    start = end
  }
  return rows
}

/** The earlier of two positions found by indexOf, -1 when neither was. */
const firstFound = (a: number, b: number): number => (a === -1 ? b : b === -1 ? a : Math.min(a, b))

/**
 * The row of a candidate line's text, sanitized as the viewer shows it. Only a hit whose text sanitizing
 * left alone, and that was not cut at the line cap, is known to still hold the filter's text.
 */
function candidateRow<Row>(
  raw: string,
  offset: number,
  isHit: boolean,
  isCapped: boolean,
  rowOf: RowOf<Row>,
): Row | undefined {
  const sanitized = sanitizeLineText(raw)
  return rowOf(sanitized, offset, isHit && sanitized === raw && !isCapped)
}

/**
 * The rows of one slice of whole lines. Pure ASCII is read as latin1, so character and byte offsets
 * agree; ignoring case, it is searched with the case-insensitive pattern (no lower-cased copy of the
 * block), and other text is lower-cased and searched. The byte offset of each kept line in text that is
 * not ASCII is counted from the text before it.
 */
function blockRows<Row>(block: Buffer, blockOffset: number, search: TextSearch | undefined, rowOf: RowOf<Row>): Row[] {
  const ascii = isAscii(block)
  const text = block.toString(ascii ? 'latin1' : 'utf8')
  const rows: Row[] = []
  let counted = { chars: 0, bytes: 0 }
  const byteOffsetOf = (charIndex: number): number => {
    if (ascii) return charIndex
    counted = { chars: charIndex, bytes: counted.bytes + Buffer.byteLength(text.slice(counted.chars, charIndex)) }
    return counted.bytes
  }
  const take = (lineStart: number, lineEnd: number, isHit: boolean) => {
    const byteStart = byteOffsetOf(lineStart)
    let raw = text.slice(lineStart, lineEnd)
    if (raw.endsWith('\r')) raw = raw.slice(0, -1)
    const byteLength = ascii ? raw.length : Buffer.byteLength(raw)
    const isCapped = byteLength > defaultMaxLineBytes
    if (isCapped) raw = decodeCappedLine(block.subarray(byteStart, byteStart + byteLength), defaultMaxLineBytes).text
    const row = candidateRow(raw, blockOffset + byteStart, isHit, isCapped, rowOf)
    if (row) rows.push(row)
  }
  const lineEndAfter = (index: number) => {
    const newline = text.indexOf('\n', index)
    return newline === -1 ? text.length : newline
  }
  const nextHit = hitFinder(text, ascii, search)
  if (!nextHit) {
    for (let lineStart = 0; lineStart < text.length;) {
      const lineEnd = lineEndAfter(lineStart)
      take(lineStart, lineEnd, false)
      lineStart = lineEnd + 1
    }
    return rows
  }
  // Candidates: lines holding the text, and lines holding an escape sequence (removing it could join
  // the text together); each is then checked by the same filter as the live view's.
  let escapeAt = text.indexOf('\x1b')
  for (let from = 0; from < text.length;) {
    if (escapeAt !== -1 && escapeAt < from) escapeAt = text.indexOf('\x1b', from)
    const hit = nextHit(from)
    const candidate = firstFound(hit, escapeAt)
    if (candidate === -1) break
    const lineStart = text.lastIndexOf('\n', candidate) + 1
    const lineEnd = lineEndAfter(candidate)
    take(lineStart, lineEnd, candidate === hit)
    from = lineEnd + 1
  }
  return rows
}

/** Where the filter's text next occurs from an index, or undefined when the block must be read line by line. */
function hitFinder(
  text: string,
  ascii: boolean,
  search: TextSearch | undefined,
): ((from: number) => number) | undefined {
  if (!search) return undefined
  // Matching case, the text is found as it is: nothing is lower-cased, so indexes line up in any text.
  if (search.matchCase) return (from) => text.indexOf(search.query, from)
  if (ascii) {
    const { pattern, lower } = search
    return (from) => {
      pattern.lastIndex = from
      return pattern.test(text) ? pattern.lastIndex - lower.length : -1
    }
  }
  const lowered = text.toLowerCase()
  // Lower-casing changed the length (a few characters do): indexes would no longer line up.
  if (lowered.length !== text.length) return undefined
  return (from) => lowered.indexOf(search.lower, from)
}

/**
 * The rows of a block of whole lines searched by bytes: only the lines holding the filter's bytes, or an
 * escape sequence (removing it could join the text together), are decoded and checked. Offsets are the
 * block's own byte offsets, so nothing is counted.
 */
function byteSearchRows<Row>(block: Buffer, blockOffset: number, needle: Buffer, rowOf: RowOf<Row>): Row[] {
  const rows: Row[] = []
  let hit = block.indexOf(needle)
  let escapeAt = block.indexOf(0x1b)
  while (hit !== -1 || escapeAt !== -1) {
    const candidate = firstFound(hit, escapeAt)
    const lineStart = block.lastIndexOf(0x0a, candidate) + 1
    const newline = block.indexOf(0x0a, candidate)
    const lineEnd = newline === -1 ? block.length : newline
    const textEnd = lineEnd > lineStart && block[lineEnd - 1] === 0x0d ? lineEnd - 1 : lineEnd
    const isCapped = textEnd - lineStart > defaultMaxLineBytes
    const raw = isCapped
      ? decodeCappedLine(block.subarray(lineStart, textEnd), defaultMaxLineBytes).text
      : block.toString('utf8', lineStart, textEnd)
    const row = candidateRow(raw, blockOffset + lineStart, candidate === hit, isCapped, rowOf)
    if (row) rows.push(row)
    if (newline === -1) break
    if (hit !== -1 && hit <= newline) hit = block.indexOf(needle, newline + 1)
    if (escapeAt !== -1 && escapeAt <= newline) escapeAt = block.indexOf(0x1b, newline + 1)
  }
  return rows
}
