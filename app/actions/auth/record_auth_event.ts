import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import AuthEvent, { type AuthEventName } from '#models/auth_event'
import type User from '#models/user'
import type Actor from '#actions/actor'
import { appendAuditEvent } from '#services/audit/audit_trail'

export interface AuthEventInput {
  event: AuthEventName
  /** The account concerned (absent when unknown, e.g. a sign-in with an unknown email). */
  user?: User | null
  organizationId?: number | null
  email?: string | null
  meta?: Record<string, unknown>
}

/**
 * Appends a line to the account and access log and, when it concerns an
 * organization (sign-ins, role changes, invitations, tokens…), to that
 * organization's audit trail too. The log's actor is who acted (a visitor
 * or the system: none); the audit trail names the account itself when
 * nobody signed in acted (a sign-in, an accepted invitation).
 */
export default class RecordAuthEvent {
  static async handle(actor: Actor, input: AuthEventInput, trx?: TransactionClientContract) {
    if (input.organizationId) {
      await appendAuditEvent(
        {
          organizationId: input.organizationId,
          action: `account.${input.event}`,
          subjectType: 'user',
          subjectId: input.user?.id ?? null,
          after: { email: input.email ?? input.user?.email ?? null, ...input.meta },
        },
        {
          userId: actor.userId ?? input.user?.id ?? null,
          ip: actor.ip,
          userAgent: actor.userAgent,
        },
        trx
      )
    }
    return AuthEvent.create(
      {
        event: input.event,
        userId: input.user?.id ?? null,
        actorId: actor.userId,
        organizationId: input.organizationId ?? null,
        email: input.email ?? input.user?.email ?? null,
        ip: actor.ip,
        userAgent: actor.userAgent,
        meta: input.meta ?? {},
      },
      { client: trx }
    )
  }
}
