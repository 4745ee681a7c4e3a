// The import rules of eslint.config.js, broken on purpose: each case lints a line of code as if it stood in
// a file of the tree, and checks that lint refuses exactly the imports the layers and faces forbid.
import { ESLint } from 'eslint'
import { format, resolveConfig } from 'prettier'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const eslint = new ESLint({ cwd: root })

/** The messages of no-restricted-imports for `code` linted as the file at `filePath` (relative to the root). */
async function importRefusals(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath: `${root}/${filePath}` })
  return result!.messages
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message)
}

const refused: [string, string, string, RegExp][] = [
  ['shared imports main', 'src/shared/x.ts', "import { createCore } from '../main/core'", /imports nothing of ours/],
  ['shared imports Node', 'src/shared/x.ts', "import { readFile } from 'node:fs'", /runs in the browser too/],
  [
    'the renderer imports main',
    'src/renderer/src/x.ts',
    "import { createCore } from '../../main/core'",
    /over HTTP only/,
  ],
  ['the renderer imports electron', 'src/renderer/src/x.ts', "import { shell } from 'electron'", /no electron import/],
  ['the preload imports main', 'src/preload/x.ts', "import { createCore } from '../main/core'", /src\/shared only/],
  ['the core imports electron', 'src/main/core.ts', "import { app } from 'electron'", /plain Node/],
  ['a capability imports electron', 'src/main/logs/x.ts', "import { app } from 'electron'", /plain Node/],
  [
    'a capability imports a sibling’s file',
    'src/main/export/x.ts',
    "import { planScan } from '../logs/scan'",
    /only its siblings' faces/,
  ],
  [
    'a nested file imports a sibling’s file',
    'src/main/metrics/linux/x.ts',
    "import type { Chat } from '../../chat/generations'",
    /only its siblings' faces/,
  ],
  [
    'a sibling’s index file named outright',
    'src/main/alerts/x.ts',
    "import type { Metrics } from '../metrics/index'",
    /only its siblings' faces/,
  ],
  [
    'domain code imports the server',
    'src/main/chat/generations.ts',
    "import { httpStatusOf } from '../server/httpStatus'",
    /Only a capability's route files/,
  ],
  [
    'the server imports a capability',
    'src/main/server/x.ts',
    "import type { Logs } from '../logs'",
    /import none of them/,
  ],
  [
    'storage imports a capability',
    'src/main/storage/x.ts',
    "import type { Chat } from '../chat'",
    /import none of them/,
  ],
]

const allowed: [string, string, string][] = [
  ['a capability imports a sibling’s face', 'src/main/export/x.ts', "import type { Logs } from '../logs'"],
  ['a nested file imports a sibling’s face', 'src/main/metrics/linux/x.ts', "import type { Logs } from '../../logs'"],
  ['a capability imports its own files', 'src/main/logs/x.ts', "import { planScan } from './scan'"],
  ['a capability imports storage', 'src/main/chat/x.ts', "import { loadJsonFile } from '../storage/jsonFile'"],
  ['a route file imports the server', 'src/main/chat/chatRoutes.ts', "import { readJsonBody } from '../server/body'"],
  [
    'a stream file imports the server',
    'src/main/logs/logsStream.ts',
    "import { openSseStream } from '../server/sseWriter'",
  ],
  ['the composition root imports faces', 'src/main/core.ts', "import { createLogs } from './logs'"],
  ['the Electron glue imports electron', 'src/main/window.ts', "import { BrowserWindow } from 'electron'"],
]

describe('the import rules', () => {
  it.each(refused)('refuse %s', async (_name, filePath, code, message) => {
    const refusals = await importRefusals(filePath, code)
    expect(refusals).toHaveLength(1)
    expect(refusals[0]).toMatch(message)
  })

  it.each(allowed)('allow %s', async (_name, filePath, code) => {
    expect(await importRefusals(filePath, code)).toEqual([])
  })
})

describe('the formatter', () => {
  it('is what lint checks: code off its layout is reformatted, code on it is left alone', async () => {
    const options = { ...(await resolveConfig(`${root}/src/main/core.ts`)), filepath: `${root}/src/main/x.ts` }
    const offLayout = 'const answer = { code: "conflict", message: \'x\' };\n'
    expect(await format(offLayout, options)).toBe("const answer = { code: 'conflict', message: 'x' }\n")
    const onLayout = "const answer = { code: 'conflict', message: 'x' }\n"
    expect(await format(onLayout, options)).toBe(onLayout)
  })
})
