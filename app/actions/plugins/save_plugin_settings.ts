import OrganizationPlugin from '#models/organization_plugin'
import type { LoadedPlugin } from '#services/plugins/registry'
import { appendAuditEvent } from '#services/audit/audit_trail'
import type Actor from '#actions/actor'

/**
 * Stores the actor's organization's settings of a plugin.
 */
export default class SavePluginSettings {
  /**
   * Validates the submitted form with the plugin's validator; a validation
   * error propagates (the form comes back filled in) and changes nothing.
   */
  static async handle(actor: Actor, input: { plugin: LoadedPlugin; form: unknown }) {
    const organization = actor.organizationOrFail()
    const { plugin } = input
    const settings = plugin.manifest.settings
    if (!settings) return null

    const values = await settings.validator.validate(input.form)
    const row = await OrganizationPlugin.firstOrNew(
      { organizationId: organization.id, pluginId: plugin.id },
      { enabled: plugin.manifest.enabledByDefault !== false }
    )
    const before = row.settings ?? settings.defaults
    row.settings = { ...settings.defaults, ...values }
    await row.save()
    await appendAuditEvent(
      {
        organizationId: organization.id,
        action: 'plugin.settings_changed',
        subjectType: 'plugin',
        subjectId: plugin.id,
        before,
        after: row.settings,
      },
      actor
    )
    return row.settings
  }
}
