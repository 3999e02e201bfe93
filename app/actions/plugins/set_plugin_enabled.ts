import emitter from '@adonisjs/core/services/emitter'
import type Organization from '#models/organization'
import OrganizationPlugin from '#models/organization_plugin'
import type { LoadedPlugin } from '#services/plugins/registry'
import { appendAuditEvent, type AuditActor } from '#services/audit/audit_trail'

/**
 * Switches a plugin on or off for one organization and announces it, so
 * listeners (and later the audit trail) see the change.
 */
export default class SetPluginEnabled {
  static async handle(
    organization: Organization,
    plugin: LoadedPlugin,
    enabled: boolean,
    actor: AuditActor
  ) {
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
