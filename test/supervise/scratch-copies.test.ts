import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { scratchCopies, scratchKind, type ScratchInput } from "../../src/supervise/scratch-copies.js";

const base: ScratchInput = { args: ["mod", "download", "-x", "-json"], dir: "/src/app", moduleRoot: "/src/app", moduleOptional: false, goflags: "", go111module: "" };

describe("scratchKind: only where go takes -modfile or GOWORK", () => {
  it("takes it for go mod download and build commands in a module", () => {
    expect(scratchKind(base)).toBe("modfile");
    expect(scratchKind({ ...base, args: ["get", "-x", "example.com/a@v1.0.0"] })).toBe("modfile");
    expect(scratchKind({ ...base, args: ["build", "-x", "./..."] })).toBe("modfile");
  });

  it("a go.work copy in workspace mode (go refuses -modfile there); none outside a module, for module-less installs or GOPATH mode", () => {
    expect(scratchKind({ ...base, workFile: "/src/go.work" })).toBe("workfile");
    expect(scratchKind({ ...base, workFile: "/src/go.work", args: ["work", "sync"] })).toBeUndefined();
    const { moduleRoot: _, ...noModule } = base;
    expect(scratchKind(noModule)).toBeUndefined();
    expect(scratchKind({ ...base, args: ["install", "-x", "example.com/cmd@latest"], moduleOptional: true })).toBeUndefined();
    expect(scratchKind({ ...base, go111module: "off" })).toBeUndefined();
  });

  it("not when the user already names a -modfile (GOFLAGS or the command), nor for commands without the flag", () => {
    expect(scratchKind({ ...base, goflags: "-mod=mod -modfile=/x/alt.mod" })).toBeUndefined();
    expect(scratchKind({ ...base, args: ["mod", "tidy", "-x", "--modfile", "alt.mod"] })).toBeUndefined();
    expect(scratchKind({ ...base, goflags: "-mod=mod" })).toBe("modfile");
    expect(scratchKind({ ...base, args: ["mod", "init", "example.com/x"] })).toBeUndefined();
    expect(scratchKind({ ...base, args: ["work", "sync", "-x"] })).toBeUndefined();
    expect(scratchKind({ ...base, args: ["version"] })).toBeUndefined();
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
    const s = await scratchCopies({ ...base, dir: root, moduleRoot: root });
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
    expect(await scratchCopies({ ...base, dir: root, moduleRoot: root })).toBeUndefined();
    await writeFile(path.join(root, "go.mod"), "module example.com/app\n");
    const s = await scratchCopies({ ...base, dir: root, moduleRoot: root });
    const copy = s!.args[2]!.replace(/^-modfile=/, "");
    await expect(stat(copy.replace(/\.mod$/, ".sum"))).rejects.toThrow();
    await s!.cleanup();
  });

  it("copies go.work with its relative paths made absolute and go.work.sum beside it, named by GOWORK", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "scratch-test-"));
    dirs.push(root);
    const work = path.join(root, "go.work");
    await writeFile(work, "go 1.22\n\nuse (\n\t./app\n\t../shared/lib // kept\n)\n\nreplace example.com/x => ./forks/x\n");
    await writeFile(`${work}.sum`, "example.com/a v1.0.0 h1:y=\n");
    const s = await scratchCopies({ ...base, dir: path.join(root, "app"), moduleRoot: path.join(root, "app"), workFile: work });
    expect(s!.args).toEqual(base.args);
    const copy = s!.env.GOWORK!;
    expect(path.basename(copy)).toBe("go.work");
    expect(await readFile(copy, "utf8")).toBe(
      `go 1.22\n\nuse (\n\t${path.join(root, "app")}\n\t${path.resolve(root, "../shared/lib")} // kept\n)\n\nreplace example.com/x => ${path.join(root, "forks/x")}\n`,
    );
    expect(await readFile(`${copy}.sum`, "utf8")).toBe("example.com/a v1.0.0 h1:y=\n");
    // From app/, go names the user's go.work as ../go.work.
    expect(s!.relabel(`go: cannot load module ../x listed in ${copy} file`)).toBe("go: cannot load module ../x listed in ../go.work file");
    await s!.cleanup();
  });
});
