/*
|--------------------------------------------------------------------------
| Bouncer policies
|--------------------------------------------------------------------------
|
| The core's policies, pre-registered so pages can use them by name
| (`@can('TicketPolicy.note', ticket)`). A plugin's policies live in
| plugins/<id>/policies/*_policy.ts and are used by class
| (`bouncer.with(TimeEntryPolicy)`), so this file never names a plugin.
| tests/unit/policies/role_matrix.spec.ts finds every *_policy.ts file.
|
*/
export const policies = {
  AttachmentPolicy: () => import('#policies/attachment_policy'),
  AuditPolicy: () => import('#policies/audit_policy'),
  CommentPolicy: () => import('#policies/comment_policy'),
  MembershipPolicy: () => import('#policies/membership_policy'),
  PluginSettingsPolicy: () => import('#policies/plugin_settings_policy'),
  SlaSettingsPolicy: () => import('#policies/sla_settings_policy'),
  TicketPolicy: () => import('#policies/ticket_policy'),
}
