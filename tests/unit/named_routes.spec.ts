import { readFile, readdir } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import router from '@adonisjs/core/services/router'

/**
 * Links and redirects name their routes (`route()` in Edge views,
 * `response.redirect().toRoute()` or `router.makeUrl()` in TypeScript), so
 * a renamed URL breaks a test, not a page. This test reads the source of
 * the core and the plugins and fails on a literal path of the app's own:
 * - in a redirect anywhere in app/ and plugins/ (redirect('/…'),
 *   redirect().toPath('/…'), an HX-Redirect or HX-Location header);
 * - anywhere in a controller or middleware (a path kept in a variable
 *   ends in a redirect or a paginator's base URL just the same);
 * - in a view: href, action, formaction, src, hx-get/post/…, data-…-url
 *   attributes, the href/current/url/action props of components, and
 *   @let variables (a base path the links then extend).
 * The app's paths are the first segments of the registered routes (plus
 * "/"), so a plugin's new area is covered without an edit here. Route
 * files and plugin manifests (plugin.ts) declare the paths: not scanned.
 */

const ROOT = app.makePath()

async function sourceFiles(folder: string, extension: string) {
  const entries = await readdir(join(ROOT, folder), { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension))
    .map((entry) => relative(ROOT, join(entry.parentPath ?? entry.path, entry.name)))
    .filter((file) => !file.split(sep).includes('node_modules'))
}

/** The first segments of every registered route's pattern: desk, tickets, api, help… */
function appPathPrefixes() {
  router.commit()
  const segments = new Set<string>()
  for (const routes of Object.values(router.toJSON())) {
    for (const route of routes) {
      const first = route.pattern.split('/')[1]
      if (first && !first.startsWith(':')) segments.add(first)
    }
  }
  return [...segments]
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A quote, then one of the app's paths: "/" alone, or /<prefix> ending there or going on. */
function literalPath(prefixes: string[]) {
  const alternatives = prefixes.map(escape).join('|')
  return String.raw`(['"\x60])\/(?:(?:${alternatives})(?=[\/?#'"\x60]|\$\{|\{\{)|(?=['"\x60#?]))`
}

function withoutComments(code: string, kind: 'ts' | 'edge') {
  if (kind === 'edge') return code.replace(/\{\{--[\s\S]*?--\}\}/g, (c) => c.replace(/[^\n]/g, ' '))
  return code
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
    .replace(/^\s*\/\/.*$/gm, '')
}

interface Finding {
  file: string
  line: number
  text: string
}

function findAll(file: string, code: string, pattern: RegExp): Finding[] {
  return [...code.matchAll(pattern)].map((match) => {
    const line = code.slice(0, match.index).split('\n').length
    return { file, line, text: code.split('\n')[line - 1].trim() }
  })
}

const describe = (findings: Finding[]) =>
  findings.map(({ file, line, text }) => `${file}:${line}  ${text}`).join('\n')

/** TypeScript of the core and the plugins, without tests and manifests. */
async function typescriptSources() {
  const files = [...(await sourceFiles('app', '.ts')), ...(await sourceFiles('plugins', '.ts'))]
  return files.filter((file) => {
    const parts = file.split(sep)
    return !parts.includes('tests') && !file.endsWith(`${sep}plugin.ts`)
  })
}

async function viewSources() {
  return [
    ...(await sourceFiles('resources/views', '.edge')),
    ...(await sourceFiles('plugins', '.edge')),
  ]
}

test.group('Named routes: no literal app paths in redirects and views', () => {
  const prefixes = appPathPrefixes()
  const path = literalPath(prefixes)

  test('the app paths are read from the routes', ({ assert }) => {
    // Core areas only: the suite also runs with no plugin folder at all.
    assert.includeMembers(prefixes, ['desk', 'tickets', 'api', 'profile', 'login'])
  })

  test('every route has a name', ({ assert }) => {
    const unnamed = Object.values(router.toJSON())
      .flat()
      .filter((route) => !route.name)
      .map((route) => `${route.methods.join(',')} ${route.pattern}`)
    assert.deepEqual(unnamed, [], 'name these routes with .as(…)')
  })

  test('no redirect to a literal path in app/ and plugins/', async ({ assert }) => {
    const redirect = new RegExp(
      String.raw`(?:\.redirect\(\s*|\.toPath\(\s*|header\(\s*['"]HX-(?:Redirect|Location)['"]\s*,\s*)${path}`,
      'gi'
    )
    const findings: Finding[] = []
    for (const file of await typescriptSources()) {
      const code = withoutComments(await readFile(join(ROOT, file), 'utf8'), 'ts')
      findings.push(...findAll(file, code, redirect))
    }
    assert.deepEqual(
      findings,
      [],
      `redirect with toRoute() or router.makeUrl():\n${describe(findings)}`
    )
  })

  test('no literal app path in controllers and middleware', async ({ assert }) => {
    const literal = new RegExp(path, 'g')
    const findings: Finding[] = []
    for (const file of await typescriptSources()) {
      const parts = file.split(sep)
      const httpLayer =
        (parts[0] === 'app' && ['controllers', 'middleware'].includes(parts[1])) ||
        (parts[0] === 'plugins' && parts[2] === 'controllers')
      if (!httpLayer) continue
      const code = withoutComments(await readFile(join(ROOT, file), 'utf8'), 'ts')
      findings.push(...findAll(file, code, literal))
    }
    assert.deepEqual(findings, [], `build URLs with router.makeUrl():\n${describe(findings)}`)
  })

  test('no literal app path in links and forms of views', async ({ assert }) => {
    const attribute = String.raw`(?:\bhref|\baction|\bformaction|\bsrc|\bhx-(?:get|post|put|patch|delete)|\bdata-[\w-]+-url)=`
    const prop = String.raw`\b(?:href|current|url|action):\s*`
    const variable = String.raw`@let\(\s*\w+\s*=\s*`
    const link = new RegExp(`(?:${attribute}|${prop}|${variable})${path}`, 'g')
    const findings: Finding[] = []
    for (const file of await viewSources()) {
      const code = withoutComments(await readFile(join(ROOT, file), 'utf8'), 'edge')
      findings.push(...findAll(file, code, link))
    }
    assert.deepEqual(findings, [], `link with route():\n${describe(findings)}`)
  })

  test('the scanner finds what it looks for', ({ assert }) => {
    const redirect = new RegExp(String.raw`\.redirect\(\s*${path}`, 'g')
    const view = new RegExp(String.raw`\bhref=${path}`, 'g')
    const found = (pattern: RegExp, code: string) => findAll('x', code, pattern).length
    assert.equal(found(redirect, "response.redirect('/desk/members')"), 1)
    assert.equal(found(redirect, 'response.redirect(`/tickets/${ticket.reference}#csat`)'), 1)
    assert.equal(found(redirect, "response.redirect('/')"), 1)
    assert.equal(found(redirect, "response.redirect('/desk')"), 1)
    assert.equal(found(redirect, "response.redirect().toRoute('desk.members.index')"), 0)
    assert.equal(found(redirect, "response.redirect('/deskish')"), 0)
    assert.equal(found(view, '<a href="/desk/tickets/{{ ticket.reference }}">'), 1)
    assert.equal(found(view, '<a href="/">'), 1)
    assert.equal(found(view, '<a href="/profile?x=1">'), 1)
    assert.equal(found(view, '<link href="/favicon.svg">'), 0)
    assert.equal(found(view, `<a href="{{ route('portal.home') }}">`), 0)
  })
})
