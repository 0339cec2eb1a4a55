// The lead's workspace navigation as data: which pages a member sees in a project (by role),
// the "g then letter" key that opens each, and which page a URL belongs to. The layout draws it,
// the hotkey hook acts on it, the `?` dialog lists it: one table, three readers.
import type { Role } from '../../domain/api/index.ts';
import type { HotkeyRow } from '../components/HotkeyDialog.tsx';

export interface ProjectPage {
  /** The link's accessible name. */
  name: string;
  /** Path under /projects/:id/ the link opens. */
  path: string;
  /** Further paths that belong to this page (current-page marking). */
  also?: string[];
  /** The letter pressed after `g`. */
  key: string;
  roles: Role[];
}

const LEAD: Role[] = ['lead'];
const LEAD_OR_AUTHOR: Role[] = ['lead', 'author'];

export const PROJECT_PAGES: readonly ProjectPage[] = [
  { name: 'Annotate', path: 'annotate', also: ['my-escalations'], key: 'n', roles: ['annotator'] },
  { name: 'Dashboard', path: 'dashboard', key: 'd', roles: LEAD },
  { name: 'Escalations', path: 'escalations', key: 'e', roles: LEAD },
  { name: 'Review', path: 'review', key: 'r', roles: LEAD },
  { name: 'Gold', path: 'gold-set', also: ['gold'], key: 'o', roles: LEAD_OR_AUTHOR },
  { name: 'Agreement', path: 'agreement', also: ['adjudication'], key: 'a', roles: LEAD_OR_AUTHOR },
  { name: 'Data', path: 'data', key: 't', roles: LEAD_OR_AUTHOR },
  { name: 'Guideline', path: 'guideline', key: 'u', roles: ['author'] },
  { name: 'Settings', path: 'settings', key: 's', roles: LEAD },
  { name: 'Members', path: 'members', key: 'm', roles: LEAD },
];

/**
 * The pages a member sees. An instance administrator manages every project, so they see the
 * lead's pages even without the lead role (the server lets them through).
 */
export function pagesFor(roles: readonly Role[], isAdmin = false): ProjectPage[] {
  const effective = new Set<Role>(isAdmin ? [...roles, 'lead'] : roles);
  return PROJECT_PAGES.filter((p) => p.roles.some((r) => effective.has(r)));
}

/** The page a path under /projects/:id/ belongs to (its first segment), if any. */
export function currentPage(pages: readonly ProjectPage[], subPath: string): ProjectPage | undefined {
  const segment = subPath.split('/')[0] ?? '';
  return pages.find((p) => p.path === segment || p.also?.includes(segment));
}

// Screens that hold an editor (label hotkeys are single letters, `g` among them) or a keyboard of
// their own keep every key: the go-to keys and this `?` dialog are off there.
const OWN_KEYBOARD = new Set(['annotate', 'gold', 'adjudication', 'escalations']);
export function screenOwnsKeyboard(subPath: string): boolean {
  return OWN_KEYBOARD.has(subPath.split('/')[0] ?? '');
}

export function goToHotkeyRows(pages: readonly ProjectPage[]): HotkeyRow[] {
  return [
    ...pages.map((p) => ({ id: p.path, keys: `G then ${p.key.toUpperCase()}`, what: `Go to ${p.name}` })),
    { id: 'help', keys: '?', what: 'Show this list (Escape closes it)' },
  ];
}
