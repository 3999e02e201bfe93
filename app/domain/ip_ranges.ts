import ipaddr from 'ipaddr.js'

/**
 * An address or a CIDR range of an allow-list (issue #13, IP restrictions),
 * in canonical form: the network address and its prefix length.
 */
export interface IpRange {
  /** "203.0.113.0/24", "2001:db8::/32"; a single address is "/32" or "/128". */
  cidr: string
  kind: 'ipv4' | 'ipv6'
  network: ipaddr.IPv4 | ipaddr.IPv6
  prefixLength: number
}

export type ParsedIpRange = { range: IpRange } | { error: string }

/**
 * Reads a range as an admin types it: an IPv4 or IPv6 address, or a CIDR
 * range. IPv4 must be written in four decimal parts (ipaddr.js also reads
 * "10.1" or "0x0a.1", which nobody means in an allow-list); host bits are
 * cleared ("10.1.2.3/8" is 10.0.0.0/8); an IPv4-mapped IPv6 range
 * ("::ffff:10.0.0.0/104") is the IPv4 range it maps, so it matches the
 * addresses clients really arrive with.
 */
export function parseIpRange(input: string): ParsedIpRange {
  const text = input.trim()
  const [address, prefix, ...rest] = text.split('/')
  if (!address || rest.length > 0 || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) {
    return { error: `"${text}" is not an IP address or a CIDR range (such as 203.0.113.0/24)` }
  }
  let parsed: ipaddr.IPv4 | ipaddr.IPv6
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) parsed = ipaddr.IPv4.parse(address)
  else if (ipaddr.IPv6.isValid(address) && address.includes(':'))
    parsed = ipaddr.IPv6.parse(address)
  else return { error: `"${text}" is not an IP address or a CIDR range (such as 203.0.113.0/24)` }

  const bits = parsed.kind() === 'ipv4' ? 32 : 128
  let prefixLength = prefix === undefined ? bits : Number(prefix)
  if (prefixLength > bits) {
    return {
      error: `"${text}": the prefix length of an ${parsed.kind() === 'ipv4' ? 'IPv4' : 'IPv6'} range is at most ${bits}`,
    }
  }
  if (parsed instanceof ipaddr.IPv6 && parsed.isIPv4MappedAddress() && prefixLength >= 96) {
    parsed = parsed.toIPv4Address()
    prefixLength -= 96
  }
  const network = networkOf(parsed, prefixLength)
  return {
    range: {
      cidr: `${network.toString()}/${prefixLength}`,
      kind: network.kind(),
      network,
      prefixLength,
    },
  }
}

/**
 * Whether a client's address (as the HTTP layer reports it, IPv4-mapped
 * IPv6 included) lies in the range. An address that cannot be read is in
 * no range.
 */
export function ipRangeIncludes(range: IpRange, clientAddress: string) {
  if (!ipaddr.isValid(clientAddress)) return false
  const address = ipaddr.process(clientAddress)
  if (address.kind() !== range.kind) return false
  return address.match(range.network, range.prefixLength)
}

function networkOf(address: ipaddr.IPv4 | ipaddr.IPv6, prefixLength: number) {
  const cidr = `${address.toString()}/${prefixLength}`
  return address instanceof ipaddr.IPv4
    ? ipaddr.IPv4.networkAddressFromCIDR(cidr)
    : ipaddr.IPv6.networkAddressFromCIDR(cidr)
}
