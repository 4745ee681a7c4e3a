// Validation schemas for what clients send. Messages are written for people: they name the field and the rule.
import { z } from 'zod'
import {
  answerStates,
  chatFailureCodes,
  type ChatMessage,
  generationIdPattern,
  stopReasons,
  toolApprovals,
  toolCallStates,
  toolDecisions,
} from './chat'
import { hostAlertSeriesKeys, hostWindows, type HostWindowId } from './fleet'
import { recorderRetention } from './recorder'
import { maxMetricsWindowSeconds, maxProcessLimit } from './protocol'
import { describeSeries } from './series'

export const themeModeSchema = z.enum(['system', 'light', 'dark'])

export const settingsSchema = z.strictObject({
  theme: themeModeSchema,
  closeToTray: z.boolean().optional(),
  startAtLogin: z.boolean().optional(),
  toolsWithoutAsking: z.boolean().optional(),
  recorderRetentionDays: z
    .number({ error: 'recorderRetentionDays must be a number of days' })
    .int('recorderRetentionDays must be a whole number of days')
    .min(recorderRetention.minDays, `recorderRetentionDays must be at least ${recorderRetention.minDays}`)
    .max(recorderRetention.maxDays, `recorderRetentionDays must be at most ${recorderRetention.maxDays}`)
    .optional(),
  recordCommandLines: z.boolean({ error: 'recordCommandLines must be true or false' }).optional(),
})

/** A change of settings: only the fields sent change (two windows changing different ones both win). */
export const settingsChangeSchema = settingsSchema.partial()

export const metricsStreamQuerySchema = z.strictObject({
  windowSeconds: z.coerce
    .number()
    .int('windowSeconds must be a whole number of seconds')
    .min(0)
    .max(maxMetricsWindowSeconds)
    .default(60),
})

export const processesQuerySchema = z.strictObject({
  sort: z.enum(['cpu', 'memory']).default('cpu'),
  /** Keeps the processes whose name, user or pid contains it (any case). */
  filter: z.string().max(200, 'filter must be at most 200 characters').default(''),
  limit: z.coerce
    .number()
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(maxProcessLimit, `limit must be at most ${maxProcessLimit}`)
    .default(50),
})

const pidSchema = z.coerce
  .number()
  .int('pid must be a whole number')
  .min(1, 'pid must be at least 1')
  .max(2 ** 22)

export const processQuerySchema = z.strictObject({ pid: pidSchema })

export const processSignalQuerySchema = z.strictObject({
  pid: pidSchema,
  signal: z.enum(['TERM', 'KILL'], 'signal must be TERM or KILL'),
})

const maxAlertRules = 100
const logLevelSchema = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal'])

const alertRuleSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'id must be 1 to 64 letters, digits, _ or -'),
  seriesKey: z
    .string()
    .max(200)
    .refine((key) => describeSeries(key) !== undefined, 'seriesKey is not a known series (see src/shared/series.ts)'),
  operator: z.enum(['above', 'below']),
  threshold: z.number().finite(),
  forSeconds: z.number().int().min(0).max(86_400),
  isEnabled: z.boolean(),
  host: z
    .strictObject({
      serverId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'host.serverId must be a server id'),
      instance: z.string().min(1, 'host.instance must not be empty').max(300),
    })
    .optional(),
  clear: z
    .strictObject({
      threshold: z.number().finite(),
      forSeconds: z.number().int().min(0).max(86_400),
    })
    .optional(),
  logRate: z
    .strictObject({
      source: z.string().min(1, 'logRate.source must name a log source').max(64),
      sourceName: z.string().max(300),
      level: logLevelSchema,
      perMinute: z.number().finite().min(0, 'logRate.perMinute must not be negative').max(1_000_000),
    })
    .optional(),
})

