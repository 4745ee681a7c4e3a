// Validation of export requests. The checks that need the core's data (series that exist, sources that
// are registered, a conversation that is kept) happen in the core; these say what a well-formed request is.
import { z } from 'zod'
import { defaultCsvOptions, type ExportRequest } from './export'
import { recorderLimits } from './recorder'
import { describeSeries } from './series'

const csvOptionsSchema = z
  .strictObject({
    delimiter: z.enum(['comma', 'semicolon', 'tab']),
    header: z.boolean(),
    bom: z.boolean(),
    timestamps: z.enum(['iso-epoch', 'iso', 'local', 'epoch']),
  })
  .partial()
  .default({})
  .transform((options) => ({ ...defaultCsvOptions, ...options }))

const epochMs = z.number().int('times are whole epoch milliseconds').min(0)

const metricsRequestSchema = z
  .strictObject({
    kind: z.literal('metrics'),
    from: epochMs,
    to: epochMs,
    series: z
      .array(
        z
          .string()
          .max(200)
          .refine((key) => describeSeries(key) !== undefined, 'is not a known series (see src/shared/series.ts)'),
      )
      .min(1, 'choose at least one series')
      .max(512, 'at most 512 series')
      .refine((keys) => new Set(keys).size === keys.length, 'a series is named twice'),
    resolution: z.enum(['raw', 'minute']).default('raw'),
    csv: csvOptionsSchema,
  })
  .refine((request) => request.from <= request.to, { message: 'from must not be after to', path: ['from'] })
  .refine((request) => request.to - request.from <= recorderLimits.maxRangeDays * 86_400_000, {
    message: `the range must not be longer than ${recorderLimits.maxRangeDays} days (what the recorder keeps)`,
    path: ['to'],
  })

const position = z.string().min(1).max(200)

const logsRequestSchema = z.strictObject({
  kind: z.literal('logs'),
  sources: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(64),
        range: z.discriminatedUnion('kind', [
          z.strictObject({ kind: z.literal('all') }),
          z.strictObject({ kind: z.literal('lines'), first: position, last: position }),
          z
            .strictObject({ kind: z.literal('time'), from: epochMs, to: epochMs })
            .refine((range) => range.from <= range.to, { message: 'from must not be after to', path: ['from'] })
            .refine((range) => range.to - range.from <= recorderLimits.maxRangeDays * 86_400_000, {
              message: `the range must not be longer than ${recorderLimits.maxRangeDays} days (what the recorder keeps)`,
              path: ['to'],
            }),
        ]),
      }),
    )
    .min(1, 'name at least one source')
    .max(32, 'at most 32 sources at once')
    .refine(
      (sources) => new Set(sources.map((source) => source.id)).size === sources.length,
      'a source is named twice',
    ),
  filter: z
    .strictObject({
      q: z.string().max(1000).default(''),
      regex: z.boolean().default(false),
      matchCase: z.boolean().default(false),
      level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).optional(),
    })
    .default({ q: '', regex: false, matchCase: false }),
  csv: csvOptionsSchema,
})

const chatRequestSchema = z.strictObject({
  kind: z.literal('chat'),
  conversation: z.string().regex(/^(all|c[0-9a-f]{12})$/, 'conversation is a conversation id or "all"'),
  format: z.enum(['csv', 'markdown', 'json']).default('csv'),
  csv: csvOptionsSchema,
})

export const exportRequestSchema: z.ZodType<ExportRequest> = z.discriminatedUnion('kind', [
  metricsRequestSchema,
  logsRequestSchema,
  chatRequestSchema,
])
