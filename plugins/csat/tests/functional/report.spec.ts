import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type Membership from '#models/membership'
import TransitionTicket from '#actions/tickets/transition_ticket'
import { SYSTEM_ACTOR } from '#kit/audit'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createTeam } from '#tests/helpers/factories'
import { createTicket, startTicket } from '#tests/helpers/tickets'
import RateTicket from '../../actions/rate_ticket.js'
import { csatReport } from '../../services/csat_report.js'
import type { Team } from '../helpers.js'

/** A ticket worked by `agent`, resolved, and rated by the team's customer `daysAgo` days ago. */
async function rated(
  team: Team,
  agent: Membership,
  score: number,
  options: { comment?: string; daysAgo?: number } = {}
) {
  const opened = await createTicket(team.customer.membership, { subject: `Rated ${score}` })
  const started = await startTicket(opened, team.manager.membership, agent)
  const resolved = await TransitionTicket.handle(started, 'resolve', agent, SYSTEM_ACTOR)
  const rating = await RateTicket.handle(
    resolved,
    { score, comment: options.comment },
    team.customer.user,
    SYSTEM_ACTOR
  )
  const ratedAt = DateTime.now().minus({ days: options.daysAgo ?? 1 })
  await db.from('csat_ratings').where('id', rating.id).update({ rated_at: ratedAt.toISO() })
  return rating
}

/** Two agents' rated tickets in one organization, and another organization's. */
async function ratedTeams() {
  const team = await createTeam({ name: 'Acme' })
  const second = await createMember(team.organization, 'agent', { fullName: 'Bea Second' })
  await rated(team, team.agent.membership, 5, { comment: 'Alex was <b>great</b>', daysAgo: 2 })
  await rated(team, team.agent.membership, 4)
  await rated(team, team.agent.membership, 2, { comment: 'Slow', daysAgo: 3 })
  await rated(team, team.agent.membership, 5, { daysAgo: 40 })
  await rated(team, second.membership, 3)
  await rated(team, second.membership, 1, { comment: 'Never again', daysAgo: 5 })
  await rated(team, second.membership, 4)

  const other = await createTeam({ name: 'Globex' })
  await rated(other, other.agent.membership, 1, { comment: 'Globex secret complaint' })
  return { team, second, other }
}

const ago = (days: number) => DateTime.now().minus({ days }).toISODate()!

