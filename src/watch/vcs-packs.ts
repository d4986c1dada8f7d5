// Byte progress of git fetches, read from the vcs cache. go runs git with no
// progress output, so a fetch of a large repository is silent for minutes;
// git writes what it receives into `<cache/vcs/hash>/objects/pack/`:
// `tmp_pack_*` (smart HTTP, ssh: index-pack) or `pack-*.pack.temp` (dumb
// HTTP), renamed when complete. Their total size growing is progress.
import { join } from "node:path";
import type { Event } from "../trace/events.js";
import type { FsReader } from "./proc.js";

export interface VcsPackWatcher {
  observe(event: Event): void;
  poll(now: number): Promise<Event[]>;
}

/** vcs folders watched at once: go runs a handful of git commands at a time. */
const MAX_DIRS = 64;

export function isPartialPack(name: string): boolean {
  return name.startsWith("tmp_pack_") || name.endsWith(".pack.temp");
}

export function createVcsPackWatcher(fs: FsReader): VcsPackWatcher {
  /** Running commands per folder, and the total partial-pack size last reported. */
  const dirs = new Map<string, { running: number; bytes: number }>();
  return {
    observe(event) {
      if ((event.kind !== "vcs-start" && event.kind !== "vcs-end") || !event.dir) return;
      const entry = dirs.get(event.dir);
      if (event.kind === "vcs-start") {
        if (entry) entry.running++;
        else if (dirs.size < MAX_DIRS) dirs.set(event.dir, { running: 1, bytes: 0 });
      } else if (entry && --entry.running <= 0) {
        dirs.delete(event.dir);
      }
    },
    async poll(now) {
      const events: Event[] = [];
      await Promise.all(
        [...dirs].map(async ([dir, entry]) => {
          const bytes = await partialPackBytes(fs, join(dir, "objects", "pack"));
          if (bytes === entry.bytes) return;
          entry.bytes = bytes;
          if (bytes > 0) events.push({ t: now, kind: "vcs-bytes", dir, bytes });
        }),
      );
      return events;
    },
  };
}

async function partialPackBytes(fs: FsReader, packDir: string): Promise<number> {
  const names = await fs.readdir(packDir).catch(() => [] as string[]);
  let total = 0;
  for (const name of names) {
    if (!isPartialPack(name)) continue;
    const info = await fs.stat(join(packDir, name)).catch(() => undefined);
    if (info?.isFile()) total += info.size;
  }
  return total;
}
