import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { Infer } from '@vinejs/vine/types'
import CsatRating, { SCORES, SCORE_LABELS } from '../models/csat_rating.js'
import type { reportFiltersValidator } from '../validators.js'

export const COMMENTS_PER_PAGE = 20

export interface ReportFilters {
  from?: DateTime
  to?: DateTime
  /** Ratings of tickets this person had when they were rated. */
  agentId?: number
  page: number
}

/** The validated filters as the report reads them (the days were read in the viewer's zone). */
export function reportFilters(input: Infer<typeof reportFiltersValidator>): ReportFilters {
  return { page: input.page ?? 1, agentId: input.assignee, from: input.from, to: input.to }
}

/** An organization's ratings matching the filters (the report's indexes lead with these). */
function ratingsOf(organizationId: number, filters: ReportFilters) {
  const query = db.from('csat_ratings').where('csat_ratings.organization_id', organizationId)
  if (filters.agentId) query.where('csat_ratings.agent_id', filters.agentId)
  if (filters.from) query.where('csat_ratings.rated_at', '>=', filters.from.toUTC().toISO()!)
  if (filters.to) query.where('csat_ratings.rated_at', '<=', filters.to.toUTC().toISO()!)
  return query
}

const FIGURES = [
  db.raw('count(*)::int AS total'),
  db.raw('(count(*) FILTER (WHERE csat_ratings.score >= 4))::int AS satisfied'),
  db.raw('round(avg(csat_ratings.score), 2)::float AS average'),
]

export interface Figures {
  total: number
  satisfied: number
  average: number | null
  /** Share of 4 and 5 ratings, in whole percent; null without ratings. */
  score: number | null
}

function figuresOf(row: { total: number; satisfied: number; average: number | null }): Figures {
  return {
    total: row.total,
    satisfied: row.satisfied,
    average: row.average,
    score: row.total > 0 ? Math.round((row.satisfied * 100) / row.total) : null,
  }
}

/**
 * The CSAT report, computed in PostgreSQL: the score (share of 4–5
 * ratings), the distribution of scores 1–5, the figures per agent (the
 * assignee when the rating was given) and one page of comments.
 */
export async function csatReport(organizationId: number, filters: ReportFilters) {
  const summary = await ratingsOf(organizationId, filters)
    .select([
      ...FIGURES,
      ...SCORES.map((score) =>
        db.raw(`(count(*) FILTER (WHERE csat_ratings.score = ${score}))::int AS score_${score}`)
      ),
    ])
    .first()

  const overall = figuresOf(summary)
  const distribution = SCORES.map((score) => {
    const count: number = summary[`score_${score}`]
    return {
      score,
      label: SCORE_LABELS[score],
      count,
      percent: overall.total > 0 ? Math.round((count * 100) / overall.total) : 0,
    }
  }).reverse()

  // One row per person who had rated tickets: bounded by the team's size.
  const agentRows = await ratingsOf(organizationId, filters)
    .leftJoin('users', 'users.id', 'csat_ratings.agent_id')
    .groupBy('csat_ratings.agent_id', 'users.full_name')
    .select(['csat_ratings.agent_id', 'users.full_name', ...FIGURES])
    .orderByRaw('count(*) DESC, users.full_name ASC NULLS LAST')
  const agents = agentRows.map((row) => ({
    agentId: row.agent_id as number | null,
    name: (row.full_name as string | null) ?? 'Nobody assigned',
    ...figuresOf(row),
  }))

  const comments = await CsatRating.query()
    .whereIn('id', ratingsOf(organizationId, filters).whereNotNull('comment').select('id'))
    .where('organization_id', organizationId)
    .preload('ticket', (ticket) =>
      ticket.where('organization_id', organizationId).select('id', 'number', 'subject')
    )
    .preload('agent', (agent) => agent.select('id', 'full_name'))
    .orderBy('rated_at', 'desc')
    .orderBy('id', 'desc')
    .paginate(filters.page, COMMENTS_PER_PAGE)

  return { overall, distribution, agents, comments }
}
