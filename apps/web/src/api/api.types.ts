// The shapes the web app reads from and sends to the public API, under the app's names. Each one is a
// schema of the gateway's /api/openapi.json, generated into openapi.generated.ts by `npm run api:types`;
// `npm test` fails when that file no longer matches what the running system serves.
//
// Where the document says less than the app needs, the app narrows it where it reads the value (with
// a fallback), rather than a hand-written type here claiming more than the API promises:
// - fields that are nullable but not required (e.g. matchedAt, hold.expiresAt) may also be absent;
// - an exclusion's `rule` and the keys of `excludedByRule` are plain strings (the matcher's rule
//   names, `ExclusionRule` in #vocabulary, are not an enum in the document);
// - the live results stream (GET /api/referrals/{id}/events) has no schema: each message is a Referral.
import type { components } from './openapi.generated';

type Schemas = components['schemas'];

export type Account = Schemas['AccountResponseDto'];
export type Role = Account['role'];

/** POST /api/referrals. */
export type ReferralRequest = Schemas['SubmitReferralRequestDto'];
/** The patient's needs as a new referral sends them. */
export type PatientNeeds = Schemas['PatientNeedsDto'];

/** A referral as every referral endpoint (and the live results stream) answers it. */
export type Referral = Schemas['ReferralResponseDto'];
export type FacilityMatch = Schemas['FacilityMatchResponseDto'];
export type Exclusion = Schemas['ExclusionResponseDto'];
export type Suggestion = Schemas['SuggestionResponseDto'];
export type ReferralTask = Schemas['ReferralTaskResponseDto'];
export type ReferralWarning = Schemas['ReferralWarningDto'];
/** GET /api/referrals. */
export type ReferralPage = Schemas['ReferralPageResponseDto'];

/** GET /api/facilities/{facilityId}. */
export type Facility = Schemas['FacilityResponseDto'];
export type BedLine = Schemas['BedCountResponseDto'];
/** PUT /api/facilities/{facilityId}/capacity (it answers the whole bed board: BedLine[]). */
export type CapacityUpdate = Schemas['UpdateCapacityRequestDto'];

/** GET /api/inbox/{facilityId}. */
export type InboxPage = Schemas['InboxPageResponseDto'];
export type InboxItem = Schemas['InboxItemDto'];
/** POST /api/referrals/{referralId}/tasks/{taskId}/{action}. */
export type TaskActionBody = Schemas['ChangeTaskStatusRequestDto'];

/** GET /api/referrals/{referralId}/patient. */
export type PatientDisclosure = Schemas['PatientDisclosureResponseDto'];
/** GET and POST /api/referrals/{referralId}/consents. */
export type Consent = Schemas['ConsentResponseDto'];
export type ConsentRequest = Schemas['RecordConsentRequestDto'];
/** PUT /api/referrals/{referralId}/patient. */
export type PatientDetailsRequest = Schemas['RecordPatientDetailsRequestDto'];

/** GET /api/placements. */
export type PlacementHistory = Schemas['PlacementHistoryResponseDto'];
/** GET /api/placements/figures. */
export type PlacementFigures = Schemas['PlacementFiguresResponseDto'];
export type DurationFigure = Schemas['PlacementDurationFigureDto'];

/** GET /api/audit. */
export type AuditPage = Schemas['AuditPageResponseDto'];
export type AuditEntry = Schemas['AuditEntryResponseDto'];

/** POST /api/auth/token. */
export type TokenRequest = Schemas['IssueTokenRequestDto'];
export type AccessToken = Schemas['AccessTokenResponseDto'];
