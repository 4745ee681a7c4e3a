// The face of the shell (the frame around the views: sidebar, status bar, the core stream): what the rest
// of the app may use (lint: eslint.config.js, feature faces).
export { connectToCore, useConnectionStore } from './connectionStore'
export { followAddress, showView, useNavigationStore } from './navigationStore'
export { Sidebar } from './Sidebar'
export { StatusBar } from './StatusBar'
