// The size budget of a tool's answer: lines are added until the next would pass the budget, then the
// answer is cut there and says so, with what to ask for instead.
import type { ToolResult } from '../../shared/tools'

/** About 2,000 tokens: enough for a table of a hundred rows, small enough for a local model's context. */
export const toolTextBudgetBytes = 8 * 1024

export interface TextBudget {
  /** Adds a line; false once the budget is spent (the line and everything after it are left out). */
  add(line: string): boolean
  readonly isFull: boolean
  /** The answer; `hint` says how to get the rest when it was cut. */
  result(hint: string): ToolResult
}

export function createTextBudget(limitBytes = toolTextBudgetBytes): TextBudget {
  const lines: string[] = []
  // Room kept for the closing note, so a cut answer stays within the budget too.
  const noteRoom = 200
  let used = 0
  let isCut = false
  return {
    add(line) {
      if (isCut) return false
      const bytes = Buffer.byteLength(line) + 1
      if (used + bytes > limitBytes - noteRoom) {
        isCut = true
        return false
      }
      lines.push(line)
      used += bytes
      return true
    },
    get isFull() {
      return isCut
    },
    result(hint) {
      const text = isCut
        ? `${lines.join('\n')}\n[cut here to fit ${Math.round(limitBytes / 1024)} KB: ${hint}]`
        : lines.join('\n')
      return { text, isCut, isError: false }
    },
  }
}