export const alertRulesSchema = z
  .array(
    alertRuleSchema
      .refine(
        (rule) => !rule.host || (hostAlertSeriesKeys as readonly string[]).includes(rule.seriesKey),
        `a rule on a remote host watches one of ${hostAlertSeriesKeys.join(', ')}`,
      )
      .refine(
        (rule) => !rule.host || !rule.logRate,
        'a rule on a remote host has no log rate (logs are this machine’s)',
      )
      .refine(
        (rule) =>
          !rule.clear ||
          (rule.operator === 'above' ? rule.clear.threshold <= rule.threshold : rule.clear.threshold >= rule.threshold),
        'clear.threshold must be at or below the threshold of a rule "above" (at or above it for "below")',
      ),
  )
  .max(maxAlertRules, `at most ${maxAlertRules} rules`)
  .refine((rules) => new Set(rules.map((rule) => rule.id)).size === rules.length, 'rule ids must be unique')

export const alertRulesBodySchema = z.strictObject({ rules: alertRulesSchema })

export const addLogSourceSchema = z.strictObject({
  path: z.string().min(1, 'path must not be empty').max(4096),
  /** The user read why the file is sensitive (the 409's message) and wants it followed. */
  confirmSensitive: z.boolean().optional(),
})

export const logSourceQuerySchema = z.strictObject({ id: z.string().min(1).max(64) })

const ingestEntrySchema = z.strictObject({
  level: logLevelSchema.optional(),
  message: z.string().max(64 * 1024),
  source: z.string().min(1).max(64).optional(),
})

/** One entry or up to 1,000 of them. */
export const ingestBodySchema = z.union([
  ingestEntrySchema,
  z.array(ingestEntrySchema).max(1000, 'at most 1,000 entries at once'),
])

export const logsStreamQuerySchema = z.strictObject({
  sources: z
    .string()
    .min(1, 'name at least one source')
    .transform((value) => [...new Set(value.split(','))])
    .refine((ids) => ids.length <= 32, 'at most 32 sources at once'),
  tail: z.coerce.number().int().min(0).max(100_000).default(1000),
  q: z.string().max(1000).default(''),
  regex: z.enum(['0', '1']).default('0'),
  case: z.enum(['0', '1']).default('0'),
  level: logLevelSchema.optional(),
})

/**
 * The range of a `dropped` event, with the stream's own filter, so the lines read back are the lines counted;
 * `limit`: about how many bytes of the source one page reads (the answer's `next` continues).
 */
export const logReadQuerySchema = z.strictObject({
  source: z.string().min(1).max(64),
  after: z.string().min(1).max(200),
  until: z.string().min(1).max(200),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(16 * 1024 * 1024)
    .default(1024 * 1024),
  q: z.string().max(1000).default(''),
  regex: z.enum(['0', '1']).default('0'),
  case: z.enum(['0', '1']).default('0'),
  level: logLevelSchema.optional(),
})

const tokenUsageSchema = z.strictObject({
  promptTokens: z.number(),
  completionTokens: z.number(),
  totalTokens: z.number(),
})

const chatFailureSchema = z.strictObject({
  code: z.enum(chatFailureCodes),
  message: z.string(),
  retryAfterSeconds: z.number().optional(),
})

const toolCallRecordSchema = z.strictObject({
  id: z.string().max(200),
  name: z.string().max(200),
  arguments: z.string(),
  state: z.enum(toolCallStates),
  result: z.strictObject({ text: z.string(), isCut: z.boolean(), isError: z.boolean() }).optional(),
  approval: z.enum(toolApprovals).optional(),
})

/** What a message holds besides its id and role: a message's earlier versions keep the same. */
const messageFields = {
  content: z.string(),
  createdAt: z.number(),
  attachments: z
    .array(z.strictObject({ title: z.string(), text: z.string(), sources: z.array(z.string()).optional() }))
    .optional(),
  answer: z
    .strictObject({
      model: z.string(),
      state: z.enum(answerStates),
      finishReason: z.string().max(100).optional(),
      stopReason: z.enum(stopReasons).optional(),
      failure: chatFailureSchema.optional(),
      timeToFirstTokenMs: z.number().optional(),
      tokensPerSecond: z.number().optional(),
      usage: tokenUsageSchema.optional(),
      context: z
        .strictObject({ limitTokens: z.number(), estimatedTokens: z.number(), omittedMessages: z.number() })
        .optional(),
      engine: z
        .strictObject({ pid: z.number(), name: z.string(), cpuPct: z.number(), memBytes: z.number() })
        .optional(),
    })
    .optional(),
  reasoning: z.string().optional(),
  toolRounds: z.array(z.strictObject({ content: z.string(), calls: z.array(toolCallRecordSchema) })).optional(),
  notices: z.array(z.string()).optional(),
}

