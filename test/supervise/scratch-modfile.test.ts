import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { canUseScratchModfile, scratchModfile, type ScratchModfileInput } from "../../src/supervise/scratch-modfile.js";

const base: ScratchModfileInput = { args: ["mod", "download", "-x", "-json"], dir: "/src/app", moduleRoot: "/src/app", moduleOptional: false, goflags: "", go111module: "" };

describe("canUseScratchModfile: only where go takes -modfile", () => {
  it("takes it for go mod download and build commands in a module", () => {
    expect(canUseScratchModfile(base)).toBe(true);
    expect(canUseScratchModfile({ ...base, args: ["get", "-x", "example.com/a@v1.0.0"] })).toBe(true);
    expect(canUseScratchModfile({ ...base, args: ["build", "-x", "./..."] })).toBe(true);
  });

  it("not in workspace mode, outside a module, for module-less installs or GOPATH mode", () => {
    expect(canUseScratchModfile({ ...base, workFile: "/src/go.work" })).toBe(false);
    const { moduleRoot: _, ...noModule } = base;
    expect(canUseScratchModfile(noModule)).toBe(false);
    expect(canUseScratchModfile({ ...base, args: ["install", "-x", "example.com/cmd@latest"], moduleOptional: true })).toBe(false);
    expect(canUseScratchModfile({ ...base, go111module: "off" })).toBe(false);
  });

  it("not when the user already names a -modfile (GOFLAGS or the command), nor for commands without the flag", () => {
    expect(canUseScratchModfile({ ...base, goflags: "-mod=mod -modfile=/x/alt.mod" })).toBe(false);
    expect(canUseScratchModfile({ ...base, args: ["mod", "tidy", "-x", "--modfile", "alt.mod"] })).toBe(false);
    expect(canUseScratchModfile({ ...base, goflags: "-mod=mod" })).toBe(true);
    expect(canUseScratchModfile({ ...base, args: ["mod", "init", "example.com/x"] })).toBe(false);
    expect(canUseScratchModfile({ ...base, args: ["work", "sync", "-x"] })).toBe(false);
    expect(canUseScratchModfile({ ...base, args: ["version"] })).toBe(false);
  });
});

describe("scratchModfile", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it("copies go.mod and go.sum, names the copy after the subcommand and maps its paths back", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "scratch-test-"));
    dirs.push(root);
    await writeFile(path.join(root, "go.mod"), "module example.com/app\n\ngo 1.21\n");
    await writeFile(path.join(root, "go.sum"), "example.com/a v1.0.0/go.mod h1:x=\n");
    const s = await scratchModfile({ ...base, dir: root, moduleRoot: root });
    expect(s).toBeDefined();
    const flag = s!.args[2]!;
    expect(s!.args).toEqual(["mod", "download", flag, "-x", "-json"]);
    const copy = flag.replace(/^-modfile=/, "");
    expect(copy.startsWith(root)).toBe(false);
    expect(await readFile(copy, "utf8")).toBe("module example.com/app\n\ngo 1.21\n");
    expect(await readFile(copy.replace(/\.mod$/, ".sum"), "utf8")).toBe("example.com/a v1.0.0/go.mod h1:x=\n");
    expect(s!.relabel(`go: errors parsing ${copy}:3: unknown directive`)).toBe("go: errors parsing go.mod:3: unknown directive");
    // go prints the path relative to its directory where that is shorter (base.ShortPath): the user's file is then `go.mod`.
    const relative = path.relative(root, copy);
    expect(relative.length).toBeLessThan(copy.length);
    expect(s!.relabel(`go: ${relative} requires go >= 1.99 (running go 1.23.5; GOTOOLCHAIN=local)`)).toBe("go: go.mod requires go >= 1.99 (running go 1.23.5; GOTOOLCHAIN=local)");
    expect(s!.relabel("# get https://proxy.golang.org/example.com/a/@v/list")).toBe("# get https://proxy.golang.org/example.com/a/@v/list");
    await s!.cleanup();
    await expect(stat(path.dirname(copy))).rejects.toThrow();
  });

  it("leaves go.sum absent when the module has none, and steps aside when go.mod cannot be read", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "scratch-test-"));
    dirs.push(root);
    expect(await scratchModfile({ ...base, dir: root, moduleRoot: root })).toBeUndefined();
    await writeFile(path.join(root, "go.mod"), "module example.com/app\n");
    const s = await scratchModfile({ ...base, dir: root, moduleRoot: root });
    const copy = s!.args[2]!.replace(/^-modfile=/, "");
    await expect(stat(copy.replace(/\.mod$/, ".sum"))).rejects.toThrow();
    await s!.cleanup();
  });
});
