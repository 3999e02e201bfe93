import db from '@adonisjs/lucid/services/db'
import { ModelPaginator } from '@adonisjs/lucid/orm'
import type {
  LucidModel,
  LucidRow,
  ModelPaginatorContract,
  ModelQueryBuilderContract,
} from '@adonisjs/lucid/types/model'

/**
 * Lists count their rows no further than this: past it the desk says
 * "1,000+ tickets" and the API `meta.total_capped`. Lucid's paginate()
 * runs the whole query a second time as count(*), which for a search or a
 * large view cost as much as the page itself (issue #12: 123 ms for a
 * common word).
 */
export const COUNT_CAP = 1000

export interface CappedPageOptions {
  page: number
  perPage: number
  /** The exact number of rows of this very query, when the caller knows it: no counting. */
  knownTotal?: number
  /** Count no further than this (default COUNT_CAP). */
  cap?: number
  /**
   * A column the page query selects holding its row count before LIMIT
   * (`count(*) OVER ()`), read instead of a count query when the page has
   * rows: for a query whose rows are all computed anyway (a search ranks
   * its candidates), counting them again would repeat the work.
   */
  totalColumn?: string
}

/**
 * A Lucid paginator (page links, baseUrl, queryString as usual) whose
 * total may be a floor: with `totalCapped`, there are at least `total`
 * rows, and `lastPage` reaches one page past the current one while more
 * rows follow, so "next" links keep working.
 */
export type CappedPage<Row extends LucidRow> = ModelPaginatorContract<Row> & {
  readonly totalCapped: boolean
}

class CappedPaginator extends ModelPaginator {
  totalCapped = false
}

/**
 * One page of a query by LIMIT/OFFSET, with its total: the caller's
 * `knownTotal`, else what the page itself tells (a page that is not full
 * ends the list), else count(*) over the first `cap + 1` rows only. One
 * row more than the page is fetched to know whether another page follows.
 */
export async function paginateCapped<Model extends LucidModel>(
  query: ModelQueryBuilderContract<Model>,
  options: CappedPageOptions
): Promise<CappedPage<InstanceType<Model>>> {
  const { page, perPage, knownTotal, totalColumn } = options
  const cap = options.cap ?? COUNT_CAP
  const offset = (page - 1) * perPage
  const counting = knownTotal === undefined ? query.clone() : null
  const fetched = await query.offset(offset).limit(perPage + 1)
  const rows = fetched.slice(0, perPage)
  const more = fetched.length > perPage

  // Either the exact total, or a count that may have reached past the cap.
  let exact: number | null = null
  let counted = 0
  if (knownTotal !== undefined) exact = knownTotal
  else if (totalColumn && fetched.length > 0) counted = Number(fetched[0].$extras[totalColumn])
  else if (fetched.length > 0 && !more)
    exact = offset + fetched.length // the last page
  else if (fetched.length === 0 && page === 1) exact = 0
  else if (offset + fetched.length > cap)
    counted = offset + fetched.length // past the cap already
  else counted = await cappedCount(counting!, cap)

  const capped = exact === null && counted > cap
  // Capped, the total is a floor: what is known to exist, at least the cap.
  const known = fetched.length > 0 ? offset + fetched.length : 0
  const total = exact ?? (capped ? Math.max(cap, known) : counted)

  const paginator = new CappedPaginator(total, perPage, page, ...rows)
  paginator.totalCapped = capped
  paginator.namingStrategy = query.model.namingStrategy
  return paginator as unknown as CappedPage<InstanceType<Model>>
}

/** count(*) of a query's rows, stopping at cap + 1. */
async function cappedCount<Model extends LucidModel>(
  query: ModelQueryBuilderContract<Model>,
  cap: number
) {
  const firstRows = query
    .clearOrder()
    .clearSelect()
    .clearLimit()
    .clearOffset()
    .select(db.raw('1'))
    .limit(cap + 1)
  const [{ total }] = await db.from(firstRows.as('first_rows')).count('* as total')
  return Number(total)
}
