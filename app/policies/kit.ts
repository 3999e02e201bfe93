import { AuthorizationResponse, BasePolicy, Bouncer, errors } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type Membership from '#models/membership'
import ActionError from '#exceptions/action_error'
import * as abilities from '#abilities/main'
import { policies } from '#policies/main'

/**
 * What the policies of the core and of plugins are made of. The bouncer
 * "user" is the acting membership (role and organization at hand); a
 * guest has none. Records reach a policy through the current
 * organization's queries, so another organization's record is a 404
 * before any policy runs; the policies still compare organizations, so a
 * record of elsewhere is never allowed.
 */

/** The base of every policy: a member whose access was removed may do nothing. */
export abstract class MemberPolicy extends BasePolicy {
  before(actor: Membership | null): AuthorizerResponse | undefined {
    if (actor && !actor.isActive) return false
  }
}

/** The same organization as the record. */
export function sameOrganization(actor: Membership, record: { organizationId: number }) {
  return actor.organizationId === record.organizationId
}

/**
 * A refusal the person should read, and beside which form field. It is
 * answered like an ActionError (app/exceptions/handler.ts): a page goes
 * back to its form with the message, a htmx form re-renders with it, the
 * API answers 403 `{errors:[{field?,message}]}`. A bare `false` stays
 * the plain 403 (the error page, or "You are not allowed to do this.").
 */
export class Refusal extends AuthorizationResponse {
  constructor(
    message: string,
    readonly field?: string
  ) {
    super(false)
    this.message = message
    this.status = 403
  }
}

export function refuse(message: string, field?: string) {
  return new Refusal(message, field)
}

/** The wording of a refusal that names no rule. */
export const NOT_YOUR_ROLE = 'Your role does not allow this.'

/** The ActionError a policy's refusal answers as, or null when it is not one. */
export function refusalAsActionError(error: unknown): ActionError | null {
  if (error instanceof errors.E_AUTHORIZATION_FAILURE && error.response instanceof Refusal) {
    return new ActionError(error.response.message!, error.response.field, { status: 403 })
  }
  return null
}

/** A bouncer for a membership outside a request (an ace command, a job, an action, a view helper). */
export function bouncerFor(membership: Membership | null) {
  return new Bouncer(membership, abilities, policies)
}

/**
 * An action's own guard, for callers without a request (ace commands,
 * jobs, other actions, tests): the policy method the controllers
 * authorize with, its denial thrown as an ActionError, so every caller
 * meets the same refusal.
 *
 *   await guard(bouncerFor(membership).with(TicketPolicy).authorize('note', ticket))
 */
export async function guard(check: Promise<void>) {
  try {
    await check
  } catch (error) {
    if (!(error instanceof errors.E_AUTHORIZATION_FAILURE)) throw error
    throw refusalAsActionError(error) ?? new ActionError(NOT_YOUR_ROLE, undefined, { status: 403 })
  }
}
