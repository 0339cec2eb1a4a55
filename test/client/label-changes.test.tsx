import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GuidelineDraft, GuidelineVersion, LabelSchema, ProjectDetail, SchemaChange } from '../../src/domain/api/index.ts';
import { localDb } from '../../src/client/local/db.ts';
import { GuidelineAuthorScreen } from '../../src/client/screens/guideline/GuidelineAuthorScreen.tsx';
import { renderScreen } from './render-screen.tsx';

// The author drafts label changes beside the text: each is checked as it is written, the list reads
// as people will read it, the draft keeps them, and the publish dialog shows what they touch
// before anything is written.
configure({ asyncUtilTimeout: 8000 });
const id = (n: number) => `0190c000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const PROJECT = id(1);
const schema: LabelSchema = {
  labels: [
    { id: 'defect', name: 'Defect', color: '#e6194b', hotkey: '1', tools: ['box'], attributes: [] },
    { id: 'scratch', name: 'Scratch', color: '#3cb44b', hotkey: '2', tools: ['box'], attributes: [] },
  ],
  classMode: 'single',
  allowOverlappingSpans: false,
  snapSpansToTokens: false,
};
const guideline: GuidelineVersion = {
  id: id(3),
  projectId: PROJECT,
  major: 1,
  minor: 0,
  version: '1.0',
  kind: 'clarification',
  affectedLabels: [],
  changelog: '',
  publishedAt: '2026-01-01T00:00:00.000Z',
  sections: [{ id: 'defects', kind: 'rule', title: 'Defects', body: 'Box every defect.', labels: ['defect'] }],
};
const project: ProjectDetail = { id: PROJECT, name: 'Parts', kind: 'image', roles: ['author'], labelSchema: schema, guideline };

let saved: SchemaChange[] = [];
const requests: Array<{ method: string; url: string; body: Record<string, unknown> }> = [];
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
beforeEach(() => {
  saved = [];
  requests.length = 0;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      const method = init?.method ?? 'GET';
      const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : {};
      requests.push({ method, url, body });
      const draft = (): GuidelineDraft => ({
        baseVersionId: guideline.id,
        baseVersion: '1.0',
        sections: guideline.sections,
        schemaChanges: saved,
        updatedAt: null,
        stale: false,
      });
      if (url.endsWith('/guideline/draft') && method === 'PUT') {
        saved = body['schemaChanges'] as SchemaChange[];
        return json(draft());
      }
      if (url.endsWith('/guideline/draft')) return json(draft());
      if (url.endsWith('/guideline/schema-impact')) {
        const changes = body['changes'] as SchemaChange[];
        return json({
          changes: changes.map((c, i) => ({
            change: i,
            summary: `change ${i + 1}: ${c.op}`,
            sendsBack: c.op === 'split_class',
            labels: 12,
            items: 9,
            annotators: 3,
            goldAnswers: 2,
          })),
          total: { labels: 20, items: 14, annotators: 3, goldAnswers: 2, sentBack: 12 },
        });
      }
      if (url.endsWith('/guideline/versions')) return json({ versions: [] });
      if (url.includes('/guideline-proposals')) return json({ proposals: [], open: 0 });
      if (url.endsWith(`/api/projects/${PROJECT}`)) return json(project);
      return json({ error: { code: 'not_found', message: 'not here' } }, 404);
    }),
  );
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await Promise.all(localDb.tables.map((t) => t.clear()));
});

const open = async () => {
  renderScreen(`/projects/${PROJECT}/guideline`, '/projects/:projectId/guideline', <GuidelineAuthorScreen />);
  fireEvent.click(await screen.findByRole('tab', { name: 'Label changes' }));
  return screen.getByRole('form', { name: 'Add a label change' });
};

describe('the author’s label changes', () => {
  it('splits “Defect” and merges “Scratch” into one of its parts, in words people read, and saves them with the draft', async () => {
    const form = await open();
    fireEvent.change(within(form).getByRole('combobox', { name: 'Kind of change' }), { target: { value: 'split_class' } });
    fireEvent.change(within(form).getByRole('combobox', { name: 'Class to split' }), { target: { value: 'defect' } });
    fireEvent.change(within(form).getByRole('textbox', { name: /Split into/ }), { target: { value: 'Cosmetic, Functional' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add this change' }));

    fireEvent.change(within(form).getByRole('combobox', { name: 'Kind of change' }), { target: { value: 'merge_classes' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Scratch' }));
    fireEvent.change(within(form).getByRole('textbox', { name: /Merge into/ }), { target: { value: 'Cosmetic' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add this change' }));

    const drafted = screen.getByRole('list', { name: 'Drafted label changes' });
    expect(
      within(drafted)
        .getAllByRole('listitem')
        .map((li) => li.textContent?.replace('Remove', '').trim()),
    ).toEqual(['"Defect" is split: choose "Cosmetic" or "Functional".', '"Scratch" is merged into "Cosmetic".']);
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(saved).toHaveLength(2));
    // The merge names the class the split made, by id: one class, not a second "Cosmetic".
    expect(saved).toEqual([
      {
        op: 'split_class',
        id: 'defect',
        into: [
          { id: 'cosmetic', name: 'Cosmetic', color: expect.any(String) },
          { id: 'functional', name: 'Functional', color: expect.any(String) },
        ],
      },
      { op: 'merge_classes', from: ['scratch'], into: { id: 'cosmetic' } },
    ]);
    const results = await axe.run(document.body, { runOnly: ['wcag2a', 'wcag2aa'] });
    expect(results.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => v.id)).toEqual([]);
  });

  it('refuses what the rules refuse, with the reason, before it is added: renaming onto a name in use, merging a class into itself', async () => {
    const form = await open();
    fireEvent.change(within(form).getByRole('combobox', { name: 'Class' }), { target: { value: 'defect' } });
    fireEvent.change(within(form).getByRole('textbox', { name: 'New name' }), { target: { value: 'Scratch' } });
    const add = within(form).getByRole('button', { name: 'Add this change' });
    expect(add).toBeDisabled();
    expect(add).toHaveAccessibleDescription(/Scratch/);

    fireEvent.change(within(form).getByRole('combobox', { name: 'Kind of change' }), { target: { value: 'merge_classes' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Defect' }));
    fireEvent.change(within(form).getByRole('textbox', { name: /Merge into/ }), { target: { value: 'Defect' } });
    expect(within(form).getByRole('button', { name: 'Add this change' })).toBeDisabled();
    expect(screen.getByText('No label changes in this draft.')).toBeInTheDocument();
  });

  it('shows what each change touches in the publish dialog, and starts it as a label-changing update when labels go back', async () => {
    const form = await open();
    fireEvent.change(within(form).getByRole('combobox', { name: 'Kind of change' }), { target: { value: 'split_class' } });
    fireEvent.change(within(form).getByRole('combobox', { name: 'Class to split' }), { target: { value: 'defect' } });
    fireEvent.change(within(form).getByRole('textbox', { name: /Split into/ }), { target: { value: 'Cosmetic, Functional' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add this change' }));
    fireEvent.click(screen.getByRole('button', { name: 'Publish…' }));
    const dialog = screen.getByRole('dialog', { name: 'Publish the draft' });
    expect(within(dialog).getByRole('radio', { name: /Label-changing update/ })).toBeChecked();
    const table = await within(dialog).findByRole('table');
    expect(within(table).getByRole('rowheader', { name: 'change 1: split_class' }).closest('tr')?.textContent).toContain('12');
    expect(within(table).getByRole('rowheader', { name: 'All changes' }).closest('tr')?.textContent).toContain('12 labels');
    // Counting wrote nothing.
    expect(requests.filter((r) => r.method !== 'GET' && !r.url.endsWith('/schema-impact'))).toEqual([]);
  });
});
