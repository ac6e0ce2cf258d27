// The blend's linear SVM layer (train.ts): one-vs-rest, squared hinge loss, dual coordinate descent.

import { rng, shuffled } from "./train.js";

interface Vec {
  idx: number[];
  val: number[];
}

/**
 * One-vs-rest linear SVMs (L2-regularised, squared hinge loss) trained by dual coordinate descent
 * (Hsieh et al. 2008, the liblinear method, without shrinking). The bias is an extra constant feature
 * of value 1, regularised like the others. Returns weights in trainLayer's layout.
 */
export function trainLayerSvm(
  xs: readonly Vec[],
  ys: readonly number[],
  ws: readonly number[],
  nClasses: number,
  nFeatures: number,
  opts: { seed: number; C: number; maxPasses?: number; tol?: number },
): { W: Float64Array; b: Float64Array } {
  const { C } = opts;
  const maxPasses = opts.maxPasses ?? 200;
  const n = xs.length;
  const W = new Float64Array(nFeatures * nClasses);
  const b = new Float64Array(nClasses);
  // Diagonal of the dual's Hessian: x.x + 1 (the bias feature) + 1/(2 C_i).
  const diag = new Float64Array(n);
  const selfDot = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 1;
    for (const v of xs[i]!.val) s += v * v;
    selfDot[i] = s;
  }
  const w = new Float64Array(nFeatures);
  const alpha = new Float64Array(n);
  const random = rng(opts.seed);
  const order = xs.map((_, i) => i);
  for (let c = 0; c < nClasses; c++) {
    w.fill(0);
    alpha.fill(0);
    let bias = 0;
    for (let i = 0; i < n; i++) diag[i] = selfDot[i]! + 1 / (2 * C * ws[i]!);
    for (let pass = 0; pass < maxPasses; pass++) {
      let maxPG = -Infinity;
      let minPG = Infinity;
      for (const i of shuffled(order, random)) {
        const x = xs[i]!;
        const y = ys[i] === c ? 1 : -1;
        let dot = bias;
        for (let k = 0; k < x.idx.length; k++) dot += w[x.idx[k]!]! * x.val[k]!;
        const dii = 1 / (2 * C * ws[i]!);
        const G = y * dot - 1 + dii * alpha[i]!;
        const PG = alpha[i] === 0 ? Math.min(G, 0) : G;
        maxPG = Math.max(maxPG, PG);
        minPG = Math.min(minPG, PG);
        if (Math.abs(PG) < 1e-12) continue;
        const old = alpha[i]!;
        alpha[i] = Math.max(old - G / diag[i]!, 0);
        const d = (alpha[i]! - old) * y;
        if (d === 0) continue;
        for (let k = 0; k < x.idx.length; k++) w[x.idx[k]!]! += d * x.val[k]!;
        bias += d;
      }
      // liblinear's stopping rule: the projected gradient's spread below its tolerance (0.1).
      if (maxPG - minPG < (opts.tol ?? 0.1)) break;
    }
    for (let f = 0; f < nFeatures; f++) W[f * nClasses + c] = w[f]!;
    b[c] = bias;
  }
  return { W, b };
}
