import edge from 'edge.js'
import { test } from '@japa/runner'
import { ReadOnlyValuesStore } from '@adonisjs/session'
import Attachment from '#models/attachment'
import attachmentsConfig from '#config/attachments'
import { attachmentInputProps } from '#queries/attachments_for'

function attachment(values: Partial<Attachment>) {
  return new Attachment().merge({
    id: 7,
    filename: 'report.pdf',
    contentType: 'application/pdf',
    size: 1234,
    sha256: 'a'.repeat(64),
    ...values,
  })
}

test.group('Attachments: view components', () => {
  test('the list links each file to its authorized download, names escaped', async ({ assert }) => {
    const html = await edge.renderRaw('@!attachments.list({ attachments })', {
      attachments: [
        attachment({ id: 7, filename: '<img src=x onerror=alert(1)>.png', size: 812 }),
        attachment({ id: 8, filename: 'scan.pdf', size: 4.2 * 1024 * 1024 }),
      ],
    })
    assert.include(html, 'href="/attachments/7"')
    assert.include(html, 'href="/attachments/8"')
    assert.include(html, '&lt;img src=x onerror=alert(1)&gt;.png')
    assert.notInclude(html, '<img')
    assert.include(html, '812 B')
    assert.include(html, '4.2 MB')

    const empty = await edge.renderRaw('@!attachments.list({ attachments: [] })', {})
    assert.equal(empty.trim(), '')
  })

  test('the input takes several files as files[] and shows the limits and the error', async ({
    assert,
  }) => {
    const flashMessages = new ReadOnlyValuesStore({
      inputErrorsBag: { files: ['“a.exe” cannot be attached: its content is EXE.'] },
    })
    // The pages share flashMessages with every view (session middleware).
    const html = await edge
      .createRenderer()
      .share({ flashMessages })
      .renderRaw('@!attachments.input({ ...attachmentInput })', {
        attachmentInput: attachmentInputProps(),
      })
    assert.include(html, 'name="files[]"')
    assert.include(html, 'type="file"')
    assert.match(html, /\smultiple[\s>]/)
    assert.include(html, 'accept="image/png,image/jpeg,image/gif,image/webp,.pdf,.zip,')
    assert.include(
      html,
      `Up to ${attachmentsConfig.maxFilesPerUpload} files of at most ${attachmentsConfig.maxMegabytes} MB each`
    )
    assert.include(html, '“a.exe” cannot be attached: its content is EXE.')
    assert.include(html, 'aria-invalid="true"')
  })
})
