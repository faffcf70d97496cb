import type { Principal } from '#auth';
import type { DeclineReason } from '#contracts';
import type { TaskAction } from '../domain/task-lifecycle.js';

export class ChangeTaskStatusCommand {
  constructor(
    readonly referralId: string,
    readonly taskId: string,
    readonly action: TaskAction,
    readonly actor: Principal,
    readonly at: Date,
    readonly reason: DeclineReason | null = null,
    readonly note: string | null = null,
  ) {}
}
