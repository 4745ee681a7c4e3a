// search_logs: lines of Vigil's log sources over a time range, through the live view's filter (text or
// regular expression, lowest level). Lines carry no time of their own here: the recorder's log activity
// (lines per source and second, with the source's position after each second) maps the range to
// positions in each source, and the lines between them are scanned. Log text bound off this machine
// passes the redactor, and a source only root or another user may read is left out of it.
import { z } from 'zod'
import { VigilError } from '../../shared/errors'
import type { LogLevelName } from '../../shared/logs'
import type { Logs } from '../logs'
import { recordedLogRange, type RecorderReader } from '../recorder'
import { redactText } from './redactor'
import { defineTool, type Tool } from './toolBox'
import { momentSchema, rangeHeader, resolveRange } from './toolTime'

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
        const planned = recordedLogRange(recorder, id, from, to)
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
