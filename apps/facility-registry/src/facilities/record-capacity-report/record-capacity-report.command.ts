import type { EventEnvelope, FacilityCapacityReportValue } from '#contracts';

/** The Kafka header a facility's system sends its access token in, as `Bearer <token>` (like HTTP's). */
export const ACCESS_TOKEN_HEADER = 'authorization';

/**
 * Bed counts a facility's own system published on facility.capacity-report.v1, with the access token
 * of its `system` account from the message's authorization header (null when there was none).
 */
export class RecordCapacityReportCommand {
  constructor(
    readonly event: EventEnvelope<FacilityCapacityReportValue>,
    readonly accessToken: string | null,
  ) {}
}

/** The bearer token in a Kafka message's authorization header (any case; a Buffer as Kafka delivers it), or null. */
export function accessTokenOf(headers: Record<string, unknown> | undefined): string | null {
  const entry = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === ACCESS_TOKEN_HEADER);
  const raw: unknown = Array.isArray(entry?.[1]) ? (entry[1] as unknown[])[0] : entry?.[1];
  const value = Buffer.isBuffer(raw) ? raw.toString('utf8') : typeof raw === 'string' ? raw : '';
  const [scheme, token, ...rest] = value.trim().split(/\s+/);
  return scheme?.toLowerCase() === 'bearer' && token && rest.length === 0 ? token : null;
}
