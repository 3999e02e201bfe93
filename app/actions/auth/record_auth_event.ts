import type { HttpContext } from '@adonisjs/core/http'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import AuthEvent, { type AuthEventName } from '#models/auth_event'
import type User from '#models/user'
import { appendAuditEvent } from '#services/audit/audit_trail'

export interface AuthEventInput {
  event: AuthEventName
  user?: User | null
  actor?: User | null
  organizationId?: number | null
  email?: string | null
  meta?: Record<string, unknown>
  /** Where the request came from; absent for ace commands. */
  request?: HttpContext['request'] | null
}

/**
 * Appends a line to the account and access log and, when it concerns an
 * organization (sign-ins, role changes, invitations, tokens…), to that
 * organization's audit trail too.
 */
export default class RecordAuthEvent {
  static async handle(input: AuthEventInput, trx?: TransactionClientContract) {
    const ip = input.request?.ip() ?? null
    const userAgent = input.request?.header('user-agent')?.slice(0, 400) ?? null
    if (input.organizationId) {
      await appendAuditEvent(
        {
          organizationId: input.organizationId,
          action: `account.${input.event}`,
          subjectType: 'user',
          subjectId: input.user?.id ?? null,
          after: { email: input.email ?? input.user?.email ?? null, ...input.meta },
        },
        { user: input.actor ?? input.user ?? null, ip, userAgent },
        trx
      )
    }
    return AuthEvent.create(
      {
        event: input.event,
        userId: input.user?.id ?? null,
        actorId: input.actor?.id ?? null,
        organizationId: input.organizationId ?? null,
        email: input.email ?? input.user?.email ?? null,
        ip: input.request?.ip() ?? null,
        userAgent: input.request?.header('user-agent')?.slice(0, 400) ?? null,
        meta: input.meta ?? {},
      },
      { client: trx }
    )
  }
}
