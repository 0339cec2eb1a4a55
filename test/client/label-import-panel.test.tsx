import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabelImportReport } from '../../src/domain/api/index.ts';
import { LabelImportPanel } from '../../src/client/data/LabelImportPanel.tsx';

const PROJECT = '11111111-1111-4111-8111-111111111111';
configure({ asyncUtilTimeout: 8000 });

const refused: LabelImportReport = {
  format: 'cvat',
  as: 'gold',
  mode: 'all_or_nothing',
  committed: false,
  imported: 0,
  kept: 1,
  dropped: 1,
  invalid: 0,
  categories: ['person', 'zebra'],
  unknownCategories: [{ source: 'zebra', uses: 1 }],
  report: [{ file: 'task/annotations.xml', line: 6, message: '<box label="zebra">: "zebra" is not a label of this project' }],
  moreReportLines: 0,
  schemaVersion: null,
};
const sent: unknown[] = [];
const fetchMock = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
  sent.push(JSON.parse(String(init?.body)));
  return new Response(
    JSON.stringify({ error: { code: 'validation_failed', message: 'Nothing was imported: 1 annotation was left out (see the report).', details: refused } }),
    {
      status: 400,
      headers: { 'content-type': 'application/json' },
    },
  );
});
beforeEach(() => {
  sent.length = 0;
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

const renderPanel = (props: Partial<Parameters<typeof LabelImportPanel>[0]> = {}) =>
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <LabelImportPanel projectId={PROJECT} kind="image" {...props} />
    </QueryClientProvider>,
  );

/** axe's critical and serious violations (colour contrast needs layout, which jsdom has none of). */
async function axeProblems(node: Element) {
  const { violations } = await axe.run(node, { rules: { 'color-contrast': { enabled: false } } });
  return violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => `${v.id}: ${v.help}`);
}

describe('label import panel', { timeout: 30_000 }, () => {
  it('offers the image formats and the three targets by name; the report lists what did not map by file and line; axe finds nothing serious', async () => {
    const { container } = renderPanel();
    const region = screen.getByRole('region', { name: 'Import labels from another tool' });
    const format = within(region).getByRole('combobox', { name: 'Label file format' });
    expect(
      within(format)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      'COCO instances JSON',
      'YOLO (Ultralytics or Darknet: labels + data.yaml / obj.names / classes.txt)',
      'Pascal VOC XML',
      'CVAT for images XML 1.1',
      'Label Studio JSON',
      'LabelMe JSON',
      'Touchstone JSONL',
    ]);
    const target = within(region).getByRole('combobox', { name: 'Import as' });
    expect(
      within(target)
        .getAllByRole('option')
        .map((o) => o.getAttribute('value')),
    ).toEqual(['pre-annotations', 'labels', 'gold']);
    const button = within(region).getByRole('button', { name: 'Import these files' });
    expect(button).toBeDisabled();
    expect(await axeProblems(container)).toEqual([]);

    fireEvent.change(format, { target: { value: 'cvat' } });
    fireEvent.change(target, { target: { value: 'gold' } });
    fireEvent.change(within(region).getByRole('textbox', { name: 'Why these answers are right' }), { target: { value: 'Checked by two leads' } });
    const xml = new File(['<annotations/>'], 'annotations.xml', { type: 'application/xml' });
    fireEvent.change(within(region).getByLabelText('Label files'), { target: { files: [xml] } });
    fireEvent.click(button);

    const report = await screen.findByRole('status', { name: 'Report by file and line' });
    expect(report).toHaveTextContent('Nothing was imported: 1 annotations kept, 1 left out. Not a label of this project: zebra (1×).');
    const rows = within(within(report).getByRole('table')).getAllByRole('row');
    expect(
      rows.map((r) =>
        within(r)
          .queryAllByRole('cell')
          .map((c) => c.textContent),
      ),
    ).toEqual([[], ['task/annotations.xml', '6', '<box label="zebra">: "zebra" is not a label of this project']]);
    expect(screen.getByRole('alert')).toHaveTextContent(/Nothing was imported: 1 annotation was left out/);
    expect(sent).toEqual([
      {
        format: 'cvat',
        as: 'gold',
        mode: 'all_or_nothing',
        justification: 'Checked by two leads',
        files: [{ path: 'annotations.xml', content: '<annotations/>' }],
      },
    ]);
    await waitFor(async () => expect(await axeProblems(container)).toEqual([]));
  });

  it('on the gold set screen the target is fixed to gold answers: no "Import as" choice, a heading that says so', async () => {
    const { container } = renderPanel({ kind: 'text', fixedTarget: 'gold' });
    const region = screen.getByRole('region', { name: 'Import gold answers' });
    expect(within(region).queryByRole('combobox', { name: 'Import as' })).toBeNull();
    expect(
      within(within(region).getByRole('combobox', { name: 'Label file format' }))
        .getAllByRole('option')
        .map((o) => o.getAttribute('value')),
    ).toEqual(['label-studio', 'conll', 'spacy', 'touchstone']);
    expect(within(region).getByRole('textbox', { name: 'Why these answers are right' })).toBeInTheDocument();
    expect(await axeProblems(container)).toEqual([]);
  });
});
