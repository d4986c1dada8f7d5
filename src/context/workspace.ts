// Workspace mode (go.work): `go mod download` there downloads "all" of the
// workspace, so the go.mod-derived context is the workspace's modules merged:
// every module's requirements and excludes, go.work's replaces first (they
// win, as in go), then each module's, and each workspace module "replaced" by
// its directory (go never downloads a main module). The go/toolchain lines
// that count are go.work's.
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { ModFile, Replacement } from "./types.js";
import { ToolError } from "../util/errors.js";
import { goModError, readModFile, toModFile, type GoResult } from "./modfile.js";
import { lenientWorkFile, onlyNewerSyntax, type WorkFile } from "./modfile-text.js";
import { checkReplaceDirs } from "./replace-dirs.js";

interface WorkEditJson {
  Go?: string;
  Toolchain?: string;
  Use?: { DiskPath: string }[] | null;
  Replace?: { Old: { Path: string; Version?: string }; New: { Path: string; Version?: string } }[] | null;
}

/** go.work from `go work edit -json FILE`; text read leniently when this go rejects only newer syntax. */
export async function readWorkFile(workFile: string, edit: GoResult): Promise<WorkFile & { newerSyntax?: string }> {
  if (edit.timedOut) throw new ToolError("go-env", `go work edit -json did not answer for ${workFile}`);
  if (edit.exitCode !== 0) {
    if (onlyNewerSyntax(edit.stderr)) {
      const text = await readFile(workFile, "utf8").catch(() => undefined);
      if (text !== undefined) return { ...lenientWorkFile(text), newerSyntax: goModError(edit.stderr) };
    }
    throw new ToolError("bad-go-mod", goModError(edit.stderr));
  }
  let json: WorkEditJson;
  try {
    json = JSON.parse(edit.stdout) as WorkEditJson;
  } catch {
    throw new ToolError("bad-go-mod", `${workFile}: go work edit -json printed something that is not JSON`);
  }
  // The Replace entries have go.mod's shape: reuse its mapping.
  const replace = toModFile({ Replace: json.Replace ?? null }).replace.map((r) => ({ ...r, file: "go.work" as const }));
  return {
    ...(json.Go ? { go: json.Go } : {}),
    ...(json.Toolchain ? { toolchain: json.Toolchain } : {}),
    use: (json.Use ?? []).map((u) => u.DiskPath),
    replace,
  };
}

/** The absolute module directories go.work uses, in its order. */
export function usedDirs(workFile: string, work: WorkFile): string[] {
  return work.use.map((u) => path.resolve(path.dirname(workFile), u));
}

/** The workspace's modules as one ModFile (see the header). `modules` are in go.work's order. */
export function mergeWorkspace(work: WorkFile, modules: { dir: string; mod: ModFile }[]): ModFile {
  const require: ModFile["require"] = [];
  const seen = new Set<string>();
  for (const { mod } of modules) {
    for (const r of mod.require) {
      const key = `${r.path}@${r.version}`;
      if (!seen.has(key)) require.push(r);
      seen.add(key);
    }
  }
  const mains: Replacement[] = modules.map(({ dir, mod }) => ({ oldPath: mod.module, newPath: dir, local: true }));
  return {
    module: modules[0]?.mod.module ?? "",
    ...(work.go ? { go: work.go } : {}),
    ...(work.toolchain ? { toolchain: work.toolchain } : {}),
    require,
    replace: [...mains, ...work.replace, ...modules.flatMap(({ mod }) => mod.replace)],
    exclude: modules.flatMap(({ mod }) => mod.exclude),
  };
}

type Edit = (args: string[]) => Promise<GoResult>;

/** go.work and every module it uses, read with go's parser (`edit` runs the go command). */
export async function readWorkspace(workFile: string, goVersion: string, edit: Edit): Promise<{ mod: ModFile; dirs: string[] }> {
  const read = await readWorkFile(workFile, await edit(["work", "edit", "-json", workFile]));
  const work = { ...read, replace: await checkReplaceDirs(read.replace, path.dirname(workFile)) };
  const dirs = usedDirs(workFile, work);
  if (dirs.length === 0) throw new ToolError("no-go-mod", `${workFile} uses no modules (go work use DIR adds one)`);
  const modules = await Promise.all(
    dirs.map(async (dir) => {
      const goMod = path.join(dir, "go.mod");
      const present = await stat(goMod).then(
        (s) => s.isFile(),
        () => false,
      );
      if (!present) throw new ToolError("bad-go-mod", `${workFile} uses ${dir}, which has no go.mod`);
      return { dir, mod: await readModFile(dir, goVersion, edit(["mod", "edit", "-json", goMod])) };
    }),
  );
  const mod = mergeWorkspace(work, modules);
  const newer = work.newerSyntax ?? modules.find((m) => m.mod.newerSyntax)?.mod.newerSyntax;
  return { mod: newer ? { ...mod, newerSyntax: newer } : mod, dirs };
}
