// Chat through Vigil against the openai SDK talking to the same provider directly: time to first token
// and tokens per second, 2,000 tokens as fast as the provider sends them and 100 tokens at 50 per second.
// "Through Vigil" is what the renderer sees: its own stream client (src/renderer/src/lib/streamClient.ts)
// runs here unchanged, in Node, with the bearer token the page holds.
// The provider runs in a process of its own (chatProviderChild.ts), as a real engine does. CPU per answer is
// also counted: the provider's and this process's (the SDK or the stream client), and through Vigil Vigil's
// too, so on a busy machine the time follows their CPU sum.
import OpenAI from 'openai'
import { chatRoutes, newGenerationId, type ChatStreamEvent } from '../src/shared/chat'
import { holdLaunchToken } from '../src/renderer/src/lib/authorization'
import { openStream } from '../src/renderer/src/lib/streamClient'
import { bundleChildren } from './bundleChildren'
import { spawnUntilReady, stopChild } from './childProcess'
import { readClockTicks, readCpuTimeMs, type ClockTicks } from './procStats'
import { median } from './stats'
import type { Benchmark, Row, Table } from './table'
import { startVigil, type VigilProcess } from './vigilProcess'

interface RunResult {
  firstTokenMs: number
  tokensPerSecond: number
  /** From the first token to the last, as the UI's own tokens/s counts: the tokens after the first over that time. */
  streamingTokensPerSecond: number
  /** CPU time of the processes that served the answer: the provider's, this one (the client), and Vigil's through Vigil. */
  cpuMs: number
}

interface Plan {
  label: string
  tokenCount: number
  tokenDelayMs: number
  /** Measured runs per side: a burst takes milliseconds, so it gets more of them against the noise. */
  runs: number
}

const plans: Plan[] = [
  { label: '2,000 tokens, as fast as possible', tokenCount: 2000, tokenDelayMs: 0, runs: 15 },
  { label: '100 tokens at 50 tokens/s', tokenCount: 100, tokenDelayMs: 20, runs: 5 },
]
/** Unmeasured bursts per side first: the first answers of a fresh process run code not yet optimised, on both sides. */
const warmUpRuns = 3

/** The message that asks the stand-in provider for the plan's answer (chatProviderChild.ts). */
const askFor = (plan: Plan) => `bench ${plan.tokenCount} ${plan.tokenDelayMs}`

interface Timing {
  startedAt: number
  firstAt: number
  /** How many tokens had come by firstAt: one event may carry several. */
  firstCount: number
  endAt: number
  count: number
}

/**
 * Tokens per second over the whole answer, from the request to the last token: the target's figure, since one
 * event may carry many tokens and first-to-last alone would flatter batching. First-to-last is kept beside it.
 */
function rates({ startedAt, firstAt, firstCount, endAt, count }: Timing, cpuMs: number): RunResult {
  return {
    firstTokenMs: firstAt - startedAt,
    tokensPerSecond: count / ((endAt - startedAt) / 1000),
    streamingTokensPerSecond: (count - firstCount) / ((endAt - firstAt) / 1000),
    cpuMs,
  }
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)

/** The CPU time of the processes `pids`, summed, in ms. */
async function cpuTimeMs(pids: number[], clockTicks: ClockTicks): Promise<number> {
  return sum(await Promise.all(pids.map((pid) => readCpuTimeMs(pid, clockTicks))))
}

async function direct(provider: Provider, plan: Plan, clockTicks: ClockTicks): Promise<RunResult> {
  const pids = [process.pid, provider.pid]
  const cpuBefore = await cpuTimeMs(pids, clockTicks)
  const client = new OpenAI({ baseURL: provider.baseUrl, apiKey: 'bench', maxRetries: 0 })
  const startedAt = performance.now()
  let firstAt = 0
  let count = 0
  const stream = await client.chat.completions.create({
    model: 'test-model',
    messages: [{ role: 'user', content: askFor(plan) }],
    stream: true,
  })
  for await (const chunk of stream) {
    if (!chunk.choices[0]?.delta?.content) continue
    if (count === 0) firstAt = performance.now()
    count += 1
  }
  const timing = { startedAt, firstAt, firstCount: 1, endAt: performance.now(), count }
  return rates(timing, (await cpuTimeMs(pids, clockTicks)) - cpuBefore)
}

