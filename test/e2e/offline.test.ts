import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTextLoad } from './fault-harness.ts';
import { launchBrowser, removeDir, signIn, startServer, type RunningServer, allWorkSent } from './harness.ts';

// Offline first, in Chromium: with the network cut, label 10 items, reload the page (the
// service worker serves the app shell; Dexie holds the queue, the project and the outbox),
// label 5 more, reconnect: the server has each of the 15 labels exactly once.
describe('working offline in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let project: Awaited<ReturnType<typeof seedTextLoad>>;
  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'touchstone-offline-'));
    // A dedicated project with 25 items per annotator (the demo's 12 are shared out).
    project = await seedTextLoad({ dataDir }, 2, 25);
    server = await startServer({ dataDir, env: { DEMO: '0' } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server) removeDir(server.dataDir);
  });

  const progress = (page: Page) => page.getByLabel('Queue progress').textContent();
  const labelOne = async (page: Page, done: number) => {
    const doc = page.getByTestId('document-text');
    const before = await doc.textContent();
    await page.keyboard.press('7'); // Sports
    await expect.poll(() => page.getByRole('button', { name: /Sports/ }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => progress(page)).toMatch(new RegExp(`^${done} done`));
    return before;
  };

  it('keeps every label made offline, across a reload, and sends each exactly once', async () => {
    const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
    const page = await signIn(context, server.url, project.emails[0] as string);
    await page.getByRole('link', { name: 'Annotate Fault injection' }).click();
    await page.getByTestId('document-text').waitFor();
    // The queue is prefetched (20) and the service worker controls the page before the cut.
    await expect.poll(() => progress(page)).toBe('0 done · 20 to do');
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 20_000 }).toBe(true);

    await context.setOffline(true);
    const texts: string[] = [];
    for (let k = 1; k <= 10; k++) texts.push((await labelOne(page, k)) ?? '');
    await expect.poll(() => page.getByText('Offline — work is kept on this device').count()).toBe(1);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Sync now' }).textContent()).toMatch(/10 pending/);

    await page.reload();
    await page.getByTestId('document-text').waitFor({ timeout: 20_000 });
    await expect.poll(() => progress(page)).toMatch(/^10 done/);
    for (let k = 11; k <= 15; k++) texts.push((await labelOne(page, k)) ?? '');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Sync now' }).textContent()).toMatch(/15 pending/);
    expect(new Set(texts).size).toBe(15);

    await context.setOffline(false);
    await page.getByRole('button', { name: 'Sync now' }).click();
    await allWorkSent(page, 30_000);
    await context.close();

    const leadContext = await browser.newContext();
    const lead = await signIn(leadContext, server.url, project.lead);
    const read = await (await lead.request.get(`${server.url}/api/projects/${project.id}/annotations?limit=100`)).json();
    await leadContext.close();
    const rows = read.annotations as Array<{ annotatorId: string; itemId: string; mutationId: string; revision: number; payload: { classes: string[] } }>;
    expect(rows).toHaveLength(15);
    expect(new Set(rows.map((r) => r.annotatorId))).toEqual(new Set([rows[0]?.annotatorId]));
    expect(new Set(rows.map((r) => r.itemId)).size).toBe(15);
    expect(new Set(rows.map((r) => r.mutationId)).size).toBe(15);
    expect(rows.every((r) => r.revision === 1 && r.payload.classes[0] === 'sports')).toBe(true);
  });

  it('shows two tabs of one annotator different items, and each follows what the other did', async () => {
    const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
    const first = await signIn(context, server.url, project.emails[1] as string);
    await first.getByRole('link', { name: 'Annotate Fault injection' }).click();
    await first.getByTestId('document-text').waitFor();
    const second = await context.newPage();
    await second.goto(first.url());
    await second.getByTestId('document-text').waitFor();
    await expect.poll(() => progress(second)).toBe('0 done · 20 to do');
    const shown = async () => [await first.getByTestId('document-text').textContent(), await second.getByTestId('document-text').textContent()];
    const [a, b] = await shown();
    expect(a).not.toBe(b);

    await first.bringToFront();
    await labelOne(first, 1);
    await expect.poll(() => progress(second)).toMatch(/^1 done/); // the other tab follows (liveQuery)
    expect(await second.getByTestId('document-text').textContent()).toBe(b); // and keeps its own item
    await second.bringToFront();
    await labelOne(second, 2);
    const [c, d] = await shown();
    expect(new Set([a, b, c, d]).size).toBe(4);
    await allWorkSent(first);
    await context.close();

    const leadContext = await browser.newContext();
    const lead = await signIn(leadContext, server.url, project.lead);
    const read = await (await lead.request.get(`${server.url}/api/projects/${project.id}/annotations?limit=100`)).json();
    await leadContext.close();
    const mine = (read.annotations as Array<{ annotatorId: string; itemId: string }>).filter((r) => r.annotatorId !== undefined);
    const byItem = new Map<string, number>();
    for (const r of mine) byItem.set(`${r.annotatorId}:${r.itemId}`, (byItem.get(`${r.annotatorId}:${r.itemId}`) ?? 0) + 1);
    expect(Math.max(...byItem.values())).toBe(1);
    expect(mine).toHaveLength(15 + 2);
  });
});

// The image queue is prefetched with its images as blobs: offline, after a reload, the photo
// still draws (the editor loads it through useAssetUrl from Dexie).
describe('images offline in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server) removeDir(server.dataDir);
  });

  it('opens a prefetched image from the device after an offline reload', async () => {
    const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
    const page = await signIn(context, server.url, 'annotator@touchstone.test');
    const projects = await page.request.get(`${server.url}/api/projects`).then((r) => r.json());
    const imageProject = projects.projects.find((p: { kind: string }) => p.kind === 'image');
    await page.getByRole('link', { name: `Annotate ${imageProject.name}` }).click();
    await page.getByTestId('image-canvas').waitFor();
    const cachedImages = () =>
      page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const open = indexedDB.open('touchstone');
            open.onsuccess = () => {
              const count = open.result.transaction('assets').objectStore('assets').count();
              count.onsuccess = () => resolve(count.result);
            };
          }),
      );
    await expect.poll(cachedImages, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 20_000 }).toBe(true);

    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('image-canvas').waitFor({ timeout: 20_000 });
    // Some pixel of the photo layer (Konva's first canvas) is painted.
    const painted = () =>
      page.evaluate(() => {
        const canvas = document.querySelector('[data-testid="image-canvas"] canvas') as HTMLCanvasElement | null;
        const data = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
        if (!data) return 0;
        let n = 0;
        for (let i = 3; i < data.length; i += 4 * 97) if ((data[i] ?? 0) > 0) n++;
        return n;
      });
    await expect.poll(painted, { timeout: 15_000 }).toBeGreaterThan(100);
    expect(await page.getByText('The image could not be loaded.').count()).toBe(0);
    // Drawn from the blob in Dexie, not from the network nor the HTTP cache: no request for it at all.
    expect(await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/assets/')).length)).toBe(0);
    await context.close();
  });
});
