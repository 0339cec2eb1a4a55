// The taxonomy story in Chromium: an image project with "defect" and "scratch"; an annotator labels
// 30 items; the author, in the Label changes tab, splits "defect" into "cosmetic" and "functional"
// and merges "scratch" into "cosmetic", sees what it touches, and publishes. Exactly the items that
// had a defect come back, each opening with its other shapes; the gold answer with a defect leaves
// scoring; the COCO export has the new categories and every shape.
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/domain/ids.ts';
import { fromHandle } from '../../src/server/queue/handles.ts';
import { E2E_SESSION_SECRET, e2eEnvironment, signIn } from './harness.ts';

const N = 30;
const box = (label: string, x: number, id: string) => ({ id, kind: 'box', label, x, y: 4, w: 10, h: 10, attributes: {} });

describe('a taxonomy that evolves, in Chromium', () => {
  const env = e2eEnvironment();

  /** A signed-in person's API calls (the session cookie and the CSRF header, as the app sends them). */
  async function session(email: string) {
    const context = await env.browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await signIn(context, env.server.url, email);
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(env.server.url + path, {
        method,
        headers: {
          cookie,
          'x-requested-with': 'touchstone',
          ...(body === undefined || body instanceof FormData ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: body instanceof FormData ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
      return text ? JSON.parse(text) : null;
    };
    return { page, call };
  }

  it('splits defect, merges scratch, sends back exactly the defect items, and loses no label', async () => {
    const admin = await session('admin@touchstone.test');
    const project = await admin.call('POST', '/api/projects', {
      name: 'Panel defects',
      kind: 'image',
      labelSchema: {
        labels: [
          { id: 'defect', name: 'Defect', color: '#e6194b', hotkey: '1', tools: ['box'] },
          { id: 'scratch', name: 'Scratch', color: '#3cb44b', hotkey: '2', tools: ['box'] },
        ],
      },
      guideline: {
        sections: [{ id: 'scope', kind: 'definition', title: 'What to box', body: 'Every defect and every scratch.', labels: ['defect', 'scratch'] }],
      },
    });
    for (const [email, roles] of [
      ['annotator@touchstone.test', ['annotator']],
      ['author@touchstone.test', ['author']],
      ['lead@touchstone.test', ['lead']],
    ] as const)
      await admin.call('POST', `/api/projects/${project.id}/members`, { email, roles });
    const form = new FormData();
    form.append('mode', 'all_or_nothing');
    for (let k = 0; k < N; k++) {
      const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: (k * 37) % 256, g: (k * 91) % 256, b: 128 } } })
        .png()
        .toBuffer();
      form.append('files', new Blob([new Uint8Array(png)], { type: 'image/png' }), `panel-${k}.png`);
    }
    expect((await admin.call('POST', `/api/projects/${project.id}/items/import/images`, form)).imported).toBe(N);

    // The annotator labels all 30: every third item has a defect beside its scratch.
    const annotator = await session('annotator@touchstone.test');
    await annotator.call('POST', `/api/projects/${project.id}/guideline/ack`, { versionId: project.guideline.id });
    const served = (await annotator.call('POST', `/api/projects/${project.id}/queue?limit=${N}`)).items as Array<{ id: string }>;
    expect(served).toHaveLength(N);
    const withDefect = new Set(served.filter((_, k) => k % 3 === 0).map((i) => i.id));
    const mutations = served.map((item) => ({
      id: uuidv7(Date.now(), randomBytes(10)),
      type: 'annotation.submit',
      projectId: project.id,
      itemId: item.id,
      guidelineVersionId: project.guideline.id,
      payload: { shapes: withDefect.has(item.id) ? [box('defect', 4, 'd'), box('scratch', 30, 's')] : [box('scratch', 30, 's')], spans: [], classes: [] },
      startedAt: new Date().toISOString(),
      submittedAt: new Date().toISOString(),
      durationMs: 4000,
    }));
    const synced = (await annotator.call('POST', '/api/sync', { schemaVersion: 1, mutations })).results as Array<{ status: string }>;
    expect(synced.every((r) => r.status === 'applied')).toBe(true);

    // Two gold answers: one with a defect (leaves scoring until re-verified), one scratch only (mapped).
    const lead = await session('lead@touchstone.test');
    // The annotator was served their own handles; the lead names items by real ids (read back as the server does).
    const annotatorId = ((await annotator.call('GET', '/api/auth/me')) as { user: { id: string } }).user.id;
    const real = (handle: string) => fromHandle({ secret: E2E_SESSION_SECRET, projectId: project.id, userId: annotatorId }, 'item', handle);
    const goldDefect = real([...withDefect][0]!);
    const goldScratch = real(served.find((i) => !withDefect.has(i.id))!.id);
    for (const [itemId, shapes] of [
      [goldDefect, [box('defect', 4, 'g1')]],
      [goldScratch, [box('scratch', 30, 'g2')]],
    ] as const)
      await lead.call('PUT', `/api/projects/${project.id}/gold-set/items/${itemId}`, {
        answer: { shapes, spans: [], classes: [] },
        justification: 'Checked by the lead.',
      });

    // The author, in the browser: two label changes, their impact, then publish 2.0.
    const author = await session('author@touchstone.test');
    const page = author.page;
    await page.getByRole('link', { name: 'Edit the guideline of Panel defects' }).click();
    await page.getByRole('tab', { name: 'Label changes' }).click();
    const form2 = page.getByRole('form', { name: 'Add a label change' });
    await form2.getByLabel('Kind of change').selectOption('split_class');
    await form2.getByLabel('Class to split').selectOption('defect');
    await form2.getByLabel(/Split into/).fill('Cosmetic, Functional');
    await form2.getByRole('button', { name: 'Add this change' }).click();
    await form2.getByLabel('Kind of change').selectOption('merge_classes');
    await form2.getByRole('checkbox', { name: 'Scratch' }).check();
    await form2.getByLabel(/Merge into/).fill('Cosmetic');
    await form2.getByRole('button', { name: 'Add this change' }).click();
    await expect
      .poll(() => page.getByRole('list', { name: 'Drafted label changes' }).textContent())
      .toMatch(/"Defect" is split: choose "Cosmetic" or "Functional"\..*"Scratch" is merged into "Cosmetic"\./);
    await page.getByRole('button', { name: 'Publish…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish the draft' });
    const impact = dialog.getByRole('table');
    await expect.poll(() => impact.getByRole('row').count()).toBe(4);
    expect(await impact.getByRole('row').nth(1).textContent()).toMatch(/Defect.*split.*10.*10.*1.*1.*yes/);
    await page.screenshot({ path: '/tmp/taxonomy-publish.png' });
    await dialog.getByLabel(/Changelog/).fill('Defects are now cosmetic or functional; scratches are cosmetic.');
    await dialog.getByRole('button', { name: 'Publish 2.0' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Published version 2\.0\. 10 label\(s\) went back/);

    // Exactly the defect items come back, each with its other shape (the scratch, now cosmetic).
    const back = (
      (await annotator.call('POST', `/api/projects/${project.id}/queue?limit=50`)).items as Array<{
        id: string;
        reannotation: null | { previous: { shapes: Array<{ id: string; label: string }> } };
      }>
    ).filter((i) => i.reannotation);
    expect(new Set(back.map((i) => i.id))).toEqual(withDefect);
    for (const item of back)
      expect(item.reannotation!.previous.shapes.map((s) => [s.id, s.label])).toEqual([
        ['d', 'defect'],
        ['s', 'cosmetic'],
      ]);
    // In the browser the first of them opens with both shapes.
    await annotator.page.getByRole('link', { name: 'Annotate Panel defects' }).click();
    await annotator.page.getByRole('region', { name: 'New guideline version' }).getByRole('button', { name: 'Acknowledge' }).click();
    await annotator.page.getByText(/Back for re-annotation: guideline v2\.0 changed/).waitFor();
    await expect.poll(() => annotator.page.getByRole('heading', { name: 'Shapes (2)' }).count()).toBe(1);
    await annotator.page.screenshot({ path: '/tmp/taxonomy-reannotate.png' });

    // Gold: the defect answer left scoring; the scratch answer is cosmetic and still counts.
    const gold = (await lead.call('GET', `/api/projects/${project.id}/gold-set`)) as { entries: Array<{ itemId: string; active: boolean }> };
    expect(gold.entries.find((g) => g.itemId === goldDefect)?.active).toBe(false);
    expect(gold.entries.find((g) => g.itemId === goldScratch)?.active).toBe(true);

    // The COCO export: the new categories, every shape (10 defects not yet redone, 30 scratches as cosmetic).
    const coco = (await lead.call('GET', `/api/projects/${project.id}/export?format=coco`)) as {
      info: { version: string };
      categories: Array<{ id: number; name: string }>;
      annotations: Array<{ category_id: number }>;
    };
    expect(coco.info.version).toBe('2.0');
    expect(coco.categories.map((c) => c.name)).toEqual(expect.arrayContaining(['Cosmetic', 'Functional']));
    const names = coco.annotations.map((a) => coco.categories.find((c) => c.id === a.category_id)!.name);
    expect(names.filter((n) => n === 'Cosmetic')).toHaveLength(N);
    expect(names.filter((n) => n === 'Defect')).toHaveLength(withDefect.size);
    expect(names).toHaveLength(N + withDefect.size);
  });
});
