// The chat tools setting: whether tool calls send their results without asking when the AI endpoint is on
// this machine (off it, they always ask). Kept by the core with the other settings; every window follows it.
import { create } from 'zustand'
import { routes, type Settings } from '../../../../shared/protocol'
import { api } from '../../lib/api'

interface ToolsSettingState {
  withoutAsking: boolean
  saveError: string | undefined
}

export const useToolsSettingStore = create<ToolsSettingState>(() => ({ withoutAsking: false, saveError: undefined }))

export function applyToolsSetting(settings: Settings): void {
  useToolsSettingStore.setState({ withoutAsking: settings.toolsWithoutAsking === true })
}

export async function chooseToolsWithoutAsking(withoutAsking: boolean): Promise<void> {
  const previous = useToolsSettingStore.getState().withoutAsking
  useToolsSettingStore.setState({ withoutAsking, saveError: undefined })
  try {
    await api.put<Settings>(routes.settings, { toolsWithoutAsking: withoutAsking })
  } catch (error) {
    useToolsSettingStore.setState({
      withoutAsking: previous,
      saveError: `The setting could not be saved: ${(error as Error).message}`,
    })
  }
}
