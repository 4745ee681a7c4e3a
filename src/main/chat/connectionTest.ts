// "Test connection": the models an endpoint offers, or exactly why it could not say (refused, timeout,
// 401, not an OpenAI-compatible answer). Also the one probe at start for local servers on their usual ports.
import { providerPresets, type ChatFailure } from '../../shared/chat'
import { redactSecret } from './redact'

export type ConnectionResult = { ok: true; models: string[] } | { ok: false; failure: ChatFailure }

export async function testConnection(
  baseUrl: string,
  apiKey: string | undefined,
  timeoutMs = 5000,
  endpointName = 'the server',
): Promise<ConnectionResult> {
  const fail = (code: ChatFailure['code'], message: string): ConnectionResult => ({
    ok: false,
    failure: { code, message: redactSecret(message, apiKey) },
  })
  let response: Response
  try {
    response = await fetch(`${baseUrl.replace(/\/+$/, '')}/models`, {
      headers: apiKey ? { Authorization: `Bearer ${apiKey}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    })
  } catch (error) {
    if ((error as Error).name === 'TimeoutError')
      return fail('timeout', `${baseUrl} did not answer within ${timeoutMs / 1000} s.`)
    const code = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code
    if (code === 'ECONNREFUSED')
      return fail('unreachable', `Nothing answers at ${baseUrl}: is ${endpointName} running there?`)
    return fail('unreachable', `Could not reach ${baseUrl}${code ? ` (${code})` : `: ${(error as Error).message}`}.`)
  }
  if (response.status === 401 || response.status === 403)
    return fail('unauthorized', `${baseUrl} refused the key (${response.status}): check it.`)
  if (!response.ok)
    return fail(
      'http-error',
      `${baseUrl}/models answered ${response.status}: check the base URL (it usually ends in /v1).`,
    )
  const body = (await response.json().catch(() => undefined)) as { data?: { id?: unknown }[] } | undefined
  if (!body || !Array.isArray(body.data))
    return fail(
      'not-openai',
      `${baseUrl} answered, but not with an OpenAI-compatible model list. Check the base URL: it usually ends in /v1.`,
    )
  return { ok: true, models: body.data.map((model) => String(model.id)).sort() }
}

export interface DiscoveredEndpoint {
  preset: 'ollama' | 'lmstudio' | 'llamacpp'
  name: string
  baseUrl: string
  models: string[]
}

/** Asks each local preset's usual port once; the ones that answer like an OpenAI-compatible server are offered. */
export async function discoverLocalEndpoints(timeoutMs = 800): Promise<DiscoveredEndpoint[]> {
  const candidates = (['ollama', 'lmstudio', 'llamacpp'] as const).map((preset) => ({
    preset,
    ...providerPresets[preset],
  }))
  const results = await Promise.all(
    candidates.map(async ({ preset, name, baseUrl }) => ({
      preset,
      name,
      baseUrl,
      result: await testConnection(baseUrl, undefined, timeoutMs, name),
    })),
  )
  return results.flatMap(({ preset, name, baseUrl, result }) =>
    result.ok ? [{ preset, name, baseUrl, models: result.models }] : [],
  )
}
