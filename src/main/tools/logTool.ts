// search_logs: lines of Vigil's log sources over a time range, through the live view's filter (text or
// regular expression, lowest level). Lines carry no time of their own here: the recorder's log activity
// (lines per source and second, with the source's position after each second) maps the range to
// positions in each source, and the lines between them are scanned. Log text bound off this machine
// passes the redactor, and a source only root or another user may read is left out of it.
import { z } from 'zod'
import { VigilError } from '../../shared/errors'
import { builtInSources, type LogLevelName } from '../../shared/logs'
import type { LogRange } from '../../shared/export'
import type { Logs } from '../logs'
import type { RecorderReader } from '../recorder'
import { redactText } from './redactor'
import { defineTool, type Tool } from './toolBox'
import { momentSchema, rangeHeader, resolveRange } from './toolTime'

const hourMs = 3_600_000
const dayMs = 86_400_000
/** Characters of a line shown; the rest is cut with a note. */
const maxLineChars = 400

const schema = z.strictObject({
  sources: z
    .array(z.string().min(1).max(64))
    .max(20)
    .optional()
    .describe('Source ids to search (omitted: all of them); an unknown id is answered with the list of sources'),
  query: z
    .string()
    .max(500)
    .default('')
    .describe('Text to find (or a regular expression with regex: true); empty: every line'),
  regex: z.boolean().default(false),
  matchCase: z.boolean().default(false),
  level: z
    .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal'])
    .optional()
    .describe('Lowest level kept: warn keeps warn, error and fatal'),
  from: momentSchema('from').default('-1h'),
  to: momentSchema('to').default('now'),
  limit: z.number().int().min(1).max(500).default(50).describe('Newest matching lines kept per source, 1 to 500'),
})

interface Row {
  offset: number
  level: LogLevelName | undefined
  text: string
}

/**
 * Where a source stood after its last line in [from, to], and how many lines it had there (counted only
 * when asked: otherwise the newest window with lines ends the search). Read newest first, an hour and then
 * a day at a time: a day is at most 86,400 rows, within the recorder's budget for one query.
 */
function activityIn(
  recorder: Pick<RecorderReader, 'logActivity'>,
  source: string,
  from: number,
  to: number,
  isCountNeeded: boolean,
): { position?: string; lines: number } {
  let position: string | undefined
  let lines = 0
  let windowMs = hourMs
  for (let end = to; end >= from; windowMs = dayMs) {
    const start = Math.max(from, end - windowMs + 1)
    const activity = recorder.logActivity({ from: start, to: end, source, maxPoints: 1 }).sources[source]
    if (activity) {
      position ??= activity.position.at(-1)
      lines += activity.lines.reduce((sum, count) => sum + count, 0)
      if (!isCountNeeded) break
    }
    end = start - 1
  }
  return { position, lines }
}

const splitPosition = (position: string) => {
  const dot = position.lastIndexOf('.')
  return { base: position.slice(0, dot), end: Number(position.slice(dot + 1)) }
}

/**
 * The source's lines in [from, to] as a scan range, and the offset before which a row is dropped (the
 * line just before the range, which a range of a file must start with); undefined when it had none.
 */
function rangeOf(
  recorder: Pick<RecorderReader, 'logActivity'>,
  source: string,
  from: number,
  to: number,
): { range: LogRange; dropBefore: number; note?: string } | undefined {
  const end = activityIn(recorder, source, from, to, false).position
  if (end === undefined) return undefined
  const last = splitPosition(end)
  const before = activityIn(recorder, source, from - dayMs, from - 1, false).position
  const first = before === undefined ? undefined : splitPosition(before)
  const isMemory = source === builtInSources.vigil || source === builtInSources.ingest
  if (isMemory) {
    // Sequence numbers count lines: the first line of the range is found exactly either way.
    const firstSeq =
      first?.base === last.base ? first.end + 1 : last.end - activityIn(recorder, source, from, to, true).lines + 1
    return { range: { kind: 'lines', first: `${last.base}.${firstSeq}`, last: end }, dropBefore: 0 }
  }
  if (first?.base === last.base) return { range: { kind: 'lines', first: before!, last: end }, dropBefore: first.end }
  return {
    range: { kind: 'lines', first: `${last.base}.1`, last: end },
    dropBefore: 0,
    note: 'the recorder saw no line of it in the day before the range, so its lines are read from the start of the file',
  }
}

