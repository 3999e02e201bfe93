import { test } from '@japa/runner'
import { Edge } from 'edge.js'
import { cacheCompiledIncludes } from '#http/compiled_includes'

/** A page that includes a partial inside a loop (local variable `item`). */
function edgeWithPage(cache: boolean) {
  const edge = new Edge({ cache })
  edge.registerTemplate('page', {
    template: `@each(item in items)\n@include('row')\n@end`,
  })
  edge.registerTemplate('row', { template: `[{{ item }}]` })
  cacheCompiledIncludes(edge)
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

test.group('Edge: compiled includes', () => {
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
})
