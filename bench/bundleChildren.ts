// The benchmark children in plain JavaScript, bundled with vite (dependencies included) into a fresh temp
// folder: run under tsx, a child would pay for the TypeScript loader's thread and its start-up garbage inside
// the measured window (about 5 ms of CPU per sample, more than the sampling itself), and the app never runs that way.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const projectRoot = fileURLToPath(new URL('..', import.meta.url))

export interface ChildBundles {
  /** The bundled script of an entry named at bundling, ready for `node <path>`. */
  pathOf(entry: string): string
  /** Removes the temp folder. */
  remove(): Promise<void>
}

/** `entries` are file names in bench/ without their extension: "samplerChild". */
export async function bundleChildren(entries: string[]): Promise<ChildBundles> {
  const outDir = await mkdtemp(join(tmpdir(), 'vigil-bench-children-'))
  const remove = (): Promise<void> => rm(outDir, { recursive: true, force: true })
  try {
    await build({
      configFile: false,
      logLevel: 'error',
      root: projectRoot,
      ssr: { noExternal: true, target: 'node' },
      build: {
        ssr: true,
        outDir,
        target: 'node20',
        minify: false,
        rolldownOptions: {
          input: Object.fromEntries(entries.map((entry) => [entry, join(projectRoot, 'bench', `${entry}.ts`)])),
          output: { format: 'es', entryFileNames: '[name].mjs' },
        },
      },
    })
  } catch (error) {
    await remove()
    throw error
  }
  return {
    pathOf(entry) {
      if (!entries.includes(entry)) throw new Error(`${entry} was not bundled`)
      return join(outDir, `${entry}.mjs`)
    },
    remove,
  }
}
