import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { TooManyStreamsError } from '../domain/stream-slots.js';
import { STREAM_SLOT_REPOSITORY, type StreamSlotRepository } from './stream-slot.repository.port.js';

/** How long a place outlives its instance's last sign of life, and how often a running instance gives one. */
export interface StreamSlotLease {
  readonly leaseMs: number;
  readonly renewEveryMs: number;
}

export const STREAM_SLOT_LEASE = Symbol('STREAM_SLOT_LEASE');

/**
 * A stream's place in its account's quota (as domain/stream-slots.ts's StreamSlot); releasing it more than
 * once frees one place. What release returns settles once the place is given back, and never fails.
 */
export interface SharedStreamSlot {
  release(): Promise<void>;
}

/** A crashed instance's places free themselves within half a minute; a running one renews thrice a lease. */
export const DEFAULT_STREAM_SLOT_LEASE: StreamSlotLease = { leaseMs: 30_000, renewEveryMs: 10_000 };

/**
 * Live-update stream places per account (MAX_STREAMS_PER_ACCOUNT) across every instance of the service:
 * the places live in the database, each held by the instance serving its stream. This instance renews its
 * places while it runs and gives them all back when it stops; should it crash, they lapse with the lease.
 */
@Injectable()
export class SharedStreamSlots implements OnModuleInit, BeforeApplicationShutdown, OnModuleDestroy {
  /** This instance, as its places name it. */
  readonly instanceId = randomUUID();
  private readonly logger = new Logger(SharedStreamSlots.name);
  private readonly releasing = new Set<Promise<void>>();
  private heartbeat?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @Inject(STREAM_SLOT_REPOSITORY) private readonly slots: StreamSlotRepository,
    @Optional() @Inject(STREAM_SLOT_LEASE) private readonly lease: StreamSlotLease = DEFAULT_STREAM_SLOT_LEASE,
  ) {}

  /**
   * Takes one of the account's `max` places for a stream this instance serves, or refuses with
   * TooManyStreamsError (429) when all are taken, on whichever instances. Releasing it twice frees one place.
   */
  async take(account: string, max: number): Promise<SharedStreamSlot> {
    const slotId = await this.slots.claim(account, this.instanceId, max, this.lease.leaseMs);
    if (slotId === null) throw new TooManyStreamsError(max);
    let giving: Promise<void> | undefined;
    return {
      release: () => {
        // Once stopping, every place of this instance has been (or is being) given back in one go.
        if (this.stopped) return giving ?? Promise.resolve();
        giving ??= this.giveBack(slotId);
        return giving;
      },
    };
  }

  private giveBack(slotId: string): Promise<void> {
    const giving = this.slots
      .release(slotId)
      // Not given back now, it lapses with the lease once this instance stops renewing it.
      .catch((error: unknown) => this.logger.warn(`could not give back a stream place: ${String(error)}`))
      .finally(() => this.releasing.delete(giving));
    this.releasing.add(giving);
    return giving;
  }

  /** How many streams the account has open, on all instances. */
  countOf(account: string): Promise<number> {
    return this.slots.countOf(account, this.lease.leaseMs);
  }

  /** This instance's sign of life: its places stay live; those crashed instances left behind are cleared. */
  async keepAlive(): Promise<void> {
    try {
      await this.slots.renew(this.instanceId);
      await this.slots.forgetExpired(this.lease.leaseMs);
    } catch (error) {
      // Down longer than the lease, others stop counting this instance's streams until they close: a
      // limit briefly too loose, never an account shut out.
      this.logger.warn(`could not renew this instance's stream places: ${String(error)}`);
    }
  }

  onModuleInit(): void {
    this.heartbeat = setInterval(() => void this.keepAlive(), this.lease.renewEveryMs).unref();
  }

  /** Before the database connection closes: every place this instance holds is given back at once. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeat);
    await Promise.all(this.releasing);
    try {
      await this.slots.releaseAll(this.instanceId);
    } catch (error) {
      this.logger.warn(`could not give back this instance's stream places; they lapse with the lease: ${String(error)}`);
    }
  }

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
  }
}
