import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel.js';
import { Transaction } from './transaction.js';

export interface UnitOfWorkOptions {
  /** READ COMMITTED (PostgreSQL's default) unless a consistent snapshot is needed across queries. */
  readonly isolation?: IsolationLevel;
}

/**
 * The one way a use case changes state: `run(tx => …)` opens a transaction, commits it, then runs
 * what the work asked for after commit (the outbox writer asks to wake the relay, so an event leaves
 * at once). A `run` inside another joins the open transaction, so a handler called by the event inbox
 * commits together with the inbox's record of the event.
 */
@Injectable()
export class UnitOfWork {
  private readonly open = new AsyncLocalStorage<Transaction>();

  constructor(private readonly dataSource: DataSource) {}

  async run<T>(work: (tx: Transaction) => Promise<T>, options: UnitOfWorkOptions = {}): Promise<T> {
    const joined = this.open.getStore();
    if (joined) return work(joined);
    let tx: Transaction | undefined;
    const inTransaction = (manager: ConstructorParameters<typeof Transaction>[0]): Promise<T> => {
      tx = new Transaction(manager);
      return this.open.run(tx, () => work(tx!));
    };
    const result = options.isolation
      ? await this.dataSource.transaction(options.isolation, inTransaction)
      : await this.dataSource.transaction(inTransaction);
    tx?.committed();
    return result;
  }
}
