/** Expire every hold due by `now` (the sweeper's clock, unless a caller gives another). */
export class ExpireBedHoldsCommand {
  constructor(readonly now: Date = new Date()) {}
}
