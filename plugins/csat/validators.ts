import vine, { SimpleMessagesProvider } from '@vinejs/vine'
import { optionalDateRange, type DateRangeMeta } from '#kit/date_range'

export const COMMENT_MAX_LENGTH = 2000

/** A rating: a whole score from 1 to 5 and an optional comment. */
export const ratingValidator = vine.compile(
  vine.object({
    score: vine.number().withoutDecimals().range([1, 5]),
    comment: vine.string().trim().maxLength(COMMENT_MAX_LENGTH).nullable().optional(),
  })
)

const chooseScore = 'Choose a score from 1 to 5'
ratingValidator.messagesProvider = new SimpleMessagesProvider({
  'score.required': chooseScore,
  'score.number': chooseScore,
  'score.withoutDecimals': chooseScore,
  'score.range': chooseScore,
  'comment.string': 'The comment must be text',
  'comment.maxLength': 'The comment must have at most {{ max }} characters',
})

/**
 * Filters of the CSAT report (query string; an empty field means "any").
 * Validate with { meta: { zone } }: the days are read in the viewer's zone.
 */
export const reportFiltersValidator = vine.withMetaData<DateRangeMeta>().compile(
  vine.object({
    ...optionalDateRange(),
    assignee: vine.number().positive().withoutDecimals().max(2_147_483_647).optional(),
    page: vine.number().positive().withoutDecimals().max(1_000_000).optional(),
  })
)

const choosePerson = 'Choose a person from the list'
const pageMessage = 'The page must be a positive number'
reportFiltersValidator.messagesProvider = new SimpleMessagesProvider({
  'string': 'The {{ field }} must be text',
  'assignee.number': choosePerson,
  'assignee.positive': choosePerson,
  'assignee.withoutDecimals': choosePerson,
  'assignee.max': choosePerson,
  'page.number': pageMessage,
  'page.positive': pageMessage,
  'page.withoutDecimals': pageMessage,
  'page.max': pageMessage,
})
