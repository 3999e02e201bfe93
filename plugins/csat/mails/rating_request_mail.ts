import { BaseMail } from '@adonisjs/mail'
import type Organization from '#models/organization'
import type Ticket from '#models/ticket'
import type User from '#models/user'
import { LINK_VALID_DAYS } from '../models/csat_link.js'
import { SCORES, SCORE_LABELS } from '../models/csat_rating.js'

/**
 * Asks the requester of a resolved ticket how it went: the ticket's
 * reference and subject and a link per score. Nothing of the conversation
 * is included, so no internal note can travel in it. The links only open
 * the form (a mail scanner following them rates nothing).
 */
export default class RatingRequestMail extends BaseMail {
  subject: string

  constructor(
    private ticket: Ticket,
    private requester: User,
    private organization: Organization,
    private url: string
  ) {
    super()
    this.subject = `How did we do? ${ticket.reference}: ${ticket.subject}`
  }

  prepare() {
    const data = {
      ticket: { reference: this.ticket.reference, subject: this.ticket.subject },
      requester: { fullName: this.requester.fullName },
      organization: { name: this.organization.name },
      url: this.url,
      scores: [...SCORES].reverse().map((score) => ({
        score,
        label: SCORE_LABELS[score],
        url: `${this.url}?score=${score}`,
      })),
      validDays: LINK_VALID_DAYS,
    }
    this.message
      .to(this.requester.email, this.requester.fullName)
      .htmlView('csat::emails/rating_request_html', data)
      .textView('csat::emails/rating_request_text', data)
  }
}
