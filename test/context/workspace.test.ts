// loadContext where a Go developer runs go: a subdirectory of a module, a
// go.work workspace (root without go.mod, or a module inside it), GOWORK=off.
// The real go1.23 and go1.19, no network (GOPROXY=off; only parsing runs).
import { afterEach, describe, expect, it } from "vitest";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadContext } from "../../src/context/load.js";
import { ToolError } from "../../src/util/errors.js";

const GO = { "1.23": "/usr/lib/go-1.23/bin/go", "1.19": "/usr/lib/go-1.19/bin/go" } as const;
let roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.map((d) => rm(d, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })));
  roots = [];
});

async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "gmd-ws-"));
  roots.push(root);
  // go1.23's telemetry writes under $HOME after go exits, racing the clean-up: off.
  const all = { ".config/go/telemetry/mode": "off", ...files };
  for (const [name, text] of Object.entries(all)) {
    const full = path.join(root, name);
    await mkdir(name.endsWith("/") ? full : path.dirname(full), { recursive: true });
    if (!name.endsWith("/")) await writeFile(full, text);
  }
  return root;
}

function env(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: "/usr/bin:/bin", HOME: home, GOPATH: path.join(home, "gopath"), GOCACHE: path.join(home, "gocache"), GOENV: path.join(home, "goenv"), GOPROXY: "off", ...extra };
}

const WORKSPACE = {
  "ws/go.work": "go 1.19\n\nuse (\n\t./a\n\t./b\n)\n\nreplace example.com/shared v1.0.0 => example.com/shared-fork v1.0.1\n",
  "ws/a/go.mod": "module example.com/a\n\ngo 1.19\n\nrequire (\n\texample.com/b v0.0.0\n\texample.com/shared v1.0.0\n\texample.com/onlya v1.1.0\n)\n\nreplace example.com/shared v1.0.0 => example.com/other v9.9.9\n",
  "ws/a/cmd/tool/": "",
  "ws/b/go.mod": "module example.com/b\n\ngo 1.19\n\nrequire (\n\texample.com/shared v1.0.0\n\texample.com/onlyb v1.2.0 // indirect\n)\n\nexclude example.com/onlyb v1.1.0\n",
};

describe.each(["1.23", "1.19"] as const)("go%s", (version) => {
  const goBin = GO[version];

  it("a subdirectory of a module: go runs there, the module root is named", async () => {
    const root = await tree({ "m/go.mod": "module example.com/m\n\ngo 1.19\n\nrequire example.com/x v1.0.0\n", "m/internal/pkg/": "" });
    const sub = path.join(root, "m", "internal", "pkg");
    const ctx = await loadContext({ dir: sub, goBin, env: env(root) });
    expect(ctx.dir).toBe(path.join(root, "m"));
    expect(ctx.runDir).toBe(sub);
    expect(ctx.workFile).toBeUndefined();
    expect(ctx.mod.module).toBe("example.com/m");
    expect(ctx.mod.require.map((r) => r.path)).toEqual(["example.com/x"]);
  });

  it("a go.work root with no go.mod: the workspace's modules merged, go.work's replace first, workspace modules local", async () => {
    const root = await tree(WORKSPACE);
    const ws = path.join(root, "ws");
    const ctx = await loadContext({ dir: ws, goBin, env: env(root) });
    expect(ctx.dir).toBe(ws);
    expect(ctx.runDir).toBeUndefined();
    expect(ctx.workFile).toBe(path.join(ws, "go.work"));
    expect(ctx.env.GOWORK).toBe(path.join(ws, "go.work"));
    expect(ctx.workModules).toEqual([path.join(ws, "a"), path.join(ws, "b")]);
    expect(ctx.mod.module).toBe("example.com/a");
    expect(ctx.mod.go).toBe("1.19");
    expect(ctx.mod.require.map((r) => `${r.path}@${r.version}`)).toEqual([
      "example.com/b@v0.0.0",
      "example.com/shared@v1.0.0",
      "example.com/onlya@v1.1.0",
      "example.com/onlyb@v1.2.0",
    ]);
    expect(ctx.mod.replace.slice(0, 3)).toEqual([
      { oldPath: "example.com/a", newPath: path.join(ws, "a"), local: true },
      { oldPath: "example.com/b", newPath: path.join(ws, "b"), local: true },
      { oldPath: "example.com/shared", oldVersion: "v1.0.0", newPath: "example.com/shared-fork", newVersion: "v1.0.1", local: false, file: "go.work" },
    ]);
    expect(ctx.mod.exclude).toEqual([{ path: "example.com/onlyb", version: "v1.1.0" }]);
  });

  it("a module inside a workspace, from a subdirectory: workspace mode, as go resolves it", async () => {
    const root = await tree(WORKSPACE);
    const ctx = await loadContext({ dir: path.join(root, "ws", "a", "cmd", "tool"), goBin, env: env(root) });
    expect(ctx.workFile).toBe(path.join(root, "ws", "go.work"));
    expect(ctx.dir).toBe(path.join(root, "ws"));
    expect(ctx.mod.require.map((r) => r.path)).toContain("example.com/onlyb");
  });

  it("GOWORK=off: module mode in a module, and go's 'go.mod file not found' at a bare workspace root", async () => {
    const root = await tree(WORKSPACE);
    const ctx = await loadContext({ dir: path.join(root, "ws", "a", "cmd", "tool"), goBin, env: env(root, { GOWORK: "off" }) });
    expect(ctx.workFile).toBeUndefined();
    expect(ctx.dir).toBe(path.join(root, "ws", "a"));
    expect(ctx.mod.require.map((r) => r.path)).not.toContain("example.com/onlyb");
    const error = await loadContext({ dir: path.join(root, "ws"), goBin, env: env(root, { GOWORK: "off" }) }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ToolError);
    expect((error as ToolError).code).toBe("no-go-mod");
  });

  it("a go.work that uses a directory without go.mod: one bad-go-mod line naming it", async () => {
    const root = await tree({ ...WORKSPACE, "ws/go.work": "go 1.19\n\nuse (\n\t./a\n\t./gone\n)\n" });
    const error = await loadContext({ dir: path.join(root, "ws"), goBin, env: env(root) }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ToolError);
    expect((error as ToolError).code).toBe("bad-go-mod");
    expect((error as ToolError).message).toBe(`${path.join(root, "ws", "go.work")} uses ${path.join(root, "ws", "gone")}, which has no go.mod`);
  });
});

it("go1.19 in a workspace whose go.work has a toolchain line: read from the text, its go line wanted", async () => {
  const root = await tree({ ...WORKSPACE, "ws/go.work": "go 1.22.1\n\ntoolchain go1.22.3\n\nuse ./a\n" });
  const ctx = await loadContext({ dir: path.join(root, "ws"), goBin: GO["1.19"], env: env(root) });
  expect(ctx.workModules).toEqual([path.join(root, "ws", "a")]);
  expect(ctx.mod.toolchain).toBe("go1.22.3");
  expect(ctx.mod.newerSyntax).toMatch(/errors parsing go\.work/);
  expect(ctx.toolchainWanted).toBe("go1.22.3");
});
