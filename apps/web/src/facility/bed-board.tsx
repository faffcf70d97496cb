import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../api/api-client';
import type { BedLine, CapacityUpdate, Facility } from '../api/api.types';
import { ago, levelLabel } from '../format';

// Matching stops trusting a count after BED_COUNT_STALE_HOURS (the API's `stale`); staff are
// reminded well before that, so their beds never drop out of planners' results.
const REMIND_AFTER_HOURS = 4;

const lineKey = (line: Pick<BedLine, 'levelOfCare' | 'bedType'>) => `${line.levelOfCare}/${line.bedType}`;

/** Staff count free beds including the ones held for referrals they have not answered; the API keeps those apart. */
const reportedFree = (line: BedLine) => line.available + line.held;

export function BedBoard({ facilityId }: { facilityId: string }) {
  const queryClient = useQueryClient();
  // Refreshed now and then: holds arrive with referrals and expire on their own.
  const facility = useQuery({
    queryKey: ['facility', facilityId],
    queryFn: () => request<Facility>('GET', `/api/facilities/${facilityId}`),
    refetchInterval: 15_000,
  });
  const update = useMutation({
    mutationFn: (beds: BedLine[]) => {
      const body: CapacityUpdate = {
        beds: beds.map((line) => ({
          levelOfCare: line.levelOfCare,
          bedType: line.bedType,
          staffed: line.staffed,
          available: reportedFree(line),
          opening24h: line.opening24h,
          opening72h: line.opening72h,
          waitlist: line.waitlist,
          typicalWaitDays: line.typicalWaitDays ?? null,
        })),
      };
      return request<BedLine[]>('PUT', `/api/facilities/${facilityId}/capacity`, body);
    },
    // The answer is the whole bed board after the change.
    onSuccess: (beds) =>
      queryClient.setQueryData<Facility>(['facility', facilityId], (facility) => (facility ? { ...facility, beds } : facility)),
  });

  if (facility.isPending) return <p>Loading bed counts…</p>;
  if (facility.error)
    return (
      <p role="alert" className="error">
        {facility.error.message}
      </p>
    );
  const { beds, name } = facility.data;
  const oldest = beds.reduce<string | null>((min, line) => (min === null || line.confirmedAt < min ? line.confirmedAt : min), null);
  const stale = beds.some((line) => line.stale);
  // "Now" is when the counts were last fetched (every 15 s): render stays pure, and the reminder still turns up on time.
  const due = oldest !== null && facility.dataUpdatedAt - Date.parse(oldest) > REMIND_AFTER_HOURS * 3_600_000;

  function change(line: BedLine, delta: number) {
    const free = Math.min(line.staffed, Math.max(0, reportedFree(line) + delta));
    update.mutate([{ ...line, available: free - line.held }]);
  }

  return (
    <section className="card" aria-labelledby="beds-title">
      <h2 id="beds-title">Beds at {name}</h2>
      {stale && (
        <p className="warning" role="alert">
          Some counts are so old that planners no longer see these beds. Update them, or confirm them unchanged.
        </p>
      )}
      {!stale && due && (
        <p className="reminder" role="status">
          Counts last confirmed {ago(oldest)}. Please confirm them so planners can trust them.
        </p>
      )}
      {beds.length === 0 && <p>No bed lines yet.</p>}
      <div className="bed-lines">
        {beds.map((line) => {
          const label = `${levelLabel(line.levelOfCare)}, ${line.bedType} beds`;
          return (
            <div className="bed-line" key={lineKey(line)} role="group" aria-label={label}>
              <div>
                <strong>{levelLabel(line.levelOfCare)}</strong> <span className="muted">{line.bedType} beds</span>
                <br />
                <span className="muted">
                  confirmed {ago(line.confirmedAt)}
                  {line.held > 0 ? ` · ${line.held} held for referrals awaiting your answer` : ''}
                </span>
              </div>
              <div className="counter">
                <button
                  type="button"
                  aria-label={`One fewer free: ${label}`}
                  disabled={update.isPending || reportedFree(line) === 0}
                  onClick={() => change(line, -1)}
                >
                  −
                </button>
                <output aria-live="polite" aria-label={`Free: ${label}`}>
                  {reportedFree(line)}
                </output>
                <button
                  type="button"
                  aria-label={`One more free: ${label}`}
                  disabled={update.isPending || reportedFree(line) >= line.staffed}
                  onClick={() => change(line, 1)}
                >
                  +
                </button>
                <span className="muted">of {line.staffed}</span>
              </div>
            </div>
          );
        })}
      </div>
      {beds.length > 0 && (
        <button type="button" className="secondary" disabled={update.isPending} onClick={() => update.mutate(beds)}>
          Confirm all counts unchanged
        </button>
      )}
      {update.error && (
        <p role="alert" className="error">
          {update.error.message}
        </p>
      )}
      {update.isSuccess && !update.isPending && (
        <p role="status" className="success">
          Saved; planners see the new count now.
        </p>
      )}
    </section>
  );
}
