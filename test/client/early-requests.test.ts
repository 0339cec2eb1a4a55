import { describe, expect, it, vi } from 'vitest';
import { forgetEarly, startEarly, takeEarlyOr } from '../../src/client/startup/early.ts';

// A request the app's entry starts on a cold open is used once, by whoever would have made it;
// anything else makes its own request.
const answer =
  (body: string, status = 200) =>
  () =>
    Promise.resolve(new Response(body, { status }));
const text = async (taken: Promise<{ response: Response }>) => (await taken).response.text();

describe('early requests', () => {
  it('hands the early answer to the first taker only, with when it was asked for', async () => {
    startEarly('a', answer('early'), 1_000);
    const request = vi.fn(answer('own'));
    const first = await takeEarlyOr('a', request, 1_500);
    expect(await first.response.text()).toBe('early');
    expect(first.askedAt).toBe(1_000);
    expect(request).not.toHaveBeenCalled();
    const second = await takeEarlyOr('a', request, 1_600);
    expect(await second.response.text()).toBe('own');
    expect(second.askedAt).toBe(1_600);
  });

  it('asks again when the early request failed or met a server error, and says when it asked again', async () => {
    startEarly('b', () => Promise.reject(new Error('offline a moment ago')), 0);
    const retried = await takeEarlyOr('b', answer('retried'), 10);
    expect(await retried.response.text()).toBe('retried');
    expect(retried.askedAt).toBeGreaterThan(10);
    startEarly('c', answer('', 503), 0);
    expect(await text(takeEarlyOr('c', answer('after the restart'), 10))).toBe('after the restart');
    // A refusal is an answer: asked again at once, it would be refused again.
    startEarly('d', answer('slow down', 429), 0);
    expect((await takeEarlyOr('d', answer('again'), 10)).response.status).toBe(429);
  });

  it('does not use an answer older than fifteen seconds', async () => {
    startEarly('e', answer('old'), 0);
    expect(await text(takeEarlyOr('e', answer('new'), 15_001))).toBe('new');
  });

  it('forgets every answer not taken when someone signs in or out: it was asked for by nobody, or by the account that left', async () => {
    startEarly('f', answer('before signing in', 401), 0);
    forgetEarly();
    expect(await text(takeEarlyOr('f', answer('signed in now'), 10))).toBe('signed in now');
  });

  it('makes its own request when nothing was started', async () => {
    expect(await text(takeEarlyOr('g', answer('own')))).toBe('own');
  });
});
