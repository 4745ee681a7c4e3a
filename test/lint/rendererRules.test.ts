import { describe, expect, it } from 'vitest'
import { firings, lintText, readFixture } from './lintText'

const facesRule = '@typescript-eslint/no-restricted-imports'
const inExportFeature = 'src/renderer/src/features/export/fixture.ts'

describe('the renderer feature faces rule', () => {
  it("fires on every import of another feature's files past its face", async () => {
    const code = await readFixture('renderer-feature-internal/reachesIntoSiblings.ts')
    const messages = await lintText(code, inExportFeature)
    expect(firings(messages, facesRule)).toEqual([3, 4, 5, 6, 7, 8])
    expect(messages[0]?.message).toMatch(/import its face/)
  })

  it("stays quiet on faces, the feature's own files, lib/ and src/shared", async () => {
    const code = await readFixture('renderer-feature-internal/usesFaces.ts')
    expect(firings(await lintText(code, inExportFeature), facesRule)).toEqual([])
  })

  it('applies inside feature folders only (App.tsx and intentHandlers.ts wire the faces from outside)', async () => {
    const code = await readFixture('renderer-feature-internal/reachesIntoSiblings.ts')
    expect(firings(await lintText(code, 'src/renderer/src/fixture.ts'), facesRule)).toEqual([])
  })

  it("keeps the renderer's runtime limits in force inside features", async () => {
    const messages = await lintText("import { app } from 'electron'\nexport const used = app\n", inExportFeature)
    expect(firings(messages, 'no-restricted-imports')).toEqual([1])
  })
})
