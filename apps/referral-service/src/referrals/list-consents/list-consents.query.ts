import type { Principal } from '#auth';

export class ListConsentsQuery {
  constructor(
    readonly referralId: string,
    readonly actor: Principal,
    readonly now: Date = new Date(),
  ) {}
}
