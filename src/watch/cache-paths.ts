// Where go keeps a module version's download files (modfetch/cache.go).
import { join } from "node:path";
import { escapeModulePath } from "../util/modpath.js";

/**
 * `<ver>.zip<digits>.tmp` (modfetch/cache.go tempFile: prefix + rand + ".tmp"). Not
 * `<ver>.ziphash<digits>.tmp`, which also starts with `<ver>.zip`.
 */
export function isZipTmp(name: string, prefix: string): boolean {
  return name.startsWith(prefix) && /^\d+\.tmp$/.test(name.slice(prefix.length));
}

export function downloadDir(gomodcache: string, module: string): string {
  return join(gomodcache, "cache", "download", escapeModulePath(module), "@v");
}