export function createLogTool(
  recorder: Pick<RecorderReader, 'logActivity'>,
  logs: Pick<Logs, 'list' | 'scan' | 'isSensitive'>,
): Tool {
  return defineTool({
    name: 'search_logs',
    description: () =>
      'Search the log sources Vigil follows (its own log "vigil", lines posted to it "ingest", and the log files ' +
      'the user added) over a time range: the newest matching lines of each source, oldest first. Filter by text ' +
      'or regular expression and by lowest level. Lines are found by the time the recorder saw them; their own ' +
      'text usually starts with a timestamp.',
    schema,
    cutHint: 'ask for fewer lines, fewer sources, a narrower query or a shorter range',
    async run(args, out, context) {
      const { from, to } = resolveRange(args, context.now)
      const known = await logs.list()
      const wanted = args.sources ?? known.map((source) => source.id)
      const unknown = wanted.filter((id) => !known.some((source) => source.id === id))
      if (unknown.length > 0)
        throw new VigilError(
          'bad_request',
          `there is no log source ${unknown.join(', ')}; the sources are: ${known.map((source) => `${source.id} (${source.name})`).join(', ')}`,
        )
      out.add(
        `Log lines ${rangeHeader(from, to)}${args.query ? `, matching ${args.regex ? 'the pattern ' : ''}${JSON.stringify(args.query)}` : ''}${args.level ? `, level ${args.level} or above` : ''}.`,
      )
      if (context.isOffMachine) out.add('Secrets, tokens and e-mail addresses in the lines are masked.')
      for (const id of wanted) {
        const name = known.find((source) => source.id === id)!.name
        if (context.isOffMachine && logs.isSensitive(id)) {
          out.add(
            `== ${name} [${id}]: left out (only root or another user may read it, and this answer leaves the machine) ==`,
          )
          continue
        }
        const planned = rangeOf(recorder, id, from, to)
        if (!planned) {
          out.add(`== ${name} [${id}]: no lines were recorded in this range ==`)
          continue
        }
        const rows: Row[] = []
        try {
          const scan = await logs.scan<Row>(
            {
              sources: [{ id, range: planned.range }],
              filter: { q: args.query, regex: args.regex, matchCase: args.matchCase, level: args.level },
            },
            (_name, offset, level, text) => ({ offset, level, text }),
          )
          for await (const batch of scan.batches({ inputBytes: 0 })) {
            if (context.signal.aborted) break
            for (const row of batch) if (row.offset >= planned.dropBefore) rows.push(row)
            if (rows.length > args.limit * 2) rows.splice(0, rows.length - args.limit)
          }
        } catch (error) {
          if (error instanceof VigilError && error.code !== 'bad_request') {
            out.add(`== ${name} [${id}]: cannot be read for this range: ${error.message} ==`)
            continue
          }
          throw error
        }
        if (context.signal.aborted) throw new VigilError('unavailable', 'the search was stopped')
        const kept = rows.slice(-args.limit)
        out.add(
          `== ${name} [${id}]: ${rows.length > kept.length ? `the newest ${kept.length} of ${rows.length} matching lines` : `matching lines: ${kept.length}`}${planned.note ? `; ${planned.note}` : ''} ==`,
        )
        for (const row of kept) {
          const text = row.text.length > maxLineChars ? `${row.text.slice(0, maxLineChars)}… [line cut]` : row.text
          if (!out.add(context.isOffMachine ? redactText(text) : text)) return
        }
      }
    },
  })
}
