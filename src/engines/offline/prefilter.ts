// Cheap literal prefilters for the engine's fixed regexes. `requiredLiterals` reads a pattern's source
// and returns strings one of which every match must contain (or null when it cannot tell), so a
// regex need only run when `text.includes(literal)` holds for one of them. Sound, not complete: a
// guard that passes may still find no match; a guard that fails proves there is none. Outputs are
// unchanged by construction: the regexes themselves still decide every match.

const MAX_LITERALS = 64;
const MAX_CLASS = 16;

/**
 * Walks a pattern source from `from`, skipping escapes and character classes, and calls `visit`
 * with each other character, its index and the group depth after it; `visit` returning true stops
 * the walk. Returns the index where it stopped (-1 when it ran off the end) and whether it ended
 * balanced (depth 0, not inside a class).
 */
function walkTop(src: string, from: number, visit: (c: string, i: number, depth: number) => boolean | void): { stop: number; balanced: boolean } {
  let depth = 0;
  let inClass = false;
  for (let i = from; i < src.length; i++) {
    const c = src[i]!;
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    if (visit(c, i, depth)) return { stop: i, balanced: depth === 0 };
  }
  return { stop: -1, balanced: depth === 0 && !inClass };
}

/** Index of the ")" closing the group opened at `open`, or -1. */
function closeParen(src: string, open: number): number {
  return walkTop(src, open, (c, _i, depth) => c === ")" && depth === 0).stop;
}

/** Index of the "]" closing the class opened at `open`, or -1. */
function closeClass(src: string, open: number): number {
  for (let i = open + 1; i < src.length; i++) {
    if (src[i] === "\\") i++;
    else if (src[i] === "]") return i;
  }
  return -1;
}

/** Top-level alternatives of a pattern (null if unbalanced). */
function splitTop(src: string): string[] | null {
  const parts: string[] = [];
  let start = 0;
  const { balanced } = walkTop(src, 0, (c, i, depth) => {
    if (c === "|" && depth === 0) {
      parts.push(src.slice(start, i));
      start = i + 1;
    }
  });
  parts.push(src.slice(start));
  return balanced ? parts : null;
}

/** The characters of a small, plain, non-negated class body ("2-9", "s", "- "), else null. */
function classChars(body: string): string[] | null {
  if (body.length === 0 || body[0] === "^") return null;
  const out: string[] = [];
  for (let i = 0; i < body.length; i++) {
    let c = body[i]!;
    if (c === "\\") {
      const n = body[i + 1];
      if (n === undefined || /[A-Za-z0-9]/.test(n)) return null;
      c = n;
      i++;
    }
    if (body[i + 1] === "-" && i + 2 < body.length) {
      const to = body[i + 2]!;
      if (to === "\\") return null;
      const a = c.charCodeAt(0);
      const b = to.charCodeAt(0);
      if (b < a || b - a > MAX_CLASS) return null;
      for (let k = a; k <= b; k++) out.push(String.fromCharCode(k));
      i += 2;
    } else out.push(c);
    if (out.length > MAX_CLASS) return null;
  }
  return out;
}

/** What the token at `i` is followed by: no quantifier, an optional one (?, *, {0,), or a repeating one. */
function quantifierAt(src: string, i: number): "none" | "optional" | "repeat" {
  const c = src[i];
  if (c === "?" || c === "*") return "optional";
  if (c === "+") return "repeat";
  if (c === "{") {
    const m = /^\{(\d+)(?:,\d*)?\}/.exec(src.slice(i));
    if (!m) return "optional"; // not a quantifier we understand: assume the worst
    return Number(m[1]) === 0 ? "optional" : "repeat";
  }
  return "none";
}

interface Seq {
  lits: string[];
  /** The literals spell out the whole sequence (nothing after them was skipped). */
  complete: boolean;
}

