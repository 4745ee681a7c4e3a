// Log lines as CSV: the sources, filter and range as on screen, or whole files through the filter.
// Files are read by offset in large blocks and filtered on the fly. With a plain-text filter (the
// common case) a block is searched as a whole and only the lines holding the text are decoded and
// checked, the way grep works: matching case, the block's bytes are searched as they are; ignoring
// case, its text. A regular expression or a level alone checks every line. Either way a line is kept
// exactly when the live view's filter would keep it.
import { isAscii } from 'node:buffer'
import { open } from 'node:fs/promises'
import type { LogSourceInfo } from '../../shared/logs'
import type { LogRange, LogsExportRequest } from '../../shared/export'
import { parseFilePosition } from '../logs/fileSource'
import { findLineStart } from '../logs/fileReading'
import { fileIdOf } from '../logs/fileTailer'
import { levelOf } from '../../shared/lineLevel'
import { decodeCappedLine, defaultMaxLineBytes } from '../logs/lineSplitter'
import { sanitizeLineText } from '../logs/lineText'
import { compileFilter, type LineFilter } from '../logs/logFilter'
import type { SourceRegistry } from '../logs/sourceRegistry'
import { VigilError } from '../../shared/errors'
import type { Cell } from './csvFormat'
import { csvContentType, ExportSourceError, type CsvPlan, type InputProgress } from './exportPlan'

const blockBytes = 1024 * 1024
const columns = ['source', 'offset', 'level', 'text']

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
  range: LogRange
}

/**
 * The row of a line, or undefined when the filter leaves it out. `holdsText`: the line is already known
 * to hold the filter's text (found by the block search, and unchanged by sanitizing), so only the
 * level is left to check.
 */
type RowOf = (text: string, offset: number, holdsText: boolean) => Cell[] | undefined

/**
 * A plain-text filter. Matching case: the text, and its UTF-8 bytes to find in a block's bytes (a valid
 * UTF-8 sequence is found only where its characters are). Ignoring case: its lower-cased text, and the
 * same as a case-insensitive pattern for ASCII slices.
 */
type TextSearch =
  { matchCase: true; query: string; bytes: Buffer } | { matchCase: false; lower: string; pattern: RegExp }

