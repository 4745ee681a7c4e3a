// The parts of a generation's tool loop that need no generation: how a round of calls is told to the model
// (an assistant message with `tool_calls`, then one `tool` message per call), how one call is run on the
// tool box, and the loop's bounds (a number of rounds and a time budget that the user's own thinking over
// an approval does not use up).
import type { ToolCallRecord, ToolRound } from '../../shared/chat'
import type { ToolBox, ToolCallContext, ToolResult } from '../../shared/tools'
import type { CompletionMessage } from './completion'

/** What the model is told for a call: its result if it was sent (through `redact` when given), else why not. */
export function toolMessageContent(call: ToolCallRecord, redact: (text: string) => string = (text) => text): string {
  if (call.state === 'sent' && call.result) return redact(call.result.text)
  if (call.state === 'denied') return 'The user denied this call: its result was not sent. Do not call it again.'
  return 'The call was stopped before its result was sent.'
}

/** A round as OpenAI's chat API expects it in the history; `redact` masks the results sent. */
export function roundMessages(round: ToolRound, redact?: (text: string) => string): CompletionMessage[] {
  return [
    {
      role: 'assistant',
      content: round.content,
      tool_calls: round.calls.map((call) => ({
        id: call.id,
        type: 'function',
        function: { name: call.name, arguments: call.arguments },
      })),
    },
    ...round.calls.map((call): CompletionMessage => ({
      role: 'tool',
      tool_call_id: call.id,
      content: toolMessageContent(call, redact),
    })),
  ]
}

const errorResult = (text: string): ToolResult => ({ text, isCut: false, isError: true })

/** A call's result, and whether the tool ran: a result it did not produce holds nothing of this machine. */
export interface ToolCallOutcome {
  result: ToolResult
  hasToolRun: boolean
}

/**
 * Runs one call: its arguments parsed (an empty string is no arguments), then the tool. Malformed
 * arguments, an unknown tool or a tool that throws give an error result for the model, never a throw;
 * only the first two are answered without the tool running.
 */
export async function runToolCall(
  toolBox: ToolBox,
  call: Pick<ToolCallRecord, 'name' | 'arguments'>,
  context: ToolCallContext,
): Promise<ToolCallOutcome> {
  const names = toolBox.specs().map((spec) => spec.name)
  const refused = (text: string): ToolCallOutcome => ({ result: errorResult(text), hasToolRun: false })
  if (!names.includes(call.name))
    return refused(`There is no tool named "${call.name}". The tools are: ${names.join(', ')}.`)
  let args: unknown
  try {
    args = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments)
  } catch (error) {
    return refused(
      `The arguments of ${call.name} are not valid JSON (${(error as Error).message}): call it again with a JSON object.`,
    )
  }
  try {
    return { result: await toolBox.call(call.name, args, context), hasToolRun: true }
  } catch (error) {
    return { result: errorResult(`${call.name} failed: ${(error as Error).message}`), hasToolRun: true }
  }
}

export interface ToolLoopLimits {
  /** Rounds of tool calls in one answer; after the last, the model is asked for an answer without tools. */
  maxRounds: number
  /** Time the loop may take (waiting for the user's approvals not counted). */
  timeBudgetMs: number
}

export const defaultToolLoopLimits: ToolLoopLimits = { maxRounds: 8, timeBudgetMs: 5 * 60_000 }

export interface ToolLoopBounds {
  /** Time spent waiting for the user, which the budget does not count. */
  addWaiting(ms: number): void
  /** After a round: why the loop must end now, said for the conversation; undefined while it may go on. */
  afterRound(): string | undefined
}

export function createToolLoopBounds(limits: ToolLoopLimits, now = () => performance.now()): ToolLoopBounds {
  const startedAt = now()
  let rounds = 0
  let waitedMs = 0
  return {
    addWaiting(ms) {
      waitedMs += ms
    },
    afterRound() {
      rounds += 1
      if (rounds >= limits.maxRounds)
        return `The model called tools in ${rounds} rounds, the most one answer may: it was asked to answer without more calls.`
      if (now() - startedAt - waitedMs >= limits.timeBudgetMs)
        return `The tool calls took more than ${Math.round(limits.timeBudgetMs / 1000)} s, the most one answer may: the model was asked to answer without more calls.`
      return undefined
    },
  }
}
