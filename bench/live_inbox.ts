/*
|--------------------------------------------------------------------------
| Benchmark: a new ticket reaching an open desk inbox
|--------------------------------------------------------------------------
|
| node --import ts-node-maintained/register/esm bench/live_inbox.ts [options]
|
| Starts a web process of this checkout (production mode, built assets),
| opens the desk inbox in Chromium as an agent, then opens tickets one
| after another through the API as a customer and times each from the
| request until its row is in the agent's inbox (Transmit event → htmx
| re-fetch → swap), without a reload. Prints p50/p95/p99. See
| bench/README.md.
|
*/
import { setTimeout as sleep } from 'node:timers/promises'
import { chromium } from 'playwright-core'
import { benchAccounts, percentile, readOptions, startApp, startWebProcess } from './boot.js'

const TARGET_MS = 1000

const options = readOptions(
  'bench/live_inbox.ts',
  {
    org: {
      type: 'string',
      value: 'slug',
      default: 'bench-live',
      help: 'the organization (created when missing)',
    },
    tickets: { type: 'number', default: 50, max: 10_000, help: 'tickets to open and time' },
  },
  `Runs against DB_DATABASE: use a database of its own (bench/README.md). Needs built
assets (npx vite build) and Chromium at /usr/bin/chromium (or CHROMIUM_PATH).`
)
const count = options.tickets

const app = await startApp()
const { default: Organization } = await import('#models/organization')
const { default: CreateAccessToken } = await import('#actions/tokens/create_access_token')
const { default: Actor } = await import('#actions/actor')

/** The organization (created when missing), the bench's agent and customer, the customer's token. */
async function people(slug: string) {
  const organization =
    (await Organization.findBy('slug', slug)) ??
    (await Organization.create({ name: 'Bench Live', slug, timeZone: 'UTC' }))
  const { password, users } = await benchAccounts(organization, ['agent', 'customer'])
  const { value: token } = await CreateAccessToken.handle(Actor.system(), {
    user: users.customer,
    organization,
    name: `bench ${new Date().toISOString()}`,
  })
  return { organization, agentEmail: users.agent.email, password, token }
}

const server = await startWebProcess()
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
})
try {
  const { agentEmail, password, token } = await people(options.org)
  const page = await browser.newPage({ baseURL: server.url })
  await page.goto('/login')
  await page.getByLabel('Email').fill(agentEmail)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL('**/desk**')

  // The inbox, newest first; rows are timed by a MutationObserver in the page.
  const subscribed = page.waitForResponse(
    (response) => response.url().endsWith('/__transmit/subscribe') && response.status() === 204
  )
  await page.goto('/desk/tickets?view=open&sort=-created')
  await subscribed
  await page.evaluate(() => {
    const seen: Record<string, number> = {}
    ;(window as any).benchSeen = seen
    const note = () => {
      for (const row of document.querySelectorAll('[data-ticket]')) {
        const reference = row.getAttribute('data-ticket')!
        seen[reference] ??= Date.now()
      }
    }
    note()
    new MutationObserver(note).observe(document.body, { childList: true, subtree: true })
  })

  const latencies: number[] = []
  for (let index = 0; index < count; index++) {
    const startedAt = Date.now()
    const response = await fetch(`${server.url}/api/v1/tickets`, {
      method: 'POST',
      headers: {
        'authorization': `Bearer ${token}`,
        'content-type': 'application/json',
        'accept': 'application/json',
      },
      body: JSON.stringify({
        subject: `Bench live ticket ${index + 1}`,
        description: 'Opened by bench/live_inbox.ts',
      }),
    })
    if (response.status !== 201) throw new Error(`POST /api/v1/tickets answered ${response.status}`)
    const { data } = (await response.json()) as { data: { number: string } }
    const seenAt = (await page
      .waitForFunction(
        (reference) => (window as any).benchSeen[reference] as number | undefined,
        data.number,
        { timeout: 30_000, polling: 10 }
      )
      .then((handle) => handle.jsonValue())) as number
    latencies.push(seenAt - startedAt)
    process.stdout.write('.')
    // Tickets a second apart, as people open them (not a burst).
    await sleep(Math.max(0, 1000 - (Date.now() - startedAt)))
  }

  const sorted = [...latencies].sort((a, b) => a - b)
  const row = [
    'ticket created → row in the inbox',
    String(sorted.length),
    ...[50, 95, 99].map((p) => String(percentile(sorted, p))),
    String(sorted.at(-1)),
    percentile(sorted, 95) < TARGET_MS ? 'yes' : 'NO',
  ]
  console.log('\n')
  console.log(
    ['case', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', `p95 < ${TARGET_MS}`].join('  |  ')
  )
  console.log(row.join('  |  '))
} finally {
  await browser.close()
  await server.stop()
  await app.terminate()
}
