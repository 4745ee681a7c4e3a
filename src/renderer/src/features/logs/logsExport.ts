// Log exports made from what the Logs view shows, or from the Exports form's sources and filter: which
// range of each source, through the view's filter. Pure: no DOM, no React. The Exports feature adds the
// CSV options when it writes them (lib/intents.ts: exportThis).
import type { LogLine } from '../../../../shared/logs'
import type { ExportIntent } from '../../lib/intents'
import type { LogsQuery } from './streamQuery'

type LogsExport = Extract<ExportIntent, { kind: 'logs' }>

/** The Logs view's filter, as its stream takes it. */
type ViewFilter = LogsQuery['filter']

function exportFilterOf({ text, isRegex, matchCase, minLevel }: ViewFilter): LogsExport['filter'] {
  return {
    q: text,
    regex: text !== '' && isRegex,
    matchCase: text !== '' && matchCase,
    ...(minLevel ? { level: minLevel } : {}),
  }
}

/**
 * The lines a view shows, as a range per source: from the position of each source's first line shown to
 * that of its last (a line's position is where its source stands just after it, which is what the core
 * takes). Sources with no line shown are left out; undefined when no line is shown at all.
 */
export function shownLinesExport(
  lines: Iterable<LogLine>,
  sourceIds: readonly string[],
  filter: ViewFilter,
): LogsExport | undefined {
  const ranges = new Map<string, { first: string; last: string }>()
  for (const line of lines) {
    const range = ranges.get(line.source)
    if (range) range.last = line.position
    else ranges.set(line.source, { first: line.position, last: line.position })
  }
  const sources = sourceIds.flatMap((id) => {
    const range = ranges.get(id)
    return range ? [{ id, range: { kind: 'lines' as const, ...range } }] : []
  })
  return sources.length === 0 ? undefined : { kind: 'logs', sources, filter: exportFilterOf(filter) }
}

/** Whole files (and the whole of Vigil's own log and the ingested lines) through the filter. */
export function wholeSourcesExport(sourceIds: readonly string[], filter: ViewFilter): LogsExport {
  return {
    kind: 'logs',
    sources: sourceIds.map((id) => ({ id, range: { kind: 'all' } })),
    filter: exportFilterOf(filter),
  }
}
