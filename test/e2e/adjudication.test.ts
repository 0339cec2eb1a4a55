import { describe, expect, it } from 'vitest';
import { e2eEnvironment } from './harness.ts';
import { personCupTie } from './tie-fixture.ts';

// A tie resolved in the browser: two annotators box the same object as person and as cup; the
// agreement screen shows the confused pair on shapes; the lead opens the tie on the adjudication
// screen, takes one annotator's answer with Alt+N, resolves with Ctrl+Enter, and the
// COCO export writes the adjudicated label. Every wait is on a visible state.
describe('adjudication of a tie in Chromium', () => {
  const env = e2eEnvironment();

  it('the lead resolves the tie and the export carries the decision', async () => {
    const { lead, image, itemId } = await personCupTie(env);
    const server = env.server;

    // The agreement screen: the shape pair cup ↔ person is listed.
    await lead.goto(`${server.url}/projects/${image.id}/agreement`);
    const confused = lead.getByRole('list', { name: 'Confused label pairs' });
    await expect.poll(() => confused.textContent()).toContain('Cup ↔ Person (shapes)');
    await lead.getByRole('link', { name: 'Adjudication of ties' }).click();

    // The adjudication screen: both answers side by side; Alt+2 takes the second annotator's.
    await expect.poll(() => lead.getByLabel('Open adjudication tasks').textContent()).toBe('1 open');
    const side = lead.getByRole('region', { name: 'Side-by-side answers' });
    const overlay = side.getByRole('img', { name: "Each annotator's shapes" });
    await expect.poll(() => overlay.locator('rect').count()).toBe(2);
    const takeButtons = lead.getByRole('list', { name: "Take an annotator's answer" }).getByRole('button');
    await expect.poll(() => takeButtons.count()).toBe(2);
    // Take the OLDER answer (person): until the tie is resolved the export writes the newest (cup),
    // so a changed export proves the decision is used.
    type Task = {
      itemId: string;
      answers: { displayName: string; payload: { shapes: { label: string }[] } }[];
      resolved: { payload: { shapes: { label: string }[] } } | null;
    };
    const tasks = async () => (await lead.request.get(`${server.url}/api/projects/${image.id}/adjudications`).then((r) => r.json())).tasks as Task[];
    const task = (await tasks()).find((t) => t.itemId === itemId)!;
    const personAt = task.answers.findIndex((a) => a.payload.shapes[0]?.label === 'person');
    const cocoCounts = async () => {
      const coco = await lead.request.get(`${server.url}/api/projects/${image.id}/export?format=coco`).then((r) => r.json());
      const name = new Map((coco.categories as { id: number; name: string }[]).map((c) => [c.id, c.name]));
      const counts: Record<string, number> = {};
      for (const a of coco.annotations as { category_id: number }[]) counts[name.get(a.category_id)!] = (counts[name.get(a.category_id)!] ?? 0) + 1;
      return counts;
    };
    const before = await cocoCounts();

    const resolve = lead.getByRole('button', { name: 'Resolve with this answer' });
    await expect.poll(() => resolve.isEnabled()).toBe(true);
    // Alt+N for the other answer first, then the person one: each key visibly switches the basis.
    await lead.keyboard.press(`Alt+${2 - personAt}`);
    await expect.poll(() => lead.getByText(/^Based on /).textContent()).toContain(task.answers[1 - personAt]!.displayName);
    await lead.keyboard.press(`Alt+${personAt + 1}`);
    await expect.poll(() => lead.getByText(/^Based on /).textContent()).toContain(task.answers[personAt]!.displayName);
    await lead.keyboard.press('?');
    const dialog = lead.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => dialog.textContent()).toContain('Take annotator 1…9’s answer');
    await lead.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await lead.screenshot({ path: '/tmp/adjudication-open.png', fullPage: true });
    await lead.keyboard.press('Control+Enter');
    await expect.poll(() => lead.getByLabel('Open adjudication tasks').textContent()).toBe('0 open');
    await lead.screenshot({ path: '/tmp/adjudication.png', fullPage: true });

    expect((await tasks()).find((t) => t.itemId === itemId)!.resolved?.payload.shapes.map((s) => s.label)).toEqual(['person']);
    const after = await cocoCounts();
    expect(after.Person ?? 0).toBe((before.Person ?? 0) + 1);
    expect(after.Cup ?? 0).toBe((before.Cup ?? 0) - 1);
  });
});
