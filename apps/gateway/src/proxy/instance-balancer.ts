/** One attempt to reach an instance that failed, as far as sending the request elsewhere depends on it. */
export interface FailedAttempt {
  readonly method: string;
  /** The socket error's code, e.g. ECONNREFUSED. */
  readonly code?: string;
  /** The gateway stopped waiting (proxy timeout): the instance may still be working on the request. */
  readonly timedOut: boolean;
  /** The request can be sent again whole: it has no body, or the gateway kept its body. */
  readonly replayable: boolean;
  /** Part of an answer already went to the client. */
  readonly answered: boolean;
}

export interface InstanceBalancerOptions {
  /** How long an instance that refused or dropped a connection is left out before it is tried again. */
  readonly downForMs: number;
  readonly now?: () => number;
}

/** No connection was made, so the request never reached the instance: safe to send anywhere, whatever it does. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** The connection broke before an answer: the instance may have acted on the request, or died before it could. */
const DROPPED = new Set(['ECONNRESET', 'EPIPE']);
/** Methods whose repetition changes nothing more than doing them once (RFC 9110 §9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/**
 * Spreads one service's requests over its instances, round-robin, leaving out for a while an instance
 * that refused or dropped a connection; once that time is over the next request tries it again. Decides
 * whether a failed request may go to another instance.
 */
export class InstanceBalancer {
  private cursor = 0;
  private readonly downUntil = new Map<string, number>();
  private readonly now: () => number;

  constructor(
    readonly instances: readonly string[],
    private readonly options: InstanceBalancerOptions,
  ) {
    if (instances.length === 0) throw new Error('a service needs at least one instance');
    this.now = options.now ?? Date.now;
  }

  /**
   * The instance for the next attempt, never one in `tried`: the next in turn that is not left out; when
   * every untried one is left out, the one due back soonest (it may be up again, and the alternative is
   * no answer at all). Undefined once every instance was tried.
   */
  choose(tried: ReadonlySet<string> = new Set()): string | undefined {
    let fallback: { index: number; until: number } | undefined;
    for (let step = 0; step < this.instances.length; step += 1) {
      const index = (this.cursor + step) % this.instances.length;
      const instance = this.instances[index]!;
      if (tried.has(instance)) continue;
      const until = this.downUntil.get(instance) ?? 0;
      if (until <= this.now()) return this.take(index);
      if (!fallback || until < fallback.until) fallback = { index, until };
    }
    return fallback ? this.take(fallback.index) : undefined;
  }

  /** Leaves an instance out for `downForMs`; true when it was counted as up until now. */
  markDown(instance: string): boolean {
    const wasUp = !this.isDown(instance);
    this.downUntil.set(instance, this.now() + this.options.downForMs);
    return wasUp;
  }

  /** An instance answered; true when it had been left out. */
  markUp(instance: string): boolean {
    return this.downUntil.delete(instance);
  }

  isDown(instance: string): boolean {
    return (this.downUntil.get(instance) ?? 0) > this.now();
  }

  /** Whether a failure says the instance is gone (rather than slow, or answering badly). */
  isOutage(failure: FailedAttempt): boolean {
    return !failure.timedOut && failure.code !== undefined && (NEVER_CONNECTED.has(failure.code) || DROPPED.has(failure.code));
  }

  /**
   * Whether the request may be sent to another instance: only while nothing of an answer went out and the
   * request can be sent whole again; then any request whose connection was never made (it never arrived),
   * and an idempotent one whose connection broke before an answer (doing it twice does no harm).
   */
  shouldRetry(failure: FailedAttempt): boolean {
    if (failure.answered || !failure.replayable || failure.code === undefined) return false;
    if (NEVER_CONNECTED.has(failure.code)) return true;
    return !failure.timedOut && DROPPED.has(failure.code) && IDEMPOTENT.has(failure.method.toUpperCase());
  }

  private take(index: number): string {
    this.cursor = (index + 1) % this.instances.length;
    return this.instances[index]!;
  }
}