/** A stored message, with its earlier versions (each with the messages that followed it then). */
const chatMessageSchema: z.ZodType<ChatMessage> = z.lazy(() =>
  z.strictObject({
    id: z.string(),
    role: z.enum(['user', 'assistant']),
    ...messageFields,
    versions: z.array(z.strictObject({ ...messageFields, following: z.array(chatMessageSchema) })).optional(),
  }),
)

export const conversationSchema = z.strictObject({
  id: z.string().regex(/^c[0-9a-f]{12}$/),
  title: z.string().max(200),
  providerId: z.string().optional(),
  model: z.string().optional(),
  systemPrompt: z.string().max(100_000),
  temperature: z.number().min(0).max(2).optional(),
  tools: z.boolean().optional(),
  allowedTools: z.array(z.string().max(200)).optional(),
  toolsUnsupported: z.boolean().optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
  messages: z.array(chatMessageSchema),
})

const baseUrlSchema = z
  .string()
  .max(2000)
  .refine(
    (value) => URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol),
    'baseUrl must be an http or https URL',
  )

export const providerDraftSchema = z.strictObject({
  name: z.string().trim().min(1, 'name must not be empty').max(100),
  preset: z.enum(['openai', 'ollama', 'lmstudio', 'llamacpp', 'custom']),
  baseUrl: baseUrlSchema,
  defaultModel: z.string().max(200),
  firstTokenTimeoutSeconds: z.number().int().min(5).max(3600).optional(),
  stallTimeoutSeconds: z.number().int().min(5).max(3600).optional(),
  contextTokens: z.number().int().min(256).max(10_000_000).optional(),
  maxTokens: z.number().int().min(1).max(1_000_000).optional(),
  makesTitles: z.boolean().optional(),
})

export const providersFileSchema = z.array(providerDraftSchema.extend({ id: z.string().regex(/^p[0-9a-f]{8}$/) }))

export const idQuerySchema = z.strictObject({ id: z.string().min(1).max(64) })

export const modelsQuerySchema = z.strictObject({
  id: z.string().min(1).max(64),
  refresh: z.enum(['0', '1']).optional(),
})

export const providerUpdateSchema = providerDraftSchema.extend({ confirmKeyMove: z.boolean().default(false) })

export const providerKeySchema = z.strictObject({
  key: z.string().trim().min(1, 'key must not be empty').max(1000),
  acceptWeakStorage: z.boolean().default(false),
})

export const conversationFieldsSchema = z.strictObject({
  title: z.string().trim().min(1).max(200).default('New conversation'),
  providerId: z.string().max(64).optional(),
  model: z.string().max(200).optional(),
  systemPrompt: z.string().max(100_000).default(''),
  temperature: z.number().min(0).max(2).optional(),
  /** False turns the tools off for the conversation. */
  tools: z.boolean().optional(),
  /** The tools whose calls this conversation sends without asking; left out, they are kept ([] asks again for all). */
  allowedTools: z.array(z.string().max(200)).max(100).optional(),
})

export const conversationsQuerySchema = z.strictObject({ search: z.string().max(200).optional() })

const generationIdSchema = z
  .string()
  .regex(generationIdPattern, 'generation must be g followed by 12 hexadecimal digits')

const messageIdSchema = z.string().min(1, 'message must be a message id').max(64)

export const messageQuerySchema = z.strictObject({
  conversation: z.string().min(1).max(64),
  message: messageIdSchema,
})

