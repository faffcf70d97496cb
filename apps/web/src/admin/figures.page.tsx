import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { DECLINE_REASON_LABELS, type DeclineReason } from '#vocabulary';
import { query, request } from '../api/api-client';
import type { PlacementFigures } from '../api/api.types';
import { count, levelLabel, minutes, percent } from '../format';
import { PlacementFilters, type PlacementFilter } from './placement-filters';

// Colours chosen for contrast on white and for colour-blind readers (Okabe–Ito palette).
const BLUE = '#0072B2';
const ORANGE = '#D55E00';
const GREEN = '#009E73';

function Chart({ title, summary, children }: { title: string; summary: string; children: React.ReactElement }) {
  return (
    <figure className="card chart">
      <figcaption>
        <h2>{title}</h2>
        <p className="muted">{summary}</p>
      </figcaption>
      <div className="chart-box" role="img" aria-label={`${title}: ${summary}`}>
        <ResponsiveContainer width="100%" height={260}>
          {children}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export function FiguresPage() {
  const [filter, setFilter] = useState<PlacementFilter>({});
  const figures = useQuery({
    queryKey: ['figures', filter],
    queryFn: () => request<PlacementFigures>('GET', `/api/placements/figures${query({ ...filter })}`),
  });
  const data = figures.data;
  // Minutes while placements are quick, hours once any figure passes two hours.
  const longest = Math.max(0, data?.timeToAcceptance.p90Minutes ?? 0, data?.timeToAdmission.p90Minutes ?? 0);
  const unit = longest > 120 ? { name: 'h', per: 60 } : { name: 'min', per: 1 };
  const inUnit = (value: number | null) => (value === null ? 0 : Math.round((value / unit.per) * 10) / 10);
  const declineReasons = (data?.declineReasons ?? []).map((row) => ({
    reason: DECLINE_REASON_LABELS[row.reason as DeclineReason] ?? row.reason,
    count: row.count,
  }));
  return (
    <div>
      <h1>Placement figures</h1>
      <PlacementFilters onApply={setFilter} />
      {figures.error && (
        <p role="alert" className="error">
          {figures.error.message}
        </p>
      )}
      {data && (
        <>
          <p className="card">
            {count(data.referrals, 'referral')} · {data.outcomes.map((row) => `${row.outcome}: ${row.count}`).join(' · ')}
          </p>
          <div className="charts">
            <Chart
              title="Time to placement"
              summary={
                `To acceptance: median ${minutes(data.timeToAcceptance.medianMinutes)}, ` +
                `90th percentile ${minutes(data.timeToAcceptance.p90Minutes)}. ` +
                `To admission: median ${minutes(data.timeToAdmission.medianMinutes)}, ` +
                `90th percentile ${minutes(data.timeToAdmission.p90Minutes)}.`
              }
            >
              <BarChart
                data={[
                  {
                    step: 'To acceptance',
                    median: inUnit(data.timeToAcceptance.medianMinutes),
                    p90: inUnit(data.timeToAcceptance.p90Minutes),
                  },
                  {
                    step: 'To admission',
                    median: inUnit(data.timeToAdmission.medianMinutes),
                    p90: inUnit(data.timeToAdmission.p90Minutes),
                  },
                ]}
              >
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="step" />
                <YAxis unit={` ${unit.name}`} />
                <Tooltip />
                <Legend />
                <Bar dataKey="median" name={`Median (${unit.name})`} fill={BLUE} />
                <Bar dataKey="p90" name={`90th percentile (${unit.name})`} fill={ORANGE} />
              </BarChart>
            </Chart>
            <Chart
              title="Acceptance by facility"
              summary={
                data.facilities
                  .slice(0, 5)
                  .map((row) => `${row.facilityName}: ${percent(row.acceptanceRate)} of ${row.sent}`)
                  .join('; ') || 'No referrals sent yet.'
              }
            >
              <BarChart
                data={data.facilities.slice(0, 10).map((row) => ({
                  name: row.facilityName.slice(0, 22),
                  accepted: row.accepted,
                  declined: row.declined,
                  other: row.sent - row.accepted - row.declined,
                }))}
                layout="vertical"
              >
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis type="number" allowDecimals={false} />
                <YAxis type="category" dataKey="name" width={150} />
                <Tooltip />
                <Legend />
                <Bar dataKey="accepted" stackId="a" name="Accepted" fill={GREEN} />
                <Bar dataKey="declined" stackId="a" name="Declined" fill={ORANGE} />
                <Bar dataKey="other" stackId="a" name="No answer, failed or withdrawn" fill={BLUE} />
              </BarChart>
            </Chart>
            <Chart
              title="Decline reasons"
              summary={declineReasons.map((row) => `${row.reason}: ${row.count}`).join('; ') || 'No declines.'}
            >
              <BarChart data={declineReasons}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="reason" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Bar dataKey="count" name="Declines" fill={ORANGE} />
              </BarChart>
            </Chart>
            <Chart
              title="Unmet demand"
              summary={
                `${data.unmetDemand.referrals} referrals found no bed. ` +
                `${data.unmetDemand.byLevelOfCare.map((row) => `${levelLabel(row.levelOfCare)}: ${row.count}`).join('; ')}`
              }
            >
              <BarChart data={data.unmetDemand.byLevelOfCare.map((row) => ({ level: row.levelOfCare, count: row.count }))}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="level" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Bar dataKey="count" name="Referrals with no bed" fill={BLUE} />
              </BarChart>
            </Chart>
          </div>
          {data.unmetDemand.byState.length > 0 && (
            <p className="card">
              Unmet demand by state: {data.unmetDemand.byState.map((row) => `${row.state ?? 'unknown'}: ${row.count}`).join(' · ')}
            </p>
          )}
        </>
      )}
    </div>
  );
}
