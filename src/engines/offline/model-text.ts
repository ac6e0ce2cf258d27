// Reading the model file's weight blocks without JSON.parse: the file as `serializeModel` writes it has one
// feature's [class, weight, ...] pairs per line, read here straight into typed arrays.

/** A layer's weights packed: feature f's weights are weight[start[f]..start[f+1]), for the classes in classOf. */
export interface PackedWeights {
  start: Int32Array;
  classOf: Uint16Array;
  weight: Float32Array;
}

/** Packs per-feature [index, weight, index, weight, ...] lists (a model file's weights as JSON gives them). */
export function packPairs(weights: ReadonlyArray<readonly number[] | undefined>): PackedWeights {
  const nFeatures = weights.length;
  const start = new Int32Array(nFeatures + 1);
  let total = 0;
  for (let f = 0; f < nFeatures; f++) {
    start[f] = total;
    total += (weights[f]?.length ?? 0) >> 1;
  }
  start[nFeatures] = total;
  const classOf = new Uint16Array(total);
  const weight = new Float32Array(total);
  for (let f = 0; f < nFeatures; f++) {
    const pairs = weights[f];
    if (!pairs) continue;
    for (let j = 0, k = start[f]!; j + 1 < pairs.length; j += 2, k++) {
      classOf[k] = pairs[j]!;
      weight[k] = pairs[j + 1]!;
    }
  }
  return { start, classOf, weight };
}

/** out[index] += x . weights, over the sparse vector x (features outside the block are ignored). */
export function addProduct(packed: PackedWeights, x: { idx: readonly number[]; val: readonly number[] }, out: Float64Array): void {
  const { start, classOf, weight } = packed;
  const nFeatures = start.length - 1;
  for (let i = 0; i < x.idx.length; i++) {
    const f = x.idx[i]!;
    if (!(f >= 0 && f < nFeatures)) continue;
    const v = x.val[i]!;
    for (let k = start[f]!, end = start[f + 1]!; k < end; k++) out[classOf[k]!]! += v * weight[k]!;
  }
}

const WEIGHTS_OPEN = '"weights": [\n';
const WEIGHTS_CLOSE = "\n]";

/**
 * The weight blocks of a model file's text, packed, and the rest of the text with each block emptied
 * (small enough for JSON.parse); null when the text is not laid out as `serializeModel` writes it.
 */
export function splitWeightBlocks(text: string): { skeleton: string; blocks: PackedWeights[] } | null {
  const found: Array<{ from: number; to: number; packed: PackedWeights }> = [];
  let at = 0;
  for (;;) {
    const open = text.indexOf(WEIGHTS_OPEN, at);
    if (open < 0) break;
    const from = open + WEIGHTS_OPEN.length;
    const to = text.indexOf(WEIGHTS_CLOSE, from - 1);
    const packed = to < 0 ? null : packWeightLines(text, from, to);
    if (!packed) return null;
    found.push({ from, to, packed });
    at = to + WEIGHTS_CLOSE.length;
  }
  if (found.length === 0) return null;
  let skeleton = "";
  let last = 0;
  for (const b of found) {
    skeleton += text.slice(last, b.from);
    last = b.to;
  }
  skeleton += text.slice(last);
  return { skeleton, blocks: found.map((b) => b.packed) };
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The number written in text[from, to) as JSON writes the model's rounded weights ("-0.123", "7"),
 * without making a string: digits / 10^decimals is the same double Number() gives (both exact
 * integers, one correctly rounded division). Anything else goes through Number(); NaN if not a number.
 */
function decimalAt(text: string, from: number, to: number): number {
  let i = from;
  const negative = text.charCodeAt(i) === 45; /* - */
  if (negative) i++;
  let digits = 0;
  let count = 0;
  let decimals = -1;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits = digits * 10 + (c - 48);
      count++;
      if (decimals >= 0) decimals++;
    } else if (c === 46 /* . */ && decimals < 0) decimals = 0;
    else return from < to ? Number(text.slice(from, to)) : NaN;
  }
  if (count === 0 || count > 15 || decimals === 0) return from < to ? Number(text.slice(from, to)) : NaN;
  const value = decimals > 0 ? digits / POW10[decimals]! : digits;
  return negative ? -value : value;
}

/** Lines "[c,w,c,w]" separated by ",\n" in text[from, to): packed, or null when a line is not of that shape. */
function packWeightLines(text: string, from: number, to: number): PackedWeights | null {
  const start: number[] = [0];
  let classOf = new Uint16Array(1 << 16);
  let weight = new Float32Array(1 << 16);
  let n = 0;
  let i = from;
  while (i < to) {
    if (text.charCodeAt(i) !== 91 /* [ */) return null;
    const close = text.indexOf("]", i);
    if (close < 0 || close > to) return null;
    let k = i + 1;
    let isClass = true;
    while (k < close) {
      let comma = text.indexOf(",", k);
      if (comma < 0 || comma > close) comma = close;
      const value = decimalAt(text, k, comma);
      if (!Number.isFinite(value)) return null;
      if (isClass) {
        if (n === classOf.length) {
          const c2 = new Uint16Array(n * 2);
          c2.set(classOf);
          classOf = c2;
          const w2 = new Float32Array(n * 2);
          w2.set(weight);
          weight = w2;
        }
        classOf[n] = value;
      } else weight[n++] = value;
      isClass = !isClass;
      k = comma + 1;
    }
    if (!isClass) return null;
    start.push(n);
    i = close + 1;
    if (i < to) {
      if (text.charCodeAt(i) !== 44 /* , */ || text.charCodeAt(i + 1) !== 10 /* \n */) return null;
      i += 2;
    }
  }
  return { start: Int32Array.from(start), classOf: classOf.slice(0, n), weight: weight.slice(0, n) };
}
