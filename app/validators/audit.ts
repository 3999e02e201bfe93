import vine, { SimpleMessagesProvider } from '@vinejs/vine'
import { optionalDateRange, type DateRangeMeta } from '#validators/date_range'

/**
 * Filters of the audit trail page (query string). Validate with
 * { meta: { zone } }: the days are read in the viewer's zone.
 */
export const auditFiltersValidator = vine.withMetaData<DateRangeMeta>().compile(
  vine.object({
    // An exact action (ticket.accept) or a group (ticket.*).
    action: vine
      .string()
      .trim()
      .maxLength(60)
      .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?$/)
      .optional(),
    actor: vine.string().trim().maxLength(100).optional(),
    subject_type: vine
      .string()
      .trim()
      .maxLength(40)
      .regex(/^[a-z_]+$/)
      .optional(),
    subject: vine.string().trim().maxLength(40).optional(),
    ...optionalDateRange(),
    page: vine.number().positive().withoutDecimals().max(1_000_000).optional(),
  })
)

// Filter messages that name what to do (a GET form has no "field is required").
auditFiltersValidator.messagesProvider = new SimpleMessagesProvider(
  {
    'string': 'The {{ field }} must be text',
    'maxLength': 'The {{ field }} must have at most {{ max }} characters',
    'action.regex': 'Choose an action from the list',
    'subject_type.regex': 'Choose a subject type from the list',
    'page.number': 'The page must be a positive number',
    'page.positive': 'The page must be a positive number',
    'page.withoutDecimals': 'The page must be a positive number',
    'page.max': 'The page must be a positive number',
  },
  { subject_type: 'subject type' }
)
