// Two small persistent collections for the detector's immutable state. An
// update copies one bucket or chunk, not the whole collection, so a log with
// thousands of modules and requests reduces in linear time.

const BUCKETS = 256;

/** A map split over fixed hash buckets: `set` copies one bucket. */
export type BucketMap<V> = readonly ReadonlyMap<string, V>[];

export function emptyBucketMap<V>(): BucketMap<V> {
  return Array.from({ length: BUCKETS }, () => new Map<string, V>());
}

function bucketOf(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return (h >>> 0) % BUCKETS;
}

export function bucketGet<V>(map: BucketMap<V>, key: string): V | undefined {
  return map[bucketOf(key)]!.get(key);
}

export function bucketSet<V>(map: BucketMap<V>, key: string, value: V): BucketMap<V> {
  const i = bucketOf(key);
  const bucket = new Map(map[i]!);
  bucket.set(key, value);
  const next = [...map];
  next[i] = bucket;
  return next;
}

/** Every value; insertion order inside a bucket, buckets in order (callers sort if order matters). */
export function bucketValues<V>(map: BucketMap<V>): V[] {
  return map.flatMap((bucket) => [...bucket.values()]);
}

const CHUNK = 64;

/** An append-only list of chunks that keeps about the last `max` items. */
export type ChunkList<T> = readonly (readonly T[])[];

export function chunkPush<T>(list: ChunkList<T>, item: T, max: number): ChunkList<T> {
  const last = list[list.length - 1];
  let next: (readonly T[])[] = last && last.length < CHUNK ? [...list.slice(0, -1), [...last, item]] : [...list, [item]];
  // Keep at least `max` items: drop a whole chunk once the rest still holds them.
  while (next.length > 1 && count(next) - next[0]!.length >= max) next = next.slice(1);
  return next;
}

export function chunkItems<T>(list: ChunkList<T>): T[] {
  return list.flat() as T[];
}

function count<T>(list: ChunkList<T>): number {
  let n = 0;
  for (const chunk of list) n += chunk.length;
  return n;
}

/** Replaces the last item matching `pred` (searching back from the end) with `f(item)`; the list itself when none matches. */
export function chunkUpdateLast<T>(list: ChunkList<T>, pred: (item: T) => boolean, f: (item: T) => T): ChunkList<T> {
  for (let c = list.length - 1; c >= 0; c--) {
    const chunk = list[c]!;
    for (let i = chunk.length - 1; i >= 0; i--) {
      if (!pred(chunk[i]!)) continue;
      const copy = [...chunk];
      copy[i] = f(chunk[i]!);
      const next = [...list];
      next[c] = copy;
      return next;
    }
  }
  return list;
}
