// A process that saves one conversation over and over, growing it, until it is killed: the test kills
// it in the middle of a write and checks what is left on disk.
import { createLogger } from '../../src/main/logger'
import { createConversationStore } from '../../src/main/chat/conversationStore'

const dataDir = process.argv[2]!
const store = await createConversationStore(
  dataDir,
  createLogger(() => undefined),
)
let conversation = await store.create({
  title: 'written while killed',
  systemPrompt: '',
  providerId: undefined,
  model: undefined,
  temperature: undefined,
})
process.stdout.write(`ready ${conversation.id}\n`)
for (let index = 0; ; index += 1) {
  const message = {
    id: `m${index}`,
    role: 'user' as const,
    content: `message ${index} ${'x'.repeat(2000)}`,
    createdAt: Date.now(),
  }
  conversation = await store.save({ ...conversation, messages: [...conversation.messages, message] })
}
