// The in-app banner: every open alert episode, until its condition stops holding.
import { useAlertsStore } from './alertsStore'

export function AlertBanner() {
  const firing = useAlertsStore((state) => state.firing)
  if (firing.length === 0) return null
  return (
    <div className="banner alert-banner" role="alert" data-testid="alert-banner">
      {firing.map((episode) => (
        <p key={episode.ruleId}>
          <strong>Alert</strong> since {new Date(episode.since).toLocaleTimeString()}: {episode.message}
        </p>
      ))}
    </div>
  )
}
