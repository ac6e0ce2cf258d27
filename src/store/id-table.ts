/**
 * A set of record ids (sha256 hex, 64 characters) kept as 32 raw bytes each in one buffer, with an
 * open-addressing hash table of indexes over it. A 200,000-id JavaScript Set of strings cost a
 * string, a hash entry and garbage-collector work per id at every start; this costs 36 bytes per
 * id and no allocation per id. Ids of any other form (never written by this store, but a record
 * line is whatever the file holds) go to a plain Set beside it.
 */
export class IdTable {
  private keys = Buffer.alloc(32 * 1024);
  /** 0 = empty, else 1 + the id's index in `keys`. Capacity is a power of two, at most half full. */
  private slots = new Uint32Array(2048);
  private count = 0;
  private readonly other = new Set<string>();
  private readonly probe = Buffer.alloc(32);

  get size(): number {
    return this.count + this.other.size;
  }

  add(id: string): void {
    if (!toBytes(id, this.probe)) {
      this.other.add(id);
      return;
    }
    this.insert(this.probe, 0);
  }

  has(id: string): boolean {
    if (!toBytes(id, this.probe)) return this.other.has(id);
    return this.find(this.probe, 0) >= 0;
  }

  /**
   * Adds the id whose 64 lowercase hex digits are bytes [start, start + 64) of `buf`, without
   * making a string. False (nothing added) when they are not all lowercase hex digits.
   */
  addHexBytes(buf: Uint8Array, start: number): boolean {
    if (!decodeHex(buf, start, this.probe)) return false;
    this.insert(this.probe, 0);
    return true;
  }

  private insert(key: Uint8Array, at: number): void {
    if (this.find(key, at) >= 0) return;
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    if ((this.count + 1) * 32 > this.keys.length) {
      const bigger = Buffer.alloc(this.keys.length * 2);
      this.keys.copy(bigger);
      this.keys = bigger;
    }
    const offset = this.count * 32;
    for (let i = 0; i < 32; i++) this.keys[offset + i] = key[at + i]!;
    this.count += 1;
    this.place(offset);
  }

  /** Slot index holding `key`, or -1. */
  private find(key: Uint8Array, at: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hashAt(key, at) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return -1;
      if (sameKey(this.keys, (entry - 1) * 32, key, at)) return slot;
    }
  }

  private place(offset: number): void {
    const mask = this.slots.length - 1;
    let slot = hashAt(this.keys, offset) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = offset / 32 + 1;
  }

  private grow(): void {
    this.slots = new Uint32Array(this.slots.length * 2);
    for (let i = 0; i < this.count; i++) this.place(i * 32);
  }
}

/** Byte loop: Buffer.compare's native call cost more than the 32 bytes it compares. */
function sameKey(a: Uint8Array, atA: number, b: Uint8Array, atB: number): boolean {
  for (let i = 0; i < 32; i++) if (a[atA + i] !== b[atB + i]) return false;
  return true;
}

/** The first four bytes of a sha256 are as good a hash as any. */
function hashAt(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function nibble(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function decodeHex(src: Uint8Array, start: number, out: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) {
    const hi = nibble(src[start + 2 * i]!);
    const lo = nibble(src[start + 2 * i + 1]!);
    if (hi < 0 || lo < 0) return false;
    out[i] = (hi << 4) | lo;
  }
  return true;
}

function toBytes(id: string, out: Uint8Array): boolean {
  if (id.length !== 64) return false;
  for (let i = 0; i < 32; i++) {
    const hi = nibble(id.charCodeAt(2 * i));
    const lo = nibble(id.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) return false;
    out[i] = (hi << 4) | lo;
  }
  return true;
}
