// CVAT for images XML 1.1: <meta> with the labels (and their attributes), then one <image> per
// item with <box xtl ytl xbr ybr occluded> / <polygon points="x,y;…">, attributes as
// <attribute name>…</attribute> and the image's classes as <tag>. Pixels as stored (fractions kept).
// Ignore regions have no CVAT form: they go out as shapes with the attribute ignore=true.
// `schemaVersion` (when label schemas are versioned) is written in <meta> so a reader knows it.
import type { LabelSchema } from '../api/labels.ts';
import { num, type ExportItem, type ExportRevision } from './types.ts';
import { xmlEscape as x } from './voc.ts';

export function cvatOpen(schema: LabelSchema, info: { name: string; dateCreated: string; schemaVersion?: string | null }): string {
  const labels = schema.labels.map((l) => {
    const attrs = l.attributes.map((a) =>
      a.type === 'boolean'
        ? `          <attribute><name>${x(a.name)}</name><mutable>False</mutable><input_type>checkbox</input_type><default_value>${a.default ? 'true' : 'false'}</default_value><values>false\ntrue</values></attribute>`
        : a.type === 'text'
          ? `          <attribute><name>${x(a.name)}</name><mutable>False</mutable><input_type>text</input_type><default_value></default_value><values></values></attribute>`
          : `          <attribute><name>${x(a.name)}</name><mutable>False</mutable><input_type>select</input_type><default_value>${x(a.default ?? a.options[0] ?? '')}</default_value><values>${a.options.map(x).join('\n')}</values></attribute>`,
    );
    return [
      `      <label>`,
      `        <name>${x(l.name)}</name>`,
      `        <color>${l.color}</color>`,
      `        <attributes>`,
      ...attrs,
      `        </attributes>`,
      `      </label>`,
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<annotations>',
    '  <version>1.1</version>',
    '  <meta>',
    '    <task>',
    `      <name>${x(info.name)}</name>`,
    `      <created>${x(info.dateCreated)}</created>`,
    ...(info.schemaVersion ? [`      <touchstone_schema_version>${x(info.schemaVersion)}</touchstone_schema_version>`] : []),
    '      <labels>',
    ...labels,
    '      </labels>',
    '    </task>',
    '  </meta>',
    '',
  ].join('\n');
}
export const CVAT_CLOSE = '</annotations>\n';

export function cvatImage(schema: LabelSchema, item: ExportItem, rev: ExportRevision | undefined, index: number): string {
  const names = new Map(schema.labels.map((l) => [l.id, l.name]));
  const lines = [`  <image id="${index}" name="${x(item.fileName)}" width="${item.width ?? 0}" height="${item.height ?? 0}">`];
  for (const s of rev?.payload.shapes ?? []) {
    const name = names.get(s.label);
    if (name === undefined) continue;
    const attrs = Object.entries({ ...s.attributes, ...(s.ignore ? { ignore: true } : {}) }).filter(([k]) => k !== 'occluded');
    const occluded = s.attributes.occluded === true ? 1 : 0;
    const open =
      s.kind === 'box'
        ? `    <box label="${x(name)}" occluded="${occluded}" source="manual" xtl="${num(s.x)}" ytl="${num(s.y)}" xbr="${num(s.x + s.w)}" ybr="${num(s.y + s.h)}" z_order="0"`
        : `    <polygon label="${x(name)}" occluded="${occluded}" source="manual" points="${s.points.map(([px, py]) => `${num(px)},${num(py)}`).join(';')}" z_order="0"`;
    if (attrs.length === 0) lines.push(`${open}>`, `    </${s.kind === 'box' ? 'box' : 'polygon'}>`);
    else
      lines.push(
        `${open}>`,
        ...attrs.map(([k, v]) => `      <attribute name="${x(k)}">${x(String(v))}</attribute>`),
        `    </${s.kind === 'box' ? 'box' : 'polygon'}>`,
      );
  }
  for (const c of rev?.payload.classes ?? []) {
    const name = names.get(c);
    if (name !== undefined) lines.push(`    <tag label="${x(name)}" source="manual">`, '    </tag>');
  }
  lines.push('  </image>', '');
  return lines.join('\n');
}