test.group('CSAT: the report', (group) => {
  isolateEachTest(group)

  test('figures are computed per organization, agent and period', async ({ assert }) => {
    const { team, second } = await ratedTeams()
    const all = await csatReport(team.organization.id, { page: 1 })
    assert.deepEqual(all.overall, { total: 7, satisfied: 4, average: 3.43, score: 57 })
    assert.deepEqual(
      all.distribution.map((row) => [row.score, row.count, row.percent]),
      [
        [5, 2, 29],
        [4, 2, 29],
        [3, 1, 14],
        [2, 1, 14],
        [1, 1, 14],
      ]
    )
    assert.deepEqual(
      all.agents.map((row) => [row.name, row.total, row.satisfied, row.score, row.average]),
      [
        ['Alex Agent', 4, 3, 75, 4],
        ['Bea Second', 3, 1, 33, 2.67],
      ]
    )
    // Comments only, newest first; none of the other organization's.
    assert.deepEqual(
      all.comments.all().map((rating) => rating.comment),
      ['Alex was <b>great</b>', 'Slow', 'Never again']
    )
    assert.equal(all.comments.all()[0].ticket.subject, 'Rated 5')

    const recent = await csatReport(team.organization.id, {
      page: 1,
      from: DateTime.now().minus({ days: 30 }).startOf('day'),
    })
    assert.deepEqual(recent.overall, { total: 6, satisfied: 3, average: 3.17, score: 50 })

    const bea = await csatReport(team.organization.id, { page: 1, agentId: second.user.id })
    assert.deepEqual(bea.overall, { total: 3, satisfied: 1, average: 2.67, score: 33 })
    assert.deepEqual(
      bea.comments.all().map((rating) => rating.comment),
      ['Never again']
    )

    const window = await csatReport(team.organization.id, {
      page: 1,
      from: DateTime.now().minus({ days: 4 }).startOf('day'),
      to: DateTime.now().minus({ days: 2 }).endOf('day'),
    })
    assert.deepEqual(window.overall, { total: 2, satisfied: 1, average: 3.5, score: 50 })
  })

  test('managers see everyone, with the chart as text; agents only their own', async ({
    client,
    assert,
  }) => {
    const { team, second, other } = await ratedTeams()

    const page = await client.get('/desk/csat').loginAs(team.manager.user)
    page.assertStatus(200)
    const html = page.text()
    assert.include(html, 'data-csat-score="57"')
    assert.include(html, '57 %')
    assert.include(html, '4 of 7 ratings are 4 or 5')
    assert.match(html, /data-csat-distribution="5"[\s\S]*?2 \(29 %\)/)
    assert.match(html, /data-csat-distribution="1"[\s\S]*?1 \(14 %\)/)
    assert.include(html, '<rect x="0%" width="29%" height="100%" class="fill-ok"/>')
    assert.include(html, `data-csat-agent="${second.user.id}"`)
    assert.include(html, 'Alex was &lt;b&gt;great&lt;/b&gt;')
    assert.notInclude(html, 'Globex secret complaint')
    assert.include(html, 'href="/desk/csat"')

    const filtered = await client
      .get(`/desk/csat?from=${ago(30)}&to=&assignee=${second.user.id}`)
      .loginAs(team.admin.user)
    filtered.assertStatus(200)
    assert.include(filtered.text(), 'data-csat-score="33"')
    assert.include(filtered.text(), `value="${ago(30)}"`)

    // The agent sees their own figures, whatever they ask for.
    for (const url of ['/desk/csat', `/desk/csat?assignee=${second.user.id}`]) {
      const own = await client.get(url).loginAs(team.agent.user)
      own.assertStatus(200)
      assert.include(own.text(), 'data-csat-score="75"', url)
      assert.notInclude(own.text(), 'Never again')
      assert.notInclude(own.text(), 'By agent')
      assert.notInclude(own.text(), 'name="assignee"')
    }

    const customer = await client.get('/desk/csat').loginAs(team.customer.user)
    customer.assertStatus(403)

    const globex = await client.get('/desk/csat').loginAs(other.manager.user)
    assert.include(globex.text(), 'Globex secret complaint')
    assert.notInclude(globex.text(), 'Never again')
  })

  test('bad filters come back with their messages, the form filled in', async ({
    client,
    assert,
  }) => {
    const { team, other } = await ratedTeams()
    const cases: Array<[string, string]> = [
      ['from=yesterday', 'Enter a date such as 2026-11-03'],
      ['to=2026-02-30', 'Enter a date such as 2026-11-03'],
      ['from=2026-05-10&to=2026-05-01', 'The end date is before the start date'],
      ['assignee=nobody', 'Choose a person from the list'],
      [`assignee=${other.agent.user.id}`, 'Choose a person from the list'],
      [`assignee=${team.customer.user.id}`, 'Choose a person from the list'],
      ['page=0', 'The page must be a positive number'],
    ]
    for (const [query, message] of cases) {
      const response = await client.get(`/desk/csat?${query}`).loginAs(team.manager.user)
      response.assertStatus(422)
      assert.include(response.text(), message, query)
      assert.notInclude(response.text(), 'data-csat-score', query)
    }
    const kept = await client.get('/desk/csat?from=yesterday').loginAs(team.manager.user)
    assert.include(kept.text(), 'value="yesterday"')
    assert.include(kept.text(), 'aria-invalid="true"')
  })

  test('without ratings the page says so', async ({ client, assert }) => {
    const team = await createTeam()
    const page = await client.get('/desk/csat').loginAs(team.manager.user)
    page.assertStatus(200)
    assert.include(page.text(), 'No ratings in this period.')
    assert.include(page.text(), 'No comments in this period.')
  })

  test('the report reads through its indexes', async ({ assert }) => {
    const indexes = await db
      .from('pg_indexes')
      .where('tablename', 'csat_ratings')
      .select('indexname', 'indexdef')
    const definitions = indexes.map((row) => row.indexdef as string)
    assert.isTrue(definitions.some((def) => def.includes('(organization_id, rated_at)')))
    assert.isTrue(definitions.some((def) => def.includes('(organization_id, agent_id, rated_at)')))
    assert.isTrue(definitions.some((def) => /UNIQUE.*\(ticket_id\)/.test(def)))
  })
})
