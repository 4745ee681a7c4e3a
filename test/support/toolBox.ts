// A small real tool box for tests: read-only tools over real data, the contract chat and MCP use
// (src/shared/tools.ts). `load_average` reads /proc/loadavg; `list_files` lists the files of a folder
// (a test's temporary one) with their sizes; `read_file` reads one of them, with e-mail addresses
// redacted when the result goes off this machine. Every call is recorded with its context.
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { ToolBox, ToolCallContext, ToolResult } from '../../src/shared/tools'

export interface RecordedToolCall {
  name: string
  args: unknown
  isOffMachine: boolean
}

export interface TestToolBox extends ToolBox {
  calls: RecordedToolCall[]
}

const listArguments = z.strictObject({ pattern: z.string().max(100).optional() })
const readArguments = z.strictObject({ name: z.string().min(1).max(200) })

const ok = (text: string): ToolResult => ({ text, isCut: false, isError: false })
const refused = (text: string): ToolResult => ({ text, isCut: false, isError: true })

export function createTestToolBox(folder: string): TestToolBox {
  const calls: RecordedToolCall[] = []
  return {
    calls,
    specs: () => [
      {
        name: 'load_average',
        description: "The machine's load average over 1, 5 and 15 minutes, and its running and total tasks.",
        parameters: { type: 'object', properties: {}, additionalProperties: false },
      },
      {
        name: 'list_files',
        description:
          'The files of the watched folder, with their sizes in bytes; `pattern` keeps names that contain it.',
        parameters: {
          type: 'object',
          properties: { pattern: { type: 'string', description: 'Part of a file name.' } },
          additionalProperties: false,
        },
      },
      {
        name: 'read_file',
        description: 'The text of one file of the watched folder.',
        parameters: {
          type: 'object',
          properties: { name: { type: 'string' } },
          required: ['name'],
          additionalProperties: false,
        },
      },
    ],
    async call(name: string, args: unknown, context: ToolCallContext): Promise<ToolResult> {
      calls.push({ name, args, isOffMachine: context.isOffMachine })
      switch (name) {
        case 'load_average': {
          const [one, five, fifteen, tasks] = (await readFile('/proc/loadavg', 'utf8')).trim().split(/\s+/)
          return ok(
            `Load average (runnable tasks): ${one} over 1 min, ${five} over 5 min, ${fifteen} over 15 min; tasks running/total ${tasks}.`,
          )
        }
        case 'list_files': {
          const parsed = listArguments.safeParse(args)
          if (!parsed.success) return refused(`list_files: ${parsed.error.issues[0]?.message ?? 'bad arguments'}`)
          const names = (await readdir(folder)).filter((each) => each.includes(parsed.data.pattern ?? '')).sort()
          const lines = await Promise.all(
            names.map(async (each) => `${each}: ${(await stat(join(folder, each))).size} bytes`),
          )
          return ok(lines.length > 0 ? lines.join('\n') : 'No files match.')
        }
        case 'read_file': {
          const parsed = readArguments.safeParse(args)
          if (!parsed.success || parsed.data.name.includes('/'))
            return refused('read_file: name must be the name of a file in the watched folder')
          const text = await readFile(join(folder, parsed.data.name), 'utf8')
          return ok(context.isOffMachine ? text.replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[e-mail]') : text)
        }
        default:
          return refused(`There is no tool named ${name}.`)
      }
    },
  }
}
