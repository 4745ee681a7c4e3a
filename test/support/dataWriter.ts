// A process that keeps Vigil's data folder busy until it is killed: it replaces and deletes keys in the
// secret store (each key's text unique, so a superseded one can be searched for), and saves settings and a
// conversation, all through the atomic writers. The test kills it in the middle of writes.
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { createFileSecretStore } from '../../src/main/settings/secretStore'
import { createJsonFileSaver } from '../../src/main/storage/jsonFile'

const dataDir = process.argv[2]!
const secrets = createFileSecretStore(dataDir)
const saveSettings = createJsonFileSaver<{ theme: string; padding: string }>(join(dataDir, 'settings.json'))
const saveConversation = createJsonFileSaver<{ id: string; text: string }>(join(dataDir, 'conversations', 'c1.json'))
process.stdout.write('ready\n')
for (let index = 0; ; index += 1) {
  // A long key makes each write of secrets.json take longer, so kills land inside writes.
  const key = `sk-superseded-${randomBytes(8).toString('hex')}-${'k'.repeat(4000)}`
  await Promise.all([
    index % 3 === 2 ? secrets.delete('provider:p1') : secrets.set('provider:p1', key),
    saveSettings({ theme: index % 2 === 0 ? 'dark' : 'light', padding: 'x'.repeat(4000) }),
    saveConversation({ id: 'c1', text: `message ${index} ${'y'.repeat(4000)}` }),
  ])
}