function textSearchOf(query: string, matchCase: boolean): TextSearch {
  if (matchCase) return { matchCase, query, bytes: Buffer.from(query, 'utf8') }
  const lower = query.toLowerCase()
  // From the lower-cased text, as the live filter compares: in ASCII text the two then agree exactly.
  return { matchCase, lower, pattern: new RegExp(lower.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi') }
}

async function fileRangeOf(info: LogSourceInfo, range: LogRange): Promise<FileRange> {
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

export async function planLogsExport(registry: SourceRegistry, request: LogsExportRequest): Promise<CsvPlan> {
  const matchCase = request.filter.matchCase ?? false
  const filter = compileFilter({
    query: request.filter.q,
    isRegex: request.filter.regex,
    matchCase,
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
  // Text holding a line break or another control character is never in a line as the viewer shows it,
  // but could be found across lines in a block: such a filter checks every line instead.
  const isSearchable =
    request.filter.q !== '' &&
    !request.filter.regex &&
    // eslint-disable-next-line no-control-regex
    !/[\x00-\x08\x0a-\x1f\x7f]/.test(request.filter.q)
  const search = isSearchable ? textSearchOf(request.filter.q, matchCase) : undefined
  const levelFilter = compileFilter({ query: '', isRegex: false, matchCase, minLevel: request.filter.level })
  const fileBytes = ranges.reduce((sum, range) => sum + (range.kind === 'file' ? range.to - range.from : 0), 0)
  const names = ranges.map((range) => range.info.name).join(', ')
  const filterText =
    request.filter.q === ''
      ? ''
      : ` matching ${request.filter.regex ? '/' + request.filter.q + '/' : `"${request.filter.q}"`}${matchCase ? ' (case matched)' : ''}`

  return {
    kind: 'logs',
    format: 'csv',
    title: `Logs of ${names}${filterText}${request.filter.level ? `, ${request.filter.level} and above` : ''}`,
    extension: 'csv',
    contentType: csvContentType,
    columns,
    // A 500 MB file can give hundreds of thousands of rows, most of them plain text.
    joinsPlainRows: true,
    totalInputBytes: fileBytes,
    async *rows(input) {
      for (const range of ranges) {
        const rowOf: RowOf = (text, offset, holdsText) => {
          const level = levelOf(text)
          return (holdsText ? levelFilter : filter)(text, level) ? [range.info.name, offset, level, text] : undefined
        }
        if (range.kind === 'file') yield* fileRows(range, search, rowOf, input)
        else yield await memoryRows(registry, range, filter)
      }
    },
  }
}

async function memoryRows(
  registry: SourceRegistry,
  { info, range }: MemoryRange,
  filter: LineFilter,
): Promise<Cell[][]> {
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
    if (!('batches' in plan)) throw new ExportSourceError(`the lines of ${info.name} cannot be read again: ${plan.gap}`)
    // A memory source holds a bounded ring of lines: its rows fit in memory.
    const rows: Cell[][] = []
    for await (const { batch } of plan.batches()) {
      const texts = batch.text.split('\n')
      let end = batch.from
      batch.steps.forEach((step, index) => {
        end += step
        const text = texts[index]!
        const level = batch.details?.[index]?.level ?? levelOf(text)
        if (filter(text, level)) rows.push([info.name, end, level, text])
      })
    }
    return rows
  } finally {
    await acquired.release()
  }
}

async function* fileRows(
  range: FileRange,
  search: TextSearch | undefined,
  rowOf: RowOf,
  input: InputProgress,
): AsyncGenerator<Cell[][]> {
  const handle = await open(range.path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new ExportSourceError(`${range.info.name} cannot be read now (${error.code ?? error.message})`)
  })
  // Two buffers: while one block is searched and its rows written, the next is read into the other.
  let [buffer, spare] = [Buffer.allocUnsafe(blockBytes), Buffer.allocUnsafe(blockBytes)]
  let reading: Promise<{ bytesRead: number }> | undefined
  try {
    if (fileIdOf(await handle.stat()) !== range.fileId)
      throw new ExportSourceError(`${range.info.name} was rotated or replaced before the export began`)
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
      if (bytesRead === 0) throw new ExportSourceError(`${range.info.name} was truncated during the export`)
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
        const rows: Cell[][] =
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

function sliceRows(block: Buffer, blockOffset: number, search: TextSearch | undefined, rowOf: RowOf): Cell[][] {
  const rows: Cell[][] = []
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
function candidateRow(
  raw: string,
  offset: number,
  isHit: boolean,
  isCapped: boolean,
  rowOf: RowOf,
): Cell[] | undefined {
  const sanitized = sanitizeLineText(raw)
  return rowOf(sanitized, offset, isHit && sanitized === raw && !isCapped)
}

/**
 * The rows of one slice of whole lines. Pure ASCII is read as latin1, so character and byte offsets
 * agree; ignoring case, it is searched with the case-insensitive pattern (no lower-cased copy of the
 * block), and other text is lower-cased and searched. The byte offset of each kept line in text that is
 * not ASCII is counted from the text before it.
 */
function blockRows(block: Buffer, blockOffset: number, search: TextSearch | undefined, rowOf: RowOf): Cell[][] {
  const ascii = isAscii(block)
  const text = block.toString(ascii ? 'latin1' : 'utf8')
  const rows: Cell[][] = []
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
function byteSearchRows(block: Buffer, blockOffset: number, needle: Buffer, rowOf: RowOf): Cell[][] {
  const rows: Cell[][] = []
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
