import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { e2eEnvironment, signIn } from './harness.ts';

// Import and export through the UI: a lead imports texts from a CSV (a bad line: nothing, then the
// valid rest), images by upload, and downloads an export of what was imported.
describe('data import and export in Chromium', () => {
  const env = e2eEnvironment();

  it('a lead imports a CSV and images, sees the reports, and downloads a spaCy export', async () => {
    const ctx = await env.browser.newContext({ viewport: { width: 1300, height: 900 }, acceptDownloads: true });
    const lead = await signIn(ctx, env.server.url, 'lead@touchstone.test');
    const { projects } = await lead.request.get(`${env.server.url}/api/projects`).then((r) => r.json());
    const text = projects.find((p: { kind: string }) => p.kind === 'text');
    const image = projects.find((p: { kind: string }) => p.kind === 'image');

    await lead.goto(`${env.server.url}/projects/${text.id}/data`);
    await lead.getByRole('heading', { name: /^Data — / }).waitFor();
    const csv = 'text,source\n"Imported one, with a comma",e2e\n"broken"x,e2e\nImported two,e2e\n';
    await lead.getByLabel('Text file (JSONL or CSV)').setInputFiles({ name: 'items.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await lead.getByRole('button', { name: 'Import texts' }).click();
    const report = lead.getByRole('status', { name: 'Import report' });
    await expect.poll(() => report.textContent()).toMatch(/Nothing was imported\..*1 with problems/);
    expect(await report.getByRole('cell', { name: 'line 3' }).count()).toBe(1);
    await lead.getByRole('region', { name: 'Import items' }).getByLabel('import the valid ones').check();
    await lead.getByRole('button', { name: 'Import texts' }).click();
    await expect.poll(() => report.textContent()).toMatch(/Imported 2 of 3\./);
    await lead.screenshot({ path: '/tmp/data-import-text.png', fullPage: true });

    // Export: every item (the new ones have no labels yet) as spaCy JSONL, through the download link.
    await lead.getByLabel('Export format').selectOption('spacy');
    await lead.getByLabel('Only items somebody has labelled').uncheck();
    const [download] = await Promise.all([lead.waitForEvent('download'), lead.getByRole('link', { name: 'Download export' }).click()]);
    expect(download.suggestedFilename()).toMatch(/-spacy-\d{4}-\d{2}-\d{2}\.jsonl$/);
    const lines = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.text)).toEqual(expect.arrayContaining(['Imported one, with a comma', 'Imported two']));

    // Images: one good, one that is not an image.
    await lead.goto(`${env.server.url}/projects/${image.id}/data`);
    const png = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#3366cc' } })
      .png()
      .toBuffer();
    await lead.getByRole('region', { name: 'Import items' }).getByLabel('import the valid ones').check();
    await lead.getByLabel('Images', { exact: true }).setInputFiles([
      { name: 'blue.png', mimeType: 'image/png', buffer: png },
      { name: 'fake.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not really a jpeg') },
    ]);
    await lead.getByRole('button', { name: 'Upload images' }).click();
    await expect.poll(() => lead.getByRole('status', { name: 'Import report' }).textContent()).toMatch(/Imported 1 of 2\..*1 with problems/);
    expect(await lead.getByRole('cell', { name: 'fake.jpg' }).count()).toBe(1);
    await lead.screenshot({ path: '/tmp/data-import-images.png', fullPage: true });

    // Labels as pre-annotations (COCO): a category the project lacks is named in the report.
    const coco = {
      images: [{ id: 1, file_name: 'blue.png', width: 32, height: 24 }],
      categories: [
        { id: 1, name: 'person' },
        { id: 2, name: 'zebra' },
      ],
      annotations: [
        { id: 1, image_id: 1, category_id: 1, bbox: [1, 1, 10, 10] },
        { id: 2, image_id: 1, category_id: 2, bbox: [0, 0, 5, 5] },
      ],
    };
    const labels = lead.getByRole('region', { name: 'Import labels from another tool' });
    await labels.getByLabel('Label file format').selectOption('coco');
    await labels.getByLabel('Import as').selectOption('pre-annotations');
    await labels.getByLabel('Label files').setInputFiles({ name: 'labels.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(coco)) });
    await labels.getByRole('button', { name: 'Import these files' }).click();
    const pre = lead.getByRole('status', { name: 'Report by file and line' });
    await expect.poll(() => pre.textContent()).toMatch(/Nothing was imported: 1 annotations kept, 1 left out\. Not a label of this project: zebra \(1×\)/);
    await lead.screenshot({ path: '/tmp/data-pre-annotations.png', fullPage: true });

    // Annotators are not offered the screen.
    const aCtx = await env.browser.newContext();
    const annotator = await signIn(aCtx, env.server.url, 'annotator@touchstone.test');
    await annotator.goto(`${env.server.url}/projects/${image.id}/data`);
    await annotator.getByText('Import and export need the lead or author role in this project.').waitFor();
  });
});
