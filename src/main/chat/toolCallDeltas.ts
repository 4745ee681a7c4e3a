// Tool calls as OpenAI streams them: each `tool_calls` delta names its call by `index`; the first piece of a
// call brings its `id`, `type` and `function.name`, the pieces after it bring more of `function.arguments`.
// Several calls may come in parallel, their pieces interleaved. The accumulator joins them by index.

/** One piece of a streamed tool call, as `choices[0].delta.tool_calls[]` carries it. */
export interface ToolCallDelta {
  index?: number
  id?: string | null
  type?: string | null
  function?: { name?: string | null; arguments?: string | null } | null
}

/** A tool call once its pieces are joined: `arguments` is the model's JSON text, perhaps malformed. */
export interface AccumulatedToolCall {
  id: string
  name: string
  arguments: string
}

export interface ToolCallAccumulator {
  add(deltas: readonly ToolCallDelta[]): void
  /** The calls in index order; a call whose id never came gets one made up from its index. */
  calls(): AccumulatedToolCall[]
}

export function createToolCallAccumulator(): ToolCallAccumulator {
  const byIndex = new Map<number, { id: string; name: string; arguments: string }>()
  return {
    add(deltas) {
      deltas.forEach((delta, position) => {
        // A server that leaves out `index` sends each call whole, in order.
        const index = typeof delta.index === 'number' ? delta.index : position
        let call = byIndex.get(index)
        if (!call) byIndex.set(index, (call = { id: '', name: '', arguments: '' }))
        if (delta.id) call.id = delta.id
        // Some servers repeat the name in every piece; most send it once.
        const name = delta.function?.name
        if (name && name !== call.name) call.name += name
        call.arguments += delta.function?.arguments ?? ''
      })
    },
    calls() {
      return [...byIndex.entries()]
        .sort(([a], [b]) => a - b)
        .map(([index, call]) => ({ ...call, id: call.id || `call_${index}` }))
    },
  }
}
