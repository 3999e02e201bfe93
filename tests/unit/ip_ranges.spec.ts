import { test } from '@japa/runner'
import fc from 'fast-check'
import { ipRangeIncludes, parseIpRange, type IpRange } from '#domain/ip_ranges'

function rangeOf(text: string): IpRange {
  const parsed = parseIpRange(text)
  if ('error' in parsed) throw new Error(parsed.error)
  return parsed.range
}

test.group('IP ranges of allow-lists', () => {
  test('addresses and ranges are read in canonical form', ({ assert }) => {
    assert.equal(rangeOf(' 203.0.113.7 ').cidr, '203.0.113.7/32')
    assert.equal(rangeOf('10.1.2.3/8').cidr, '10.0.0.0/8')
    assert.equal(rangeOf('2001:DB8:0:0::1/32').cidr, '2001:db8::/32')
    assert.equal(rangeOf('::1').cidr, '::1/128')
    assert.equal(rangeOf('0.0.0.0/0').cidr, '0.0.0.0/0')
    // An IPv4-mapped IPv6 range is the IPv4 range it maps.
    assert.deepInclude(rangeOf('::ffff:192.168.0.0/112'), { cidr: '192.168.0.0/16', kind: 'ipv4' })
  })

  test('what is not an address or a range is refused with a message that says why', ({
    assert,
  }) => {
    for (const input of [
      '',
      'localhost',
      '10.1',
      '0x0a.0.0.1',
      '10.0.0.0/',
      '10.0.0.0/8/8',
      '10.0.0.0/-1',
      '1.2.3.4.5',
      '10.0.0.0/x',
    ]) {
      const parsed = parseIpRange(input)
      assert.property(parsed, 'error', input)
      assert.include(
        (parsed as { error: string }).error,
        'is not an IP address or a CIDR range',
        input
      )
    }
    assert.deepEqual(parseIpRange('10.0.0.0/33'), {
      error: '"10.0.0.0/33": the prefix length of an IPv4 range is at most 32',
    })
    assert.deepEqual(parseIpRange('2001:db8::/129'), {
      error: '"2001:db8::/129": the prefix length of an IPv6 range is at most 128',
    })
  })

  test('a range holds its addresses, as IPv4 or IPv4-mapped IPv6, and nothing else', ({
    assert,
  }) => {
    const office = rangeOf('203.0.113.0/24')
    assert.isTrue(ipRangeIncludes(office, '203.0.113.200'))
    assert.isTrue(ipRangeIncludes(office, '::ffff:203.0.113.200'))
    assert.isFalse(ipRangeIncludes(office, '203.0.114.1'))
    assert.isFalse(ipRangeIncludes(office, '2001:db8::1'))
    assert.isFalse(ipRangeIncludes(office, 'not an address'))
    const v6 = rangeOf('2001:db8::/32')
    assert.isTrue(ipRangeIncludes(v6, '2001:db8:ffff::1'))
    assert.isFalse(ipRangeIncludes(v6, '2001:db9::1'))
    assert.isFalse(ipRangeIncludes(v6, '203.0.113.1'))
  })

  test('every IPv4 range holds its addresses and not the ones one bit outside it', () => {
    const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255))
    fc.assert(
      fc.property(octets, fc.integer({ min: 1, max: 32 }), (parts, prefix) => {
        const address = parts.join('.')
        const range = rangeOf(`${address}/${prefix}`)
        // The bit just inside the prefix, flipped, leaves the range.
        const value = parts.reduce((sum, part) => sum * 256 + part, 0)
        const flipped = (value ^ (2 ** (32 - prefix))) >>> 0
        const outside = [24, 16, 8, 0].map((shift) => (flipped >>> shift) & 255).join('.')
        return (
          ipRangeIncludes(range, address) &&
          ipRangeIncludes(range, `::ffff:${address}`) &&
          !ipRangeIncludes(range, outside)
        )
      }),
      { numRuns: 2000 }
    )
  })
})
