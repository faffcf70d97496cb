import { useState } from 'react';
import { useSession } from '../session/session.context';
import { BedBoard } from './bed-board';
import { FacilityCredentials } from './facility-credentials';
import { FacilityProfile } from './facility-profile';
import { Inbox } from './inbox';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Facility staff: the bed board, the inbox and the profile of the facility they act for (a picker when they act for several). */
export function FacilityPage() {
  const { account } = useSession();
  const facilityIds = account?.facilityIds ?? [];
  const [chosen, setChosen] = useState(facilityIds[0] ?? '');
  const facilityId = UUID.test(chosen) ? chosen : null;
  return (
    <div>
      {facilityIds.length !== 1 && (
        <div className="card facility-picker">
          <label htmlFor="facility">Facility</label>
          {facilityIds.length > 1 ? (
            <select id="facility" value={chosen} onChange={(event) => setChosen(event.target.value)}>
              {facilityIds.map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          ) : (
            <input
              id="facility"
              placeholder="Facility id (from the directory)"
              value={chosen}
              onChange={(event) => setChosen(event.target.value.trim())}
            />
          )}
        </div>
      )}
      {facilityId && (
        <>
          <div className="two-columns">
            <BedBoard facilityId={facilityId} />
            <Inbox facilityId={facilityId} />
          </div>
          <FacilityProfile facilityId={facilityId} />
          <FacilityCredentials facilityId={facilityId} />
        </>
      )}
    </div>
  );
}
