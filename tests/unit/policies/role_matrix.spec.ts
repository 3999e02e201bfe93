import { readdir } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { BasePolicy, Bouncer } from '@adonisjs/bouncer'
import type Membership from '#models/membership'
import * as abilities from '#abilities/main'
import { policies } from '#policies/main'
import {
  ACTORS,
  ADMINS,
  MANAGERS,
  MEMBERS,
  NOBODY,
  STAFF,
  USERS,
  actorsOfTheMatrix,
  concernsOrganization,
  records as r,
  type Actor,
  type Expectations,
} from '#tests/helpers/role_matrix'

/**
 * The role matrix: every ability (app/abilities/main.ts) and every action
 * of every policy (app/policies/*_policy.ts, plugins/<id>/policies/*_policy.ts,
 * found by file name) against every actor of tests/helpers/role_matrix.ts.
 * The table below is the core's part of the role table of
 * docs/architecture.md; each plugin states its own in
 * plugins/<id>/tests/role_matrix.ts. A policy action or ability without
 * expectations fails the first test, so none is added untested.
 */
const CORE: Expectations = {
  'ability:accessDesk': [{ case: 'the staff desk', allowed: STAFF }],
  'ability:administerOrganization': [{ case: 'the administration', allowed: ADMINS }],
  'ability:manageSla': [{ case: 'the SLA section', allowed: MANAGERS }],

  'TicketPolicy.viewAll': [
    { case: 'every ticket of the organization (it does not share them)', allowed: STAFF },
  ],
  'TicketPolicy.view': [
    { case: 'the customer’s own ticket', args: () => [r.ticket], allowed: MEMBERS },
    { case: 'another customer’s ticket', args: () => [r.otherTicket], allowed: STAFF },
  ],
  'TicketPolicy.viewHistory': [
    { case: 'a ticket’s audit trail', args: () => [r.ticket], allowed: STAFF },
  ],
  'TicketPolicy.create': [{ case: 'a new ticket', allowed: MEMBERS }],
  'TicketPolicy.reply': [
    { case: 'on the customer’s own ticket', args: () => [r.ticket], allowed: MEMBERS },
    { case: 'on another customer’s ticket', args: () => [r.otherTicket], allowed: STAFF },
  ],
  'TicketPolicy.note': [{ case: 'an internal note', args: () => [r.ticket], allowed: STAFF }],
  'TicketPolicy.transition': [
    { case: 'accept', args: () => [r.ticket, 'accept'], allowed: MANAGERS },
    {
      case: 'assign to themselves',
      args: (actor) => [r.ticket, 'assign', actor?.userId],
      allowed: STAFF,
    },
    {
      case: 'assign to a colleague',
      args: () => [r.ticket, 'assign', USERS.otherAgent],
      allowed: MANAGERS,
    },
    { case: 'start the agent’s ticket', args: () => [r.ticket, 'start'], allowed: STAFF },
    { case: 'start a colleague’s ticket', args: () => [r.otherTicket, 'start'], allowed: MANAGERS },
    { case: 'wait on the agent’s ticket', args: () => [r.ticket, 'wait'], allowed: STAFF },
    {
      case: 'wait on a colleague’s ticket',
      args: () => [r.otherTicket, 'wait'],
      allowed: MANAGERS,
    },
    { case: 'resolve the agent’s ticket', args: () => [r.ticket, 'resolve'], allowed: STAFF },
    {
      case: 'resolve a colleague’s ticket',
      args: () => [r.otherTicket, 'resolve'],
      allowed: MANAGERS,
    },
    { case: 'reopen the agent’s ticket', args: () => [r.ticket, 'reopen'], allowed: STAFF },
    {
      case: 'reopen a colleague’s ticket',
      args: () => [r.otherTicket, 'reopen'],
      allowed: MANAGERS,
    },
    { case: 'close', args: () => [r.ticket, 'close'], allowed: MANAGERS },
  ],
  'TicketPolicy.update': [
    { case: 'category and tags', args: () => [r.ticket, {}], allowed: STAFF },
    { case: 'the priority', args: () => [r.ticket, { priority: 'urgent' }], allowed: MANAGERS },
    {
      case: 'the assignee: themselves',
      args: (actor) => [r.ticket, { assigneeId: actor?.userId }],
      allowed: STAFF,
    },
    {
      case: 'the assignee: a colleague',
      args: () => [r.ticket, { assigneeId: USERS.otherAgent }],
      allowed: MANAGERS,
    },
  ],
  'TicketPolicy.setPriority': [{ case: 'the priority', args: () => [r.ticket], allowed: MANAGERS }],
  'TicketPolicy.assign': [
    { case: 'to themselves', args: (actor) => [r.ticket, actor?.userId], allowed: STAFF },
    { case: 'to a colleague', args: () => [r.ticket, USERS.otherAgent], allowed: MANAGERS },
    { case: 'to no one', args: () => [r.ticket, null], allowed: MANAGERS },
  ],

  'CommentPolicy.viewInternal': [{ case: 'internal notes at all', allowed: STAFF }],
  'CommentPolicy.view': [
    { case: 'a public reply', args: () => [r.staffReply], allowed: MEMBERS },
    { case: 'an internal note', args: () => [r.note], allowed: STAFF },
  ],

  'AttachmentPolicy.download': [
    {
      case: 'a file of the customer’s ticket',
      args: () => [r.attachment, r.ticket, null],
      allowed: MEMBERS,
    },
    {
      case: 'a file of a public reply',
      args: () => [r.attachment, r.ticket, r.staffReply],
      allowed: MEMBERS,
    },
    {
      case: 'a file of an internal note',
      args: () => [r.attachment, r.ticket, r.note],
      allowed: STAFF,
    },
    {
      case: 'a file of another customer’s ticket',
      args: () => [r.attachment, r.otherTicket, null],
      allowed: STAFF,
    },
  ],
  'AttachmentPolicy.upload': [
    { case: 'to the customer’s ticket', args: () => [r.ticket, null], allowed: MEMBERS },
    {
      case: 'to the customer’s own reply',
      args: () => [r.ticket, r.customerReply],
      allowed: MEMBERS,
    },
    { case: 'to a staff reply', args: () => [r.ticket, r.staffReply], allowed: STAFF },
    { case: 'to another customer’s ticket', args: () => [r.otherTicket, null], allowed: STAFF },
  ],

  'MembershipPolicy.viewList': [{ case: 'the members', allowed: ADMINS }],
  'MembershipPolicy.invite': [{ case: 'someone new', allowed: ADMINS }],
  'MembershipPolicy.changeRole': [
    { case: 'of an agent', args: () => [r.member], allowed: ADMINS },
    { case: 'of themselves', args: (actor) => [actor ?? r.member], allowed: NOBODY },
    { case: 'of a member without access', args: () => [r.removedMember], allowed: NOBODY },
  ],
  'MembershipPolicy.disable': [
    { case: 'an agent', args: () => [r.member], allowed: ADMINS },
    { case: 'themselves', args: (actor) => [actor ?? r.member], allowed: NOBODY },
    { case: 'a member without access', args: () => [r.removedMember], allowed: NOBODY },
  ],

  'SlaSettingsPolicy.view': [{ case: 'calendars and SLA policies', allowed: MANAGERS }],
  'SlaSettingsPolicy.saveCalendar': [
    { case: 'a new calendar', args: () => [null], allowed: MANAGERS },
    { case: 'a calendar of the organization', args: () => [r.calendar], allowed: MANAGERS },
  ],
  'SlaSettingsPolicy.savePolicies': [{ case: 'the SLA policies', allowed: MANAGERS }],
  'SlaSettingsPolicy.viewCompliance': [{ case: 'the compliance figures', allowed: MANAGERS }],

  'AuditPolicy.view': [{ case: 'the audit trail', allowed: ADMINS }],
  'AuditPolicy.verify': [{ case: 'the hash chain', allowed: ADMINS }],

  'PluginSettingsPolicy.view': [{ case: 'the plugins', allowed: ADMINS }],
  'PluginSettingsPolicy.toggle': [{ case: 'a plugin on or off', allowed: ADMINS }],
  'PluginSettingsPolicy.update': [{ case: 'a plugin’s settings', allowed: ADMINS }],
}

