import { test } from '@japa/runner'
import { Edge } from 'edge.js'
import { completeTemplateCache } from '#http/template_cache'

/** A page that includes a partial inside a loop (local variable `item`). */
function edgeWithPage(cache: boolean) {
  const edge = new Edge({ cache })
  edge.registerTemplate('page', {
    template: `@each(item in items)\n@include('row')\n@end`,
  })
  edge.registerTemplate('row', { template: `[{{ item }}]` })
  completeTemplateCache(edge)
  return edge
}

/** The partial's source changes after the first render. */
function changeRow(edge: Edge) {
  edge.removeTemplate('row')
  edge.registerTemplate('row', { template: `<{{ item }}>` })
}

/** The rendered rows, without the line breaks of the templates. */
async function rows(rendered: string | Promise<string>) {
  const html = await rendered
  return html.replace(/\s+/g, '')
}

test.group('Edge: the template cache in production', () => {
  test('with the template cache on, an @include is compiled once and gets each call its own values', async ({
    assert,
  }) => {
    const edge = edgeWithPage(true)
    assert.equal(await rows(edge.render('page', { items: ['a', 'b'] })), '[a][b]')
    assert.equal(await rows(edge.renderSync('page', { items: ['a'] })), '[a]')
    changeRow(edge)
    // The compiled partial is reused (async and sync renderers alike): the
    // new source is not read again.
    assert.equal(await rows(edge.render('page', { items: ['c'] })), '[c]')
    assert.equal(await rows(edge.renderSync('page', { items: ['d', 'e'] })), '[d][e]')
  })

  test('with the template cache off (development), an edited partial shows at once', async ({
    assert,
  }) => {
    const edge = edgeWithPage(false)
    assert.equal(await rows(edge.render('page', { items: ['a'] })), '[a]')
    changeRow(edge)
    assert.equal(await rows(edge.render('page', { items: ['a'] })), '<a>')
  })

  test('with the template cache on, the components folders are listed once, again after a change', async ({
    assert,
  }) => {
    // As the app's Edge: created without the cache, configured with it.
    const edge = new Edge()
    edge.configure({ cache: true })
    edge.registerTemplate('page', { template: `@each(item in items)\n@include('row')\n@end` })
    edge.registerTemplate('row', { template: `[{{ item }}]` })
    let listings = 0
    const listComponents = edge.loader.listComponents.bind(edge.loader)
    edge.loader.listComponents = () => {
      listings++
      return listComponents()
    }
    completeTemplateCache(edge)
    await edge.render('page', { items: ['a'] })
    await edge.render('page', { items: ['b'] })
    assert.equal(listings, 1)
    edge.registerTemplate('components/badge', { template: `<b>{{ $slots.main() }}</b>` })
    assert.equal(await rows(edge.render('page', { items: ['c'] })), '[c]')
    assert.equal(listings, 2)
  })
})
