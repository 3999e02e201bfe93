import db from '@adonisjs/lucid/services/db'
import { snippetParts } from '#services/tickets/ticket_page'
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

const HEADLINE_OPTIONS =
  'StartSel=\u0001, StopSel=\u0002, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'

/**
 * Full-text search of an organization's articles, with typo tolerance.
 *
 * An article matches when its search vector (title A, tags B, body C, in
 * the organization's language) matches the words typed, or when the text
 * typed is close to a word sequence of its title (pg_trgm's word
 * similarity, `<%`, threshold 0.6: "pasword" finds "Reset your password").
 * Both conditions are served by GIN indexes that include the
 * organization. Full-text matches come first, by ts_rank; title-only
 * (typo) matches follow, by similarity.
 */
export async function searchArticles(search: ArticleSearch) {
  const q = search.q.trim().slice(0, 200)
  if (!q || search.visibilities.length === 0) return { hits: [] as ArticleHit[], total: 0 }
  const limit = search.limit ?? 10
  const offset = search.offset ?? 0
  const query = search.anyWord
    ? `replace(websearch_to_tsquery(?::regconfig, ?)::text, ' & ', ' | ')::tsquery`
    : `websearch_to_tsquery(?::regconfig, ?)`
  const where = `a.organization_id = ?
      AND a.visibility = ANY(?)
      AND a.status = ANY(?)
      AND (a.search @@ ${query} OR ? <% a.title)`
  const whereBindings = [
    search.organizationId,
    search.visibilities,
    search.statuses ?? ['published'],
    search.language,
    q,
    q,
  ]

  const { rows } = await db.rawQuery(
    `SELECT a.id, a.title, a.slug, a.visibility, a.status, a.category_id,
            CASE WHEN a.search @@ ${query}
                 THEN 1 + ts_rank(a.search, ${query})
                 ELSE word_similarity(?, a.title) END AS score
       FROM kb_articles a
      WHERE ${where}
      ORDER BY score DESC, a.id DESC
      LIMIT ? OFFSET ?`,
    [search.language, q, search.language, q, q, ...whereBindings, limit, offset]
  )

  let total = rows.length + offset
  if (search.count && (rows.length === limit || offset > 0)) {
    const counted = await db.rawQuery(
      `SELECT count(*)::int AS total FROM kb_articles a WHERE ${where}`,
      whereBindings
    )
    total = counted.rows[0].total
  }

  const snippets = search.snippets
    ? await snippetsOf(
        search.organizationId,
        rows.map((row: { id: number }) => row.id),
        search.language,
        q,
        query
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
  q: string,
  query: string
) {
  if (ids.length === 0) return new Map<number, string>()
  const { rows } = await db.rawQuery(
    `SELECT a.id, ts_headline(?::regconfig, a.body_text, ${query}, ?) AS snippet
       FROM kb_articles a
      WHERE a.organization_id = ? AND a.id = ANY(?)`,
    [language, language, q, HEADLINE_OPTIONS, organizationId, ids]
  )
  return new Map<number, string>(
    rows.map((row: { id: number; snippet: string }) => [row.id, row.snippet])
  )
}
