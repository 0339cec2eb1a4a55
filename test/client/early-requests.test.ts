import { describe, expect, it, vi } from 'vitest';
import { startEarly, takeEarlyOr } from '../../src/client/startup/early.ts';

// A request the app's entry starts on a cold open is used once, by whoever would have made it;
// anything else makes its own request.
describe('early requests', () => {
  it('hands the early answer to the first taker only, with when it was asked for', async () => {
    startEarly('a', () => Promise.resolve('early'), 1_000);
    const request = vi.fn(() => Promise.resolve('own'));
    const first = takeEarlyOr('a', request, 1_500);
    expect(await first.answer).toBe('early');
    expect(first.askedAt).toBe(1_000);
    expect(request).not.toHaveBeenCalled();
    const second = takeEarlyOr('a', request, 1_600);
    expect(await second.answer).toBe('own');
    expect(second.askedAt).toBe(1_600);
  });

  it('asks again when the early request failed', async () => {
    startEarly('b', () => Promise.reject(new Error('offline a moment ago')), 0);
    expect(await takeEarlyOr('b', () => Promise.resolve('retried'), 10).answer).toBe('retried');
  });

  it('does not use an answer older than fifteen seconds', async () => {
    startEarly('c', () => Promise.resolve('old'), 0);
    expect(await takeEarlyOr('c', () => Promise.resolve('new'), 15_001).answer).toBe('new');
  });

  it('makes its own request when nothing was started', async () => {
    expect(await takeEarlyOr('d', () => Promise.resolve('own')).answer).toBe('own');
  });
});
