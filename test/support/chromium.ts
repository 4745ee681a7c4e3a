// Debian's Chromium driven by playwright-core (no browser download), with the flags this machine needs.
// Used by the end-to-end tests and by scripts/icons.ts, which renders the app's icons.
import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

export const chromiumPath = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium'

const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not at ${chromiumPath}: install Debian's chromium (apt-get install chromium) or set VIGIL_CHROMIUM`,
    )
  }
  // launch() gives each browser a fresh temporary profile.
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumFlags })
}
