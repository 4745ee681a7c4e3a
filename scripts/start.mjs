// `npm start`: the desktop window where Electron can run; browser mode otherwise, with the reason in one line.
// Runs after `electron-vite build`, so out/ is fresh.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const forwardedArgs = process.argv.slice(2)

function missingDisplay() {
  if (process.platform !== 'linux') return undefined
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return undefined
  return 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)'
}

/** Electron's npm package fetches its binary on first use; returns the binary's path or why there is none. */
function findElectron() {
  const packageDir = dirname(require.resolve('electron/package.json'))
  const pathFile = join(packageDir, 'path.txt')
  if (existsSync(pathFile)) {
    const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8'))
    if (existsSync(binary)) return { binary }
  }
  process.stdout.write("Fetching Electron's binary (first launch only)…\n")
  const fetched = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("electron"))'], { encoding: 'utf8' })
  if (fetched.status === 0 && fetched.stdout && existsSync(fetched.stdout)) return { binary: fetched.stdout }
  const cause = `${fetched.stderr}`.split('\n').find((line) => /error/i.test(line) && !/^\s+at /.test(line))
  return { reason: `Electron's binary is not installed and could not be fetched${cause ? ` (${cause.trim()})` : ''}` }
}

function startBrowserMode(reason) {
  process.stdout.write(`Vigil cannot open its desktop window: ${reason}. Starting browser mode instead.\n`)
  const child = spawn(process.execPath, ['out/main/cli.js', ...forwardedArgs], { stdio: 'inherit' })
  // Ctrl-C reaches the child through the terminal's process group; this process only waits for it.
  process.on('SIGINT', () => undefined)
  process.on('SIGTERM', () => child.kill('SIGTERM'))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

function startDesktop(binary) {
  const startedAt = Date.now()
  const child = spawn(binary, ['.'], { stdio: 'inherit' })
  child.on('error', (error) => startBrowserMode(`Electron could not be started (${error.message})`))
  child.on('exit', (code) => {
    // A window that dies at once (missing system libraries, no GPU) falls back rather than leaving nothing.
    if (code !== 0 && Date.now() - startedAt < 5000) startBrowserMode(`Electron exited at start with code ${code}`)
    else process.exit(code ?? 0)
  })
}

const noDisplay = missingDisplay()
if (noDisplay) {
  startBrowserMode(noDisplay)
} else {
  const electron = findElectron()
  if (electron.binary) startDesktop(electron.binary)
  else startBrowserMode(electron.reason)
}
