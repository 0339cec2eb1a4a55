import { describe, expect, it, vi } from 'vitest';
import { forgetEarly, startEarly, takeEarlyOr } from '../../src/client/startup/early.ts';

// A request the app's entry starts on a cold open is used once, by whoever would have made it;
// anything else makes its own request.
const answer =
  (body: string, status = 200) =>
  () =>
    Promise.resolve(new Response(body, { status }));
const text = async (r: { answer: Promise<Response> }) => (await r.answer).text();

describe('early requests', () => {
  it('hands the early answer to the first taker only, with when it was asked for', async () => {
    startEarly('a', answer('early'), 1_000);
    const request = vi.fn(answer('own'));
    const first = takeEarlyOr('a', request, 1_500);
    expect(await text(first)).toBe('early');
    expect(first.askedAt).toBe(1_000);
    expect(request).not.toHaveBeenCalled();
    const second = takeEarlyOr('a', request, 1_600);
    expect(await text(second)).toBe('own');
    expect(second.askedAt).toBe(1_600);
  });

  it('asks again when the early request failed or was refused (made before signing in)', async () => {
    startEarly('b', () => Promise.reject(new Error('offline a moment ago')), 0);
    expect(await text(takeEarlyOr('b', answer('retried'), 10))).toBe('retried');
    startEarly('c', answer('{"error":{}}', 401), 0);
    expect(await text(takeEarlyOr('c', answer('signed in now'), 10))).toBe('signed in now');
  });

  it('does not use an answer older than fifteen seconds', async () => {
    startEarly('d', answer('old'), 0);
    expect(await text(takeEarlyOr('d', answer('new'), 15_001))).toBe('new');
  });

  it('forgets every answer not taken when someone signs in or out', async () => {
    startEarly('e', answer('the account that left'), 0);
    forgetEarly();
    expect(await text(takeEarlyOr('e', answer('own'), 10))).toBe('own');
  });

  it('makes its own request when nothing was started', async () => {
    expect(await text(takeEarlyOr('f', answer('own')))).toBe('own');
  });
});
