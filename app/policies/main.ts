/*
|--------------------------------------------------------------------------
| Bouncer policies
|--------------------------------------------------------------------------
|
| One policy per model, pre-registered so pages can use them by name.
|
*/
export const policies = {
  MembershipPolicy: () => import('#policies/membership_policy'),
}
