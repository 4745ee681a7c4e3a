// The contextBridge surface: a few named functions, nothing that hands out ipcRenderer itself.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { desktopChannels, type VigilDesktopApi } from '../shared/desktopApi'
import type { ViewId } from '../shared/protocol'

const api: VigilDesktopApi = {
  launchToken: () => ipcRenderer.invoke(desktopChannels.launchToken),
  setThemeSource: (mode) => ipcRenderer.invoke(desktopChannels.setThemeSource, mode),
  chooseLogFile: () => ipcRenderer.invoke(desktopChannels.chooseLogFile),
  saveExport: (jobId) => ipcRenderer.invoke(desktopChannels.saveExport, jobId),
  showExportInFolder: (entryId) => ipcRenderer.invoke(desktopChannels.showExportInFolder, entryId),
  onShowView(listener) {
    const forward = (_event: IpcRendererEvent, view: ViewId) => listener(view)
    ipcRenderer.on(desktopChannels.showView, forward)
    return () => void ipcRenderer.off(desktopChannels.showView, forward)
  },
}

contextBridge.exposeInMainWorld('vigilDesktop', api)
