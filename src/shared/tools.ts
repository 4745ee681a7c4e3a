// The read-only tools Vigil offers AI models, as both of their users see them: the chat's function
// calling (OpenAI's `tools`) and the MCP server. The tools capability (src/main/tools) defines and runs
// them; chat and MCP only list and call them through this contract.

/** A tool as a model sees it: its name, what it does, and its arguments as a JSON Schema object. */
export interface ToolSpec {
  name: string
  description: string
  parameters: Record<string, unknown>
}

/** What a call returns to the model: compact text stating units and time zone, and whether it was cut to fit. */
export interface ToolResult {
  text: string
  isCut: boolean
  /** True when the arguments were refused or the call failed: `text` then says why. */
  isError: boolean
}

/** Who a call's result goes to: log text bound for an endpoint off this machine passes the redactor first. */
export interface ToolCallContext {
  isOffMachine: boolean
  signal: AbortSignal
}

/** The face chat and MCP use. */
export interface ToolBox {
  specs(): ToolSpec[]
  call(name: string, args: unknown, context: ToolCallContext): Promise<ToolResult>
}
