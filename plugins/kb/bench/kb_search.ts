/*
|--------------------------------------------------------------------------
| Benchmark: knowledge-base search over 10,000 articles
|--------------------------------------------------------------------------
|
| node --import ts-node-maintained/register/esm plugins/kb/bench/kb_search.ts [options]
|
| Seeds an organization with generated articles (multi-row INSERTs, a
| fixed seed, so every run has the same text) unless it has enough, then
| times searchArticles (plugins/kb/services/search.ts) as the help center's
| search page, the new-request suggestions and the desk use it, and prints
| p50/p95/p99 per case with EXPLAIN ANALYZE of the slowest case's slowest
| statement. Target: p95 < 100 ms. See plugins/kb/bench/README.md.
|
*/
import {
  explainSlowest,
  measure,
  printTable,
  readOptions,
  startApp,
  type Case,
} from '../../../bench/boot.js'

const TARGET_P95_MS = 100

const options = readOptions(
  'plugins/kb/bench/kb_search.ts',
  {
    org: {
      type: 'string',
      value: 'slug',
      default: 'kb-bench',
      help: 'the organization (created when missing)',
    },
    articles: {
      type: 'number',
      default: 10_000,
      help: 'articles it should hold; generated when it has fewer',
    },
    runs: { type: 'number', default: 200, help: 'timed runs per case, after 5 warm-up runs' },
    only: { type: 'string', help: 'only the cases whose name contains this text' },
  },
  'Runs against DB_DATABASE: use a database of its own (plugins/kb/bench/README.md).'
)
const { runs, articles: wanted } = options

const app = await startApp()
const { default: db } = await import('@adonisjs/lucid/services/db')
const { default: env } = await import('#start/env')
const { default: Organization } = await import('#models/organization')
const { searchArticles } = await import('../services/search.js')
const { visibilitiesFor } = await import('../services/audience.js')
const { articleText, slugify } = await import('../services/article_text.js')

/* ------------------------------------------------------------ generation */

