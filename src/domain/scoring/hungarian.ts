// Optimal assignment (Hungarian method / Kuhn–Munkres) for a rectangular matrix, O(n²·m) with
// n = min(rows, cols). This is the shortest-augmenting-path form with row and column potentials
// (Jonker–Volgenant style, as in e-maxx): each row in turn is added by a Dijkstra-like search over
// reduced costs, which stay non-negative thanks to the potentials.
//
// Rectangular matrices assign every row (when rows <= cols) or every column (otherwise): the
// solution has min(rows, cols) pairs. Callers that want "no match" to be an option (shape matching)
// encode it in the values, e.g. profit 0 for pairs below the IoU threshold, and drop those pairs.

/** [row, column] of one assigned cell. */
export type AssignmentPair = readonly [row: number, col: number];

export interface AssignmentOptions {
  /** Maximise the total (a profit matrix) instead of minimising it (a cost matrix). */
  readonly maximize?: boolean;
}

/**
 * Pairs (sorted by row) of an assignment with the optimal total. Throws RangeError on a ragged
 * matrix or a non-finite value: those are bugs in the caller, and infinities would stall the search.
 */
export function hungarian(matrix: ReadonlyArray<ReadonlyArray<number>>, options: AssignmentOptions = {}): AssignmentPair[] {
  const rows = matrix.length;
  const cols = matrix[0]?.length ?? 0;
  matrix.forEach((row, i) => {
    if (row.length !== cols) throw new RangeError(`row ${i} has ${row.length} values, row 0 has ${cols}`);
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new RangeError(`value at [${i}][${j}] is not a finite number`);
    });
  });
  if (rows === 0 || cols === 0) return [];
  const sign = options.maximize ? -1 : 1;
  // The search below needs rows <= cols; solve the transpose otherwise.
  const transposed = rows > cols;
  const n = transposed ? cols : rows;
  const m = transposed ? rows : cols;
  const cost = (i: number, j: number): number => sign * (transposed ? matrix[j]![i]! : matrix[i]![j]!);
  return solve(n, m, cost)
    .map(([i, j]): AssignmentPair => (transposed ? [j, i] : [i, j]))
    .sort((a, b) => a[0] - b[0]);
}

/** Minimum-cost assignment of all n rows to distinct columns of an n×m cost (n <= m). */
function solve(n: number, m: number, cost: (i: number, j: number) => number): AssignmentPair[] {
  // 1-based: row 0 / column 0 are the virtual start of each augmenting path.
  const u = new Array<number>(n + 1).fill(0);
  const v = new Array<number>(m + 1).fill(0);
  const owner = new Array<number>(m + 1).fill(0); // owner[j]: row assigned to column j, 0 = free
  const way = new Array<number>(m + 1).fill(0); // way[j]: previous column on the path to j
  const minv = new Array<number>(m + 1);
  const used = new Array<boolean>(m + 1);
  for (let i = 1; i <= n; i++) {
    owner[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(false);
    // Grow a shortest-path tree from row i until it reaches a free column.
    do {
      used[j0] = true;
      const i0 = owner[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const reduced = cost(i0 - 1, j - 1) - u[i0]! - v[j]!;
        if (reduced < minv[j]!) {
          minv[j] = reduced;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      // Shift potentials so the tree's edges stay tight and the new column becomes reachable.
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[owner[j]!]! += delta;
          v[j]! -= delta;
        } else minv[j]! -= delta;
      }
      j0 = j1;
    } while (owner[j0] !== 0);
    // Flip the augmenting path.
    do {
      const j1 = way[j0]!;
      owner[j0] = owner[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const pairs: AssignmentPair[] = [];
  for (let j = 1; j <= m; j++) if (owner[j]! !== 0) pairs.push([owner[j]! - 1, j - 1]);
  return pairs;
}

/** The sum of the matrix values at the given pairs. */
export function assignmentTotal(matrix: ReadonlyArray<ReadonlyArray<number>>, pairs: readonly AssignmentPair[]): number {
  return pairs.reduce((sum, [i, j]) => sum + (matrix[i]?.[j] ?? 0), 0);
}
