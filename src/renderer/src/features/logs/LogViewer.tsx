// The lines themselves: a virtualized list (only the rows on screen exist in the DOM) over the held ring,
// redrawn at most once per frame. It follows the newest line until the user scrolls up, keeps the rows
// in view still while older ones drop off the top, and offers "Jump to live" with the count of new lines.
import './viewer.css'
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual'
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react'
import { isNearBottom, jumpLabel } from './follow'
import { createMatcher } from './highlight'
import { copySelection } from './lineActions'
import { ringAt, ringSize } from './lineRing'
import { formatCount, plural, sourceOf } from './logRow'
import { LogRowContent, rowClassName, type SourceTag } from './LogRow'
import {
  clearSelection,
  followLive,
  heldRows,
  noteScroll,
  resume,
  ringCapacity,
  selectRow,
  useLogsStore,
} from './logsStore'
import { isRowSelected } from './selection'
import { sourceColour } from './sourceColours'
import { useSourcesStore } from './sourcesStore'
import { isFiltered } from './streamQuery'

const rowHeightPx = 18
const bottomTolerancePx = 8

/** The last rows, as many as fit on screen, plus one: what the view shows once scrolled to the bottom. */
function lastRows({ startIndex, endIndex, count }: Range): number[] {
  const shown = Math.min(count, endIndex - startIndex + 2)
  return Array.from({ length: shown }, (_, offset) => count - shown + offset)
}

function useSourceTags(): Map<string, SourceTag> | undefined {
  const sources = useSourcesStore((state) => state.sources)
  const colours = useSourcesStore((state) => state.colours)
  const sourceIds = useLogsStore((state) => state.query.sourceIds)
  return useMemo(() => {
    if (sourceIds.length < 2) return undefined
    return new Map(
      sources.map((source) => [source.id, { name: source.name, colour: sourceColour(colours, source.id) }]),
    )
  }, [sources, colours, sourceIds])
}

function TopMarker({ droppedCount }: { droppedCount: number }) {
  const isCatchingUp = useLogsStore((state) => state.isCatchingUp)
  const tailLines = useLogsStore((state) => state.query.tailLines)
  const text =
    droppedCount > 0
      ? `${plural(droppedCount, 'older line', 'older lines')} dropped: the newest ${formatCount(ringCapacity)} are kept`
      : `${isCatchingUp ? 'Loading' : 'From'} the last ${formatCount(tailLines)} lines of each source${isCatchingUp ? '…' : ''}`
  return (
    <div className={`log-top-marker${droppedCount > 0 ? ' has-dropped' : ''}`} data-testid="log-top-marker">
      {text}
    </div>
  )
}

function EmptyState({ isEmpty }: { isEmpty: boolean }) {
  const isCatchingUp = useLogsStore((state) => state.isCatchingUp)
  const query = useLogsStore((state) => state.query)
  if (!isEmpty || (isCatchingUp && query.sourceIds.length > 0)) return null
  const text =
    query.sourceIds.length === 0
      ? 'Choose a source on the left to see its lines.'
      : isFiltered(query.filter)
        ? 'No line matches the filter yet. New matching lines appear here as they are written.'
        : 'No lines yet. New lines appear here as they are written.'
  return <p className="log-empty">{text}</p>
}

export function LogViewer() {
  useLogsStore((state) => state.version)
  const isWrapped = useLogsStore((state) => state.isWrapped)
  const isPaused = useLogsStore((state) => state.isPaused)
  const follow = useLogsStore((state) => state.follow)
  const waitingCount = useLogsStore((state) => state.waitingCount)
  const selection = useLogsStore((state) => state.selection)
  const filter = useLogsStore((state) => state.query.filter)
  const matcher = useMemo(() => createMatcher(filter.text, filter.isRegex, filter.matchCase), [filter])
  const tags = useSourceTags()
  const scrollRef = useRef<HTMLDivElement>(null)
  const ring = heldRows()
  const count = ringSize(ring)
  const droppedCount = ring.droppedCount
  const getItemKey = useCallback((index: number) => droppedCount + index, [droppedCount])
  const isLive = follow.isFollowing && !isPaused
  // The app does not run the React Compiler; the virtualizer is meant to re-render this component itself.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeightPx,
    getItemKey,
    overscan: 8,
    useFlushSync: false,
    paddingStart: rowHeightPx,
    // Scrolled up, the rows in view stay put while older rows drop off the top.
    anchorTo: isLive ? 'start' : 'end',
    // Following, the rows rendered are the last ones before the scroll gets there, so that the scroll
    // that follows each render changes nothing in the DOM.
    rangeExtractor: isLive ? lastRows : defaultRangeExtractor,
  })

  useEffect(() => virtualizer.measure(), [virtualizer, isWrapped])
  useLayoutEffect(() => {
    const element = scrollRef.current
    if (element && isLive) element.scrollTop = element.scrollHeight
  })

  const onScroll = () => {
    const element = scrollRef.current
    if (element)
      noteScroll(isNearBottom(element.scrollTop, element.clientHeight, element.scrollHeight, bottomTolerancePx))
  }
  const onRowClick = (event: React.MouseEvent) => {
    const row = (event.target as Element).closest<HTMLElement>('[data-number]')
    // A drag that selected text is for copying that text, not for choosing rows.
    if (!row || (!event.shiftKey && window.getSelection()?.isCollapsed === false)) return
    selectRow(Number(row.dataset.number), event.shiftKey)
  }
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') clearSelection()
    else if (event.key === 'c' && (event.ctrlKey || event.metaKey) && window.getSelection()?.isCollapsed !== false)
      void copySelection()
  }

  return (
    <div className={`log-viewer${isWrapped ? ' is-wrapped' : ''}`}>
      <div
        ref={scrollRef}
        className="log-scroll"
        onScroll={onScroll}
        onKeyDown={onKeyDown}
        tabIndex={0}
        role="listbox"
        aria-label="Log lines"
        aria-multiselectable
        data-testid="log-scroll"
      >
        <div
          className="log-rows"
          style={{ height: virtualizer.getTotalSize() }}
          onClick={onRowClick}
          onMouseDown={(event) => event.shiftKey && event.preventDefault()}
        >
          <TopMarker droppedCount={droppedCount} />
          {virtualizer.getVirtualItems().map((item) => {
            const row = ringAt(ring, item.index)
            const number = droppedCount + item.index
            if (!row) return null
            const isSelected = isRowSelected(selection, number)
            return (
              <div
                key={item.key}
                className={rowClassName(row, isSelected)}
                data-index={item.index}
                data-number={number}
                ref={isWrapped ? virtualizer.measureElement : undefined}
                style={{ transform: `translateY(${item.start}px)` }}
                role="option"
                aria-selected={isSelected}
              >
                <LogRowContent row={row} tag={tags?.get(sourceOf(row))} matcher={matcher} />
              </div>
            )
          })}
        </div>
        <EmptyState isEmpty={count === 0} />
      </div>
      {isPaused ? (
        <button type="button" className="log-float is-paused" onClick={resume}>
          Paused: {plural(waitingCount, 'new line', 'new lines')} waiting. Resume
        </button>
      ) : (
        !follow.isFollowing && (
          <button type="button" className="log-float" onClick={followLive}>
            {jumpLabel(follow)}
          </button>
        )
      )}
    </div>
  )
}
