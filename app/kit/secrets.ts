/*
| Kit (the core's public surface for plugins): secret tokens for links that
| work without signing in (only their hash is stored).
*/
export { hashSecretToken, newSecretToken } from '#domain/secret_token'
