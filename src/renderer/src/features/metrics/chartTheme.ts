// Chart colours come from the CSS variables of the applied theme (styles.css), so charts and the rest of
// the page agree. The theme is applied by App as <html data-theme>; charts watch that attribute, not the
// theme store, because the store changes a moment before the new variables are in effect.
import { useSyncExternalStore } from 'react'
import { paletteSize } from './chartCatalog'

export interface ChartPalette {
  /** One colour per palette index, as #rrggbb. */
  series: string[]
  axis: string
  grid: string
  font: string
}

export function readChartPalette(): ChartPalette {
  const style = getComputedStyle(document.documentElement)
  const read = (name: string) => style.getPropertyValue(name).trim()
  return {
    series: Array.from({ length: paletteSize }, (_, index) => read(`--series-${index + 1}`)),
    axis: read('--muted'),
    grid: read('--chart-grid'),
    font: read('--font'),
  }
}

/** "#2364d2" at 20 % → "#2364d233": canvas takes 8-digit hex colours. */
export function withAlpha(hexColor: string, alpha: number): string {
  return `${hexColor}${Math.round(alpha * 255)
    .toString(16)
    .padStart(2, '0')}`
}

function subscribeToTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange)
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
  return () => observer.disconnect()
}

const appliedTheme = () => document.documentElement.dataset.theme ?? 'light'

/** The theme whose CSS variables are in effect now; re-renders when it changes. */
export function useAppliedTheme(): string {
  return useSyncExternalStore(subscribeToTheme, appliedTheme)
}
