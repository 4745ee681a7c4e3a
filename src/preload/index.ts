// The contextBridge surface: a few named functions, nothing that hands out ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron'
import { desktopChannels, type VigilDesktopApi } from '../shared/desktopApi'

const api: VigilDesktopApi = {
  setThemeSource: (mode) => ipcRenderer.invoke(desktopChannels.setThemeSource, mode),
  chooseLogFile: () => ipcRenderer.invoke(desktopChannels.chooseLogFile),
}

contextBridge.exposeInMainWorld('vigilDesktop', api)
