// Pascal VOC XML: one Annotations/<stem>.xml per image. Coordinates are pixels as stored (0-based,
// fractions kept — as Datumaro and CVAT write them); polygons go out as their bounding box, since
// VOC XML has no polygons. VOC's own object flags come from the boolean attributes of the same
// name (truncated, occluded, difficult; 0 when the shape has none) and <pose> from a "pose"
// attribute; every other attribute goes in an <attributes> block as CVAT writes it.
// <filename> is the name the caller gives (exportImageName: the item's own extension).
import type { LabelSchema } from '../api/labels.ts';
import { polygonBounds } from '../geometry/polygon.ts';
import { num, type ExportItem, type ExportRevision } from './types.ts';

/** Attributes VOC has elements of its own for. */
export const VOC_FLAGS = ['truncated', 'occluded', 'difficult'];

export const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export function vocXml(schema: LabelSchema, item: ExportItem, rev: ExportRevision | undefined): string {
  const names = new Map(schema.labels.map((l) => [l.id, l.name]));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<annotation>',
    '  <folder>JPEGImages</folder>',
    `  <filename>${xmlEscape(item.fileName)}</filename>`,
    '  <size>',
    `    <width>${item.width ?? 0}</width>`,
    `    <height>${item.height ?? 0}</height>`,
    '    <depth>3</depth>',
    '  </size>',
    '  <segmented>0</segmented>',
  ];
  for (const s of rev?.payload.shapes ?? []) {
    const name = names.get(s.label);
    if (name === undefined) continue;
    const b = s.kind === 'box' ? s : (polygonBounds(s.points) ?? { x: 0, y: 0, w: 0, h: 0 });
    const flag = (k: string) => (s.attributes[k] === true ? 1 : 0);
    const pose = typeof s.attributes.pose === 'string' ? s.attributes.pose : 'Unspecified';
    lines.push(
      '  <object>',
      `    <name>${xmlEscape(name)}</name>`,
      `    <pose>${xmlEscape(pose)}</pose>`,
      `    <truncated>${flag('truncated')}</truncated>`,
      `    <occluded>${flag('occluded')}</occluded>`,
      `    <difficult>${flag('difficult')}</difficult>`,
      '    <bndbox>',
      `      <xmin>${num(b.x)}</xmin>`,
      `      <ymin>${num(b.y)}</ymin>`,
      `      <xmax>${num(b.x + b.w)}</xmax>`,
      `      <ymax>${num(b.y + b.h)}</ymax>`,
      '    </bndbox>',
    );
    const attrs = Object.entries(s.attributes).filter(
      ([k, v]) => !(VOC_FLAGS.includes(k) && typeof v === 'boolean') && !(k === 'pose' && typeof v === 'string'),
    );
    if (attrs.length) {
      lines.push('    <attributes>');
      for (const [k, v] of attrs) lines.push(`      <attribute><name>${xmlEscape(k)}</name><value>${xmlEscape(String(v))}</value></attribute>`);
      lines.push('    </attributes>');
    }
    lines.push('  </object>');
  }
  lines.push('</annotation>', '');
  return lines.join('\n');
}
