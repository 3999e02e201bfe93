import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import Ticket from '#models/ticket'
import { TicketSla } from '#services/sla/ticket_sla'
import type Actor from '#actions/actor'

/**
 * Recomputes the due dates of open tickets from their priority's current
 * policy and calendar (after a calendar or policy change): finished pauses
 * are measured again in the calendar's business minutes. Tickets are taken
 * in id order, a batch per transaction with the rows locked, so lifecycle
 * actions running meanwhile wait instead of being overwritten.
 */
export default class RecalculateSla {
  static async handle(
    _actor: Actor,
    options: {
      /** One organization's tickets; all organizations' without. */
      organizationId?: number
      batchSize?: number
      onStart?: (total: number) => void
      onProgress?: (done: number) => void
    } = {}
  ) {
    const batchSize = options.batchSize ?? 500
    const open = () => {
      const query = Ticket.query().whereNot('status', 'closed')
      if (options.organizationId !== undefined) {
        query.where('organization_id', options.organizationId)
      }
      return query
    }
    const [{ total }] = await open().count('* as total').pojo<{ total: number }>()
    options.onStart?.(Number(total))

    let lastId = 0
    let done = 0
    let changed = 0
    while (true) {
      const batch = await db.transaction(async (trx) => {
        const tickets = await open()
          .useTransaction(trx)
          .where('id', '>', lastId)
          .orderBy('id')
          .limit(batchSize)
          .forUpdate()
        for (const ticket of tickets) {
          await new TicketSla(ticket, trx).retarget('recalculated')
          // Any SLA column may change (the policy, a repaired pause), not only the due dates.
          if (ticket.$isDirty) {
            // Only the SLA columns: a recalculation is not activity on the
            // ticket, so its updated_at (the inbox's order) stays.
            const columns = Object.fromEntries(
              Object.entries(ticket.$dirty).map(([attribute, value]) => [
                Ticket.$getColumn(attribute)!.columnName,
                value instanceof DateTime ? value.toJSDate() : value,
              ])
            )
            await trx.from('tickets').where('id', ticket.id).update(columns)
            changed++
          }
        }
        return tickets
      })
      if (batch.length === 0) break
      lastId = batch[batch.length - 1].id
      done += batch.length
      options.onProgress?.(done)
      if (batch.length < batchSize) break
    }
    return { tickets: done, changed }
  }
}
