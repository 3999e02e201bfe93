/*
| Kit (the core's public surface for plugins): what policies are made of.
| A plugin's policy extends MemberPolicy and refuses with refuse(message,
| field?); its actions guard themselves with guard(bouncerFor(membership)
| .with(Policy).authorize(...)).
*/
export {
  bouncerFor,
  guard,
  MemberPolicy,
  NOT_YOUR_ROLE,
  refuse,
  Refusal,
  sameOrganization,
} from '#policies/kit'
