import type Organization from '#models/organization'
import OrganizationPlugin from '#models/organization_plugin'
import type { LoadedPlugin } from '#services/plugins/registry'

/**
 * Stores one organization's settings of a plugin.
 */
export default class SavePluginSettings {
  /**
   * Validates the submitted form with the plugin's validator; a validation
   * error propagates (the form comes back filled in) and changes nothing.
   */
  static async handle(organization: Organization, plugin: LoadedPlugin, input: unknown) {
    const settings = plugin.manifest.settings
    if (!settings) return null

    const values = await settings.validator.validate(input)
    const row = await OrganizationPlugin.firstOrNew(
      { organizationId: organization.id, pluginId: plugin.id },
      { enabled: plugin.manifest.enabledByDefault !== false }
    )
    row.settings = { ...settings.defaults, ...values }
    await row.save()
    return row.settings
  }
}
