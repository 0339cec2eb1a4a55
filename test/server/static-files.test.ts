// The app's own files go to a browser compressed when it accepts that (the build writes .br and
// .gz copies beside each file; vite.config.ts): a cold open over a real network moves about a
// third of the bytes. A browser that accepts neither gets the file as it is. PGlite only: no query.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

describe('the app’s own files', () => {
  let server: TestServer;
  let clientDir: string;
  const chunk = `export const words = ${JSON.stringify('the same words again and again '.repeat(200))};\n`;
  beforeAll(async () => {
    clientDir = mkdtempSync(path.join(tmpdir(), 'touchstone-static-'));
    mkdirSync(path.join(clientDir, 'assets'));
    writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Touchstone</title>');
    writeFileSync(path.join(clientDir, 'assets', 'chunk.js'), chunk);
    writeFileSync(path.join(clientDir, 'assets', 'chunk.js.br'), brotliCompressSync(chunk));
    writeFileSync(path.join(clientDir, 'assets', 'chunk.js.gz'), gzipSync(chunk));
    server = await startTestServer('pglite', {}, { config: { clientDir } });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(clientDir, { recursive: true, force: true });
  });

  it('are sent compressed to a browser that accepts it, as they are to one that does not', async () => {
    const br = await server.app.inject({ method: 'GET', url: '/assets/chunk.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.rawPayload.length).toBeLessThan(chunk.length / 5);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(chunk);

    const plain = await server.app.inject({ method: 'GET', url: '/assets/chunk.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.payload).toBe(chunk);
  });
});
