// Peers that come from Debian packages (psutil, Glances): found when present, installed with apt-get when
// not (as root only), and otherwise reported as missing with the reason, so that the benchmark goes on.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)
const aptTimeoutMs = 180_000
const aptOptions = { timeout: aptTimeoutMs, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }

export interface DebianPeer {
  /** The Debian package that provides the peer: "python3-psutil". */
  packageName: string
  /** Resolves to the peer's version when it can run, rejects otherwise. */
  probeVersion(): Promise<string>
}

export type PeerAvailability = { isAvailable: true; version: string; how: string } | { isAvailable: false; why: string }

function lastLine(error: unknown): string {
  const { stderr, message } = error as { stderr?: string; message?: string }
  const text = (stderr ?? '').trim() || (message ?? String(error))
  return text.split('\n').at(-1)!.trim()
}

async function aptInstall(packageName: string): Promise<void> {
  await run(
    'apt-get',
    ['-o', 'DPkg::Lock::Timeout=120', 'install', '-y', '--no-install-recommends', packageName],
    aptOptions,
  )
}

/** Installs with apt-get, refreshing the package lists once if the first attempt fails. */
async function installPackage(packageName: string): Promise<string> {
  try {
    await aptInstall(packageName)
    return `installed now with apt-get install --no-install-recommends ${packageName}`
  } catch {
    await run('apt-get', ['-o', 'DPkg::Lock::Timeout=120', 'update'], aptOptions)
    await aptInstall(packageName)
    return `installed now with apt-get update, then apt-get install --no-install-recommends ${packageName}`
  }
}

export async function ensureDebianPeer(peer: DebianPeer): Promise<PeerAvailability> {
  try {
    return {
      isAvailable: true,
      version: await peer.probeVersion(),
      how: `found (Debian package ${peer.packageName} already installed)`,
    }
  } catch (probeError) {
    if (process.getuid?.() !== 0)
      return {
        isAvailable: false,
        why: `${peer.packageName} is not installed and the bench is not root, so it cannot apt-get install it (${lastLine(probeError)})`,
      }
  }
  let how: string
  try {
    how = await installPackage(peer.packageName)
  } catch (installError) {
    return { isAvailable: false, why: `apt-get could not install ${peer.packageName}: ${lastLine(installError)}` }
  }
  try {
    return { isAvailable: true, version: await peer.probeVersion(), how }
  } catch (probeError) {
    return { isAvailable: false, why: `${peer.packageName} was installed but does not run: ${lastLine(probeError)}` }
  }
}

/** Runs a probe command and gives back its trimmed stdout. */
export async function probeOutput(command: string, args: string[]): Promise<string> {
  const { stdout } = await run(command, args, { timeout: 20_000 })
  return stdout.trim()
}
