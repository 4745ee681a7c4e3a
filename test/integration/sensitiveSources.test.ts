// Lines of a sensitive log source (a file only root or another user may read) reach an AI endpoint off
// this machine only with a second confirmation: the core refuses a generate request that would send them
// without one. Vigil runs as root in CI, so a file of mode 0640 is sensitive. No request leaves the
// machine: the "remote" endpoint is this machine's own non-loopback address, on a closed port.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { chatRoutes, newGenerationId, type Conversation, type ProviderView } from '../../src/shared/chat'
import { logRoutes, type LogSourceInfo } from '../../src/shared/logs'
import { closedPort } from '../support/closedPort'
import { callCore, type TestResponse } from '../support/http'
import { startTestCore, type TestCore } from '../support/testCore'

let running: TestCore
let folder: string

beforeEach(async () => {
  running = await startTestCore({
    chatTimeouts: { firstTokenTimeoutMs: 1500, stallTimeoutMs: 500, orphanTimeoutMs: 300 },
  })
  folder = await mkdtemp(join(tmpdir(), 'vigil-sensitive-'))
})
afterEach(async () => {
  await running.dispose()
  await rm(folder, { recursive: true, force: true })
})

const call = (method: string, path: string, body?: unknown) => callCore(running.core, method, path, body)

async function addFile(name: string, mode: number, confirmSensitive?: boolean): Promise<LogSourceInfo> {
  const path = join(folder, name)
  await writeFile(path, 'Accepted password for admin from 10.0.0.7\n')
  await chmod(path, mode)
  const answer = await call('POST', logRoutes.sources, { path, confirmSensitive })
  expect(answer.status, answer.text).toBe(200)
  return answer.json<LogSourceInfo>()
}

async function conversationWith(baseUrl: string): Promise<Conversation> {
  const provider = (
    await call('POST', chatRoutes.providers, { name: 'Endpoint', preset: 'custom', baseUrl, defaultModel: 'm' })
  ).json<ProviderView>()
  return (
    await call('POST', chatRoutes.conversations, { title: 'Logins', providerId: provider.id, model: 'm' })
  ).json<Conversation>()
}

function sendWith(conversation: Conversation, sources: string[], confirmSensitive?: boolean): Promise<TestResponse> {
  return call('POST', `${chatRoutes.generate}?conversation=${conversation.id}&generation=${newGenerationId()}`, {
    action: 'send',
    content: 'Who logged in?',
    attachments: [{ title: 'auth.log, 1 line', text: 'Accepted password for admin from 10.0.0.7', sources }],
    confirmSensitive,
  })
}

/** An address of this machine that is not loopback: an endpoint "off this machine" by its URL, yet reached locally. */
function ownAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address
}

describe.skipIf(process.getuid?.() !== 0 || ownAddress() === undefined)('lines of a sensitive log source', () => {
  it('go to an endpoint off this machine only with a second confirmation', async () => {
    const sensitive = await addFile('auth.log', 0o640, true)
    const remote = await conversationWith(`http://${ownAddress()}:${await closedPort()}/v1`)
    const refused = await sendWith(remote, [sensitive.id])
    expect(refused.status).toBe(409)
    expect(refused.json()).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/sensitive log source .* not on this machine/),
      details: { sensitiveSources: [sensitive.id] },
    })
    expect(
      (await call('GET', `${chatRoutes.conversation}?id=${remote.id}`)).json<{ conversation: Conversation }>()
        .conversation.messages,
    ).toEqual([])

    const confirmed = await sendWith(remote, [sensitive.id], true)
    expect(confirmed.status).toBe(200)
    expect(confirmed.text).toContain('event: started')
    // Once sent with confirmation, the lines are in the history: a regenerate sends them again, and asks again.
    expect(
      (
        await call('POST', `${chatRoutes.generate}?conversation=${remote.id}&generation=${newGenerationId()}`, {
          action: 'regenerate',
        })
      ).status,
    ).toBe(409)
  })

  it('go to an endpoint on this machine, and lines of other sources go anywhere, without asking', async () => {
    const sensitive = await addFile('auth.log', 0o640, true)
    const plain = await addFile('app.log', 0o644)
    const local = await conversationWith(`http://127.0.0.1:${await closedPort()}/v1`)
    expect((await sendWith(local, [sensitive.id])).status).toBe(200)
    const remote = await conversationWith(`http://${ownAddress()}:${await closedPort()}/v1`)
    expect((await sendWith(remote, [plain.id])).status).toBe(200)
  })
})
