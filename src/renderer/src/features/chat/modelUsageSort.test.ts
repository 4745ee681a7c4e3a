// The Models table's order: which way each column starts, and where rows without a figure go.
import { describe, expect, it } from 'vitest'
import type { ModelUsage } from '../../../../shared/chat'
import { nextModelUsageOrder, sortModelUsage } from './modelUsageSort'

const rows: ModelUsage[] = [
  { model: 'qwen', answers: 3, tokensPerSecondP50: 20, lastUsedAt: 30 },
  { model: 'gpt-4o', answers: 9, lastUsedAt: 20 },
  { model: 'llama', answers: 1, tokensPerSecondP50: 55, lastUsedAt: 10 },
]
const models = (sorted: ModelUsage[]) => sorted.map((row) => row.model)

describe('the Models table’s order', () => {
  it('starts a figure with the biggest, a name from A, and turns round on a second click', () => {
    const byRate = nextModelUsageOrder({ column: 'lastUsedAt', direction: 'descending' }, 'tokensPerSecondP50')
    expect(byRate).toEqual({ column: 'tokensPerSecondP50', direction: 'descending' })
    expect(nextModelUsageOrder(byRate, 'tokensPerSecondP50').direction).toBe('ascending')
    expect(nextModelUsageOrder(byRate, 'model')).toEqual({ column: 'model', direction: 'ascending' })
  })

  it('puts the rows without the figure last, whichever the direction', () => {
    expect(models(sortModelUsage(rows, { column: 'tokensPerSecondP50', direction: 'descending' }))).toEqual([
      'llama',
      'qwen',
      'gpt-4o',
    ])
    expect(models(sortModelUsage(rows, { column: 'tokensPerSecondP50', direction: 'ascending' }))).toEqual([
      'qwen',
      'llama',
      'gpt-4o',
    ])
    expect(models(sortModelUsage(rows, { column: 'model', direction: 'ascending' }))).toEqual([
      'gpt-4o',
      'llama',
      'qwen',
    ])
  })
})
