import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { chromium, type Browser, type Page } from 'playwright-core'
import env from '#start/env'
import { PASSWORD } from '#tests/helpers/factories'

/**
 * Debian's Chromium driven by playwright-core (Playwright cannot download
 * its own browsers here). The flags: headless, no sandbox, and no
 * background traffic to hosts this machine cannot reach.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

let browser: Browser | undefined

export const baseUrl = `http://${env.get('HOST')}:${env.get('PORT')}`

export async function openPage(
  options: { width?: number; colorScheme?: 'light' | 'dark'; javaScriptEnabled?: boolean } = {}
) {
  browser ??= await chromium.launch({ executablePath: CHROMIUM, args: FLAGS })
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: options.width ?? 1280, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
    // Pages must also work with JavaScript off (plain forms, redirects).
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
  return { page, problems, close: () => context.close() }
}

/** Signs in through the sign-in page with the factories' password. */
export async function signIn(page: Page, email: string) {
  await page.goto('/login')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForLoadState('networkidle')
}

/**
 * How far the page scrolls sideways (0 or less: not at all), and the first
 * elements that stick out of the window.
 */
export function sidewaysOverflow(page: Page) {
  return page.evaluate(() => ({
    by: document.documentElement.scrollWidth - window.innerWidth,
    widest: [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 3)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
  }))
}

export async function closeBrowser() {
  await browser?.close()
  browser = undefined
}

let axeSource: string | undefined

/**
 * Runs axe-core in the page and returns the serious and critical
 * violations (rule id, help text, offending selectors).
 */
export async function accessibilityViolations(page: Page) {
  axeSource ??= await readFile(
    createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
    'utf8'
  )
  await page.evaluate(axeSource)
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<any> } }).axe
    return axe.run(document)
  })
  return (
    results.violations as Array<{
      id: string
      impact: string
      help: string
      nodes: Array<{ target: string[] }>
    }>
  )
    .filter((violation) => ['serious', 'critical'].includes(violation.impact))
    .map((violation) => ({
      id: violation.id,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }))
}
