import { test } from '@japa/runner'
import { cleanFilename, contentDisposition, extensionOf } from '#domain/filenames'
import { formatBytes } from '#models/attachment'

test.group('Attachment names', () => {
  test('cleanFilename keeps a readable name and nothing else', ({ assert }) => {
    assert.equal(cleanFilename('report.pdf'), 'report.pdf')
    assert.equal(cleanFilename('C:\\fakepath\\report.pdf'), 'report.pdf')
    assert.equal(cleanFilename('../../etc/passwd'), 'passwd')
    assert.equal(cleanFilename('.htaccess'), 'htaccess')
    assert.equal(cleanFilename('a\u0000b\u001fc\u007f.txt'), 'abc.txt')
    assert.equal(cleanFilename('photo\u202Egpj.exe'), 'photogpj.exe')
    assert.equal(cleanFilename('  many   spaces\tand\ttabs .txt '), 'many spaces and tabs .txt')
    assert.equal(cleanFilename('Cafe\u0301.txt'), 'Café.txt')
    assert.equal(cleanFilename(''), 'file')
    assert.equal(cleanFilename(null), 'file')
    const long = cleanFilename(`${'x'.repeat(300)}.xlsx`)
    assert.lengthOf(long, 200)
    assert.isTrue(long.endsWith('x.xlsx'))
  })

  test('extensionOf', ({ assert }) => {
    assert.equal(extensionOf('Report.PDF'), 'pdf')
    assert.equal(extensionOf('archive.tar.gz'), 'gz')
    assert.equal(extensionOf('README'), '')
    assert.equal(extensionOf('.env'), '')
  })

  test('contentDisposition is always an attachment, with an RFC 8187 name', ({ assert }) => {
    assert.equal(
      contentDisposition('report.pdf'),
      `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`
    )
    assert.equal(
      contentDisposition(`Prüfbericht "final" (2)'s 100%.pdf`),
      `attachment; filename="Pr_fbericht _final_ (2)'s 100_.pdf"; ` +
        `filename*=UTF-8''Pr%C3%BCfbericht%20%22final%22%20%282%29%27s%20100%25.pdf`
    )
    assert.notMatch(contentDisposition('a\r\nSet-Cookie: x=1'), /[\r\n]/)
  })

  test('formatBytes', ({ assert }) => {
    assert.equal(formatBytes(0), '0 B')
    assert.equal(formatBytes(1023), '1023 B')
    assert.equal(formatBytes(1024), '1.0 KB')
    assert.equal(formatBytes(812 * 1024), '812 KB')
    assert.equal(formatBytes(25 * 1024 * 1024), '25 MB')
  })
})
