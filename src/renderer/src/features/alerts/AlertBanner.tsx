// The in-app banner: every open alert episode, until its condition stops holding. Hide puts it away
// until the set of open alerts changes (a new one fires, or one ends).
import { useState } from 'react'
import { timeFormat } from '../../lib/timeFormat'
import { useAlertsStore } from './alertsStore'
import './alerts.css'

export function AlertBanner() {
  const firing = useAlertsStore((state) => state.firing)
  const [hiddenFor, setHiddenFor] = useState<string>()
  const openKey = firing.map((episode) => `${episode.ruleId}@${episode.since}`).join(',')
  if (firing.length === 0 || hiddenFor === openKey) return null
  return (
    <div className="banner alert-banner" role="alert" data-testid="alert-banner">
      {firing.map((episode) => (
        <p key={episode.ruleId}>
          <strong>Alert</strong> since {timeFormat.clock(episode.since)}: {episode.message}
        </p>
      ))}
      {firing.length > 1 && <span className="shelf-more">+{firing.length - 1} more</span>}
      <button type="button" className="button" onClick={() => setHiddenFor(openKey)}>
        Hide
      </button>
    </div>
  )
}
