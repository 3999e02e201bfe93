import db from '@adonisjs/lucid/services/db'
import { snippetHeadlineOptions, snippetParts } from '#kit/snippets'
import type { ArticleVisibility } from '../models/kb_article.js'

export interface ArticleSearch {
  organizationId: number
  /** What the person typed. */
  q: string
  /** The organization's text-search configuration (kbSettingsFor). */
  language: string
  /** Visibilities the reader may see (visibilitiesFor). */
  visibilities: ArticleVisibility[]
  /** Statuses to search (the desk: drafts too). Default: published only. */
  statuses?: string[]
  limit?: number
  offset?: number
  /** Count every match too (a pager); skipped for suggestion lists. */
  count?: boolean
  /** Highlighted extracts of the bodies of the returned articles. */
  snippets?: boolean
  /**
   * Match any of the words rather than all (suggestions for a ticket's
   * subject: a sentence, not search terms); more words found rank higher.
   */
  anyWord?: boolean
}

export interface ArticleHit {
  id: number
  title: string
  slug: string
  visibility: ArticleVisibility
  status: string
  categoryId: number | null
  score: number
  /** Plain and highlighted parts of an extract: print each escaped. */
  snippet: Array<{ text: string; highlighted: boolean }>
}

const HEADLINE_OPTIONS = snippetHeadlineOptions(30)

/**
 * Full-text search of an organization's articles, with typo tolerance.
 *
 * An article matches when its search vector (title A, tags B, body C, in
 * the organization's language) matches the words typed, or when the text
 * typed is close to a word sequence of its title (pg_trgm's word
 * similarity, `<%`, threshold 0.6: "pasword" finds "Reset your password").
 * Each condition has its GIN index (PostgreSQL ORs the two bitmaps, then
 * keeps the organization's rows). Full-text matches come first, by
 * ts_rank; title-only (typo) matches follow, by similarity. The snippets
 * (ts_headline reads the whole body) are made for the returned page only.
 */
