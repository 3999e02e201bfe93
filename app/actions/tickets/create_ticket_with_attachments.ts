import type { MultipartFile } from '@adonisjs/core/bodyparser'
import type Actor from '#actions/actor'
import AttachFiles from '#actions/attachments/attach_files'
import CreateTicket, { type CreateTicketInput } from '#actions/tickets/create_ticket'
import { attachAfterCreating } from '#actions/attachments/attach_after_creating'

/**
 * Opens a ticket with files (the portal's and the desk's "new" forms): the
 * files are checked first, so a refused file refuses the whole form and
 * no ticket is made; then the ticket is created (CreateTicket) and the
 * files attached to it (AttachFiles). Without files it is CreateTicket.
 *
 * Returns the ticket, its attachments and, in the rare case the files
 * could not be stored once the ticket existed (storage failing), the
 * message to show: the ticket is kept, so the form is not refused (a
 * second submission would open a duplicate).
 */
export default class CreateTicketWithAttachments {
  static async handle(
    actor: Actor,
    { files, ...input }: CreateTicketInput & { files: MultipartFile[] }
  ) {
    await AttachFiles.precheck(files)
    const ticket = await CreateTicket.handle(actor, input)
    const attached = await attachAfterCreating(actor, ticket, null, files)
    return { ticket, ...attached }
  }
}
