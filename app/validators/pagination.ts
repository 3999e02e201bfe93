import vine from '@vinejs/vine'

/** ?page=&per_page= of a paginated API list (at most 100 rows a page). */
export const paginationValidator = vine.compile(
  vine.object({
    page: vine.number().positive().withoutDecimals().max(100_000).optional(),
    per_page: vine.number().positive().withoutDecimals().max(100).optional(),
  })
)