/** Literal prefixes of a sequence starting at `i`: small classes and plain groups expanded. */
function sequenceLiterals(alt: string, i: number, lits: string[]): Seq | null {
  while (i < alt.length) {
    const c = alt[i]!;
    let chars: string[] | null;
    let len = 1;
    let groupComplete = true;
    if (c === "\\") {
      const n = alt[i + 1];
      if (n === undefined || /[A-Za-z0-9]/.test(n)) return { lits, complete: false };
      chars = [n];
      len = 2;
    } else if (c === "[") {
      const end = closeClass(alt, i);
      if (end < 0) return null;
      chars = classChars(alt.slice(i + 1, end));
      if (!chars) return { lits, complete: false };
      len = end - i + 1;
    } else if (c === "(") {
      const j = closeParen(alt, i);
      if (j < 0) return null;
      let inner = alt.slice(i + 1, j);
      if (inner.startsWith("?:")) inner = inner.slice(2);
      else if (inner.startsWith("?")) return { lits, complete: false };
      const branches = splitTop(inner);
      if (!branches) return null;
      const set = new Set<string>();
      for (const b of branches) {
        const sub = sequenceLiterals(b, 0, [""]);
        if (!sub) return null;
        if (!sub.complete) groupComplete = false;
        for (const l of sub.lits) set.add(l);
      }
      chars = [...set];
      len = j - i + 1;
    } else if ("|.?*+{}^$]".includes(c)) return { lits, complete: false };
    else chars = [c];
    const q = quantifierAt(alt, i + len);
    if (q === "optional") return { lits, complete: false };
    const next: string[] = [];
    for (const l of lits) for (const ch of chars) next.push(l + ch);
    if (next.length > MAX_LITERALS) return { lits, complete: false };
    lits = next;
    i += len;
    if (q === "repeat" || !groupComplete) return { lits, complete: false };
  }
  return { lits, complete: true };
}

/** A literal one of a pattern's matches must contain; `anchored`: it starts where `\b` holds. */
interface Literal {
  text: string;
  anchored: boolean;
}

function alternativeLiterals(alt: string): Literal[] | null {
  let i = 0;
  let anchored = false;
  // Zero-width prefixes consume nothing: skip them.
  for (;;) {
    if (alt.startsWith("\\b", i)) {
      anchored = true;
      i += 2;
    } else if (alt.startsWith("\\B", i)) i += 2;
    else if (alt[i] === "^") i++;
    else if (alt.startsWith("(?<!", i) || alt.startsWith("(?<=", i) || alt.startsWith("(?=", i) || alt.startsWith("(?!", i)) {
      const j = closeParen(alt, i);
      if (j < 0 || quantifierAt(alt, j + 1) !== "none") return null;
      i = j + 1;
    } else break;
  }
  const seq = sequenceLiterals(alt, i, [""]);
  if (!seq || seq.lits.some((l) => l === "")) return null;
  return seq.lits.map((text) => ({ text, anchored }));
}

/**
 * Literals one of which every match of the pattern contains, or null. Only for case-sensitive use: the
 * caller must not apply it to a regex compiled with the "i" flag.
 */
export function requiredLiterals(source: string): Literal[] | null {
  const alts = splitTop(source);
  if (!alts) return null;
  const out = new Map<string, Literal>();
  for (const alt of alts) {
    const lits = alternativeLiterals(alt);
    if (!lits) return null;
    for (const l of lits) {
      const key = `${l.anchored ? 1 : 0}${l.text}`;
      if (!out.has(key)) out.set(key, l);
    }
  }
  return [...out.values()];
}

const enum Kind {
  /** Anchored, all letters/digits: some word of the text starts with it. */
  Prefix,
  /** Anchored, letters/digits then another character: its first word is a word of the text, and the text holds it. */
  Word,
  /** Anything else: the text holds it. */
  Substring,
}

export interface Check {
  kind: Kind;
  text: string;
  /** Id of the literal (Prefix) or of its leading word (Word) in the trie below. */
  id: number;
}

// A trie over the ASCII letters and digits of every guarded literal (Prefix) and leading word (Word),
// shared by all guards. One pass over a text marks which of them start (Prefix) or are (Word) a word.
const SLOTS = 62;
const SLOT = new Int8Array(128).fill(-1);
for (let c = 48; c < 58; c++) SLOT[c] = c - 48;
for (let c = 97; c < 123; c++) SLOT[c] = c - 97 + 10;
for (let c = 65; c < 91; c++) SLOT[c] = c - 65 + 36;
let children = new Int32Array(SLOTS * 256);
const prefixOf: number[] = [-1];
const exactOf: number[] = [-1];
const prefixIds = new Map<string, number>();
const exactIds = new Map<string, number>();

