import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.ts';
import { defaultContext } from '../../src/server/context.ts';
import { openDatabase } from '../../src/server/db/client.ts';
import { seedDemo } from '../../src/server/seed/demo.ts';
import { textGuideline, textSchema } from '../../src/server/seed/demo-content.ts';
import { addTextItem, createProject, grantRole } from '../../src/server/admin/create.ts';
import { launchBrowser, removeDir, signIn, startServer, type RunningServer, allWorkSent } from './harness.ts';

// The tagger in Chromium against the real server: spans by mouse and keyboard in a text with
// emoji, accents and Arabic, a refused overlap, a document class, undo, a reload mid-item, submit,
// and the exact code-point offsets read back from the API.
const PROJECT = 'Tagger e2e — entities';
const RTL_PROJECT = 'Tagger e2e — right to left';
const RTL_TEXT = 'افتتح رئيس الوزراء مستشفى الجامعة في عمّان.';
const TEXT = 'Zoë Núñez 🎉 flew from عمّان to São Paulo with 🐝 Ahmed.';
const surface = (s: { start: number; end: number }) => Array.from(TEXT).slice(s.start, s.end).join('');

/** Screen rectangle of TEXT's UTF-16 range [from, to) in the document. */
async function rectOf(page: Page, from: number, to: number) {
  return page.evaluate(
    ([a, b]) => {
      const doc = document.querySelector('[role="document"]')!;
      const walker = document.createTreeWalker(doc, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
      const at = (u: number): [Text, number] => {
        let acc = 0;
        for (const n of nodes) {
          if (u < acc + n.length || n === nodes.at(-1)) return [n, u - acc];
          acc += n.length;
        }
        throw new Error('out of text');
      };
      const range = document.createRange();
      range.setStart(...at(a));
      range.setEnd(...at(b));
      const r = range.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    },
    [from, to] as const,
  );
}

/** Drags the mouse across TEXT's UTF-16 range [from, to) (visually from its first to its last character). */
async function drag(page: Page, from: number, to: number, rtl = false) {
  const first = await rectOf(page, from, from + 1);
  const last = await rectOf(page, to - 1, to);
  const y = (first.top + first.bottom) / 2;
  const [x0, x1] = rtl ? [first.right - 1, last.left + 1] : [first.left + 1, last.right - 1];
  await page.mouse.move(x0, y);
  await page.mouse.down();
  await page.mouse.move(x1, y, { steps: 6 });
  await page.mouse.up();
}

describe('text tagger in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let projectId = '';
  beforeAll(async () => {
    // A data directory with the demo accounts plus a one-item project, seeded before the server starts.
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'touchstone-tagger-'));
    const database = await openDatabase({ dataDir });
    const ctx = defaultContext(database.db, loadConfig({ DATA_DIR: dataDir }));
    const demo = await seedDemo(ctx);
    const project = await createProject(ctx, { name: PROJECT, kind: 'text', labelSchema: textSchema, sections: textGuideline });
    projectId = project.id;
    for (const email of ['annotator@touchstone.test', 'lead@touchstone.test'])
      await grantRole(ctx, project.id, demo.userIds[email]!, email.startsWith('lead') ? 'lead' : 'annotator');
    await addTextItem(ctx, ctx.db, project.id, TEXT);
    const rtl = await createProject(ctx, { name: RTL_PROJECT, kind: 'text', labelSchema: textSchema, sections: textGuideline });
    await grantRole(ctx, rtl.id, demo.userIds['annotator@touchstone.test']!, 'annotator');
    await addTextItem(ctx, ctx.db, rtl.id, RTL_TEXT);
    await database.close();
    server = await startServer({ dataDir });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server) removeDir(server.dataDir);
  });

  it('tags by mouse and keyboard, refuses an overlap, classifies, undoes, survives a reload, and submits exact offsets', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await signIn(context, server.url, 'annotator@touchstone.test');
    await page.getByRole('link', { name: `Annotate ${PROJECT}` }).click();
    const doc = page.getByRole('document', { name: 'Document text' });
    await doc.waitFor();
    expect(await doc.textContent()).toBe(TEXT);
    const panel = page.getByRole('region', { name: /Spans/ });

    // Mouse: a sloppy drag inside "Zoë Núñez" ("oë Núñ") snaps to the whole words, active label Person.
    const u = (s: string) => TEXT.indexOf(s);
    await drag(page, u('oë'), u('Núñez') + 4);
    await expect.poll(() => panel.getByRole('button', { name: /^Person: Zoë Núñez,/ }).count()).toBe(1);

    // Escape, then 3 picks Location; drag over the Arabic word (right to left) and over "São Paulo".
    await page.keyboard.press('Escape');
    await page.keyboard.press('3');
    await drag(page, u('عمّان'), u('عمّان') + 'عمّان'.length, true);
    await expect.poll(() => panel.getByRole('button', { name: /^Location: عمّان,/ }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await drag(page, u('São'), u('Paulo') + 5);
    await expect.poll(() => panel.getByRole('button', { name: /^Location: São Paulo,/ }).count()).toBe(1);

    // An overlapping drag ("Paulo with") is refused with a message; nothing is written.
    await page.keyboard.press('Escape');
    await drag(page, u('Paulo'), u('with') + 4);
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'overlap Location “São Paulo”' }).count()).toBe(1);
    await expect.poll(() => panel.getByRole('listitem').count()).toBe(3);

    // Keyboard: caret to the end, back two words to "Ahmed", Shift+→ selects it, 1 tags it as Person.
    await doc.focus();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('1');
    await expect.poll(() => panel.getByRole('button', { name: /^Person: Ahmed,/ }).count()).toBe(1);
    // A span just made is not a choice: choose it in the list, then relabel it to Organisation by
    // hotkey, then undo that.
    await panel.getByRole('button', { name: /^Person: Ahmed,/ }).click();
    await page.keyboard.press('2');
    await expect.poll(() => panel.getByRole('button', { name: /^Organisation: Ahmed,/ }).count()).toBe(1);
    // A tag wider than its span ("Organisation" over "Ahmed") sits beside the words, never over
    // them nor stranded on the line before: the mark's first box holds the tag and the first
    // character, on one line, and is wider than that character by the tag's width.
    const tagged = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('mark[data-tag]')].map((m) => {
        const first = m.getClientRects()[0]!;
        const range = document.createRange();
        range.setStart(m.firstChild!, 0);
        range.setEnd(m.firstChild!, 1);
        const char = range.getBoundingClientRect();
        return { tag: m.dataset.tag, sameLine: Math.abs(char.top - first.top) < first.height / 2, room: first.width - char.width };
      }),
    );
    expect(tagged.length).toBeGreaterThanOrEqual(4);
    for (const t of tagged) {
      expect(t.sameLine, t.tag).toBe(true);
      expect(t.room, t.tag).toBeGreaterThan(10);
    }
    await page.keyboard.press('Control+z');
    await expect.poll(() => panel.getByRole('button', { name: /^Person: Ahmed,/ }).count()).toBe(1);

    // Document class by hotkey.
    await page.keyboard.press('5');
    await expect.poll(() => page.getByRole('button', { name: /Politics/ }).getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: '/tmp/text-tagger-e2e.png' });

    // Reload mid-item: the draft comes back from IndexedDB.
    await page.reload();
    await doc.waitFor();
    await expect.poll(() => panel.getByRole('listitem').count()).toBe(4);
    await expect.poll(() => page.getByRole('button', { name: /Politics/ }).getAttribute('aria-pressed')).toBe('true');

    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.getByLabel('Queue progress').textContent()).toMatch(/1 done/);
    await allWorkSent(page);
    await context.close();

    // Read back as the lead: exact code-point offsets whose surfaces are what was selected.
    const leadCtx = await browser.newContext();
    const lead = await signIn(leadCtx, server.url, 'lead@touchstone.test');
    const read = await lead.request.get(`${server.url}/api/projects/${projectId}/annotations`).then((r) => r.json());
    await leadCtx.close();
    expect(read.annotations).toHaveLength(1);
    const payload = read.annotations[0].payload as { spans: { label: string; start: number; end: number }[]; classes: string[] };
    const got = payload.spans.map((s) => [surface(s), s.label, s.start, s.end]).sort((a, b) => Number(a[2]) - Number(b[2]));
    const cp = (s: string) => Array.from(TEXT.slice(0, TEXT.indexOf(s))).length;
    expect(got).toEqual([
      ['Zoë Núñez', 'per', 0, 9],
      ['عمّان', 'loc', cp('عمّان'), cp('عمّان') + 5],
      ['São Paulo', 'loc', cp('São'), cp('São') + 9],
      ['Ahmed', 'per', cp('Ahmed'), cp('Ahmed') + 5],
    ]);
    // The emoji before them make UTF-16 and code-point offsets differ: these are code points.
    expect(cp('Ahmed')).toBe(TEXT.indexOf('Ahmed') - 2);
    expect(payload.classes).toEqual(['politics']);
  });

  it('moves the caret in reading order in a right-to-left paragraph (← goes forward)', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await signIn(context, server.url, 'annotator@touchstone.test');
    await page.getByRole('link', { name: `Annotate ${RTL_PROJECT}` }).click();
    const doc = page.getByRole('document', { name: 'Document text' });
    await doc.waitFor();
    expect(await doc.textContent()).toBe(RTL_TEXT);
    await doc.focus();
    // Home; ← twice = forward past "افتتح" and the space; Shift+← selects "رئيس"; Enter tags it.
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Enter');
    await expect
      .poll(() =>
        page
          .getByRole('region', { name: /Spans/ })
          .getByRole('button', { name: /^Person: رئيس, characters 6 to 10$/ })
          .count(),
      )
      .toBe(1);
    await page.screenshot({ path: '/tmp/text-tagger-rtl.png' });
    await context.close();
  });
});
