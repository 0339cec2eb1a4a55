import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { axeProblems } from './axe.ts';
import { e2eEnvironment, signIn } from './harness.ts';

// A team moving from another tool: an administrator (lead of what they create) makes a project per
// source through the UI — labels read from the Label Studio config, or typed for CVAT — uploads
// the images, imports the other tool's export (../shared/fixtures: Label Studio's converter test
// data, Datumaro's CVAT task) as starting labels, and exports the same format back: every shape
// that Touchstone can draw survives. The fixtures are required: without them this FAILS.
const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures');
const fixture = (rel: string) => readFileSync(path.join(FIXTURES, rel));

describe('migrating Label Studio and CVAT labels in Chromium', () => {
  const env = e2eEnvironment();

  async function newProject(page: Page, name: string) {
    await page.goto(`${env.server.url}/projects/new`);
    await page.getByRole('heading', { name: 'New project' }).waitFor();
    await page.getByRole('textbox', { name: 'Project name' }).fill(name);
    await page.getByRole('radio', { name: /^Images/ }).check();
  }
  async function create(page: Page) {
    await page.getByRole('textbox', { name: 'Guideline text (Markdown)' }).fill('Label as the old tool did.');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: /^Data — / }).waitFor();
  }
  async function upload(page: Page, files: Array<{ name: string; buffer: Buffer }>) {
    await page
      .getByLabel('Images', { exact: true })
      .setInputFiles(files.map((f) => ({ ...f, mimeType: f.name.endsWith('.jpg') ? 'image/jpeg' : 'image/png' })));
    await page.getByRole('button', { name: 'Upload images' }).click();
    await expect
      .poll(() => page.getByRole('status', { name: 'Import report' }).textContent(), { timeout: 60_000 })
      .toMatch(new RegExp(`Imported ${files.length} of ${files.length}\\.`));
  }
  async function importLabels(page: Page, format: string, file: { name: string; buffer: Buffer }) {
    const panel = page.getByRole('region', { name: 'Import labels from another tool' });
    await panel.getByRole('combobox', { name: 'Label file format' }).selectOption(format);
    await panel.getByRole('combobox', { name: 'Import as' }).selectOption('labels');
    await panel.getByRole('radio', { name: 'import the rest' }).check();
    await panel.getByLabel('Label files').setInputFiles({ ...file, mimeType: 'application/octet-stream' });
    await panel.getByRole('button', { name: 'Import these files' }).click();
    const report = page.getByRole('status', { name: 'Report by file and line' });
    await expect.poll(() => report.textContent()).toMatch(/items? written/);
    return (await report.textContent()) ?? '';
  }
  async function exportAs(page: Page, format: string): Promise<string> {
    await page.getByRole('combobox', { name: 'Export format' }).selectOption(format);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download export' }).click()]);
    return readFileSync((await download.path())!, 'utf8');
  }

  it('a Label Studio JSON export and a CVAT XML export go into new projects and come back out with their shapes', async () => {
    const ctx = await env.browser.newContext({ viewport: { width: 1300, height: 900 }, acceptDownloads: true });
    const lead = await signIn(ctx, env.server.url, 'admin@touchstone.test');

    // Label Studio: the labels come from the project's labeling config, the boxes from its export.
    const lsDir = 'label-studio-converter/test_export_yolo';
    const tasks = JSON.parse(fixture(`${lsDir}/data.json`).toString('utf8')) as Array<{
      data: { image: string };
      annotations: Array<{
        updated_at?: string;
        result: Array<{ original_width: number; value: { x: number; y: number; width: number; height: number; rectanglelabels: string[] } }>;
      }>;
    }>;
    await newProject(lead, 'Parasites from Label Studio');
    await lead.getByRole('combobox', { name: 'Dataset format' }).selectOption('labelstudio');
    await lead
      .getByLabel('Import the label list from a dataset file')
      .setInputFiles({ name: 'label_config.xml', mimeType: 'application/xml', buffer: fixture(`${lsDir}/label_config.xml`) });
    await lead.getByText(/Labels read from label_config.xml/).waitFor();
    await create(lead);
    // The tasks name their images "/image1" and "/image2" at 2800 × 2800 px.
    const side = tasks[0]!.annotations[0]!.result[0]!.original_width;
    // Two different images (identical uploads are one item).
    const blanks = await Promise.all(
      ['#808080', '#a0a0a0'].map((background) =>
        sharp({ create: { width: side, height: side, channels: 3, background } })
          .png()
          .toBuffer(),
      ),
    );
    await upload(
      lead,
      tasks.map((t, k) => ({ name: t.data.image.replace(/^\//, ''), buffer: blanks[k]! })),
    );
    const lsReport = await importLabels(lead, 'label-studio', { name: 'data.json', buffer: fixture(`${lsDir}/data.json`) });
    // Task 1 holds two people's annotations: one user's starting labels take the newest, and say so.
    expect(lsReport).toMatch(/2 items written: 4 annotations kept, 0 left out/);
    expect(lsReport).toMatch(/task 1 \(id 1\): 2 annotations: the newest was imported, the other 1 not/);
    expect(await axeProblems(lead)).toEqual([]);
    const lsBack = JSON.parse(await exportAs(lead, 'label-studio')) as typeof tasks;
    const boxes = (ts: typeof tasks) =>
      ts
        .flatMap((t) =>
          t.annotations.flatMap((a) =>
            a.result.map((r) => ({ image: t.data.image.replace(/^.*\//, '').replace(/\.[^.]+$/, ''), label: r.value.rectanglelabels[0], ...r.value })),
          ),
        )
        .map(({ image, label, x, y, width, height }) => ({ image, label, x, y, width, height }))
        .sort((p, q) => p.image.localeCompare(q.image) || p.x - q.x);
    const newest = tasks.map((t) => ({
      ...t,
      annotations: [...t.annotations].sort((a, b) => String(a.updated_at).localeCompare(String(b.updated_at))).slice(-1),
    }));
    const want = boxes(newest);
    expect(want).toHaveLength(4);
    const got = boxes(lsBack);
    expect(got.map((b) => [b.image, b.label])).toEqual(want.map((b) => [b.image, b.label]));
    got.forEach((b, k) => {
      for (const key of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(b[key] - want[k]![key])).toBeLessThan(1e-6);
    });

    // CVAT: the labels typed in the form (CVAT's XML has no file the label list can be read from here).
    const cvatDir = 'datumaro/cvat_dataset/for_images/export_task';
    await newProject(lead, 'Signs from CVAT');
    for (const [n, name] of ['label1', 'label2'].entries()) {
      await lead.getByRole('button', { name: 'Add label' }).click();
      await lead
        .getByRole('group', { name: `Label ${n + 1}`, exact: true })
        .getByRole('textbox', { name: 'Name' })
        .fill(name);
    }
    await lead.getByRole('button', { name: 'Add attribute to label1' }).click();
    const attr = lead.getByRole('group', { name: 'label1 attribute 1' });
    await attr.getByRole('combobox', { name: 'Kind' }).selectOption({ label: 'Yes / no' });
    await attr.getByRole('textbox', { name: 'Attribute name' }).fill('a1');
    await create(lead);
    await upload(lead, [
      { name: 'img0.jpg', buffer: fixture(`${cvatDir}/images/img0.jpg`) },
      { name: 'img1.jpg', buffer: fixture(`${cvatDir}/images/img1.jpg`) },
    ]);
    const cvatReport = await importLabels(lead, 'cvat', { name: 'train.xml', buffer: fixture(`${cvatDir}/train.xml`) });
    // The box is kept; a polyline, a polygon without a label and points are named in the report and
    // counted; img1, which had nothing else, is left as it was (not written as "nothing here").
    expect(cvatReport).toMatch(/1 item written: 1 annotations kept, 3 left out/);
    expect(cvatReport).toMatch(/a polyline is not imported/);
    expect(cvatReport).toMatch(/none of the 2 annotations of "img1.jpg" could be imported; the item was left as it was/);
    const xml = await exportAs(lead, 'cvat');
    const box = /<image [^>]*name="img0\.jpg"[^>]*>\s*<box ([^>]*)>([\s\S]*?)<\/box>/.exec(xml);
    expect(box, xml).not.toBeNull();
    const attrs = Object.fromEntries([...box![1]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    expect(attrs).toMatchObject({ label: 'label1' });
    expect([attrs.xtl, attrs.ytl, attrs.xbr, attrs.ybr].map(Number)).toEqual([0, 2, 4, 4]);
    expect(box![2]).toMatch(/<attribute name="a1">true<\/attribute>/);
    await lead.screenshot({ path: '/tmp/label-migration.png', fullPage: true });
  });
});
