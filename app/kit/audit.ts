/*
| Kit (the core's public surface for plugins): the audit trail. A plugin's
| action records what it changed with appendAuditEvent, in the action's
| transaction; controllers pass the person acting. verifyChain checks the
| organization's hash chain.
*/
export {
  appendAuditEvent,
  auditActorFrom,
  SYSTEM_ACTOR,
  type AuditActor,
  type AuditEntry,
} from '#services/audit/audit_trail'
export { verifyChain } from '#services/audit/verify_chain'
