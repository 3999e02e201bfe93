import type { ParsedMail } from 'mailparser'
import type Organization from '#models/organization'
import type Ticket from '#models/ticket'
import TransitionTicket from '#actions/tickets/transition_ticket'
import SetPluginEnabled from '#actions/plugins/set_plugin_enabled'
import plugins from '#kit/plugins'
import { mailbox } from '#tests/helpers/mailbox'
import { createTicket, replyAndNote, startTicket } from '#tests/helpers/tickets'
import type { createTeam } from '#tests/helpers/factories'
import CsatRating from '../models/csat_rating.js'
import CsatLink from '../models/csat_link.js'
import Actor from '#actions/actor'

export type Team = Awaited<ReturnType<typeof createTeam>>

export const INTERNAL_NOTE = 'Internal: the customer broke it twice already'
export const PUBLIC_REPLY = 'I replaced the toner, please try again.'

/**
 * A ticket of the team's customer, worked by its agent (a public reply and
 * an internal note) and resolved, through the real actions: resolving
 * mails the rating request.
 */
export async function resolvedTicket(team: Team, subject = 'The printer prints blank pages') {
  const opened = await createTicket(team.customer.membership, { subject })
  const started = await startTicket(opened, team.manager.membership, team.agent.membership)
  await replyAndNote(started, team.agent.membership, PUBLIC_REPLY, INTERNAL_NOTE)
  return TransitionTicket.handle(Actor.forMember(team.agent.membership), {
    ticket: started,
    transition: 'resolve',
  })
}

export function transition(ticket: Ticket, name: 'reopen' | 'resolve' | 'close', team: Team) {
  const by = name === 'close' ? team.manager.membership : team.agent.membership
  return TransitionTicket.handle(Actor.forMember(by), { ticket, transition: name })
}

/**
 * The messages sent to an address, once the mails queued so far have
 * arrived: rating requests go through mail.sendLater, so they reach the
 * SMTP server a moment after the step that queued them.
 */
export async function mailsTo(address: string) {
  await mailbox.settled()
  return mailbox.to(address)
}

/** The rating link (path) of a rating request mail. */
export function ratingLink(mail: ParsedMail) {
  const link = mailbox.link(mail, '/csat/rate/')
  if (!link) throw new Error(`no rating link in the mail "${mail.subject}"`)
  return link
}

export function setCsat(organization: Organization, enabled: boolean) {
  return SetPluginEnabled.handle(Actor.system(organization), {
    plugin: plugins.find('csat')!,
    enabled,
  })
}

/** The rating link of the `nth` mail (1 = first) sent to an address. */
export async function linkMailedTo(address: string, nth = 1) {
  const mails = await mailsTo(address)
  return ratingLink(mails[nth - 1])
}

/** A ticket's stored rating, or null. */
export function storedRating(ticketId: number) {
  return CsatRating.findBy('ticket_id', ticketId)
}

/** How many rating links a ticket got. */
export async function linkCount(ticketId: number) {
  const links = await CsatLink.query().where('ticket_id', ticketId)
  return links.length
}
