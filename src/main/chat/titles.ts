// A conversation's title, made after its first answer: a short request to the same model (unless the
// provider has it switched off), else the first words of the question. Only a conversation still called
// by the default title gets one: a title the user gave is never replaced.
import OpenAI from 'openai'
import type { Logger } from '../logger'
import { sdkLogOptions } from './sdkLogger'
import { upstreamFetch } from './upstreamFetch'

export const defaultTitle = 'New conversation'

const maxTitleLength = 80
const titleTimeoutMs = 20_000
/** What of the first exchange the title request quotes: enough to say what it is about. */
const maxQuotedChars = 2000

/** The first few words of the question, cut at a word. */
export function titleFromWords(question: string): string {
  const words = question.replace(/\s+/g, ' ').trim().split(' ').slice(0, 6).join(' ')
  return words.length > 60 ? `${words.slice(0, 59).trimEnd()}…` : words || defaultTitle
}

/** The model's answer as a title: its first line, without quotes, a "Title:" label or closing punctuation. */
export function cleanTitle(text: string): string | undefined {
  const line = text
    .trim()
    .split('\n')[0]!
    .replace(/^(title\s*:\s*)/i, '')
    .replace(/^["'“”*#\s]+|["'“”*.\s]+$/g, '')
    .trim()
  if (!line) return undefined
  return line.length > maxTitleLength ? `${line.slice(0, maxTitleLength - 1).trimEnd()}…` : line
}

export interface TitleRequest {
  baseUrl: string
  apiKey: string | undefined
  model: string
  question: string
  answer: string
  signal: AbortSignal
  /** Where the SDK's own messages go (Vigil's log). */
  logger?: Logger
}

/** Asks the model for a title; undefined when it cannot say one (the caller falls back to the first words). */
export async function askForTitle(request: TitleRequest): Promise<string | undefined> {
  const client = new OpenAI({
    baseURL: request.baseUrl,
    apiKey: request.apiKey ?? 'not-needed',
    maxRetries: 0,
    timeout: titleTimeoutMs,
    fetch: upstreamFetch,
    ...sdkLogOptions(request.logger),
  })
  const completion = await client.chat.completions.create(
    {
      model: request.model,
      max_tokens: 24,
      messages: [
        {
          role: 'system',
          content:
            'Write a title of at most six words for the conversation below. Answer with the title only, without quotes.',
        },
        {
          role: 'user',
          content: `Question: ${request.question.slice(0, maxQuotedChars)}\n\nAnswer: ${request.answer.slice(0, maxQuotedChars)}`,
        },
      ],
    },
    { signal: request.signal },
  )
  return cleanTitle(completion.choices[0]?.message?.content ?? '')
}
