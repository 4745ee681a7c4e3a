// Validation schemas for what clients send. Messages are written for people: they name the field and the rule.
import { z } from 'zod'
import { maxMetricsWindowSeconds } from './protocol'

export const themeModeSchema = z.enum(['system', 'light', 'dark'])

export const settingsSchema = z.strictObject({
  theme: themeModeSchema,
})

export const metricsStreamQuerySchema = z.strictObject({
  windowSeconds: z.coerce
    .number()
    .int('windowSeconds must be a whole number of seconds')
    .min(0)
    .max(maxMetricsWindowSeconds)
    .default(60),
})

/** One line per problem: `theme: Invalid option: expected one of "system"|"light"|"dark"`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ')
}
