// An image project with the taxonomy the story starts from: "defect" and "scratch" (boxes and
// polygons), "dent" with a depth attribute, and "note" (spans, in a text project elsewhere: here
// only to have a class with other tools). N plain image items, no gold unless a test adds it.
import sharp from 'sharp';
import type { LabelSchema } from '../../src/domain/api/index.ts';
import type { AppContext } from '../../src/server/context.ts';
import { addImageItem, createProject, grantRole } from '../../src/server/admin/create.ts';

export const defectSchema: LabelSchema = {
  labels: [
    { id: 'defect', name: 'Defect', color: '#e6194b', hotkey: '1', tools: ['box', 'polygon'], attributes: [] },
    { id: 'scratch', name: 'Scratch', color: '#3cb44b', hotkey: '2', tools: ['box', 'polygon'], attributes: [] },
    {
      id: 'dent',
      name: 'Dent',
      color: '#4363d8',
      hotkey: '3',
      tools: ['box', 'polygon'],
      attributes: [{ type: 'select', name: 'depth', options: ['shallow', 'deep'] }],
    },
    { id: 'tag', name: 'Tag', color: '#911eb4', hotkey: '4', tools: ['class'], attributes: [] },
  ],
  classMode: 'single',
  allowOverlappingSpans: false,
  snapSpansToTokens: false,
};

const png = (k: number) =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: { r: (k * 37) % 256, g: (k * 91) % 256, b: (k * 13) % 256 } } })
    .png()
    .toBuffer();

export async function defectProject(
  ctx: AppContext,
  opts: { items: number; overlap?: number; annotatorIds: string[]; staffIds: { author: string; lead: string }; name?: string },
) {
  const project = await createProject(ctx, {
    name: opts.name ?? 'Panels',
    kind: 'image',
    labelSchema: defectSchema,
    sections: [
      { id: 'scope', kind: 'definition', title: 'What to label', body: 'Box every defect and every scratch on the panel.', labels: ['defect', 'scratch'] },
    ],
    overlap: opts.overlap ?? 1,
  });
  const itemIds: string[] = [];
  for (let k = 0; k < opts.items; k++) itemIds.push((await addImageItem(ctx, ctx.db, project.id, await png(k), { source: `panel-${k}.png` })).id);
  for (const userId of opts.annotatorIds) await grantRole(ctx, project.id, userId, 'annotator');
  await grantRole(ctx, project.id, opts.staffIds.author, 'author');
  await grantRole(ctx, project.id, opts.staffIds.lead, 'lead');
  return { ...project, itemIds };
}
