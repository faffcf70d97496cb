/** Single sign-on: an OpenID Connect ID token from the organisation's provider, to exchange for an access token. */
export class ExchangeSsoTokenCommand {
  constructor(readonly idToken: string) {}
}
