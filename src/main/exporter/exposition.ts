// The exposition writer: metric families as Prometheus's text format 0.0.4 or as OpenMetrics 1.0.0, and the
// choice between them from the scraper's Accept header. Families are named as their samples are (a
// counter's name ends in _total); OpenMetrics' metadata lines name a counter's family without that suffix,
// and its exposition ends with "# EOF". An *_info series is a gauge of value 1, as node_exporter writes it.

export type MetricType = 'counter' | 'gauge'

export type Labels = Readonly<Record<string, string>>

export interface Sample {
  labels?: Labels
  value: number
}

export interface MetricFamily {
  /** The samples' name: a counter's ends in _total. */
  name: string
  help: string
  type: MetricType
  samples: readonly Sample[]
}

export type ExpositionFormat = 'text' | 'openmetrics'

export const contentTypes: Record<ExpositionFormat, string> = {
  text: 'text/plain; version=0.0.4; charset=utf-8',
  openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
}

const counterSuffix = '_total'

/** A label value inside its double quotes: backslash, double quote and line feed escaped (both formats). */
export function escapeLabelValue(value: string): string {
  return /[\\"\n]/.test(value) ? value.replace(/[\\"\n]/g, (character) => escapes[character]!) : value
}

const escapes: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n' }

/** HELP text: backslash and line feed escaped; OpenMetrics escapes the double quote too. */
function escapeHelp(help: string, format: ExpositionFormat): string {
  const pattern = format === 'openmetrics' ? /[\\"\n]/g : /[\\\n]/g
  return help.replace(pattern, (character) => escapes[character]!)
}

/** Go's and Prometheus's spellings of the values JSON has no number for. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Infinity) return '+Inf'
  if (value === -Infinity) return '-Inf'
  return String(value)
}

function labelText(labels: Labels | undefined): string {
  if (!labels) return ''
  let text = ''
  for (const name in labels) text += `${text ? ',' : '{'}${name}="${escapeLabelValue(labels[name]!)}"`
  return text ? `${text}}` : ''
}

/** The metadata name: the sample name, except for a counter in OpenMetrics (without _total). */
function metadataName(family: MetricFamily, format: ExpositionFormat): string {
  return format === 'openmetrics' && family.type === 'counter'
    ? family.name.slice(0, -counterSuffix.length)
    : family.name
}

/** The whole exposition; families without samples are left out (a TYPE line with no sample says nothing). */
export function writeExposition(families: readonly MetricFamily[], format: ExpositionFormat): string {
  let text = ''
  for (const family of families) {
    if (family.samples.length === 0) continue
    if (family.type === 'counter' && !family.name.endsWith(counterSuffix))
      throw new Error(`the counter ${family.name} must end in ${counterSuffix}`)
    const name = metadataName(family, format)
    text += `# HELP ${name} ${escapeHelp(family.help, format)}\n# TYPE ${name} ${family.type}\n`
    for (const sample of family.samples)
      text += `${family.name}${labelText(sample.labels)} ${formatValue(sample.value)}\n`
  }
  return format === 'openmetrics' ? `${text}# EOF\n` : text
}

/**
 * OpenMetrics when the Accept header ranks application/openmetrics-text above text/plain (Prometheus sends
 * both, OpenMetrics first); the text format otherwise, including when there is no Accept header.
 */
export function negotiateFormat(accept: string | undefined): ExpositionFormat {
  if (!accept) return 'text'
  let openMetrics = 0
  let plain = 0
  for (const range of accept.split(',')) {
    const [mediaType = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase())
    const qualityParameter = parameters.find((parameter) => parameter.startsWith('q='))
    const quality = qualityParameter ? Number(qualityParameter.slice(2)) || 0 : 1
    if (mediaType === 'application/openmetrics-text') openMetrics = Math.max(openMetrics, quality)
    else if (mediaType === 'text/plain' || mediaType === 'text/*' || mediaType === '*/*')
      plain = Math.max(plain, quality)
  }
  return openMetrics > 0 && openMetrics >= plain ? 'openmetrics' : 'text'
}
