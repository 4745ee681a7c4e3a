// How a tool is defined once and called by anyone: its name, description, zod schema and run function
// become a ToolSpec (the schema as JSON Schema, by zod's own z.toJSONSchema) and a call that never
// throws: arguments that fail the schema, a refused query and a failure all come back as an error
// result whose text says what was wrong.
import { z } from 'zod'
import { VigilError } from '../../shared/errors'
import { describeIssues } from '../../shared/schemas'
import type { ToolBox, ToolCallContext, ToolResult, ToolSpec } from '../../shared/tools'
import { createTextBudget, type TextBudget } from './textBudget'

/** What a run sees besides its arguments: the call's context, and one `now` for all its relative times. */
export interface ToolRunContext extends ToolCallContext {
  now: number
}

export interface ToolDefinition<Schema extends z.ZodType> {
  name: string
  /** Read at each listing: a description may name what is recorded now (metric names, say). */
  description(): string
  schema: Schema
  /** Writes the answer's lines into `out`; throws VigilError('bad_request', …) for arguments it cannot use. */
  run(args: z.output<Schema>, out: TextBudget, context: ToolRunContext): Promise<void>
  /** What to ask for instead when the answer was cut. */
  cutHint: string
}

/** A defined tool with its types erased: what the tool box holds. */
export interface Tool {
  name: string
  spec(): ToolSpec
  call(args: unknown, context: ToolRunContext): Promise<ToolResult>
}

export function errorResult(text: string): ToolResult {
  return { text, isCut: false, isError: true }
}

export function defineTool<Schema extends z.ZodType>(definition: ToolDefinition<Schema>): Tool {
  // The arguments as a model writes them (defaults optional): the input side of the schema.
  const { $schema: _dialect, ...parameters } = z.toJSONSchema(definition.schema, { io: 'input' })
  return {
    name: definition.name,
    spec: () => ({ name: definition.name, description: definition.description(), parameters }),
    async call(args, context) {
      const parsed = definition.schema.safeParse(args ?? {})
      if (!parsed.success)
        return errorResult(`The arguments of ${definition.name} are not valid: ${describeIssues(parsed.error)}`)
      const out = createTextBudget()
      try {
        await definition.run(parsed.data, out, context)
      } catch (error) {
        if (error instanceof VigilError) return errorResult(`${definition.name}: ${error.message}`)
        return errorResult(`${definition.name} failed: ${(error as Error)?.message ?? String(error)}`)
      }
      return out.result(definition.cutHint)
    },
  }
}

/** The tool box over a set of defined tools, each name once. */
export function createToolBox(tools: readonly Tool[], now: () => number = Date.now): ToolBox {
  const byName = new Map(tools.map((tool) => [tool.name, tool]))
  return {
    specs: () => tools.map((tool) => tool.spec()),
    async call(name, args, context) {
      const tool = byName.get(name)
      if (!tool) return errorResult(`There is no tool ${name}; the tools are ${[...byName.keys()].join(', ')}.`)
      if (context.signal.aborted) return errorResult(`${name} was cancelled before it ran.`)
      return tool.call(args, { ...context, now: now() })
    },
  }
}