function trieNode(word: string): number {
  let node = 0;
  for (let i = 0; i < word.length; i++) {
    const slot = node * SLOTS + SLOT[word.charCodeAt(i)]!;
    let next = children[slot]!;
    if (next === 0) {
      next = prefixOf.length;
      prefixOf.push(-1);
      exactOf.push(-1);
      if ((next + 1) * SLOTS > children.length) {
        const grown = new Int32Array(children.length * 2);
        grown.set(children);
        children = grown;
      }
      children[slot] = next;
    }
    node = next;
  }
  return node;
}

function literalId(ids: Map<string, number>, of: number[], word: string): number {
  let id = ids.get(word);
  if (id === undefined) {
    id = ids.size;
    ids.set(word, id);
    of[trieNode(word)] = id;
    marks = null;
  }
  return id;
}

/**
 * The checks for a pattern's literals (null: no guard, always run). A literal anchored by `\b` (or by a
 * "not preceded by a letter or digit" lookbehind) whose first character is an ASCII letter or digit
 * starts a maximal run of ASCII letters and digits in the text, i.e. one of the text's "words".
 */
export function compileChecks(literals: readonly Literal[] | null): Check[] | null {
  if (!literals) return null;
  return literals.map(({ text, anchored }) => {
    const seg = /^[A-Za-z0-9]+/.exec(text)?.[0] ?? "";
    if (!anchored || !seg) return { kind: Kind.Substring, text, id: -1 };
    return seg.length === text.length
      ? { kind: Kind.Prefix, text, id: literalId(prefixIds, prefixOf, seg) }
      : { kind: Kind.Word, text, id: literalId(exactIds, exactOf, seg) };
  });
}

let marks: { prefix: Int32Array; exact: Int32Array } | null = null;

/** prefixOf and exactOf as typed arrays (rebuilt when the trie has grown). */
function trieMarks(): { prefix: Int32Array; exact: Int32Array } {
  if (!marks || marks.prefix.length !== prefixOf.length) marks = { prefix: Int32Array.from(prefixOf), exact: Int32Array.from(exactOf) };
  return marks;
}

/** A text with the guarded literals its words start with or are, found on first use. */
export class TextIndex {
  private prefixHit: Uint8Array | null = null;
  private exactHit: Uint8Array = new Uint8Array(0);
  // Where each hit literal occurs: per id, a chain of entries (word start positions, ascending).
  private prefixFirst: Int32Array = new Int32Array(0);
  private prefixLast: Int32Array = new Int32Array(0);
  private exactFirst: Int32Array = new Int32Array(0);
  private exactLast: Int32Array = new Int32Array(0);
  private entryPos: number[] = [];
  private entryNext: number[] = [];

  constructor(readonly text: string) {}

  private addEntry(first: Int32Array, last: Int32Array, id: number, pos: number): void {
    const e = this.entryPos.length;
    this.entryPos.push(pos);
    this.entryNext.push(-1);
    if (first[id]! < 0) first[id] = e;
    else this.entryNext[last[id]!] = e;
    last[id] = e;
  }

  private scan(): Uint8Array {
    const t = this.text;
    const n = t.length;
    // Two allocations instead of six (most indexed texts are one sentence: the buffers cost more than the scan).
    const nPrefix = prefixIds.size;
    const nExact = exactIds.size;
    const flags = new Uint8Array(nPrefix + nExact);
    const prefixHit = flags.subarray(0, nPrefix);
    const exactHit = flags.subarray(nPrefix);
    const chains = new Int32Array(2 * (nPrefix + nExact));
    const prefixFirst = chains.subarray(0, nPrefix).fill(-1);
    const prefixLast = chains.subarray(nPrefix, 2 * nPrefix);
    const exactFirst = chains.subarray(2 * nPrefix, 2 * nPrefix + nExact).fill(-1);
    const exactLast = chains.subarray(2 * nPrefix + nExact);
    const { prefix, exact } = trieMarks();
    const trie = children;
    this.entryPos = [];
    this.entryNext = [];
    let i = 0;
    while (i < n) {
      let c = t.charCodeAt(i);
      let slot = c < 128 ? SLOT[c]! : -1;
      i++;
      if (slot < 0) continue;
      // The start of a word: walk the trie along it, then (off the trie) to the word's end.
      const start = i - 1;
      let node = trie[slot]!;
      while (node > 0) {
        const p = prefix[node]!;
        if (p >= 0) {
          prefixHit[p] = 1;
          this.addEntry(prefixFirst, prefixLast, p, start);
        }
        if (i >= n) break;
        c = t.charCodeAt(i);
        slot = c < 128 ? SLOT[c]! : -1;
        if (slot < 0) break;
        node = trie[node * SLOTS + slot]!;
        i++;
      }
      if (node > 0) {
        // The whole word is on the trie.
        const x = exact[node]!;
        if (x >= 0) {
          exactHit[x] = 1;
          this.addEntry(exactFirst, exactLast, x, start);
        }
      } else {
        while (i < n) {
          c = t.charCodeAt(i);
          if (c >= 128 || SLOT[c]! < 0) break;
          i++;
        }
      }
    }
    this.exactHit = exactHit;
    this.prefixFirst = prefixFirst;
    this.prefixLast = prefixLast;
    this.exactFirst = exactFirst;
    this.exactLast = exactLast;
    return (this.prefixHit = prefixHit);
  }

