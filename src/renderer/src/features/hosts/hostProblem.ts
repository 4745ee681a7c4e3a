// A failed fleet request in words for people: a title per upstream problem (src/shared/fleet.ts) and the
// core's message, which says what to do (or, for a refused query, Prometheus's own error).
import type { UpstreamProblem } from '../../../../shared/fleet'
import { ApiRequestError, errorText } from '../../lib/api'

export interface HostProblem {
  /** The upstream problem, or undefined for any other failure (the core itself, bad input). */
  problem: UpstreamProblem | undefined
  title: string
  message: string
}

const problemTitles: Record<UpstreamProblem, string> = {
  unreachable: 'Server unreachable',
  timeout: 'No answer in time',
  not_prometheus: 'Not a Prometheus server',
  unauthorized: 'Credentials refused',
  query_failed: 'Prometheus refused the query',
  too_large: 'Answer too large',
}

export function describeHostProblem(error: unknown): HostProblem {
  const details = error instanceof ApiRequestError ? error.error.details : undefined
  const problem = details?.problem as UpstreamProblem | undefined
  if (problem && problem in problemTitles) return { problem, title: problemTitles[problem], message: errorText(error) }
  return { problem: undefined, title: 'The request failed', message: errorText(error) }
}
