import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NewProjectScreen } from '../../src/client/projects/NewProjectScreen.tsx';
import { renderScreen } from './render-screen.tsx';

// Creating a project: a start (template or dataset file) fills the label editor, nothing is sent
// while the schema is refused, and what is sent is the edited schema and the first guideline.
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const detection = {
  labels: [{ id: 'person', name: 'Person', color: '#e6194b', hotkey: '1', tools: ['box'], attributes: [] }],
  classMode: 'single',
  allowOverlappingSpans: false,
  snapSpansToTokens: false,
};
let sent: Array<{ url: string; body: unknown }>;

beforeEach(() => {
  sent = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      if (init?.method === 'POST') sent.push({ url, body });
      if (url === '/api/project-templates')
        return json({
          templates: [
            {
              id: 'detection',
              name: 'Object detection',
              description: 'boxes',
              kind: 'image',
              labelSchema: detection,
              sections: [{ id: 'person', kind: 'definition', title: 'Person', body: 'Anyone.', labels: ['person'] }],
            },
          ],
        });
      if (url === '/api/projects' && !init?.method) return json({ projects: [] });
      if (url === '/api/label-schema/from-dataset')
        return json({
          kind: 'image',
          warnings: ['2 categories had no colour.'],
          labelSchema: { ...detection, labels: [{ ...detection.labels[0], id: 'cat', name: 'cat' }] },
        });
      if (url === '/api/projects') return json({ error: { code: 'conflict', message: 'A project with that name exists.' } }, 409);
      return json({ error: { code: 'not_found', message: 'no' } }, 404);
    }),
  );
});
afterEach(() => vi.unstubAllGlobals());

describe('new project', () => {
  it('starts from a template, refuses nothing-sent on a bad schema, and sends the edited schema', async () => {
    renderScreen('/projects/new', '/projects/new', <NewProjectScreen />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Project name' }), 'Crowds');
    await userEvent.click(screen.getByRole('button', { name: 'Create project' }));
    expect(screen.getByRole('alert')).toHaveTextContent('The labels are not ready yet');
    expect(sent).toHaveLength(0);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Template' }), await screen.findByRole('option', { name: /Object detection/ }));
    expect(screen.getByRole('status')).toHaveTextContent('Labels and guideline from the template “Object detection”.');
    const label = screen.getByRole('group', { name: 'Label 1' });
    expect(within(label).getByRole('textbox', { name: 'Name' })).toHaveValue('Person');
    await userEvent.click(within(label).getByRole('checkbox', { name: 'Polygon' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Guideline text (Markdown)' }), 'Be careful.');
    await userEvent.click(screen.getByRole('button', { name: 'Create project' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('A project with that name exists.');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({
      name: 'Crowds',
      kind: 'image',
      labelSchema: { labels: [{ id: 'person', tools: ['box', 'polygon'] }] },
      guideline: { sections: [{ id: 'overview', title: 'Overview', body: 'Be careful.' }, { id: 'person' }] },
    });
  });

  it('reads the label list from a dataset file through the server and says what it found', async () => {
    renderScreen('/projects/new', '/projects/new', <NewProjectScreen />);
    const coco = new File([JSON.stringify({ categories: [{ id: 1, name: 'cat' }] })], 'instances.json', { type: 'application/json' });
    await userEvent.upload(screen.getByLabelText('Import the label list from a dataset file'), coco);
    expect(await screen.findByRole('status')).toHaveTextContent('Labels read from instances.json (COCO JSON). 2 categories had no colour.');
    expect(within(screen.getByRole('group', { name: 'Label 1' })).getByRole('textbox', { name: 'Name' })).toHaveValue('cat');
    expect(sent[0]).toMatchObject({ url: '/api/label-schema/from-dataset', body: { format: 'coco', kind: 'image' } });
  });
});
