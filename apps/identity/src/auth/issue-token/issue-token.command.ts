/** How the caller proves who it is: a person by email and password, a system by an API key. */
export type SignInCredentials =
  { readonly kind: 'password'; readonly email: string; readonly password: string } | { readonly kind: 'api-key'; readonly apiKey: string };

/** Exchanges a password or an API key for a short-lived access token. */
export class IssueTokenCommand {
  constructor(readonly credentials: SignInCredentials) {}
}
