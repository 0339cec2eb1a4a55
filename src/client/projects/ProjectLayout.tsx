// Inside a project: one navigation between the pages the member's roles open, above whichever
// page is showing, so a lead moves from the dashboard to escalations without the project list.
import { Suspense, useCallback, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate, useParams } from 'react-router-dom';
import { useProject } from '../api/hooks.ts';
import { HotkeyDialog } from '../components/HotkeyDialog.tsx';
import { currentPage, goToHotkeyRows, pagesFor, screenOwnsKeyboard, type ProjectPage } from './projectNav.ts';
import { useGoToHotkeys } from './useGoToHotkeys.ts';
import './project-layout.css';

export function ProjectLayout({ isAdmin = false }: { isAdmin?: boolean }) {
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const [helpOpen, setHelpOpen] = useState(false);
  const subPath = pathname.slice(`/projects/${projectId}/`.length);
  const roles = project.data?.roles;
  const pages = useMemo(() => pagesFor(roles ?? [], isAdmin), [roles, isAdmin]);
  const here = currentPage(pages, subPath);
  const go = useCallback((page: ProjectPage) => navigate(`/projects/${projectId}/${page.path}`), [navigate, projectId]);
  useGoToHotkeys(pages, !screenOwnsKeyboard(subPath), go, { open: helpOpen, setOpen: setHelpOpen });

  return (
    <div className="project-layout">
      {project.data && pages.length > 0 && (
        <nav aria-label="Project" className="project-nav">
          <span className="project-name">{project.data.name}</span>
          <ul>
            {pages.map((p) => (
              <li key={p.path}>
                <Link to={`/projects/${projectId}/${p.path}`} aria-current={p === here ? 'page' : undefined}>
                  {p.name}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {/* The pages load lazily: while one does, the navigation stays. */}
      <Suspense fallback={<p role="status">Loading…</p>}>
        <Outlet />
      </Suspense>
      <HotkeyDialog open={helpOpen} rows={goToHotkeyRows(pages)} onClose={() => setHelpOpen(false)} />
    </div>
  );
}
