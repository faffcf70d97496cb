import type { Role } from '#auth';

type Optional = 'facilityIds' | 'organization' | 'password' | 'replace';
/** The command's fields; those left out mean no facilities, no organisation, no password, no replacing. */
export type CreateAccountFields = Omit<CreateAccountCommand, Optional> & Partial<Pick<CreateAccountCommand, Optional>>;

/** Creates an account; with `replace`, an existing account of that email is updated instead (seeding). */
export class CreateAccountCommand {
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  /** Facilities a facility-staff or system account acts for. */
  readonly facilityIds: readonly string[];
  /** A planner's organisation. */
  readonly organization: string | null;
  /** Absent for a system account, which signs in with API keys only. */
  readonly password: string | undefined;
  readonly replace: boolean;

  constructor(fields: CreateAccountFields) {
    this.email = fields.email;
    this.displayName = fields.displayName;
    this.role = fields.role;
    this.facilityIds = fields.facilityIds ?? [];
    this.organization = fields.organization ?? null;
    this.password = fields.password;
    this.replace = fields.replace ?? false;
  }
}
