// The main window's size and position, kept in window-state.json so the window opens where it was left.
// Plain Node: the Electron glue hands in the displays' work areas.
import { join } from 'node:path'
import { z } from 'zod'
import { loadJsonFile, writeFileAtomic } from './storage/jsonFile'

export interface Rectangle {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState {
  bounds: Rectangle
  isMaximized: boolean
}

const windowStateSchema = z.strictObject({
  bounds: z.strictObject({
    x: z.number().int(),
    y: z.number().int(),
    width: z.number().int().min(1),
    height: z.number().int().min(1),
  }),
  isMaximized: z.boolean(),
})

export const minimumWindowSize = { width: 800, height: 560 }

/** Saved bounds if at least a 100 px square of the window's title area falls on some display, otherwise none. */
export function fitToDisplays(state: WindowState | undefined, workAreas: Rectangle[]): WindowState | undefined {
  if (!state) return undefined
  const { bounds } = state
  const titleArea: Rectangle = { x: bounds.x, y: bounds.y, width: bounds.width, height: Math.min(bounds.height, 100) }
  const enough = Math.min(100 * 100, titleArea.width * titleArea.height)
  const isVisible = workAreas.some((area) => overlap(titleArea, area) >= enough)
  if (!isVisible) return undefined
  return {
    isMaximized: state.isMaximized,
    bounds: {
      ...bounds,
      width: Math.max(bounds.width, minimumWindowSize.width),
      height: Math.max(bounds.height, minimumWindowSize.height),
    },
  }
}

function overlap(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return width > 0 && height > 0 ? width * height : 0
}

function windowStatePath(dataDir: string): string {
  return join(dataDir, 'window-state.json')
}

export async function loadWindowState(dataDir: string): Promise<WindowState | undefined> {
  const result = await loadJsonFile<WindowState | undefined>(windowStatePath(dataDir), windowStateSchema, undefined)
  return result.value
}

export function saveWindowState(dataDir: string, state: WindowState): Promise<void> {
  return writeFileAtomic(windowStatePath(dataDir), JSON.stringify(state) + '\n')
}