async function throughVigil(
  vigil: VigilProcess,
  provider: Provider,
  conversationId: string,
  plan: Plan,
  clockTicks: ClockTicks,
): Promise<RunResult> {
  const generationId = newGenerationId()
  const pids = [process.pid, provider.pid, vigil.pid]
  const cpuBefore = await cpuTimeMs(pids, clockTicks)
  const startedAt = performance.now()
  const timing = await new Promise<Timing>((resolve, reject) => {
    let firstAt = 0
    let firstCount = 0
    let lastIndex = -1
    // As the UI starts an answer: the generate request's answer is the stream.
    const close = openStream<ChatStreamEvent>({
      path: `${originOf(vigil)}${chatRoutes.stream}?generation=${generationId}`,
      start: {
        path: `${originOf(vigil)}${chatRoutes.generate}?conversation=${conversationId}&generation=${generationId}`,
        body: JSON.stringify({ action: 'send', content: askFor(plan) }),
      },
      onEvent(event) {
        // The start and what the generation waits for (queued, retrying) before its first token.
        if (event.event === 'started' || event.event === 'status') return
        // One event may carry several tokens: its index is the last of them.
        if (event.event === 'token') {
          if (lastIndex < 0) {
            firstAt = performance.now()
            firstCount = event.data.index + 1
          }
          lastIndex = event.data.index
          return
        }
        // No tools are offered here: a tool call or a notice would not come.
        if (event.event !== 'end') return
        close()
        if (event.data.state !== 'done') reject(new Error(`the generation ended ${event.data.state}`))
        else resolve({ startedAt, firstAt, firstCount, endAt: performance.now(), count: lastIndex + 1 })
      },
    })
  })
  return rates(timing, (await cpuTimeMs(pids, clockTicks)) - cpuBefore)
}

const originOf = (vigil: VigilProcess) => `http://127.0.0.1:${vigil.port}`

