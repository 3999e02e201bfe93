/*
| Kit (the core's public surface for plugins): the audit trail. A plugin's
| action records what it changed with appendAuditEvent(entry, actor, trx),
| in the action's transaction: the Actor it was called with
| (#actions/actor) is the AuditActor. verifyChain checks the organization's
| hash chain.
*/
export { appendAuditEvent, type AuditActor, type AuditEntry } from '#services/audit/audit_trail'
export { verifyChain } from '#services/audit/verify_chain'
