import type { EntityManager } from 'typeorm';

/** Each open transaction's TypeORM manager, out of reach of anything but `entityManagerOf`. */
const managers = new WeakMap<Transaction, EntityManager>();

/**
 * One open database transaction as use cases see it: they hand it to repositories and the outbox and
 * never reach into it, so repositories stay the only code that touches TypeORM.
 */
export class Transaction {
  private readonly afterCommitCallbacks: (() => void)[] = [];

  constructor(manager: EntityManager) {
    managers.set(this, manager);
  }

  /** Runs once this transaction has committed, never after a rollback (waking the outbox relay, say). */
  afterCommit(callback: () => void): void {
    if (!this.afterCommitCallbacks.includes(callback)) this.afterCommitCallbacks.push(callback);
  }

  /** @internal Called by the unit of work right after COMMIT. */
  committed(): void {
    for (const callback of this.afterCommitCallbacks.splice(0)) callback();
  }
}

/** The transaction's TypeORM manager: for repositories and the messaging tables only. */
export function entityManagerOf(tx: Transaction): EntityManager {
  const manager = managers.get(tx);
  if (!manager) throw new Error('entityManagerOf: not a transaction opened by UnitOfWork.run');
  return manager;
}
