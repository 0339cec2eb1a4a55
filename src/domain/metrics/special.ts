// Special functions behind the intervals and tests: log-gamma, the regularized incomplete gamma and
// beta functions, the normal distribution and their inverses. Pure numerics, no dependencies.
//
// Accuracy (checked against scipy in test/domain/metrics/reference.test.ts): the normal CDF, its
// inverse and the incomplete beta are good to ~1e-14 relative for the arguments we meet (a, b up to
// ~1e5). The one known loss: lnBeta for very large a and b is a difference of large lnGamma values,
// so its absolute error grows like eps·a·ln(a) (about 1e-10 at a = 1e5), which bounds the relative
// error of I_x(a, b) there. Interval end points are still good to ~1e-10.

const EPS = 1e-16;
const FPMIN = 1e-300;
const SQRT2 = Math.SQRT2;

// Numerical Recipes 3rd ed. `gammln` (Lanczos-type, g = 671/128, 14 terms): full double precision for x > 0.
const LANCZOS = [
  57.15623566586292, -59.59796035547549, 14.136097974741746, -0.4919138160976202, 0.00003399464998481189, 0.00004652362892704858, -0.00009837447530487956,
  0.0001580887032249125, -0.00021026444172410488, 0.00021743961811521265, -0.0001643181065367639, 0.00008441822398385275, -0.000026190838401581408,
  0.0000036899182659531625,
];

/** ln Γ(x) for x > 0. */
export function lnGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`lnGamma needs x > 0, got ${x}`);
  let y = x;
  const tmp0 = x + 5.2421875;
  const tmp = (x + 0.5) * Math.log(tmp0) - tmp0;
  let ser = 0.9999999999999971;
  for (const c of LANCZOS) ser += c / ++y;
  // log(x) subtracted, not divided inside the log: ser / x overflows for x below ~1e-308.
  return tmp + Math.log(2.5066282746310007 * ser) - Math.log(x);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function lnBeta(a: number, b: number): number {
  return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
}

/**
 * Regularized lower incomplete gamma P(a, x) and upper Q(a, x) = 1 − P(a, x), each computed
 * directly (series for x < a + 1, Lentz continued fraction otherwise) so that neither tail is
 * lost to cancellation.
 */
function incompleteGamma(a: number, x: number): { p: number; q: number } {
  if (x <= 0) return { p: 0, q: 1 };
  const lnPrefix = -x + a * Math.log(x) - lnGamma(a);
  if (x < a + 1) {
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let i = 0; i < 10_000; i++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) break;
    }
    const p = sum * Math.exp(lnPrefix);
    return { p, q: 1 - p };
  }
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  const q = Math.exp(lnPrefix) * h;
  return { p: 1 - q, q };
}

/** erfc(x) for x ≥ 0 as Q(1/2, x²): relative accuracy holds deep into the tail. */
function erfcPositive(x: number): number {
  return incompleteGamma(0.5, x * x).q;
}

/** Standard normal CDF Φ(z); accurate in both tails (Φ(−38) ≈ 2.9e−316 is still resolved). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return z < 0 ? 0.5 * erfcPositive(-z / SQRT2) : 1 - 0.5 * erfcPositive(z / SQRT2);
}

/** Standard normal survival function 1 − Φ(z), without the cancellation of computing 1 − Φ. */
export function normalSf(z: number): number {
  return normalCdf(-z);
}

// Acklam's rational approximation of Φ⁻¹ (relative error < 1.15e-9), then one Halley step on the
// accurate Φ above, which brings it to ~1e-15 (Acklam's own suggested refinement).
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

const poly = (cs: readonly number[], x: number): number => cs.reduce((acc, c) => acc * x + c, 0);

