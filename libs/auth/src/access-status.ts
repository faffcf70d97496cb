import { Inject, Injectable, Logger } from '@nestjs/common';
import { currentCorrelationId, HTTP_CORRELATION_HEADER } from '#correlation';
import { DomainError } from '#http';

/** Whether an account may act at all, and the version its access tokens must carry at least (claim `ver`). */
export interface AccessStatus {
  readonly active: boolean;
  /** Raised by identity whenever the account's access changes (deactivated, reactivated, facilities, keys). */
  readonly tokenVersion: number;
}

/** The access token a request came with, as the guard verified it. */
export interface AccessCredential {
  readonly accountId: string;
  /** The raw bearer token: forwarded to identity, which answers the status of its own subject only. */
  readonly token: string;
  /** Its `ver` claim (0 for a token without one). */
  readonly version: number;
  /** When it expires, in milliseconds since the epoch. */
  readonly expiresAtMs: number | null;
}

/** Where the guard learns an account's current status. */
export const ACCESS_STATUS_SOURCE = Symbol('ACCESS_STATUS_SOURCE');

export interface AccessStatusSource {
  /** The account's current status; throws DomainError('unavailable') when it cannot be known. */
  statusOf(credential: AccessCredential): Promise<AccessStatus>;
}

export type AccessVerdict = 'allowed' | 'revoked' | 'expired';

/** Revoked: the account was deactivated, or its access changed after the token was issued. */
export function accessRevoked(status: AccessStatus, version: number): boolean {
  return !status.active || version < status.tokenVersion;
}

/** Says whether a credential still gives access: the guard on every request, live-update streams on every tick. */
@Injectable()
export class AccessChecker {
  constructor(@Inject(ACCESS_STATUS_SOURCE) private readonly source: AccessStatusSource) {}

  /** Throws DomainError('unavailable') (503) when identity cannot say and no recent answer is known. */
  async verdict(credential: AccessCredential, nowMs = Date.now()): Promise<AccessVerdict> {
    if (credential.expiresAtMs !== null && credential.expiresAtMs <= nowMs) return 'expired';
    const status = await this.source.statusOf(credential);
    return accessRevoked(status, credential.version) ? 'revoked' : 'allowed';
  }
}

/** What IdentityAccessStatus needs: where identity is and how long its answers are trusted. */
export interface IdentityAccessStatusOptions {
  /** Base URL of the identity service, e.g. http://127.0.0.1:3004. */
  readonly identityUrl: string;
  /** How long an answer is reused before identity is asked again (at most 30 s: access ends within it). */
  readonly cacheMs: number;
  /** How long the last answer still counts while identity cannot be reached; after that, 503. */
  readonly staleMs: number;
  /** How long one call to identity may take. */
  readonly timeoutMs?: number;
}

/** The part of `fetch` the client uses, so that a spec can stand in for identity. */
export type StatusFetch = (
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal },
) => Promise<{ readonly ok: boolean; readonly status: number; json(): Promise<unknown> }>;

interface KnownStatus {
  readonly status: AccessStatus;
  readonly atMs: number;
}

const REVOKED: AccessStatus = { active: false, tokenVersion: Number.MAX_SAFE_INTEGER };
const MAX_KNOWN = 10_000;

/**
 * Asks identity for the status of the account behind a token, at GET /api/auth/access-status, authenticated
 * with that very token (no shared secret beyond the token's own): identity verifies it and answers for its
 * subject only. Each account's answer is reused for `cacheMs`, so revoking access takes effect within that.
 */
export class IdentityAccessStatus implements AccessStatusSource {
  private readonly logger = new Logger('AccessStatus');
  private readonly known = new Map<string, KnownStatus>();
  private readonly asking = new Map<string, Promise<AccessStatus>>();

  constructor(
    private readonly options: IdentityAccessStatusOptions,
    private readonly http: StatusFetch = fetch,
    private readonly now: () => number = Date.now,
  ) {}

  async statusOf(credential: AccessCredential): Promise<AccessStatus> {
    const known = this.known.get(credential.accountId);
    const age = known ? this.now() - known.atMs : Number.POSITIVE_INFINITY;
    // A token newer than the answer held was issued after it (signed in again): the answer is out of date.
    if (known && age < this.options.cacheMs && credential.version <= known.status.tokenVersion) return known.status;
    try {
      return await this.ask(credential);
    } catch (error) {
      // Availability vs. revocation: a clinical tool should keep working through a short identity outage, so
      // the last answer counts for ACCESS_STATUS_STALE_MS; after that nobody is let in unchecked (503).
      if (known && age < this.options.staleMs) {
        this.logger.warn(`identity unreachable (${(error as Error).message}); using its answer of ${Math.round(age / 1000)} s ago`);
        return known.status;
      }
      throw new DomainError(
        'unavailable',
        'Cannot confirm with the identity service that this account still has access; try again shortly',
        {
          retryAfterSeconds: 5,
          cause: error,
        },
      );
    }
  }

  /** One call per account at a time: concurrent requests of the same account share it. */
  private ask(credential: AccessCredential): Promise<AccessStatus> {
    const pending = this.asking.get(credential.accountId);
    if (pending) return pending;
    const call = this.call(credential).finally(() => this.asking.delete(credential.accountId));
    this.asking.set(credential.accountId, call);
    return call;
  }

  private async call(credential: AccessCredential): Promise<AccessStatus> {
    const headers: Record<string, string> = { authorization: `Bearer ${credential.token}`, accept: 'application/json' };
    const correlationId = currentCorrelationId();
    if (correlationId) headers[HTTP_CORRELATION_HEADER] = correlationId;
    const response = await this.http(`${this.options.identityUrl.replace(/\/+$/, '')}/api/auth/access-status`, {
      headers,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 2_000),
    });
    // Identity refuses the token itself (e.g. it expired meanwhile): no access, and nothing to remember.
    if (response.status === 401 || response.status === 403) return REVOKED;
    if (!response.ok) throw new Error(`identity answered ${response.status}`);
    const body = (await response.json()) as Partial<AccessStatus> | null;
    if (typeof body?.active !== 'boolean' || !Number.isInteger(body.tokenVersion)) throw new Error('identity answered no status');
    const status: AccessStatus = { active: body.active, tokenVersion: body.tokenVersion! };
    this.remember(credential.accountId, status);
    return status;
  }

  private remember(accountId: string, status: AccessStatus): void {
    const nowMs = this.now();
    if (this.known.size >= MAX_KNOWN) {
      for (const [id, entry] of this.known) if (nowMs - entry.atMs >= this.options.staleMs) this.known.delete(id);
    }
    this.known.set(accountId, { status, atMs: nowMs });
  }
}

/**
 * For a module configured without a status source (specs that only read tokens): fails closed,
 * so a service that forgot to configure one lets nobody in rather than everybody.
 */
export class UnconfiguredAccessStatus implements AccessStatusSource {
  statusOf(): Promise<AccessStatus> {
    return Promise.reject(new DomainError('unavailable', 'This service was started without a way to check account status'));
  }
}
