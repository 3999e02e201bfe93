import { test } from '@japa/runner'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createTeam } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'
import { createEntry, novemberFigures } from '../helpers/time.js'

const november = '/desk/time?from=2026-11-01&to=2026-11-30'

test.group('Time tracking: reports', (group) => {
  isolateEachTest(group)

  test('per organization, per agent, per ticket, billable or not, over the range', async ({
    client,
    assert,
  }) => {
    const { manager, printer, vpn, second } = await novemberFigures()
    const response = await client.get(november).loginAs(manager.user)
    response.assertStatus(200)
    const html = response.text()

    assert.include(html, 'Initech, Inc., 2026-11-01 to 2026-11-30')
    assert.include(html, 'data-figure="total">3 h</dd>')
    assert.include(html, 'data-figure="billable">2 h 15 min</dd>')
    assert.include(html, 'data-figure="non-billable">45 min</dd>')
    assert.include(html, 'data-figure="counts">4 · 2</dd>')

    // Agents, most time first, with their split.
    const agents = [...html.matchAll(/<tr data-agent="\d+">[\s\S]*?<\/tr>/g)].map((m) =>
      m[0]
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
    )
    assert.deepEqual(agents, [
      'Alex Agent 2 h (1 h 30 min billable, 30 min not)',
      'Blake Agent 45 min (45 min billable, 0 min not)',
      'Morgan Manager 15 min (0 min billable, 15 min not)',
    ])
    // The chart's bars are drawn to the largest total (Alex: 120 min).
    assert.include(html, `<tr data-agent="${second.user.id}">`)
    assert.include(html, '<rect x="0%" width="75%" height="100%" class="fill-accent"/>')
    assert.include(html, '<rect x="75%" width="25%" height="100%" class="fill-muted"/>')

    const rows = [...html.matchAll(/<tr data-ticket="([^"]+)">([\s\S]*?)<\/tr>/g)].map((m) => [
      m[1],
      m[2]
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    ])
    assert.deepEqual(rows, [
      [printer.reference, `${printer.reference}: Printer jammed 2 h 1 h 30 min 30 min`],
      [vpn.reference, `${vpn.reference}: VPN down 1 h 45 min 15 min`],
    ])
    assert.notInclude(html, 'Globex')
  })

  test('without a range it shows the current month', async ({ client, assert }) => {
    const { manager } = await createTeam()
    const response = await client.get('/desk/time').loginAs(manager.user)
    response.assertStatus(200)
    const now = new Date()
    const month = now.toISOString().slice(0, 8)
    assert.include(response.text(), `value="${month}01"`)
    assert.include(response.text(), `value="${now.toISOString().slice(0, 10)}"`)
    assert.include(response.text(), 'No time was logged in this period.')
  })

  test('a bad range answers 422 with the form filled in and its messages', async ({
    client,
    assert,
  }) => {
    const { manager } = await createTeam()
    const cases = [
      {
        qs: 'from=2026-13-01&to=2026-11-30',
        field: 'from',
        message: 'Enter a date such as 2026-11-01',
      },
      { qs: 'from=2026-11-01&to=soon', field: 'to', message: 'Enter a date such as 2026-11-30' },
      {
        qs: 'from=2026-11-30&to=2026-11-01',
        field: 'to',
        message: 'The last day must be on or after the first day',
      },
      {
        qs: 'from=2024-01-01&to=2026-01-01',
        field: 'to',
        message: 'A report covers at most 366 days',
      },
      { qs: 'from=&to=2026-11-01', field: 'from', message: 'Enter the first day of the report' },
    ]
    for (const { qs, field, message } of cases) {
      for (const path of ['/desk/time', '/desk/time/export']) {
        const response = await client.get(`${path}?${qs}`).loginAs(manager.user)
        response.assertStatus(422)
        const html = response.text()
        assert.include(
          html,
          `<p id="report-${field}-error" class="field-error" role="alert">${message}</p>`,
          qs
        )
        for (const value of new URLSearchParams(qs).values()) {
          assert.include(html, `value="${value}"`)
        }
        assert.notInclude(html, 'data-figure=')
      }
    }
  })

  test('agents and customers may not read reports; the nav entry is in the desk', async ({
    client,
    assert,
  }) => {
    const { agent, customer, admin } = await createTeam()
    const asked = [
      [november, agent.user, 403],
      ['/desk/time/export?from=2026-11-01&to=2026-11-30', agent.user, 403],
      [november, customer.user, 403],
      [november, admin.user, 200],
    ] as const
    for (const [url, user, status] of asked) {
      const response = await client.get(url).loginAs(user)
      response.assertStatus(status)
    }
    const desk = await client.get('/desk').loginAs(admin.user)
    assert.include(desk.text(), 'href="/desk/time"')
    assert.include(desk.text(), 'Time reports')
    const guest = await client.get(november).redirects(0)
    guest.assertStatus(302)
    guest.assertHeader('location', '/login')
  })

  test('the ticket table pages in PostgreSQL', async ({ client, assert }) => {
    const { manager, customer, agent } = await createTeam()
    for (let index = 0; index < 27; index++) {
      const ticket = await createTicket(customer.membership, { subject: `Ticket ${index}` })
      await createEntry(ticket, agent.membership, { minutes: 100 - index, workDate: '2026-11-05' })
    }
    const first = await client.get(november).loginAs(manager.user)
    assert.equal(first.text().match(/<tr data-ticket=/g)?.length, 25)
    assert.include(first.text(), 'Page 1 of 2 · 27 tickets')
    const second = await client.get(`${november}&page=2`).loginAs(manager.user)
    assert.equal(second.text().match(/<tr data-ticket=/g)?.length, 2)
    assert.include(second.text(), 'Ticket 26')
    assert.include(second.text(), 'data-figure="counts">27 · 27</dd>')
  })
})
