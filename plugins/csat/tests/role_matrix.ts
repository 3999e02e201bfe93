import { MANAGERS, NOBODY, STAFF, records, type Expectations } from '#tests/helpers/role_matrix'

/** CSAT's part of the role matrix (tests/unit/policies/role_matrix.spec.ts). */
export const expectations: Expectations = {
  'CsatRatingPolicy.rate': [
    { case: 'the customer’s own request', args: () => [records.ticket], allowed: ['customer'] },
    { case: 'another customer’s request', args: () => [records.otherTicket], allowed: NOBODY },
  ],
  'CsatRatingPolicy.viewReport': [{ case: 'the CSAT report', allowed: STAFF }],
  'CsatRatingPolicy.viewEveryone': [{ case: 'every agent’s figures', allowed: MANAGERS }],
}
