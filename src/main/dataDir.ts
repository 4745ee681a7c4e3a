// Where Vigil keeps its files when no folder is given: the same place Electron's app.getPath('userData')
// names for an app called Vigil, so the desktop app and browser mode share settings.
import { homedir } from 'node:os'
import { join } from 'node:path'

const appFolderName = 'Vigil'

export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), appFolderName)
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', appFolderName)
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), appFolderName)
}
