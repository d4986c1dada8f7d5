// Directory replaces (`replace M => ../m`) checked on disk. The go command
// reads DIR/go.mod for each replaced module it loads (modload rawGoModData)
// and stops at the first it cannot read, so only a check of the file's own
// lines names every broken one at once.
import { stat } from "node:fs/promises";
import path from "node:path";
import type { ReplaceDirState, Replacement } from "./types.js";

async function kind(file: string): Promise<"file" | "dir" | undefined> {
  try {
    const s = await stat(file);
    return s.isDirectory() ? "dir" : "file";
  } catch {
    return undefined;
  }
}

/** What go finds at a replacement directory: its go.mod, or why not. */
export async function replaceDirState(dir: string): Promise<ReplaceDirState> {
  const at = await kind(dir);
  if (at === undefined) return "missing";
  if (at === "file") return "not-a-directory";
  return (await kind(path.join(dir, "go.mod"))) === "file" ? "ok" : "no-go-mod";
}

/** The replaces, each directory one with the absolute directory go reads (relative to `base`, the written file's directory) and its state. */
export async function checkReplaceDirs(replace: Replacement[], base: string): Promise<Replacement[]> {
  return Promise.all(
    replace.map(async (r) => {
      if (!r.local) return r;
      const dir = path.resolve(base, r.newPath);
      return { ...r, dir, dirState: await replaceDirState(dir) };
    }),
  );
}
