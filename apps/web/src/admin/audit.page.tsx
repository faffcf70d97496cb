import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { query, request } from '../api/api-client';
import type { AuditPage } from '../api/api.types';
import { Pager } from '../layout/pager';
import { count, dateTime } from '../format';

const PAGE_SIZE = 50;

/** Every read of patient details and every consent change, allowed or denied. */
export function AuditPage() {
  const [filter, setFilter] = useState<{ referralId?: string; outcome?: string }>({});
  const [draft, setDraft] = useState<{ referralId?: string; outcome?: string }>({});
  const [page, setPage] = useState(1);
  const audit = useQuery({
    queryKey: ['audit', filter, page],
    queryFn: () => request<AuditPage>('GET', `/api/audit${query({ ...filter, page, pageSize: PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
  });

  function apply(event: FormEvent) {
    event.preventDefault();
    setFilter(draft);
    setPage(1);
  }

  return (
    <div>
      <h1>Audit log</h1>
      <form className="card filters" onSubmit={apply} aria-label="Filters">
        <div className="field">
          <label htmlFor="referralId">Referral id</label>
          <input id="referralId" onChange={(event) => setDraft({ ...draft, referralId: event.target.value.trim() || undefined })} />
        </div>
        <div className="field">
          <label htmlFor="outcome">Outcome</label>
          <select id="outcome" onChange={(event) => setDraft({ ...draft, outcome: event.target.value || undefined })}>
            <option value="">Any</option>
            <option value="allowed">Allowed</option>
            <option value="denied">Denied</option>
          </select>
        </div>
        <button type="submit">Apply filters</button>
      </form>
      <section className="card" aria-labelledby="audit-title">
        <h2 id="audit-title">{audit.data ? count(audit.data.total, 'entry', 'entries') : 'Entries'}</h2>
        {audit.error && (
          <p role="alert" className="error">
            {audit.error.message}
          </p>
        )}
        <div className="table-scroll">
          <table aria-busy={audit.isFetching}>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Outcome</th>
                <th scope="col">Referral</th>
                <th scope="col">Fields</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {audit.data?.items.map((entry) => (
                <tr key={entry.id}>
                  <td>{dateTime(entry.at)}</td>
                  <td>
                    {entry.actorRole}
                    {entry.actorOrganization ? `, ${entry.actorOrganization}` : ''}
                    <br />
                    <span className="muted mono">{entry.actor.slice(0, 8)}</span>
                  </td>
                  <td>{entry.action}</td>
                  <td>
                    <span className={`badge audit-${entry.outcome}`}>{entry.outcome}</span>
                  </td>
                  <td className="mono">{entry.referralId?.slice(0, 8) ?? '–'}</td>
                  <td>{entry.fields.join(', ') || '–'}</td>
                  <td>{entry.detail ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pager page={page} total={audit.data?.total} pageSize={PAGE_SIZE} onPage={setPage} />
      </section>
    </div>
  );
}