export const messageVersionQuerySchema = messageQuerySchema.extend({
  version: z.coerce.number().int('version must be a whole number').min(1, 'version must be at least 1').max(1000),
})

export const generateQuerySchema = z.strictObject({
  conversation: z.string().min(1).max(64),
  generation: generationIdSchema,
})

/** `confirmSensitive`: the user accepts that lines of a sensitive log source go to an endpoint off this machine. */
const confirmSensitive = z.boolean().optional()

export const generateBodySchema = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('send'),
    content: z.string().min(1, 'content must not be empty').max(200_000),
    attachments: z
      .array(
        z.strictObject({
          title: z.string().max(200),
          text: z.string().max(500_000),
          sources: z.array(z.string().min(1).max(64)).max(64).optional(),
        }),
      )
      .max(20)
      .default([]),
    confirmSensitive,
  }),
  z.strictObject({ action: z.literal('regenerate'), confirmSensitive }),
  z.strictObject({
    action: z.literal('edit'),
    messageId: z.string().min(1).max(64),
    content: z.string().min(1).max(200_000),
    confirmSensitive,
  }),
  z.strictObject({ action: z.literal('continue'), confirmSensitive }),
])

export const generationQuerySchema = z.strictObject({ generation: generationIdSchema })

export const toolDecisionQuerySchema = z.strictObject({
  generation: generationIdSchema,
  call: z.string().min(1, 'call must name a tool call').max(200),
})

export const toolDecisionBodySchema = z.strictObject({
  decision: z.enum(toolDecisions, { error: 'decision must be one of "once", "conversation" or "deny"' }),
})

/** One line per problem: `theme: Invalid option: expected one of "system"|"light"|"dark"`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ')
}

const prometheusUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (value) => URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol),
    'url must be an http or https URL',
  )
  .refine((value) => {
    const url = URL.canParse(value) ? new URL(value) : undefined
    return !url || (url.username === '' && url.password === '')
  }, 'url must not carry a user name or password: give them as basic authentication')
  .refine((value) => !URL.canParse(value) || (new URL(value).search === '' && new URL(value).hash === ''), {
    message: 'url must not have a query or fragment: give the address the Prometheus API lives under',
  })

const serverAuthInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('bearer'), token: z.string().trim().min(1, 'token must not be empty').max(4000) }),
  z.strictObject({
    kind: z.literal('basic'),
    username: z.string().trim().min(1, 'username must not be empty').max(200),
    password: z.string().min(1, 'password must not be empty').max(1000),
  }),
])

const serverNameSchema = z.string().trim().min(1, 'name must not be empty').max(100)

export const serverDraftSchema = z.strictObject({
  name: serverNameSchema,
  url: prometheusUrlSchema,
  auth: serverAuthInputSchema,
  acceptWeakStorage: z.boolean().default(false),
})

export const serverUpdateSchema = z.strictObject({
  name: serverNameSchema,
  url: prometheusUrlSchema,
  auth: serverAuthInputSchema.optional(),
  acceptWeakStorage: z.boolean().default(false),
})

export const serverIdPattern = /^s[0-9a-f]{8}$/

/** prometheus-servers.json: the servers without their secrets (those are in the secret store). */
export const prometheusServersFileSchema = z.array(
  z.strictObject({
    id: z.string().regex(serverIdPattern),
    name: serverNameSchema,
    url: prometheusUrlSchema,
    auth: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('none') }),
      z.strictObject({ kind: z.literal('bearer') }),
      z.strictObject({ kind: z.literal('basic'), username: z.string().min(1).max(200) }),
    ]),
  }),
)

export const serverQuerySchema = z.strictObject({
  server: z.string().regex(serverIdPattern, 'server must be a server id such as s0123abcd'),
})

export const hostQuerySchema = serverQuerySchema.extend({
  instance: z.string().min(1, 'instance must not be empty').max(500),
  window: z.enum(hostWindows.map((window) => window.id) as [HostWindowId, ...HostWindowId[]]),
})
