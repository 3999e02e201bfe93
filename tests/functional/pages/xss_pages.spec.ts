import { test } from '@japa/runner'
import type { Assert } from '@japa/assert'
import AddComment from '#actions/tickets/add_comment'
import UpdateTicket from '#actions/tickets/update_ticket'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createOrganization } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'
import { XSS_PAYLOADS, executableMarkup } from '#tests/fixtures/xss_payloads'
import Actor from '#actions/actor'

/**
 * Every payload of the corpus as a ticket's subject, description, tag,
 * public reply and internal note (and the requester's name), on every page
 * that shows them: the portal's list and ticket page, the desk inbox (with
 * search extracts) and the desk ticket page. What comes back must be
 * inert: the page's own scripts only, no event-handler or style attribute
 * anywhere, no script-capable URL in any tag, and nothing executable
 * inside the user-written regions.
 */

/** Elements of our own markup (forms, icons, logo, bundles), allowed in a whole page. */
const OWN_ELEMENTS = new Set([
  'html',
  'body',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'svg',
  'img',
  'script',
  'meta',
  'link',
])

/** The app's bundles, on every page. */
const BUNDLES = [
  '<script type="module" src="/@vite/client">',
  '<script type="module" src="/resources/js/app.js">',
]

const scriptTags = (html: string) => [...html.matchAll(/<script\b[^>]*>/gi)].map(([tag]) => tag)

/**
 * The scripts a page has for a harmless ticket: the bundles, and the
 * browser modules of the organization's plugins (the manifest's `assets`,
 * same-origin files built by Vite, never inline code).
 */
function ownScriptsOf(assert: Assert, html: string, where: string) {
  const scripts = scriptTags(html)
  assert.includeMembers(scripts, BUNDLES, where)
  for (const tag of scripts.filter((script) => !BUNDLES.includes(script))) {
    assert.match(tag, /^<script type="module" src="\/[a-z0-9_/.-]+\.(js|ts)">$/, `${where}: ${tag}`)
  }
  return scripts
}

function assertInert(assert: Assert, html: string, where: string, ownScripts = BUNDLES) {
  assert.deepEqual(scriptTags(html), ownScripts, `${where}: only the page's own scripts`)
  assert.lengthOf(html.match(/<body\b/gi) ?? [], 1, `${where}: one body`)
  assert.lengthOf(html.match(/<base\b/gi) ?? [], 0, `${where}: no base`)
  // A form field's value is text, whatever it spells (a tag filled in with
  // "javascript:…" runs nothing). A quoted value cannot hide anything: an
  // unescaped quote would end it, and the rest would still be judged.
  const withoutValues = html.replace(/\svalue="[^"]*"/g, ' value=""')
  const problems = executableMarkup(withoutValues).filter((problem) => {
    const element = /^element <([a-z0-9-]+)>/.exec(problem)?.[1]
    return !element || !OWN_ELEMENTS.has(element)
  })
  assert.deepEqual(problems, [], `${where}: executable markup`)

  const regions = [...html.matchAll(/<div [^>]*data-user-content>([\s\S]*?)<\/div>/g)].map(
    (match) => match[1]
  )
  for (const region of regions) {
    assert.deepEqual(executableMarkup(region), [], `${where}: inside user-written text`)
  }
  return regions.length
}

test.group('XSS corpus on the ticket pages', (group) => {
  isolateEachTest(group)

  test('every payload renders inert on the portal, the desk inbox and the desk ticket page', async ({
    client,
    assert,
  }) => {
    const organization = await createOrganization()
    const customer = await createMember(organization, 'customer', {
      fullName: `<img src=x onerror=alert('name')>`,
    })
    const agent = await createMember(organization, 'agent')
    const manager = await createMember(organization, 'manager')

    const references: string[] = []
    for (const payload of XSS_PAYLOADS) {
      const ticket = await createTicket(customer.membership, {
        subject: payload.slice(0, 200),
        description: `xsscorpus ${payload}`,
      })
      await UpdateTicket.handle(Actor.forMember(manager.membership), {
        ticket,
        tags: [payload.slice(0, 40)],
      })
      await AddComment.handle(Actor.forMember(agent.membership), {
        ticket,
        body: `xsscorpus ${payload}`,
      })
      await AddComment.handle(Actor.forMember(agent.membership), {
        ticket,
        body: `xsscorpus note ${payload}`,
        internal: true,
      })
      references.push(ticket.reference)
    }

    const harmless = await createTicket(customer.membership, { subject: 'Harmless' })
    const harmlessPortal = await client.get(`/tickets/${harmless.reference}`).loginAs(customer.user)
    const harmlessDesk = await client.get(`/desk/tickets/${harmless.reference}`).loginAs(agent.user)
    const ownScripts = {
      portal: ownScriptsOf(assert, harmlessPortal.text(), 'portal ticket page'),
      desk: ownScriptsOf(assert, harmlessDesk.text(), 'desk ticket page'),
    }

    let regions = 0
    for (const [index, reference] of references.entries()) {
      const payload = XSS_PAYLOADS[index]
      const portal = await client.get(`/tickets/${reference}`).loginAs(customer.user)
      portal.assertStatus(200)
      regions += assertInert(
        assert,
        portal.text(),
        `portal ${reference} (${payload})`,
        ownScripts.portal
      )

      const desk = await client.get(`/desk/tickets/${reference}`).loginAs(agent.user)
      desk.assertStatus(200)
      regions += assertInert(assert, desk.text(), `desk ${reference} (${payload})`, ownScripts.desk)
    }
    // Description, reply (portal); description, reply, note (desk): all were checked.
    assert.equal(regions, references.length * 5)

    // The harmless ticket is listed too.
    const pages = Math.ceil((references.length + 1) / 25)
    for (let page = 1; page <= pages; page++) {
      const inbox = await client.get(`/desk/tickets?view=all&page=${page}`).loginAs(agent.user)
      assertInert(assert, inbox.text(), `desk inbox page ${page}`, ownScripts.desk)
      const list = await client.get(`/tickets?page=${page}`).loginAs(customer.user)
      assertInert(assert, list.text(), `portal list page ${page}`, ownScripts.portal)
    }
    for (const q of ['xsscorpus', 'alert', 'script', 'javascript']) {
      const search = await client
        .get(`/desk/tickets?q=${encodeURIComponent(q)}&per_page=100`)
        .loginAs(agent.user)
      assert.include(search.text(), '<mark', `search for ${q} shows extracts`)
      assertInert(assert, search.text(), `desk search "${q}"`, ownScripts.desk)
    }
    // The search box echoes what was typed, as text.
    const echoed = await client
      .get(`/desk/tickets?q=${encodeURIComponent(`"><script>alert(1)</script>`)}`)
      .loginAs(agent.user)
    assertInert(assert, echoed.text(), 'desk search echo', ownScripts.desk)
  }).timeout(120_000)
})
