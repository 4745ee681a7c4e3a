// Renders resources/icon.svg to the PNG icons the installers need (`npx tsx scripts/icons.ts`): the
// 1024 px resources/icon.png that electron-builder turns into macOS's .icns and Windows's .ico, and
// resources/icons/<n>x<n>.png, the sizes Linux desktops look for, and the tray's icon
// (src/renderer/public/tray.png, shipped with the UI). Debian's Chromium draws them, so the
// rendering is the browser's, as in the app's own window. Rerun it after changing the SVG; commit the PNGs.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { launchChromium } from '../test/support/chromium'

const resources = fileURLToPath(new URL('../resources/', import.meta.url))
const linuxIconSizes = [16, 24, 32, 48, 64, 128, 256, 512]

const svg = await readFile(`${resources}icon.svg`, 'utf8')
const browser = await launchChromium()
try {
  const page = await browser.newPage()
  const render = async (size: number, path: string) => {
    await page.setViewportSize({ width: size, height: size })
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
    )
    await writeFile(path, await page.screenshot({ omitBackground: true }))
  }
  await mkdir(`${resources}icons`, { recursive: true })
  await render(1024, `${resources}icon.png`)
  for (const size of linuxIconSizes) await render(size, `${resources}icons/${size}x${size}.png`)
  await render(32, fileURLToPath(new URL('../src/renderer/public/tray.png', import.meta.url)))
} finally {
  await browser.close()
}