/** Φ⁻¹(p), the standard normal quantile; −Infinity at 0, Infinity at 1. */
export function inverseNormalCdf(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) throw new RangeError(`inverseNormalCdf needs p in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // Upper half by symmetry: the refinement below needs the small tail probability, not 1 − small.
  if (p > 0.5) return -inverseNormalCdf(1 - p);
  let x: number;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = poly(C, q) / (poly(D, q) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = (poly(A, r) * q) / (poly(B, r) * r + 1);
  }
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Continued fraction for the incomplete beta (Numerical Recipes `betacf`, modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  // Converges in O(sqrt(max(a, b))) steps; the cap is far above what a = b = 1e6 needs.
  for (let m = 1; m < 100_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) <= EPS) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b), the CDF of Beta(a, b) at x. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`incomplete beta needs a, b > 0, got ${a}, ${b}`);
  if (Number.isNaN(x) || x < 0 || x > 1) throw new RangeError(`incomplete beta needs x in [0, 1], got ${x}`);
  if (x === 0 || x === 1) return x;
  const lnFront = a * Math.log(x) + b * Math.log1p(-x) - lnBeta(a, b);
  // The fraction converges fast only left of the mean; right of it use I_x(a, b) = 1 − I_{1−x}(b, a).
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaContinuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(lnFront) * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Initial guess for the Beta quantile (Numerical Recipes `invbetai`, after Abramowitz & Stegun 26.5.22). */
function betaQuantileGuess(p: number, a: number, b: number): number {
  if (a >= 1 && b >= 1) {
    const pp = p < 0.5 ? p : 1 - p;
    const t = Math.sqrt(-2 * Math.log(pp));
    let x = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
    if (p < 0.5) x = -x;
    const al = (x * x - 3) / 6;
    const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
    const w = (x * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
    return a / (a + b * Math.exp(2 * w));
  }
  const lna = Math.log(a / (a + b));
  const lnb = Math.log(b / (a + b));
  const t = Math.exp(a * lna) / a;
  const u = Math.exp(b * lnb) / b;
  const w = t + u;
  return p < t / w ? Math.pow(a * w * p, 1 / a) : 1 - Math.pow(b * w * (1 - p), 1 / b);
}

/**
 * Beta(a, b) quantile: the x with I_x(a, b) = p. Halley/Newton steps from a closed-form guess,
 * kept inside a bisection bracket so a bad step (flat density, overshoot) can never escape [0, 1]
 * or cycle. Ends when the root is pinned to an ulp or two (typically 3–6 steps); fuzzed in
 * test/domain/metrics/intervals.test.ts for shapes from 0.05 to 2e5.
 */
export function inverseRegularizedIncompleteBeta(p: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`inverse incomplete beta needs a, b > 0, got ${a}, ${b}`);
  if (Number.isNaN(p) || p < 0 || p > 1) throw new RangeError(`inverse incomplete beta needs p in [0, 1], got ${p}`);
  if (p === 0) return 0;
  if (p === 1) return 1;
  // Solved for x directly, never via the mirror x = 1 − y with I_y(b, a) = 1 − p: when the quantile is
  // tiny, 1 − y would cancel away its digits, and near 1 x cannot be finer than its own ulp anyway.
  const lnB = lnBeta(a, b);
  // The bracket starts at the smallest double: if even that is above the quantile, the answer is 0
  // in floating point (tiny a with a small p: the quantile is like p^(1/a)).
  if (regularizedIncompleteBeta(Number.MIN_VALUE, a, b) >= p) return 0;
  let lo = Number.MIN_VALUE;
  let hi = 1;
  let x = betaQuantileGuess(p, a, b);
  if (!(x > lo && x < hi)) x = 0.5;
  let fPrev = Infinity;
  const ULP = 2 * Number.EPSILON; // relative spacing of doubles, rounded up
  for (let i = 0; i < 400; i++) {
    const f = regularizedIncompleteBeta(x, a, b) - p;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    if (hi - lo <= 2 * ULP * hi || hi - lo <= Number.MIN_VALUE) return x;
    const pdf = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lnB);
    let next = NaN;
    if (pdf > 0 && Number.isFinite(pdf)) {
      const u = f / pdf;
      // Halley's correction (uses the density's log-derivative) only while it is a correction: a
      // large one means we are far from the root, where it would shrink the step to a crawl.
      const h = u * ((a - 1) / x - (b - 1) / (1 - x));
      next = x - (Math.abs(h) < 1 ? u / (1 - h / 2) : u);
    }
    if (Math.abs(next - x) <= ULP * x) {
      // Newton claims convergence, but near a singular density (b < 1 at x → 1) it underestimates the
      // step. Let the residual decide: probe an ulp or two toward the root; a sign change ends it.
      const probe = f > 0 ? x * (1 - ULP) : Math.min(x * (1 + ULP), hi);
      const fp = regularizedIncompleteBeta(probe, a, b) - p;
      if (fp === 0 || fp < 0 !== f < 0) return Math.abs(fp) < Math.abs(f) ? probe : x;
      if (fp < 0) lo = probe;
      else hi = probe;
      next = NaN; // not converged after all: bisect below
    }
    // Bisect when the step leaves the bracket or Newton is not at least halving the residual;
    // geometrically while the bracket spans orders of magnitude (tiny quantiles), arithmetically after.
    if (!(next > lo && next < hi) || Math.abs(f) > 0.5 * fPrev) next = hi > 4 * lo ? Math.sqrt(lo) * Math.sqrt(hi) : (lo + hi) / 2;
    fPrev = Math.abs(f);
    x = next;
  }
  return x;
}
