import { EventSource } from 'eventsource';
import { useEffect, useState } from 'react';
import { currentAccessToken } from '../api/api-client';
import type { Referral } from '../api/api.types';

export type Connection = 'connecting' | 'live' | 'reconnecting';

/**
 * The referral as the server pushes it (server-sent events): first as it is, then each time it changes,
 * matches and facility answers included. The token travels in a header, which plain EventSource cannot send.
 */
export function useReferralEvents(referralId: string): { referral: Referral | null; connection: Connection; error: string | null } {
  const [referral, setReferral] = useState<Referral | null>(null);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const source = new EventSource(`/api/referrals/${referralId}/events`, {
      fetch: (input, init) =>
        fetch(input, { ...init, headers: { ...init.headers, authorization: `Bearer ${currentAccessToken() ?? ''}` } }),
    });
    source.addEventListener('open', () => {
      setConnection('live');
      setError(null);
    });
    source.addEventListener('referral', (event) => setReferral(JSON.parse(event.data) as Referral));
    source.addEventListener('error', (event) => {
      const code = (event as { code?: number }).code;
      if (code === 404 || code === 401 || code === 403) {
        setError(code === 404 ? 'This referral does not exist or is not yours to see.' : 'Your session has ended; sign in again.');
        source.close();
      } else {
        setConnection('reconnecting');
      }
    });
    return () => source.close();
  }, [referralId]);

  return { referral, connection, error };
}
