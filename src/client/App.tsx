import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes, useNavigate } from 'react-router-dom';
import { z } from 'zod';
import { forgetMe, useMe } from './api/hooks.ts';
import { api, ApiError } from './api/http.ts';
import { AnnotateScreen } from './screens/AnnotateScreen.tsx';
import { GuidelineAuthorScreen } from './screens/guideline/GuidelineAuthorScreen.tsx';
import { LoginScreen } from './screens/LoginScreen.tsx';
import { GoldModeScreen } from './gold/GoldModeScreen.tsx';
import { GoldSetScreen } from './gold/GoldSetScreen.tsx';
import { DashboardScreen } from './dashboard/DashboardScreen.tsx';
import { DataScreen } from './data/DataScreen.tsx';
import { AgreementScreen } from './agreement/AgreementScreen.tsx';
import { ProjectsScreen } from './screens/ProjectsScreen.tsx';
import { SyncProvider } from './sync/SyncContext.tsx';

export function App({ queryClient = new QueryClient() }: { queryClient?: QueryClient }) {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <Routes>
          <Route path="/login" element={<LoginScreen />} />
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
  return (
    <SyncProvider userId={me.data.user.id}>
      <Shell name={me.data.user.displayName}>
        <Routes>
          <Route path="/" element={<ProjectsScreen />} />
          <Route path="/projects/:projectId/annotate" element={<AnnotateScreen />} />
          <Route path="/projects/:projectId/guideline" element={<GuidelineAuthorScreen />} />
          <Route path="/projects/:projectId/gold" element={<GoldModeScreen />} />
          <Route path="/projects/:projectId/gold-set" element={<GoldSetScreen />} />
          <Route path="/projects/:projectId/dashboard" element={<DashboardScreen />} />
          <Route path="/projects/:projectId/data" element={<DataScreen />} />
          <Route path="/projects/:projectId/agreement" element={<AgreementScreen />} />
          <Route path="*" element={<p>There is nothing at this address.</p>} />
        </Routes>
      </Shell>
    </SyncProvider>
  );
}

function Shell({ name, children }: { name: string; children: ReactNode }) {
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
        <span className="who">{name}</span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </nav>
      {children}
    </div>
  );
}