type PolicyClass = typeof BasePolicy & { new (): object; name: string }

/** The *_policy.ts files of a folder, if it exists. */
async function policyFiles(folder: string) {
  if (!existsSync(folder)) return []
  const names = await readdir(folder)
  return names.filter((name) => name.endsWith('_policy.ts')).map((name) => `${folder}/${name}`)
}

/** The plugin folders under plugins/ (the shipped ones; test fixtures are not here). */
async function pluginFolders() {
  const root = app.makePath('plugins')
  const entries = await readdir(root, { withFileTypes: true })
  return entries.filter((entry) => entry.isDirectory()).map((entry) => `${root}/${entry.name}`)
}

async function discover() {
  const files = await policyFiles(app.makePath('app/policies'))
  const expectations: Expectations = { ...CORE }
  for (const folder of await pluginFolders()) {
    files.push(...(await policyFiles(`${folder}/policies`)))
    const table = `${folder}/tests/role_matrix.ts`
    if (existsSync(table)) {
      const { expectations: own } = (await import(pathToFileURL(table).href)) as {
        expectations: Expectations
      }
      for (const [key, rows] of Object.entries(own)) {
        if (expectations[key]) throw new Error(`${key} has expectations twice`)
        expectations[key] = rows
      }
    }
  }

  const classes = new Map<string, PolicyClass>()
  for (const file of files) {
    const module = await import(pathToFileURL(file).href)
    const Policy = module.default as PolicyClass
    if (classes.has(Policy.name)) throw new Error(`Two policies are named ${Policy.name}`)
    classes.set(Policy.name, Policy)
  }
  const actions = [...classes].flatMap(([name, Policy]) =>
    Object.getOwnPropertyNames(Policy.prototype)
      .filter((method) => !['constructor', 'before', 'after'].includes(method))
      .filter((method) => typeof (Policy.prototype as any)[method] === 'function')
      .map((method) => `${name}.${method}`)
  )
  const abilityKeys = Object.keys(abilities).map((name) => `ability:${name}`)
  return { classes, expectations, known: [...abilityKeys, ...actions] }
}

