// The chat benchmark's stand-in provider in a process of its own, as a real engine runs beside Vigil: in the
// benchmark's own process it would write a burst while that process should be reading Vigil's first token,
// a wait the SDK's direct path never has. The answer each request gets is named by its last message,
// "bench <tokens> <delay ms>", so both paths ask for it the same way. Prints `ready <port>`.
import { startFakeProvider, type CompletionBody, type Scenario } from '../test/support/fakeProvider'

const planPattern = /^bench (\d+) (\d+)$/

/** The answer a request's last message names: that many tokens, that far apart, written whole. */
export function scenarioOf(body: CompletionBody): Scenario | undefined {
  const match = planPattern.exec(body.messages?.at(-1)?.content ?? '')
  if (!match) return undefined
  const tokens = Array.from({ length: Number(match[1]) }, (_, index) => ` tok${index}`)
  return { kind: 'answer', tokens, tokenDelayMs: Number(match[2]), isWrittenWhole: true }
}

async function main(): Promise<void> {
  const provider = await startFakeProvider()
  provider.script = scenarioOf
  process.stdout.write(`ready ${provider.port}\n`)
}

void main()
