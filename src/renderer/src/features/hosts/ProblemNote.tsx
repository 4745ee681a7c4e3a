// A failed fleet request on screen: its title and the core's message, marked with the problem for tests.
import type { HostProblem } from './hostProblem'

export function ProblemNote({ problem, testId }: { problem: HostProblem; testId: string }) {
  return (
    <div className="host-problem" role="alert" data-testid={testId} data-problem={problem.problem ?? 'other'}>
      <strong>{problem.title}</strong>
      <span>{problem.message}</span>
    </div>
  )
}