/** A small deterministic PRNG (mulberry32): the same articles every run. */
function random(seed: number) {
  let state = seed
  return () => {
    state |= 0
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const TOPICS = [
  'password',
  'printer',
  'vpn',
  'email',
  'calendar',
  'laptop',
  'monitor',
  'invoice',
  'account',
  'wifi',
  'backup',
  'phone',
  'badge',
  'software',
  'license',
  'meeting room',
  'expense report',
  'shared drive',
  'two-factor authentication',
  'keyboard',
  'headset',
  'browser',
  'antivirus',
  'parking',
  'onboarding',
  'payroll',
  'timesheet',
  'scanner',
]
const ACTIONS = [
  'How to reset',
  'Setting up',
  'Troubleshooting',
  'Requesting a new',
  'Fixing a slow',
  'Configuring',
  'Connecting to',
  'Replacing a broken',
  'Sharing a',
  'Updating the',
  'Why is my',
  'Getting started with',
  'Moving your',
  'Recovering a lost',
]
const WORDS = (
  'the a to and of in for on with your you it is this that be can will from our team ' +
  'click open select settings menu screen button page window restart check confirm ' +
  'network cable power light error message code update install version system user ' +
  'office floor desk building help service request ticket support manager approval ' +
  'policy security access permission folder file document upload download link mail ' +
  'first then after before when if not again still works working problem issue step ' +
  'minutes hours day week morning evening usually often sometimes always never ' +
  'device driver server login session token browser cache cookie history profile'
).split(' ')
const RARE = ['plotter', 'tachograph', 'hygrometer', 'theodolite', 'zither']

function generateArticle(rand: () => number, n: number) {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]
  const topic = pick(TOPICS)
  const title = `${pick(ACTIONS)} ${topic}${rand() < 0.3 ? ` on floor ${1 + Math.floor(rand() * 6)}` : ''} (${n})`
  const paragraphs: string[] = []
  const count = 3 + Math.floor(rand() * 6)
  for (let p = 0; p < count; p++) {
    const words: string[] = []
    const length = 25 + Math.floor(rand() * 50)
    for (let w = 0; w < length; w++) {
      const r = rand()
      words.push(
        r < 0.04 ? topic : r < 0.045 ? pick(TOPICS) : r < 0.0452 ? pick(RARE) : pick(WORDS)
      )
    }
    paragraphs.push(`${words.join(' ')}.`)
  }
  const tags = [topic.replace(/\s+/g, '-'), pick(TOPICS).replace(/\s+/g, '-')]
  const visibility = rand() < 0.7 ? 'public' : rand() < 0.5 ? 'customers' : 'internal'
  return { title, body: paragraphs.join('\n\n'), tags, visibility }
}

async function prepareOrganization() {
  let organization = await Organization.findBy('slug', options.org)
  organization ??= await Organization.create({
    name: `KB benchmark ${options.org}`,
    slug: options.org,
    timeZone: 'UTC',
  })
  const count = async () => {
    const [{ total }] = await db
      .from('kb_articles')
      .where('organization_id', organization.id)
      .count('* as total')
    return Number(total)
  }
  const existing = await count()
  if (existing < wanted) {
    console.log(`Generating ${wanted - existing} articles into ${organization.slug}...`)
    const started = performance.now()
    const rand = random(42 + existing)
    const batch = 500
    for (let done = existing; done < wanted; done += batch) {
      const rows = []
      for (let n = done + 1; n <= Math.min(wanted, done + batch); n++) {
        const article = generateArticle(rand, n)
        const text = articleText(article.body)
        rows.push({
          organization_id: organization.id,
          title: article.title,
          slug: `${slugify(article.title)}`,
          body: text.body,
          body_html: text.bodyHtml,
          body_text: text.bodyText,
          tags: article.tags,
          status: rand() < 0.9 ? 'published' : 'draft',
          visibility: article.visibility,
          language: 'english',
          published_at: new Date(),
          created_at: new Date(),
          updated_at: new Date(),
        })
      }
      await db.table('kb_articles').multiInsert(rows)
    }
    await db.rawQuery('ANALYZE kb_articles')
    console.log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }
  return { organization, articles: await count() }
}

try {
  const { organization, articles } = await prepareOrganization()
  console.log(
    `Database ${env.get('DB_DATABASE')}, organization ${organization.slug}: ${articles} articles; ` +
      `${runs} runs per case after 5 warm-up runs\n`
  )
  const base = { organizationId: organization.id, language: 'english' }
  const page = (name: string, q: string, audience: 'public' | 'customer' | 'staff'): Case => ({
    name,
    run: async () => {
      const { total } = await searchArticles({
        ...base,
        q,
        visibilities: visibilitiesFor(audience),
        limit: 10,
        count: true,
        snippets: true,
      })
      return total
    },
  })
  const suggest = (name: string, q: string): Case => ({
    name,
    run: async () => {
      const { hits } = await searchArticles({
        ...base,
        q,
        visibilities: visibilitiesFor('customer'),
        limit: 5,
        snippets: true,
        anyWord: true,
      })
      return hits.length
    },
  })
  const cases: Case[] = [
    page('help search: common "printer"', 'printer', 'public'),
    page('help search: two words "reset password"', 'reset password', 'public'),
    page('help search: rare "plotter"', 'plotter', 'public'),
    page('help search: typo "pasword"', 'pasword', 'public'),
    page('help search: typo "trubleshooting"', 'trubleshooting', 'public'),
    page('help search: no match "zzyzx"', 'zzyzx', 'public'),
    page('help search: in most articles "the"', 'the', 'public'),
    page('desk search (staff): common "printer"', 'printer', 'staff'),
    suggest('suggestions: "I forgot my password"', 'I forgot my password'),
    suggest('suggestions: "printer on floor 2 is jammed"', 'printer on floor 2 is jammed'),
  ].filter((testCase) => !options.only || testCase.name.includes(options.only))

  const results = []
  for (const testCase of cases) results.push(await measure(testCase, runs))

  printTable(results, TARGET_P95_MS)

  const slowestCase = results.reduce((worst, result) => (result.p95 > worst.p95 ? result : worst))
  // As searchArticles runs them (SET LOCAL enable_seqscan = off).
  const plan = await explainSlowest(
    db,
    cases.find((testCase) => testCase.name === slowestCase.name)!.run,
    { set: 'SET enable_seqscan = off', reset: 'RESET enable_seqscan' }
  )
  if (plan) {
    console.log(`\nSlowest case: ${slowestCase.name}; its slowest statement (${plan.ms} ms):`)
    console.log(plan.plan.join('\n'))
  }
  process.exitCode = results.every((result) => result.p95 < TARGET_P95_MS) ? 0 : 2
} finally {
  await app.terminate()
}
