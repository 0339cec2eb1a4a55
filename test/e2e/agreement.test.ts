import { describe, expect, it } from 'vitest';
import { e2eEnvironment } from './harness.ts';
import { personCupTie } from './tie-fixture.ts';

// The side-by-side view: two annotators box the same image with different labels; a lead opens
// the agreement screen on that item and sees each annotator's shape, named, in the legend and overlay.
describe('agreement side-by-side view in Chromium', () => {
  const env = e2eEnvironment();

  it('shows each annotator’s shapes with their names', async () => {
    const { lead, image, itemId } = await personCupTie(env);
    const server = env.server;

    const view = await lead.request.get(`${server.url}/api/projects/${image.id}/agreement/items/${itemId}`).then((r) => r.json());
    const names = (view.answers as { displayName: string }[]).map((a) => a.displayName);
    expect(names).toHaveLength(2);

    await lead.goto(`${server.url}/`);
    await lead.getByRole('link', { name: `Agreement of ${image.name}` }).click();
    await lead.getByRole('heading', { name: 'Agreement', exact: true }).waitFor();
    await lead.goto(`${server.url}/projects/${image.id}/agreement?item=${itemId}`);
    const side = lead.getByRole('region', { name: 'Side-by-side answers' });
    await side.waitFor();
    const legend = side.getByRole('list', { name: 'Legend' });
    for (const n of names) await expect.poll(() => legend.textContent()).toContain(n);
    const overlay = side.getByRole('img', { name: "Each annotator's shapes" });
    const labels = await overlay.locator('rect').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    const personBy = view.answers.find((a: { payload: { shapes: { label: string }[] } }) => a.payload.shapes[0]?.label === 'person').displayName;
    const cupBy = view.answers.find((a: { payload: { shapes: { label: string }[] } }) => a.payload.shapes[0]?.label === 'cup').displayName;
    expect(labels.sort()).toEqual([`${cupBy}: cup`, `${personBy}: person`].sort());
    const strokes = await overlay.locator('rect').evaluateAll((els) => els.map((e) => e.getAttribute('stroke')));
    expect(new Set(strokes).size).toBe(2);
    await lead.screenshot({ path: '/tmp/agreement-side-by-side.png', fullPage: true });
  });
});
