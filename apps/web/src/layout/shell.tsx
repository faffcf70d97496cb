import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useSession } from '../session/session.context';

const LINKS = {
  planner: [{ to: '/planner', label: 'Referrals' }],
  'facility-staff': [{ to: '/facility', label: 'Beds and inbox' }],
  admin: [
    { to: '/admin', label: 'Placement history' },
    { to: '/admin/figures', label: 'Figures' },
    { to: '/admin/audit', label: 'Audit log' },
    { to: '/planner', label: 'Refer' },
    { to: '/facility', label: 'Facilities' },
  ],
  system: [],
} as const;

/** The frame around every signed-in page: a skip link, the role's navigation and who is signed in. */
export function Shell({ children }: { children: ReactNode }) {
  const { account, signOut } = useSession();
  if (!account) return null;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">SUD referral</span>
        <nav aria-label="Main">
          <ul>
            {LINKS[account.role].map((link) => (
              <li key={link.to}>
                <NavLink to={link.to} end>
                  {link.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who">
          {account.displayName}
          {account.organization ? `, ${account.organization}` : ''}
        </span>
        <button type="button" className="secondary" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
