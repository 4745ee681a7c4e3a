// One row of the viewer: a log line (timestamp, level word and filter matches coloured, partial and cut
// lines marked), or a marker between lines. Memoized: a row's content re-renders only when its own props
// change, not when it moves; and log text only ever becomes text nodes.
import { memo } from 'react'
import type { LogLine } from '../../../../shared/logs'
import { showMoment } from '../../lib/intents'
import { lineParts, type Matcher } from './highlight'
import { analyzed } from './lineAnalysis'
import { loadSkipped } from './lineActions'
import { lineTime } from '../../../../shared/lineTime'
import { plural, skippedLabel, type LogRow } from './logRow'

export interface SourceTag {
  name: string
  colour: string
}

interface LogRowProps {
  row: LogRow
  /** Shown when several sources are merged. */
  tag: SourceTag | undefined
  matcher: Matcher
}

function LineText({ line, matcher }: { line: LogLine; matcher: Matcher }) {
  const time = lineTime(line.text, analyzed(line).timestamp)
  return (
    <span className="log-text">
      {line.origin && <span className="log-origin">[{line.origin}] </span>}
      {lineParts(line, matcher).map((part, index) => {
        const className = [part.decoration && `log-${part.decoration}`, part.isMatch && 'log-match']
          .filter(Boolean)
          .join(' ')
        // The timestamp of a line that names a moment shows that moment on the charts.
        return part.decoration === 'timestamp' && time !== undefined ? (
          <span
            key={index}
            role="link"
            tabIndex={-1}
            className={`${className} log-time-link`}
            title="Show this moment on the charts"
            onClick={(event) => {
              event.stopPropagation()
              showMoment(time)
            }}
          >
            {part.text}
          </span>
        ) : className ? (
          <span key={index} className={className}>
            {part.text}
          </span>
        ) : (
          part.text
        )
      })}
      {line.cutBytes !== undefined && (
        <span className="log-mark"> … [{plural(line.cutBytes, 'byte', 'bytes')} cut]</span>
      )}
      {line.isPartial && (
        <span className="log-badge" title="The line has no end yet: the rest may follow">
          partial
        </span>
      )}
    </span>
  )
}

function Marker({ row }: { row: Exclude<LogRow, { kind: 'line' }> }) {
  if (row.kind === 'notice') return <span className="log-text log-notice">{row.message}</span>
  const canLoad = row.range.fromPosition !== '' && row.state !== 'loading'
  return (
    <span className="log-text log-skipped">
      {skippedLabel(row.range)}
      {canLoad && (
        <button
          type="button"
          className="link-button log-load"
          onClick={(event) => {
            event.stopPropagation()
            void loadSkipped(row)
          }}
        >
          {row.state === 'failed' ? 'try again' : 'load them'}
        </button>
      )}
      {row.state === 'loading' && <span className="log-mark"> loading…</span>}
      {row.error && <span className="error"> {row.error}</span>}
    </span>
  )
}

export function rowClassName(row: LogRow, isSelected: boolean): string {
  const level = row.kind === 'line' ? analyzed(row.line).level : undefined
  return ['log-row', `row-${row.kind}`, level && `level-${level}`, isSelected && 'is-selected']
    .filter(Boolean)
    .join(' ')
}

/** The row's content; the viewer places the row and handles clicks on it. */
export const LogRowContent = memo(function LogRowContent({ row, tag, matcher }: LogRowProps) {
  return (
    <>
      {tag && (
        <span className="log-tag" style={{ '--tag-colour': tag.colour } as React.CSSProperties} title={tag.name}>
          {tag.name}
        </span>
      )}
      {row.kind === 'line' ? <LineText line={row.line} matcher={matcher} /> : <Marker row={row} />}
    </>
  )
})