export async function searchArticles(search: ArticleSearch) {
  const q = search.q.trim().slice(0, 200)
  if (!q || search.visibilities.length === 0) return { hits: [] as ArticleHit[], total: 0 }
  const limit = search.limit ?? 10
  const offset = search.offset ?? 0
  const query = search.anyWord ? `?::tsquery` : `websearch_to_tsquery(?::regconfig, ?)`
  // With anyWord, the bindings of `query` are the rewritten tsquery and nothing.
  const queryArgs = search.anyWord ? [await anyTitleWord(search.language, q)] : [search.language, q]
  // The matching ids come from one GIN lookup per condition. PostgreSQL
  // under-costs testing `@@` and `<%` row by row (a trigram comparison is
  // far dearer than it assumes), so it read the whole table instead: 60 to
  // 110 ms with 10,000 articles, against a few ms through the indexes
  // (plugins/kb/bench/README.md). Sequential scans are off for this
  // statement's transaction only.
  // Typos: the text typed, or with anyWord each of its longer words, close
  // to words of a title.
  const near = search.anyWord ? typoCandidates(q) : [q]
  const where = `a.id = ANY(ARRAY(
        SELECT m.id FROM kb_articles m WHERE m.search @@ ${query}
        UNION
        SELECT m.id FROM kb_articles m WHERE ${near.map(() => '? <% m.title').join(' OR ')}))
      AND a.organization_id = ?
      AND a.visibility = ANY(?)
      AND a.status = ANY(?)`
  const whereBindings = [
    ...queryArgs,
    ...near,
    search.organizationId,
    search.visibilities,
    search.statuses ?? ['published'],
  ]

  const { rows, total } = await db.transaction(async (trx) => {
    // Restored afterwards: inside an outer transaction (a savepoint) the
    // setting would otherwise outlive this search.
    const { rows: setting } = await trx.rawQuery(
      `SELECT current_setting('enable_seqscan') AS previous, set_config('enable_seqscan', 'off', true)`
    )
    const found = await trx.rawQuery(
      `SELECT a.id, a.title, a.slug, a.visibility, a.status, a.category_id,
              CASE WHEN a.search @@ ${query}
                   THEN 1 + ts_rank(a.search, ${query})
                   ELSE word_similarity(?, a.title) END AS score,
              ${search.count ? 'count(*) OVER ()' : 'NULL'} AS total
         FROM kb_articles a
        WHERE ${where}
        ORDER BY score DESC, a.id DESC
        LIMIT ? OFFSET ?`,
      [...queryArgs, ...queryArgs, q, ...whereBindings, limit, offset]
    )
    let counted = found.rows.length > 0 ? Number(found.rows[0].total ?? found.rows.length) : offset
    // A page past the last one still tells how many there are.
    if (search.count && found.rows.length === 0 && offset > 0) {
      const again = await trx.rawQuery(
        `SELECT count(*)::int AS total FROM kb_articles a WHERE ${where}`,
        whereBindings
      )
      counted = again.rows[0].total
    }
    await trx.rawQuery(`SELECT set_config('enable_seqscan', ?, true)`, [setting[0].previous])
    return { rows: found.rows, total: counted }
  })

  const snippets = search.snippets
    ? await snippetsOf(
        search.organizationId,
        rows.map((row: { id: number }) => row.id),
        search.language,
        query,
        queryArgs
      )
    : new Map<number, string>()

  const hits: ArticleHit[] = rows.map(
    (row: {
      id: number
      title: string
      slug: string
      visibility: ArticleVisibility
      status: string
      category_id: number | null
      score: string | number
    }) => ({
      id: row.id,
      title: row.title,
      slug: row.slug,
      visibility: row.visibility,
      status: row.status,
      categoryId: row.category_id,
      score: Number(row.score),
      snippet: snippetParts(snippets.get(row.id) ?? ''),
    })
  )
  return { hits, total }
}

/**
 * ts_headline of each article's plain text around the words searched for
 * (the matched words between \u0001 and \u0002, which article bodies never
 * hold: articleText strips control characters). Computed for the returned
 * page only: it reads the whole body.
 */
async function snippetsOf(
  organizationId: number,
  ids: number[],
  language: string,
  query: string,
  queryArgs: unknown[]
) {
  if (ids.length === 0) return new Map<number, string>()
  const { rows } = await db.rawQuery(
    `SELECT a.id, ts_headline(?::regconfig, a.body_text, ${query}, ?) AS snippet
       FROM kb_articles a
      WHERE a.organization_id = ? AND a.id = ANY(?)`,
    [language, ...queryArgs, HEADLINE_OPTIONS, organizationId, ids]
  )
  return new Map<number, string>(
    rows.map((row: { id: number; snippet: string }) => [row.id, row.snippet])
  )
}

/**
 * The words typed as a query that matches any of them in a title or in
 * the tags (weights A and B): a ticket's subject is a sentence, and its
 * words matched anywhere in the bodies would rank most articles (the
 * bench's "printer on floor 2 is jammed" found 93 % of them).
 */
async function anyTitleWord(language: string, q: string) {
  const { rows } = await db.rawQuery(
    'SELECT websearch_to_tsquery(?::regconfig, ?)::text AS query',
    [language, q]
  )
  const text: string = rows[0].query
  // Lexemes are quoted ('it''s'); operators are outside the quotes.
  return text.replace(/'(?:[^']|'')*'|[^']+/g, (token) =>
    token.startsWith("'") ? `${token}:AB` : token.replaceAll('&', '|')
  )
}

/** The longer words of a sentence (at most 6): each may carry a typo. */
function typoCandidates(q: string) {
  const words = [...new Set(q.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? [])]
  words.sort((left, right) => right.length - left.length)
  return words.length > 0 ? words.slice(0, 6) : [q]
}
