// The face of Hosts: what the rest of the app may use (lint: eslint.config.js, feature faces).
export { HostsView } from './HostsView'
export { loadServers, useHostsStore } from './hostsStore'
