import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import type User from '#models/user'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTeam } from '#tests/helpers/factories'
import { createTicket, replyAndNote, startTicket } from '#tests/helpers/tickets'
import { queriesDuring } from '#tests/helpers/query_count'

/** The statements one page costs, after a first request (warm caches). */
async function statementsOf(client: ApiClient, url: string, user: User) {
  const first = await client.get(url).loginAs(user)
  first.assertStatus(200)
  let status = 0
  const statements = await queriesDuring(async () => {
    const response = await client.get(url).loginAs(user)
    status = response.status()
  })
  return { status, statements }
}

/**
 * No N+1: a page's number of SQL statements does not grow with the rows it
 * shows (25 inbox rows, 20 comments). Each page is read with few rows, then
 * with many; both counts must be equal (but for the capped count of a list
 * longer than its page).
 */
test.group('Pages: SQL statements per request', (group) => {
  isolateEachTest(group)

  test('the desk inbox, a search and the portal list cost as many statements for 25 rows as for 2', async ({
    client,
    assert,
  }) => {
    const team = await createTeam({ name: 'Counting' })
    const open = async (count: number) => {
      for (let index = 0; index < count; index++) {
        const ticket = await createTicket(team.customer.membership, { subject: `Printer ${index}` })
        if (index % 2) await startTicket(ticket, team.manager.membership, team.agent.membership)
      }
    }
    const pages = [
      { url: '/desk/tickets', user: team.agent.user },
      { url: '/desk/tickets?view=all&q=printer', user: team.agent.user },
      { url: '/tickets', user: team.customer.user },
    ]
    await open(2)
    const few = []
    for (const page of pages) few.push(await statementsOf(client, page.url, page.user))
    await open(30)
    for (const [index, page] of pages.entries()) {
      const many = await statementsOf(client, page.url, page.user)
      assert.equal(many.status, 200)
      assert.isAtLeast(many.statements.length, 1, page.url)
      // A list that fits on its page knows its total; a longer one counts
      // its first 1,001 rows (#queries/capped_pagination): that statement
      // only may come in addition.
      const counted = (statements: string[]) =>
        statements.filter((sql) => !/^select count\(\*\) as "total" from \(select 1 /.test(sql))
      assert.deepEqual(
        counted(many.statements).length,
        counted(few[index].statements).length,
        `${page.url}:\n${many.statements.join('\n')}`
      )
      assert.isAtMost(many.statements.length - counted(many.statements).length, 1, page.url)
    }
  }).timeout(60_000)

  test('the desk and portal ticket pages cost as many statements with 20 comments as with 2', async ({
    client,
    assert,
  }) => {
    const team = await createTeam({ name: 'Counting' })
    const ticket = await startTicket(
      await createTicket(team.customer.membership),
      team.manager.membership,
      team.agent.membership
    )
    const pages = [
      { url: `/desk/tickets/${ticket.reference}`, user: team.agent.user },
      { url: `/tickets/${ticket.reference}`, user: team.customer.user },
    ]
    await replyAndNote(ticket, team.agent.membership, 'First answer', 'First note')
    const few = []
    for (const page of pages) few.push(await statementsOf(client, page.url, page.user))
    for (let index = 0; index < 9; index++) {
      await replyAndNote(ticket, team.agent.membership, `Answer ${index}`, `Note ${index}`)
    }
    for (const [index, page] of pages.entries()) {
      const many = await statementsOf(client, page.url, page.user)
      assert.equal(many.status, 200)
      assert.deepEqual(
        many.statements.length,
        few[index].statements.length,
        `${page.url}:\n${many.statements.join('\n')}`
      )
    }
  }).timeout(60_000)
})
