// Lints a piece of code with the project's own eslint.config.js, as if it were the file at `filePath`
// (relative to the repository root): the config's blocks apply by path, so one fixture can be tried as a
// file of any folder. The file need not exist.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ESLint, type Linter } from 'eslint'

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url))

let eslint: ESLint | undefined

export async function lintText(code: string, filePath: string): Promise<Linter.LintMessage[]> {
  eslint ??= new ESLint({ cwd: repositoryRoot, overrideConfigFile: join(repositoryRoot, 'eslint.config.js') })
  const [result] = await eslint.lintText(code, { filePath: join(repositoryRoot, filePath), warnIgnored: true })
  if (!result) throw new Error(`ESLint returned no result for ${filePath}.`)
  return result.messages
}

/** The text of a fixture, by its path under test/lint/fixtures. */
export function readFixture(path: string): Promise<string> {
  return readFile(join(repositoryRoot, 'test/lint/fixtures', path), 'utf8')
}

/** The lines `ruleId` fired on, in order, to compare in one assertion. */
export function firings(messages: readonly Linter.LintMessage[], ruleId: string): number[] {
  return messages.filter((message) => message.ruleId === ruleId).map((message) => message.line)
}
