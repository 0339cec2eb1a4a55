import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes, useNavigate } from 'react-router-dom';
import { z } from 'zod';
import { forgetMe, useMe } from './api/hooks.ts';
import { api, ApiError } from './api/http.ts';
import { AccountLinkScreen } from './account/AccountLinkScreen.tsx';
import { FirstAdminScreen } from './account/FirstAdminScreen.tsx';
import { LoginScreen } from './screens/LoginScreen.tsx';
import { ProjectLayout } from './projects/ProjectLayout.tsx';
import { ProjectsScreen } from './screens/ProjectsScreen.tsx';
import { SyncProvider } from './sync/SyncContext.tsx';

// Every project screen loads on first visit: the first load is the signed-in shell (projects list,
// sign-in), and the annotate screen brings Dexie and the editor of its kind. The service worker
// precaches every chunk, so they still open offline.
const AnnotateScreen = lazy(() => import('./screens/AnnotateScreen.tsx').then((m) => ({ default: m.AnnotateScreen })));
const GuidelineAuthorScreen = lazy(() => import('./screens/guideline/GuidelineAuthorScreen.tsx').then((m) => ({ default: m.GuidelineAuthorScreen })));
const GoldModeScreen = lazy(() => import('./gold/GoldModeScreen.tsx').then((m) => ({ default: m.GoldModeScreen })));
const GoldSetScreen = lazy(() => import('./gold/GoldSetScreen.tsx').then((m) => ({ default: m.GoldSetScreen })));
const DashboardScreen = lazy(() => import('./dashboard/DashboardScreen.tsx').then((m) => ({ default: m.DashboardScreen })));
const SettingsScreen = lazy(() => import('./settings/SettingsScreen.tsx').then((m) => ({ default: m.SettingsScreen })));
const ReviewScreen = lazy(() => import('./review/ReviewScreen.tsx').then((m) => ({ default: m.ReviewScreen })));
const ItemsScreen = lazy(() => import('./items/ItemsScreen.tsx').then((m) => ({ default: m.ItemsScreen })));
const DataScreen = lazy(() => import('./data/DataScreen.tsx').then((m) => ({ default: m.DataScreen })));
const MyEscalationsScreen = lazy(() => import('./work/MyEscalationsScreen.tsx').then((m) => ({ default: m.MyEscalationsScreen })));
const LeadEscalationsScreen = lazy(() => import('./escalations/LeadEscalationsScreen.tsx').then((m) => ({ default: m.LeadEscalationsScreen })));
const AgreementScreen = lazy(() => import('./agreement/AgreementScreen.tsx').then((m) => ({ default: m.AgreementScreen })));
const NewProjectScreen = lazy(() => import('./projects/NewProjectScreen.tsx').then((m) => ({ default: m.NewProjectScreen })));
const AdminScreen = lazy(() => import('./admin/AdminScreen.tsx').then((m) => ({ default: m.AdminScreen })));
const AccountScreen = lazy(() => import('./account/AccountScreen.tsx').then((m) => ({ default: m.AccountScreen })));
const MembersScreen = lazy(() => import('./members/MembersScreen.tsx').then((m) => ({ default: m.MembersScreen })));
const AdjudicationScreen = lazy(() => import('./agreement/AdjudicationScreen.tsx').then((m) => ({ default: m.AdjudicationScreen })));

export function App({ queryClient = new QueryClient() }: { queryClient?: QueryClient }) {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <Routes>
          <Route path="/login" element={<LoginScreen />} />
          <Route path="/setup/:token" element={<FirstAdminScreen />} />
          <Route path="/account/:token" element={<AccountLinkScreen />} />
          <Route path="/*" element={<SignedIn />} />
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
}

function SignedIn() {
  const me = useMe();
  if (me.isLoading) return <p>Loading…</p>;
  if (me.error instanceof ApiError && me.error.status === 401) return <Navigate to="/login" replace />;
  if (me.error) return <p role="alert">{me.error.message}</p>;
  if (!me.data) return null;
  const isAdmin = me.data.isAdmin ?? false;
  return (
    <SyncProvider userId={me.data.user.id}>
      <Shell name={me.data.user.displayName} isAdmin={isAdmin}>
        <Suspense fallback={<p role="status">Loading…</p>}>
          <Routes>
            <Route path="/" element={<ProjectsScreen />} />
            <Route path="/projects/new" element={<NewProjectScreen />} />
            <Route path="/admin" element={<AdminScreen />} />
            <Route path="/account" element={<AccountScreen />} />
            <Route path="/projects/:projectId" element={<ProjectLayout isAdmin={isAdmin} />}>
              <Route path="annotate" element={<AnnotateScreen />} />
              <Route path="guideline" element={<GuidelineAuthorScreen />} />
              <Route path="gold" element={<GoldModeScreen />} />
              <Route path="gold-set" element={<GoldSetScreen />} />
              <Route path="dashboard" element={<DashboardScreen />} />
              <Route path="data" element={<DataScreen />} />
              <Route path="items" element={<ItemsScreen />} />
              <Route path="review" element={<ReviewScreen />} />
              <Route path="settings" element={<SettingsScreen />} />
              <Route path="agreement" element={<AgreementScreen />} />
              <Route path="adjudication" element={<AdjudicationScreen />} />
              <Route path="my-escalations" element={<MyEscalationsScreen />} />
              <Route path="escalations" element={<LeadEscalationsScreen />} />
              <Route path="members" element={<MembersScreen />} />
            </Route>
            <Route path="*" element={<p>There is nothing at this address.</p>} />
          </Routes>
        </Suspense>
      </Shell>
    </SyncProvider>
  );
}

function Shell({ name, isAdmin, children }: { name: string; isAdmin: boolean; children: ReactNode }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const signOut = async () => {
    await api('/api/auth/logout', z.null(), { method: 'POST' }).catch(() => null);
    forgetMe();
    qc.clear();
    navigate('/login');
  };
  return (
    <div className="shell">
      <nav aria-label="Main">
        <Link to="/">Projects</Link>
        {isAdmin && <Link to="/admin">Administration</Link>}
        <Link to="/account" className="who">
          Account: {name}
        </Link>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </nav>
      {children}
    </div>
  );
}
