// Finding the main module the way cmd/go does (modload.findModuleRoot,
// findWorkspaceFile, InitWorkfile), in temp trees: no go command needed.
import { afterEach, describe, expect, it } from "vitest";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findModuleRoot, findWorkspaceFile, locateModule, workspaceFileFor } from "../../src/context/module-dir.js";
import { ToolError } from "../../src/util/errors.js";

let roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
  roots = [];
});

/** A temp tree: paths ending in "/" are directories, others files with the given text. */
async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "gmd-moddir-"));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    const full = path.join(root, name);
    if (name.endsWith("/")) await mkdir(full, { recursive: true });
    else {
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, text);
    }
  }
  return root;
}

const MOD = "module example.com/m\n";
/** An env with no GOWORK and no go env file. */
const noEnv = (root: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ GOENV: "off", HOME: root, ...extra });

async function toolError(p: Promise<unknown>): Promise<ToolError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(ToolError);
  return e as ToolError;
}

describe("findModuleRoot", () => {
  it("walks up to the nearest go.mod, not further", async () => {
    const root = await tree({ "go.mod": MOD, "inner/go.mod": MOD, "inner/pkg/deep/": "", "other/": "" });
    expect(await findModuleRoot(path.join(root, "inner", "pkg", "deep"), "/nonexistent-tmp")).toBe(path.join(root, "inner"));
    expect(await findModuleRoot(path.join(root, "other"), "/nonexistent-tmp")).toBe(root);
    expect(await findModuleRoot(root, "/nonexistent-tmp")).toBe(root);
  });

  it("skips a directory named go.mod, as go does (only a file counts)", async () => {
    const root = await tree({ "go.mod": MOD, "sub/go.mod/": "" });
    expect(await findModuleRoot(path.join(root, "sub"), "/nonexistent-tmp")).toBe(root);
  });

  it("ignores a go.mod in the system temp root itself and does not look above it", async () => {
    const root = await tree({ "go.mod": MOD, "tmp/go.mod": MOD, "tmp/work/": "" });
    expect(await findModuleRoot(path.join(root, "tmp", "work"), path.join(root, "tmp"))).toBeUndefined();
    // Anywhere else the same file is the module root.
    expect(await findModuleRoot(path.join(root, "tmp", "work"), "/nonexistent-tmp")).toBe(path.join(root, "tmp"));
  });

  it("finds nothing where no parent has a go.mod", async () => {
    const root = await tree({ "a/b/": "" });
    expect(await findModuleRoot(path.join(root, "a", "b"), "/nonexistent-tmp")).toBeUndefined();
  });
});

describe("findWorkspaceFile and GOWORK", () => {
  it("finds the nearest go.work above a module", async () => {
    const root = await tree({ "go.work": "go 1.19\n", "m/go.mod": MOD, "m/sub/": "" });
    expect(await findWorkspaceFile(path.join(root, "m", "sub"), undefined)).toBe(path.join(root, "go.work"));
  });

  it("does not look in GOROOT from below it (go's special case), but does in GOROOT itself", async () => {
    const root = await tree({ "goroot/go.work": "go 1.19\n", "goroot/src/cmd/": "" });
    const goroot = path.join(root, "goroot");
    expect(await findWorkspaceFile(path.join(goroot, "src", "cmd"), goroot)).toBeUndefined();
    expect(await findWorkspaceFile(goroot, goroot)).toBe(path.join(goroot, "go.work"));
    expect(await findWorkspaceFile(path.join(goroot, "src", "cmd"), undefined)).toBe(path.join(goroot, "go.work"));
  });

  it("GOWORK=off turns workspace mode off; auto or empty searches; an absolute path is taken as is", async () => {
    const root = await tree({ "go.work": "go 1.19\n", "m/": "" });
    const m = path.join(root, "m");
    expect(await workspaceFileFor(m, "off", undefined)).toBeUndefined();
    expect(await workspaceFileFor(m, "", undefined)).toBe(path.join(root, "go.work"));
    expect(await workspaceFileFor(m, "auto", undefined)).toBe(path.join(root, "go.work"));
    expect(await workspaceFileFor(m, "/elsewhere/my.work", undefined)).toBe("/elsewhere/my.work");
    expect(await workspaceFileFor(m, "relative/go.work", undefined)).toBeUndefined();
  });
});

describe("locateModule", () => {
  it("keeps the directory named (go runs there) and names the module root above it", async () => {
    const root = await tree({ "go.mod": MOD, "cmd/tool/": "" });
    const loc = await locateModule(path.join(root, "cmd", "tool"), noEnv(root));
    expect(loc).toEqual({ dir: path.join(root, "cmd", "tool"), moduleRoot: root });
  });

  it("accepts a go.work root without go.mod, and honours GOWORK=off from the environment or the go env file", async () => {
    const root = await tree({ "ws/go.work": "go 1.19\nuse ./a\n", "ws/a/go.mod": MOD, "goenv": "GOWORK=off\n" });
    const ws = path.join(root, "ws");
    expect(await locateModule(ws, noEnv(root))).toEqual({ dir: ws, workFile: path.join(ws, "go.work") });
    expect(await locateModule(path.join(ws, "a"), noEnv(root))).toEqual({ dir: path.join(ws, "a"), moduleRoot: path.join(ws, "a"), workFile: path.join(ws, "go.work") });
    const off = await toolError(locateModule(ws, noEnv(root, { GOWORK: "off" })));
    expect(off.code).toBe("no-go-mod");
    const fromFile = await toolError(locateModule(ws, { HOME: root, GOENV: path.join(root, "goenv") }));
    expect(fromFile.code).toBe("no-go-mod");
    // In a module the go env file's GOWORK=off leaves module mode.
    expect(await locateModule(path.join(ws, "a"), { HOME: root, GOENV: path.join(root, "goenv") })).toEqual({ dir: path.join(ws, "a"), moduleRoot: path.join(ws, "a") });
  });

  it("no go.mod and no go.work anywhere up: go's wording, exit-2 error", async () => {
    const root = await tree({ "plain/sub/": "" });
    const e = await toolError(locateModule(path.join(root, "plain", "sub"), noEnv(root)));
    expect(e.code).toBe("no-go-mod");
    expect(e.message).toBe(`go.mod file not found in ${path.join(root, "plain", "sub")} or any parent directory (run it in a Go module, or pass its directory)`);
  });

  // (An unreadable directory is covered as another user in test/reliability/bad-input.test.ts.)
  it("a missing directory or a file: bad-dir, though a go.mod is above it", async () => {
    const root = await tree({ "go.mod": MOD, "file.txt": "x" });
    const missing = await toolError(locateModule(path.join(root, "missing"), noEnv(root)));
    expect([missing.code, missing.message]).toEqual(["bad-dir", `${path.join(root, "missing")}: no such directory`]);
    const file = await toolError(locateModule(path.join(root, "file.txt"), noEnv(root)));
    expect(file.code).toBe("bad-dir");
    expect(file.message).toMatch(/is a file, not a directory/);
  });
});