function vigilFetch(vigil: VigilProcess, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${originOf(vigil)}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${vigil.token}`, 'Content-Type': 'application/json' },
  })
}

interface Provider {
  baseUrl: string
  pid: number
}

async function run(): Promise<Table> {
  const bundles = await bundleChildren(['chatProviderChild'])
  const { child, readyMatch } = await spawnUntilReady(
    process.execPath,
    [bundles.pathOf('chatProviderChild')],
    /^ready (\d+)$/,
  ).catch(async (error: unknown) => {
    await bundles.remove()
    throw error
  })
  const provider: Provider = { baseUrl: `http://127.0.0.1:${readyMatch[1]}/v1`, pid: child.pid! }
  const vigil = await startVigil()
  // The token the stream client sends, as the page holds it.
  holdLaunchToken(vigil.token)
  const clockTicks = readClockTicks()
  try {
    const created = (await (
      await vigilFetch(vigil, '/api/chat/providers', {
        method: 'POST',
        body: JSON.stringify({
          name: 'Stand-in',
          preset: 'custom',
          baseUrl: provider.baseUrl,
          defaultModel: 'test-model',
        }),
      })
    ).json()) as { id: string }
    // A fresh conversation each time: the model is sent the same one message by both paths.
    const newConversation = async () =>
      (
        (await (
          await vigilFetch(vigil, '/api/chat/conversations', {
            method: 'POST',
            body: JSON.stringify({ title: 'bench', providerId: created.id, model: 'test-model' }),
          })
        ).json()) as { id: string }
      ).id
    for (let index = 0; index < warmUpRuns; index += 1) {
      await direct(provider, plans[0]!, clockTicks)
      await throughVigil(vigil, provider, await newConversation(), plans[0]!, clockTicks)
    }
    const rows: Row[] = []
    const targets: Table['targets'] = []
    const notes: string[] = []
    for (const plan of plans) {
      const ours: RunResult[] = []
      const peer: RunResult[] = []
      for (let index = 0; index < plan.runs; index += 1) {
        const conversationId = await newConversation()
        peer.push(await direct(provider, plan, clockTicks))
        ours.push(await throughVigil(vigil, provider, conversationId, plan, clockTicks))
      }
      const firstOurs = median(ours.map((result) => result.firstTokenMs))
      const firstPeer = median(peer.map((result) => result.firstTokenMs))
      const rateOurs = median(ours.map((result) => result.tokensPerSecond))
      const ratePeer = median(peer.map((result) => result.tokensPerSecond))
      rows.push({ label: `${plan.label}: first token, p50 (ms)`, ours: firstOurs, peer: firstPeer, decimals: 2 })
      rows.push({ label: `${plan.label}: tokens/s, p50`, ours: rateOurs, peer: ratePeer, decimals: 0 })
      rows.push({
        label: `${plan.label}: tokens/s from first to last token, p50`,
        ours: median(ours.map((result) => result.streamingTokensPerSecond)),
        peer: median(peer.map((result) => result.streamingTokensPerSecond)),
        decimals: 0,
      })
      // Averaged over the runs: /proc counts CPU time in clock ticks (10 ms), coarse for one burst. Only for
      // bursts: an answer spread over seconds counts mostly what both processes do meanwhile (Vigil samples metrics).
      if (plan.tokenDelayMs === 0)
        rows.push({
          label: `${plan.label}: CPU per answer, mean (ms)`,
          ours: sum(ours.map((result) => result.cpuMs)) / plan.runs,
          peer: sum(peer.map((result) => result.cpuMs)) / plan.runs,
          decimals: 1,
        })
      targets.push({
        description: `${plan.label}: added time to first token < 5 ms at p50 (measured ${(firstOurs - firstPeer).toFixed(2)} ms)`,
        isMet: firstOurs - firstPeer < 5,
      })
      targets.push({
        description: `${plan.label}: throughput ≥ 90 % of direct (measured ${((rateOurs / ratePeer) * 100).toFixed(0)} %)`,
        isMet: rateOurs >= 0.9 * ratePeer,
      })
      notes.push(
        `${plan.label}: Vigil first token ${ours.map((result) => result.firstTokenMs.toFixed(1)).join(', ')} ms; direct ${peer.map((result) => result.firstTokenMs.toFixed(1)).join(', ')} ms`,
      )
    }
    notes.push(
      `${plans.map((plan) => plan.runs).join(' and ')} runs, direct and through Vigil interleaved, after ${warmUpRuns} unmeasured bursts each; the provider (test/support/fakeProvider.ts) and Vigil (browser mode) each run in a process of their own`,
    )
    notes.push(
      'through Vigil, the first token is timed from the generate request, the way the UI starts an answer; directly, from the SDK request',
    )
    notes.push(
      `CPU per answer: utime+stime from /proc at ${clockTicks.perSecond} ticks/s (${clockTicks.source}), of the provider's process and this one (the SDK, or the stream client) and, through Vigil, of Vigil's`,
    )
    return { oursHeading: 'through Vigil', peerHeading: 'openai SDK direct', rows, targets, notes }
  } finally {
    holdLaunchToken(undefined)
    await vigil.stop()
    await stopChild(child)
    await bundles.remove()
  }
}

export const chatThroughput: Benchmark = {
  name: 'chat',
  description: 'Chat: time to first token and tokens/s through Vigil vs the openai SDK direct, same provider',
  run,
}
