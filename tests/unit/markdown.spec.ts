import { test } from '@japa/runner'
import { renderMarkdown } from '#domain/markdown'
import { XSS_PAYLOADS, executableMarkup } from '#tests/fixtures/xss_payloads'

test.group('Markdown: the XSS corpus renders inert', () => {
  test('the corpus is a real one', ({ assert }) => {
    assert.isAtLeast(XSS_PAYLOADS.length, 25)
    assert.lengthOf(new Set(XSS_PAYLOADS), XSS_PAYLOADS.length)
  })

  for (const [index, payload] of XSS_PAYLOADS.entries()) {
    test(`payload ${index + 1}: ${JSON.stringify(payload)}`, ({ assert }) => {
      const html = renderMarkdown(payload)
      assert.deepEqual(executableMarkup(html), [], html)
      // The checks of the issue, on the markup (text may show them escaped).
      assert.notMatch(html, /<\s*(script|iframe|svg|object|embed|style|math)\b/i)
      const tags = [...html.matchAll(/<[^>]*>/g)].map(([tag]) => tag)
      // Attribute names (a quoted title may quote a payload as text).
      const names = tags.map((tag) => tag.replace(/"[^"]*"|'[^']*'/g, '""')).join('')
      assert.notMatch(names, /\son\w+\s*=|\sstyle\s*=/i)
      assert.notMatch(tags.join(''), /javascript:|vbscript:|data:text\/html/i)
    })
  }

  test('the text of a payload is still shown, escaped', ({ assert }) => {
    const html = renderMarkdown(`<img src=x onerror=alert('xss')>`)
    assert.include(html, '&lt;img src=x onerror=alert(')
    assert.notInclude(html, '<img')
  })

  test('ordinary markdown keeps its formatting and safe links', ({ assert }) => {
    const html = renderMarkdown(
      '**bold** and _em_, `code`, [docs](https://example.com/a?b=1&c=2) and mailto:help@example.com\n\n- one\n- two'
    )
    assert.include(html, '<strong>bold</strong>')
    assert.include(html, '<em>em</em>')
    assert.include(html, '<code>code</code>')
    assert.include(html, 'href="https://example.com/a?b=1&amp;c=2"')
    assert.include(html, 'rel="nofollow noopener noreferrer"')
    assert.include(html, '<li>one</li>')
    assert.deepEqual(executableMarkup(html), [])
  })
})

test.group('Markdown: the XSS judge is not vacuous', () => {
  const dangerous = [
    `<script>alert(1)</script>`,
    `<img src=x onerror=alert(1)>`,
    `<p onclick="x()">a</p>`,
    `<a href="javascript:alert(1)">a</a>`,
    `<a href="&#106;avascript:alert(1)">a</a>`,
    `<a href="java&#x09;script:alert(1)">a</a>`,
    `<a href="vbscript:msgbox(1)">a</a>`,
    `<a href="data:text/html,x">a</a>`,
    `<p style="color:red">a</p>`,
    `<iframe srcdoc="x"></iframe>`,
    `<svg><a xlink:href="#">a</a></svg>`,
  ]
  for (const html of dangerous) {
    test(`flags ${html}`, ({ assert }) => {
      assert.isNotEmpty(executableMarkup(html))
    })
  }

  test('passes escaped text and safe links', ({ assert }) => {
    assert.deepEqual(
      executableMarkup(
        `<p>&lt;img src=x onerror=alert(1)&gt; javascript:alert(1)</p><a href="https://example.com" rel="nofollow">x</a><a href="mailto:a@example.com">m</a>`
      ),
      []
    )
  })
})
