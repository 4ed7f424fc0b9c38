import { lazy, Suspense, type ReactNode } from 'react';
import { Spin } from 'antd';
import { Navigate, Route, Routes } from 'react-router';
import type { Permission } from '@renkou/core';
import { NoAccess, NotFoundPage } from '../components/NoAccess';
import { LoginPage } from '../features/auth/LoginPage';
import { PersonSearchPage } from '../features/registry/PersonSearchPage';
import { PersonPage } from '../features/registry/PersonPage';
import { HouseholdPage } from '../features/registry/HouseholdPage';
import { EventFormPage } from '../features/events/EventFormPage';
import { AppLayout, MENU } from './AppLayout';
import { RequireAuth, useAuth } from './auth';

// Pages with heavy parts (ECharts) or used by few (administrators) load on first use.
const DashboardPage = lazy(() => import('../features/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const UsersPage = lazy(() => import('../features/users/UsersPage').then((m) => ({ default: m.UsersPage })));
const AuditPage = lazy(() => import('../features/audit/AuditPage').then((m) => ({ default: m.AuditPage })));
const SystemPage = lazy(() => import('../features/system/SystemPage').then((m) => ({ default: m.SystemPage })));
const StatsPage = lazy(() => import('../features/stats/StatsPage').then((m) => ({ default: m.StatsPage })));
const ReportsPage = lazy(() => import('../features/stats/ReportsPage').then((m) => ({ default: m.ReportsPage })));
const QualityPage = lazy(() => import('../features/stats/QualityPage').then((m) => ({ default: m.QualityPage })));
const UploadPage = lazy(() => import('../features/exchange/UploadPage').then((m) => ({ default: m.UploadPage })));
const ImportsPage = lazy(() => import('../features/exchange/ImportsPage').then((m) => ({ default: m.ImportsPage })));
const WorklistPage = lazy(() => import('../features/exchange/WorklistPage').then((m) => ({ default: m.WorklistPage })));
const DiscrepanciesPage = lazy(() => import('../features/exchange/DiscrepanciesPage').then((m) => ({ default: m.DiscrepanciesPage })));
const PartnersPage = lazy(() => import('../features/exchange/PartnersPage').then((m) => ({ default: m.PartnersPage })));
const ProjectionPage = lazy(() => import('../features/projection/ProjectionPage').then((m) => ({ default: m.ProjectionPage })));
const PublicStatsPage = lazy(() => import('../features/public/PublicStatsPage').then((m) => ({ default: m.PublicStatsPage })));

/** A page for one permission; a role without it sees the "no access" page. */
function Allow({ permission, children }: { permission: Permission; children: ReactNode }) {
  const auth = useAuth();
  return auth.has(permission) ? <>{children}</> : <NoAccess kind="role" />;
}

/** The home page is the dashboard for those who read the registry; administrators land on their own page. */
function Home() {
  const auth = useAuth();
  if (auth.has('person.read')) return <DashboardPage />;
  const first = MENU.find((m) => auth.has(m.permission));
  return first ? <Navigate to={first.path} replace /> : <NoAccess kind="role" />;
}

export function App() {
  return (
    <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '64px auto' }} />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        {/* 政务公开: open to anyone, signed in or not. */}
        <Route path="/public" element={<PublicStatsPage />} />
        <Route
          element={
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          }
        >
          <Route index element={<Home />} />
          <Route path="persons" element={<Allow permission="person.read"><PersonSearchPage /></Allow>} />
          <Route path="persons/:id" element={<Allow permission="person.read"><PersonPage /></Allow>} />
          <Route path="households/:id" element={<Allow permission="person.read"><HouseholdPage /></Allow>} />
          <Route path="events/new" element={<Allow permission="person.write"><EventFormPage /></Allow>} />
          <Route path="stats" element={<Allow permission="stats.read"><StatsPage /></Allow>} />
          <Route path="reports" element={<Allow permission="stats.read"><ReportsPage /></Allow>} />
          <Route path="quality" element={<Allow permission="stats.read"><QualityPage /></Allow>} />
          <Route path="projection" element={<Allow permission="stats.read"><ProjectionPage /></Allow>} />
          <Route path="exchange/upload" element={<Allow permission="exchange.import"><UploadPage /></Allow>} />
          <Route path="exchange/imports" element={<Allow permission="exchange.import"><ImportsPage /></Allow>} />
          <Route path="exchange/worklist" element={<Allow permission="exchange.import"><WorklistPage /></Allow>} />
          <Route path="exchange/discrepancies" element={<Allow permission="stats.read"><DiscrepanciesPage /></Allow>} />
          <Route path="exchange/partners" element={<Allow permission="user.manage"><PartnersPage /></Allow>} />
          <Route path="admin/users" element={<Allow permission="user.manage"><UsersPage /></Allow>} />
          <Route path="admin/audit" element={<Allow permission="audit.read"><AuditPage /></Allow>} />
          <Route path="admin/system" element={<Allow permission="system.read"><SystemPage /></Allow>} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
