// The recent alert episodes, newest first: each opens to what was going on when it started, as the
// recorder kept it: the busiest processes then and the newest log lines across sources.
import { useEffect } from 'react'
import { RecordedProcessTable } from '../../components/RecordedProcessTable'
import type { EpisodeContext, RecordedEpisode } from '../../../../shared/recorder'
import { timeFormat } from '../../lib/timeFormat'
import { useSourcesStore } from '../logs'
import { loadEpisodes, useAlertsStore } from './alertsStore'

/** How often the list is read again while shown (an episode reaches the recorder a few seconds after it starts). */
const episodesRefreshMs = 10_000

function EpisodeDetails({ context }: { context: EpisodeContext }) {
  const sources = useSourcesStore((state) => state.sources)
  const nameOf = (id: string) => sources.find((source) => source.id === id)?.name ?? id
  return (
    <div className="episode-context">
      {context.processes.length === 0 ? (
        <p className="caption">No processes were read at the start.</p>
      ) : (
        <RecordedProcessTable processes={context.processes} className="episode-processes" testId="episode-processes" />
      )}
      {context.lines.length === 0 ? (
        <p className="caption">No log lines had come in before the start.</p>
      ) : (
        <ul className="episode-lines" data-testid="episode-lines">
          {context.lines.map((line, index) => (
            <li key={index} className={line.level ? `level-${line.level}` : undefined}>
              <span className="caption">
                {timeFormat.clock(line.t)} {nameOf(line.source)}
              </span>{' '}
              {line.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

function EpisodeItem({ episode }: { episode: RecordedEpisode }) {
  return (
    <li>
      <details data-testid="episode">
        <summary>
          <span className="caption">{timeFormat.dateTime(episode.since)}</span> {episode.message}
        </summary>
        {episode.context ? (
          <EpisodeDetails context={episode.context} />
        ) : (
          <p className="caption">This episode was recorded without what went on at its start.</p>
        )}
      </details>
    </li>
  )
}

export function EpisodeList() {
  const episodes = useAlertsStore((state) => state.episodes)
  const episodesError = useAlertsStore((state) => state.episodesError)
  const firingKey = useAlertsStore((state) =>
    state.firing.map((episode) => `${episode.ruleId}@${episode.since}`).join(),
  )
  useEffect(() => {
    void loadEpisodes()
    const timer = setInterval(() => void loadEpisodes(), episodesRefreshMs)
    return () => clearInterval(timer)
  }, [firingKey])
  return (
    <div className="alert-episodes">
      <h3>Recent episodes</h3>
      {episodesError && <p className="error">{episodesError}</p>}
      {episodes.length === 0 && !episodesError && <p className="caption">No alert has fired in the last day.</p>}
      <ul>
        {episodes.map((episode) => (
          <EpisodeItem key={`${episode.ruleId}@${episode.t}`} episode={episode} />
        ))}
      </ul>
    </div>
  )
}