  private hits(): Uint8Array {
    const prefixHit = this.prefixHit;
    if (!prefixHit || prefixHit.length !== prefixIds.size || this.exactHit.length !== exactIds.size) return this.scan();
    return prefixHit;
  }

  /** False only if no match of the guarded pattern can occur in the text. */
  mayMatch(checks: readonly Check[] | null): boolean {
    if (!checks) return true;
    const prefixHit = this.hits();
    const exactHit = this.exactHit;
    for (let i = 0; i < checks.length; i++) {
      const c = checks[i]!;
      if (c.kind === Kind.Prefix) {
        if (prefixHit[c.id] === 1) return true;
      } else if (c.kind === Kind.Word) {
        if (exactHit[c.id] === 1 && this.text.includes(c.text)) return true;
      } else if (this.text.includes(c.text)) return true;
    }
    return false;
  }

  /**
   * Every position where a match of the guarded pattern can start, ascending, or null when the checks
   * cannot tell (no guard, or a literal not anchored at a word start). Each literal of an anchored
   * alternative starts where its match starts, at the start of a word of the text, so a match can
   * only start where one of the literals' (leading) words does.
   */
  candidates(checks: readonly Check[] | null): Int32Array | null {
    if (!checks) return null;
    const ids = anchoredIds(checks);
    if (!ids) return null;
    this.hits();
    const next = this.entryNext;
    const pos = this.entryPos;
    const prefixFirst = this.prefixFirst;
    const exactFirst = this.exactFirst;
    let total = 0;
    let lists = 0;
    for (let i = 0; i < ids.prefix.length; i++) {
      let e = prefixFirst[ids.prefix[i]!]!;
      if (e >= 0) lists++;
      for (; e >= 0; e = next[e]!) total++;
    }
    for (let i = 0; i < ids.exact.length; i++) {
      let e = exactFirst[ids.exact[i]!]!;
      if (e >= 0) lists++;
      for (; e >= 0; e = next[e]!) total++;
    }
    if (total === 0) return NO_POSITIONS;
    const out = new Int32Array(total);
    let k = 0;
    for (let i = 0; i < ids.prefix.length; i++) for (let e = prefixFirst[ids.prefix[i]!]!; e >= 0; e = next[e]!) out[k++] = pos[e]!;
    for (let i = 0; i < ids.exact.length; i++) for (let e = exactFirst[ids.exact[i]!]!; e >= 0; e = next[e]!) out[k++] = pos[e]!;
    // One chain is ascending already; several are sorted together, repeats (several literals at one word) dropped.
    if (lists === 1) return out;
    out.sort();
    let m = 1;
    for (let j = 1; j < total; j++) if (out[j] !== out[m - 1]) out[m++] = out[j]!;
    return m === total ? out : out.subarray(0, m);
  }
}

const NO_POSITIONS = new Int32Array(0);

/** The distinct trie ids of a guard's Prefix and Word checks, or null if it has a Substring check. */
const ANCHORED_IDS = new WeakMap<readonly Check[], { prefix: Int32Array; exact: Int32Array } | null>();

function anchoredIds(checks: readonly Check[]): { prefix: Int32Array; exact: Int32Array } | null {
  let ids = ANCHORED_IDS.get(checks);
  if (ids !== undefined) return ids;
  if (checks.some((c) => c.kind === Kind.Substring)) ids = null;
  else {
    const prefix = new Set<number>();
    const exact = new Set<number>();
    for (const c of checks) (c.kind === Kind.Prefix ? prefix : exact).add(c.id);
    ids = { prefix: Int32Array.from(prefix), exact: Int32Array.from(exact) };
  }
  ANCHORED_IDS.set(checks, ids);
  return ids;
}
