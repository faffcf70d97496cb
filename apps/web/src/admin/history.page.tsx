import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { TASK_STATUS_LABELS } from '#vocabulary';
import { download, query, request } from '../api/api-client';
import type { PlacementHistory } from '../api/api.types';
import { Pager } from '../layout/pager';
import { count, dateTime, levelLabel, outcomeText } from '../format';
import { PlacementFilters, type PlacementFilter } from './placement-filters';

const PAGE_SIZE = 25;

export function HistoryPage() {
  const [filter, setFilter] = useState<PlacementFilter>({});
  const [page, setPage] = useState(1);
  const [exportError, setExportError] = useState<string | null>(null);
  const history = useQuery({
    queryKey: ['placements', filter, page],
    queryFn: () => request<PlacementHistory>('GET', `/api/placements${query({ ...filter, page, pageSize: PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
  });

  async function exportCsv() {
    setExportError(null);
    try {
      await download(`/api/placements/export.csv${query({ ...filter })}`, 'placements.csv');
    } catch (caught) {
      setExportError((caught as Error).message);
    }
  }

  return (
    <div>
      <h1>Placement history</h1>
      <PlacementFilters
        onApply={(next) => {
          setFilter(next);
          setPage(1);
        }}
      />
      <section className="card" aria-labelledby="history-title">
        <div className="section-head">
          <h2 id="history-title">{history.data ? count(history.data.total, 'referral') : 'Referrals'}</h2>
          <button type="button" className="secondary" onClick={() => void exportCsv()}>
            Export CSV
          </button>
        </div>
        {exportError && (
          <p role="alert" className="error">
            {exportError}
          </p>
        )}
        {history.error && (
          <p role="alert" className="error">
            {history.error.message}
          </p>
        )}
        <div className="table-scroll">
          <table className="history" aria-busy={history.isFetching}>
            <thead>
              <tr>
                <th scope="col">Submitted</th>
                <th scope="col">Level of care</th>
                <th scope="col">Payer</th>
                <th scope="col">ZIP</th>
                <th scope="col">Outcome</th>
                <th scope="col">Facilities</th>
              </tr>
            </thead>
            <tbody>
              {history.data?.items.map((referral) => (
                <tr key={referral.id}>
                  <td>{dateTime(referral.submittedAt)}</td>
                  <td>{levelLabel(referral.levelOfCare)}</td>
                  <td>{referral.payer}</td>
                  <td>{referral.patientZip}</td>
                  <td>
                    <span className={`badge outcome-${referral.outcome}`}>{outcomeText(referral.outcome)}</span>
                  </td>
                  <td>
                    {referral.tasks
                      .map(
                        (task) =>
                          `${task.facilityName}: ${TASK_STATUS_LABELS[task.status]}${task.statusReason ? ` (${task.statusReason})` : ''}`,
                      )
                      .join('; ') || '–'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pager page={page} total={history.data?.total} pageSize={PAGE_SIZE} onPage={setPage} />
      </section>
    </div>
  );
}