const found = await discover()
const actors = actorsOfTheMatrix()

test.group('Role matrix: coverage', () => {
  test('every ability and policy action has expectations, and each names a real one', ({
    assert,
  }) => {
    const untested = found.known.filter((key) => !found.expectations[key]?.length)
    assert.deepEqual(untested, [], 'add a row for each to the role matrix')
    const unknown = Object.keys(found.expectations).filter((key) => !found.known.includes(key))
    assert.deepEqual(unknown, [], 'expectations of actions that do not exist')
  })

  test('every core policy is registered by name for the views', ({ assert }) => {
    const core = [...found.classes.keys()].filter(
      (name) => CORE[Object.keys(CORE).find((key) => key.startsWith(`${name}.`)) ?? '']
    )
    assert.sameMembers(Object.keys(policies), core)
  })
})

for (const [key, rows] of Object.entries(found.expectations)) {
  test.group(`Role matrix: ${key}`, () => {
    for (const row of rows) {
      for (const who of ACTORS) {
        const actor = actors[who]
        const args = row.args?.(actor) ?? []
        const expected = expectationOf(who, row.allowed, args)
        test(`${who} ${expected ? 'may' : 'may not'}: ${row.case}`, async ({ assert }) => {
          assert.equal(await allows(actor, key, args), expected)
        })
      }
    }
  })
}

/** See tests/helpers/role_matrix.ts: the outsider answers as an admin where no record is at stake. */
function expectationOf(who: Actor, allowed: readonly Actor[], args: unknown[]) {
  if (who === 'outsider' && !concernsOrganization(args)) return allowed.includes('admin')
  return allowed.includes(who)
}

async function allows(actor: Membership | null, key: string, args: unknown[]) {
  const bouncer = new Bouncer(actor as Membership, abilities, policies)
  if (key.startsWith('ability:')) {
    return bouncer.allows(key.slice('ability:'.length) as keyof typeof abilities)
  }
  const [policyName, action] = key.split('.')
  const authorizer = bouncer.with(found.classes.get(policyName)! as any) as any
  return authorizer.allows(action, ...args) as Promise<boolean>
}
