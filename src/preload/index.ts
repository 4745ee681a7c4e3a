// The contextBridge surface: a few named functions, nothing that hands out ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron'
import { desktopChannels, type VigilDesktopApi } from '../shared/desktopApi'

const api: VigilDesktopApi = {
  launchToken: () => ipcRenderer.invoke(desktopChannels.launchToken),
  setThemeSource: (mode) => ipcRenderer.invoke(desktopChannels.setThemeSource, mode),
  chooseLogFile: () => ipcRenderer.invoke(desktopChannels.chooseLogFile),
  saveExport: (jobId) => ipcRenderer.invoke(desktopChannels.saveExport, jobId),
  showExportInFolder: (entryId) => ipcRenderer.invoke(desktopChannels.showExportInFolder, entryId),
}

contextBridge.exposeInMainWorld('vigilDesktop', api)
