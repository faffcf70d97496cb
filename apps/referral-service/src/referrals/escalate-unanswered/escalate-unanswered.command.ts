/** Escalate every task still unanswered at `now` (the sweeper passes the current time). */
export class EscalateUnansweredCommand {
  constructor(readonly now: Date = new Date()) {}
}
