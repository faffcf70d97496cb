import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import type { Role } from './api/api.types';
import { AuditPage } from './admin/audit.page';
import { HistoryPage } from './admin/history.page';
import { FacilityPage } from './facility/facility.page';
import { Shell } from './layout/shell';
import { NewReferralPage } from './planner/new-referral.page';
import { ReferralPage } from './planner/referral.page';
import { homeOf, useSession } from './session/session.context';
import { SignInPage } from './session/sign-in.page';

// The charts library is most of the bundle and only admins need it: loaded when the page opens.
const FiguresPage = lazy(() => import('./admin/figures.page').then((module) => ({ default: module.FiguresPage })));

function Guard({ roles, children }: { roles: Role[]; children: React.ReactNode }) {
  const { account } = useSession();
  if (!account) return <Navigate to="/sign-in" replace />;
  if (!roles.includes(account.role)) return <Navigate to={homeOf(account)} replace />;
  return <Shell>{children}</Shell>;
}

export function App() {
  const { account } = useSession();
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route
        path="/planner"
        element={
          <Guard roles={['planner', 'admin']}>
            <NewReferralPage />
          </Guard>
        }
      />
      <Route
        path="/planner/referrals/:referralId"
        element={
          <Guard roles={['planner', 'admin']}>
            <ReferralPage />
          </Guard>
        }
      />
      <Route
        path="/facility"
        element={
          <Guard roles={['facility-staff', 'admin']}>
            <FacilityPage />
          </Guard>
        }
      />
      <Route
        path="/admin"
        element={
          <Guard roles={['admin']}>
            <HistoryPage />
          </Guard>
        }
      />
      <Route
        path="/admin/figures"
        element={
          <Guard roles={['admin']}>
            <Suspense fallback={<p>Loading charts…</p>}>
              <FiguresPage />
            </Suspense>
          </Guard>
        }
      />
      <Route
        path="/admin/audit"
        element={
          <Guard roles={['admin']}>
            <AuditPage />
          </Guard>
        }
      />
      <Route path="*" element={<Navigate to={account ? homeOf(account) : '/sign-in'} replace />} />
    </Routes>
  );
}
