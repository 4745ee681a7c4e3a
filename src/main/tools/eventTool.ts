// list_events: what the recorder noted over a range, oldest first: alert episodes (a rule firing or
// resolving, with its value) and marks (Vigil started or stopped, the machine slept, the clock jumped,
// samples were missed, recording paused).
import { z } from 'zod'
import { recorderLimits } from '../../shared/recorder'
import type { RecorderReader } from '../recorder'
import { defineTool, type Tool } from './toolBox'
import { formatMoment, momentSchema, rangeHeader, resolveRange } from './toolTime'

const schema = z.strictObject({
  from: momentSchema('from').default('-24h'),
  to: momentSchema('to').default('now'),
  limit: z.number().int().min(1).max(500).default(100).describe('events of each kind listed at most, 1 to 500'),
})

export function createEventTool(recorder: Pick<RecorderReader, 'events'>): Tool {
  return defineTool({
    name: 'list_events',
    description: () =>
      'Alert episodes (a rule started firing or resolved, with the value) and recorder marks (Vigil started or ' +
      'stopped, the machine slept, the clock jumped, samples were missed, recording paused) over a time range, ' +
      'oldest first. Use it to find when something happened, then query_metric or top_processes around that time.',
    schema,
    cutHint: 'ask for a shorter range',
    async run(args, out, { now }) {
      const { from, to } = resolveRange(args, now)
      const events = recorder.events({ from, to, limit: Math.min(args.limit, recorderLimits.maxListLimit) })
      const lines = [
        ...events.episodes.map((episode) => ({
          t: episode.t,
          text:
            `alert ${episode.ruleId} ${episode.state} (since ${formatMoment(episode.since)}, value ${episode.value})` +
            (episode.message ? `: ${episode.message}` : ''),
        })),
        ...events.marks.map((mark) => ({
          t: mark.t,
          text: `mark ${mark.kind}${mark.until !== undefined ? ` until ${formatMoment(mark.until)}` : ''}: ${mark.detail}`,
        })),
      ].sort((a, b) => a.t - b.t)
      out.add(`Events ${rangeHeader(from, to)}: ${events.episodes.length} alert changes, ${events.marks.length} marks.`)
      if (events.isTruncated)
        out.add(`More than ${args.limit} of a kind: the newest were left out; ask for a shorter range.`)
      if (lines.length === 0) out.add('Nothing was noted in this range.')
      for (const line of lines) if (!out.add(`${formatMoment(line.t)} ${line.text}`)) return
    },
  })
}
