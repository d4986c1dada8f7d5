// Two small collections for the detector's state, each updated one of two
// ways: in place (a DetectorRun owns its state alone), or by copying only
// what changes (reduce: a bucket or a chunk, never the whole collection), so
// a log with thousands of modules and requests reduces in linear time either way.

const BUCKETS = 256;

/** A map split over fixed hash buckets: a copying `set` copies one bucket. */
export type BucketMap<V> = readonly ReadonlyMap<string, V>[];

export function emptyBucketMap<V>(): BucketMap<V> {
  return Array.from({ length: BUCKETS }, () => new Map<string, V>());
}

/** Keys are `path@version`: they differ at the end, so the last characters are enough to spread them. */
const HASHED_TAIL = 24;

function bucketOf(key: string): number {
  let h = key.length;
  for (let i = Math.max(0, key.length - HASHED_TAIL); i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return (h >>> 0) % BUCKETS;
}

export function bucketGet<V>(map: BucketMap<V>, key: string): V | undefined {
  return map[bucketOf(key)]!.get(key);
}

/** Sets `key`: in `map` itself when `inPlace`, else in a copy (the map given is left as it was). */
export function bucketSet<V>(map: BucketMap<V>, key: string, value: V, inPlace = false): BucketMap<V> {
  const i = bucketOf(key);
  if (inPlace) {
    (map[i] as Map<string, V>).set(key, value);
    return map;
  }
  const bucket = new Map(map[i]!);
  bucket.set(key, value);
  const next = [...map];
  next[i] = bucket;
  return next;
}

/** Every value; insertion order inside a bucket, buckets in order (callers sort if order matters). */
export function bucketValues<V>(map: BucketMap<V>): V[] {
  const out: V[] = [];
  for (const bucket of map) for (const v of bucket.values()) out.push(v);
  return out;
}

const CHUNK = 64;

/** An append-only list of chunks that keeps about the last `max` items. */
export type ChunkList<T> = readonly (readonly T[])[];

/** Appends `item` (in `list` itself when `inPlace`), dropping whole old chunks beyond `max` items. */
export function chunkPush<T>(list: ChunkList<T>, item: T, max: number, inPlace = false): ChunkList<T> {
  const last = list[list.length - 1];
  const room = last !== undefined && last.length < CHUNK;
  let next: (readonly T[])[];
  if (inPlace) {
    next = list as (readonly T[])[];
    if (room) (last as T[]).push(item);
    else next.push([item]);
  } else {
    next = room ? [...list.slice(0, -1), [...last, item]] : [...list, [item]];
  }
  // Only a new chunk can make the oldest one droppable.
  if (room) return next;
  // Keep at least `max` items: drop a whole chunk once the rest still holds them.
  while (next.length > 1 && count(next) - next[0]!.length >= max) {
    if (inPlace) next.shift();
    else next = next.slice(1);
  }
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

/**
 * Replaces the last item matching `pred` (searching back from the end) with
 * `f(item)`, in place or in a copy; undefined when none matches.
 */
export function chunkUpdateLast<T>(list: ChunkList<T>, pred: (item: T) => boolean, f: (item: T) => T, inPlace = false): ChunkList<T> | undefined {
  for (let c = list.length - 1; c >= 0; c--) {
    const chunk = list[c]!;
    for (let i = chunk.length - 1; i >= 0; i--) {
      if (!pred(chunk[i]!)) continue;
      if (inPlace) {
        (chunk as T[])[i] = f(chunk[i]!);
        return list;
      }
      const copy = [...chunk];
      copy[i] = f(chunk[i]!);
      const next = [...list];
      next[c] = copy;
      return next;
    }
  }
  return undefined;
}
