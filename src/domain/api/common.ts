import { z } from 'zod';

export const Id = z.uuid({ message: 'must be an id (UUID)' });
export const IsoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
/** A coordinate in image pixels. zod rejects NaN and ±Infinity for z.number(). */
export const Coordinate = z.number({ message: 'must be a finite number' });
export const Role = z.enum(['annotator', 'lead', 'author']);
export type Role = z.infer<typeof Role>;
export const ProjectKind = z.enum(['image', 'text']);
export type ProjectKind = z.infer<typeof ProjectKind>;
