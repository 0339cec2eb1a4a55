// The wire format: one definition, used by the server to validate and by the client to parse.
export * from './common.ts';
export * from './errors.ts';
export * from './labels.ts';
export * from './annotation.ts';
export * from './auth.ts';
export * from './guidelines.ts';
export * from './projects.ts';
export * from './queue.ts';
export * from './sync.ts';
export * from './guideline-authoring.ts';
export * from './gold-sets.ts';
export * from './dashboard-view.ts';
