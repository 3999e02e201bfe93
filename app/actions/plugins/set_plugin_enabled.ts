import emitter from '@adonisjs/core/services/emitter'
import OrganizationPlugin from '#models/organization_plugin'
import type { LoadedPlugin } from '#services/plugins/registry'
import { appendAuditEvent } from '#services/audit/audit_trail'
import type Actor from '#actions/actor'

/**
 * Switches a plugin on or off for the actor's organization and announces it, so
 * listeners (and later the audit trail) see the change.
 */
export default class SetPluginEnabled {
  static async handle(
    actor: Actor,
    { plugin, enabled }: { plugin: LoadedPlugin; enabled: boolean }
  ) {
    const organization = actor.organizationOrFail()
    await OrganizationPlugin.updateOrCreate(
      { organizationId: organization.id, pluginId: plugin.id },
      { enabled }
    )
    await appendAuditEvent(
      {
        organizationId: organization.id,
        action: enabled ? 'plugin.enabled' : 'plugin.disabled',
        subjectType: 'plugin',
        subjectId: plugin.id,
      },
      actor
    )
    await emitter.emit('organization:plugin_toggled', {
      organizationId: organization.id,
      pluginId: plugin.id,
      enabled,
    })
  }
}
