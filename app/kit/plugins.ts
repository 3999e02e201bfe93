/*
| Kit (the core's public surface for plugins): the manifest and its types,
| and the plugin registry (default export), which answers which plugins an
| organization has on (`isEnabledFor`), a plugin's settings for an
| organization (`settingsFor`) and finds a plugin by id (`find`).
*/
export { definePlugin } from '#services/plugins/define_plugin'
export type {
  KitMiddleware,
  NavArea,
  NavEntry,
  PluginKit,
  PluginListener,
  PluginListeners,
  PluginManifest,
  PluginSettings,
  PluginSlot,
  PluginSlots,
  SlotData,
  SlotName,
} from '#services/plugins/define_plugin'
export type { LoadedPlugin } from '#services/plugins/registry'
export { default } from '#services/plugins/main'
