// Roles are checked before a body is read: an annotator's 60 MB POST to an import route is refused
// while the body is still on its way (the server never buffers or parses it); a lead's is read.
// Over a real socket, since inject hands the whole payload over at once. PGlite only: no engine logic.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNOTATOR, LEAD, startTestServer, type TestServer } from './harness.ts';

const SIXTY_MB = 60 * 1024 * 1024;

/** Sends the headers of a 60 MB JSON POST and its first 256 KB, then waits for an answer (or not). */
function partialPost(port: number, path: string, cookie: string, waitMs: number): Promise<number | 'no answer'> {
  return new Promise((resolve) => {
    const req = http.request({
      port,
      path,
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'content-length': String(SIXTY_MB), 'x-requested-with': 'touchstone' },
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve('no answer');
    }, waitMs);
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', () => {});
    req.write(`{"format":"jsonl","mode":"all_or_nothing","content":"${'x'.repeat(256 * 1024)}`);
  });
}

describe('roles before bodies', () => {
  let server: TestServer;
  let port: number;
  beforeAll(async () => {
    server = await startTestServer('pglite');
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    port = (server.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => server?.close());

  const importRoutes = (projectId: string) => [`/api/projects/${projectId}/items/import/text`, `/api/projects/${projectId}/labels/import`];

  it('refuses an annotator before the 60 MB body has arrived', async () => {
    const annotator = await server.as(ANNOTATOR);
    for (const path of importRoutes(server.demo.textProjectId)) {
      expect(await partialPost(port, path, annotator.cookie as string, 3000)).toBe(403);
    }
  });

  it('reads the body of a caller who may import (the check is not a blanket refusal)', async () => {
    const lead = await server.as(LEAD);
    expect(await partialPost(port, importRoutes(server.demo.textProjectId)[0] as string, lead.cookie as string, 1000)).toBe('no answer');
  });
});
