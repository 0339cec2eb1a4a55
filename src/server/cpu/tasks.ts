// The CPU-heavy pure functions the server runs on worker threads (pool.ts), one export per task.
// Each takes and returns plain data (it is copied between threads) and only calls src/domain.
import type { AnnotationPayload } from '../../domain/api/annotation.ts';
import { goldScoreDetails, type GoldScoreDetails } from '../../domain/dashboard/aggregates.ts';
import { scorePair } from '../../domain/dashboard/score-pair.ts';
import { checkOutline, type OutlineCheck } from '../../domain/geometry/polygon.ts';
import type { Polygon } from '../../domain/geometry/types.ts';
import { bodyHash } from '../sync/body-hash.ts';

export function checkOutlines(polygons: Polygon[]): OutlineCheck[] {
  return polygons.map(checkOutline);
}

/** The ledger hashes of a large request's mutations (stable JSON of ~1 MB each is costly too). */
export function hashBodies(mutations: object[]): string[] {
  return mutations.map(bodyHash);
}

export interface GoldScoreTask {
  truth: AnnotationPayload;
  answer: AnnotationPayload;
  iouThreshold: number;
}

export function scoreGold(task: GoldScoreTask): GoldScoreDetails {
  return goldScoreDetails(task.truth, task.answer, task.iouThreshold);
}

/** A qualification quiz answer's score against the quiz item's answer (queue/qualification.ts). */
export function scoreQuiz(task: GoldScoreTask): number {
  return scorePair(task.truth, task.answer, task.iouThreshold).score;
}

/** Test hook: holds the worker thread this long (proves work runs off the request thread). */
export function spin(ms: number): number {
  const end = performance.now() + ms;
  let n = 0;
  while (performance.now() < end) n++;
  return n;
}
