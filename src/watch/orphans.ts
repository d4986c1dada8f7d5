// Leftovers of earlier killed downloads, for the given module versions only
// (never a scan of the whole cache):
//   cache/download/<mod>/@v/<ver>.zip<digits>.tmp   a zip body cut off mid-way
//   cache/download/<mod>/@v/<ver>.partial           an extraction cut off (go >= 1.14.2 marker)
//   <GOMODCACHE>/<mod>@<ver>.tmp-<random>           an extraction cut off (go < 1.16 temp dir)
// go removes them itself the next time it downloads that version (it holds
// the lock then); they are facts for the report, not faults.
import { basename, dirname, join } from "node:path";
import { escapeModulePath, escapeVersion } from "../util/modpath.js";
import { downloadDir, isZipTmp } from "./cache-paths.js";
import { realFs, type FsReader } from "./proc.js";

export interface Orphan {
  module: string;
  version: string;
  kind: "zip-tmp" | "partial" | "extract-tmp";
  path: string;
  bytes?: number;
  mtimeMs?: number;
}

const MAX_ORPHANS = 500;

export async function findOrphans(
  gomodcache: string,
  modules: readonly { path: string; version: string }[],
  fs: FsReader = realFs,
): Promise<Orphan[]> {
  const listings = new Map<string, Promise<string[]>>();
  const list = (dir: string): Promise<string[]> => {
    let names = listings.get(dir);
    if (!names) {
      names = fs.readdir(dir).catch(() => []);
      listings.set(dir, names);
    }
    return names;
  };
  const out: Orphan[] = [];
  const found = async (module: string, version: string, kind: Orphan["kind"], path: string): Promise<void> => {
    const info = await fs.stat(path).catch(() => undefined);
    if (!info) return;
    out.push({ module, version, kind, path, ...(info.isFile() ? { bytes: info.size } : {}), mtimeMs: info.mtimeMs });
  };
  for (const { path: module, version } of modules) {
    if (out.length >= MAX_ORPHANS) break;
    const dir = downloadDir(gomodcache, module);
    const ver = escapeVersion(version);
    for (const name of await list(dir)) {
      if (isZipTmp(name, `${ver}.zip`)) await found(module, version, "zip-tmp", join(dir, name));
      else if (name === `${ver}.partial`) await found(module, version, "partial", join(dir, name));
    }
    const extracted = join(gomodcache, `${escapeModulePath(module)}@${ver}`);
    const prefix = `${basename(extracted)}.tmp-`;
    for (const name of await list(dirname(extracted))) {
      if (name.startsWith(prefix)) await found(module, version, "extract-tmp", join(dirname(extracted), name));
    }
  }
  return out.slice(0, MAX_ORPHANS);
}
