import { afterEach, describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadContext } from "../../src/context/load.js";
import { ToolError } from "../../src/util/errors.js";

const GO123 = "/usr/lib/go-1.23/bin/go";
const GO119 = "/usr/lib/go-1.19/bin/go";
let dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })));
  dirs = [];
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), "gmd-ctx-"));
  dirs.push(d);
  // go1.23's telemetry writes under $HOME after go exits, racing the clean-up: off.
  await mkdir(path.join(d, ".config", "go", "telemetry"), { recursive: true });
  await writeFile(path.join(d, ".config", "go", "telemetry", "mode"), "off");
  return d;
}

function baseEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: "/usr/lib/go-1.23/bin:/usr/bin:/bin",
    HOME: home,
    GOPATH: path.join(home, "gopath"),
    GOCACHE: path.join(home, "gocache"),
    GOENV: path.join(home, "goenv"),
    GOPROXY: "off",
    ...extra,
  };
}

async function expectToolError(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ToolError);
  expect((error as ToolError).code).toBe(code);
  expect((error as ToolError).message).toMatch(message);
}

describe("loadContext with the real go command", () => {
  it("reads go env and go.mod (requirements, replacements) without the network", async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, "go.mod"),
      "module example.com/app\n\ngo 1.19\n\nrequire (\n\texample.com/a v1.0.0\n\tgithub.com/BurntSushi/toml v1.3.2 // indirect\n)\n\nreplace example.com/b => ./b\nreplace example.com/c v1.0.0 => example.com/d v1.1.0\n" +
        "replace example.com/e => ./e\nreplace example.com/f => ./f\nreplace example.com/g => ./go.mod\n",
    );
    // Directory replaces are checked on disk: b holds its go.mod, e is empty, f is not there, g names a file.
    await mkdir(path.join(dir, "b"));
    await writeFile(path.join(dir, "b", "go.mod"), "module example.com/b\n");
    await mkdir(path.join(dir, "e"));
    const ctx = await loadContext({ dir, goBin: GO123, env: baseEnv(dir, { GOPRIVATE: "corp.example.com" }) });
    expect(ctx.goVersion).toMatch(/^go1\.23/);
    expect(ctx.env.GOPROXY).toBe("off");
    expect(ctx.env.GOPRIVATE).toBe("corp.example.com");
    expect(ctx.env.GONOPROXY).toBe("corp.example.com");
    expect(ctx.env.GOMODCACHE).toBe(path.join(dir, "gopath", "pkg", "mod"));
    expect(ctx.mod.module).toBe("example.com/app");
    expect(ctx.mod.require).toEqual([
      { path: "example.com/a", version: "v1.0.0", indirect: false },
      { path: "github.com/BurntSushi/toml", version: "v1.3.2", indirect: true },
    ]);
    expect(ctx.mod.replace).toEqual([
      { oldPath: "example.com/b", newPath: "./b", local: true, dir: path.join(dir, "b"), dirState: "ok" },
      { oldPath: "example.com/c", oldVersion: "v1.0.0", newPath: "example.com/d", newVersion: "v1.1.0", local: false },
      { oldPath: "example.com/e", newPath: "./e", local: true, dir: path.join(dir, "e"), dirState: "no-go-mod" },
      { oldPath: "example.com/f", newPath: "./f", local: true, dir: path.join(dir, "f"), dirState: "missing" },
      { oldPath: "example.com/g", newPath: "./go.mod", local: true, dir: path.join(dir, "go.mod"), dirState: "not-a-directory" },
    ]);
  });

  it("sees settings written by go env -w (the GOENV file), which the process environment does not show", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, "go.mod"), "module example.com/app\n\ngo 1.19\n");
    await writeFile(path.join(dir, "goenv"), "GOPRIVATE=git.corp.example\nGOSUMDB=off\n");
    const env = baseEnv(dir);
    const ctx = await loadContext({ dir, goBin: GO123, env });
    expect(ctx.env.GOPRIVATE).toBe("git.corp.example");
    expect(ctx.env.GOSUMDB).toBe("off");
  });

  it("records a go line newer than the local go without downloading a toolchain", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, "go.mod"), "module example.com/app\n\ngo 1.99.0\n");
    const started = Date.now();
    const ctx = await loadContext({ dir, goBin: GO123, env: baseEnv(dir, { GOPROXY: "https://proxy.invalid" }) });
    expect(ctx.toolchainWanted).toBe("go1.99.0");
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 20_000);

  it("works with go1.19", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, "go.mod"), "module example.com/app\n\ngo 1.19\n\nrequire example.com/a v1.0.0\n");
    const ctx = await loadContext({ dir, goBin: GO119, env: baseEnv(dir) });
    expect(ctx.goVersion).toMatch(/^go1\.19/);
    expect(ctx.mod.require).toHaveLength(1);
  });

  it("turns bad input into one clear ToolError", async () => {
    const dir = await tempDir();
    await expectToolError(loadContext({ dir, goBin: GO123, env: baseEnv(dir) }), "no-go-mod", /^go\.mod file not found in .* or any parent directory \(run it in a Go module/);
    await expectToolError(loadContext({ dir: path.join(dir, "missing"), goBin: GO123, env: baseEnv(dir) }), "bad-dir", /no such directory/);
    await writeFile(path.join(dir, "file"), "x");
    await expectToolError(loadContext({ dir: path.join(dir, "file"), goBin: GO123, env: baseEnv(dir) }), "bad-dir", /is a file/);
    await mkdir(path.join(dir, "bad"));
    await writeFile(path.join(dir, "bad", "go.mod"), "module example.com/app\n\nrequire (\n\texample.com/a\n");
    await expectToolError(loadContext({ dir: path.join(dir, "bad"), goBin: GO123, env: baseEnv(dir) }), "bad-go-mod", /errors parsing go\.mod: .*go\.mod:5: syntax error/);
    await writeFile(path.join(dir, "go.mod"), "module example.com/app\n");
    await expectToolError(loadContext({ dir, goBin: path.join(dir, "nogo"), env: baseEnv(dir) }), "no-go", /no executable go/);
    await expectToolError(loadContext({ dir, env: { PATH: dir, HOME: dir } }), "no-go", /no go command found/);
  });

  it("reports the user's GOTOOLCHAIN and GOFLAGS, not the ones it runs go with", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, "go.mod"), "module example.com/app\n\ngo 1.19\n");
    await writeFile(path.join(dir, "goenv"), "GOTOOLCHAIN=go1.99.0\nGOFLAGS=-modcacherw\n");
    const ctx = await loadContext({ dir, goBin: GO123, env: baseEnv(dir) });
    expect(ctx.env.GOTOOLCHAIN).toBe("go1.99.0");
    expect(ctx.env.GOFLAGS).toBe("-modcacherw");
    const plain = await loadContext({ dir, goBin: GO123, env: baseEnv(dir, { GOENV: path.join(dir, "none") }) });
    expect(plain.env.GOTOOLCHAIN).toBe("auto");
    const old = await loadContext({ dir, goBin: GO119, env: baseEnv(dir) });
    expect(old.env.GOTOOLCHAIN).toBe(""); // go1.19 never switches toolchains
  }, 20_000);

  it("keeps going when a setting makes go env fail, rebuilding values from go's own files", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, "go.mod"), "module example.com/app\n\ngo 1.19\n\nrequire example.com/a v1.0.0\n");
    await writeFile(path.join(dir, "goenv"), "GO111MODULE=bogus\nGOPRIVATE=git.corp.example\n");
    const ctx = await loadContext({ dir, goBin: GO123, env: baseEnv(dir) });
    expect(ctx.envError).toBe("go: unknown environment setting GO111MODULE=bogus");
    expect(ctx.env.GOPRIVATE).toBe("git.corp.example");
    expect(ctx.env.GONOSUMDB).toBe("git.corp.example");
    expect(ctx.env.GOSUMDB).toBe("sum.golang.org"); // from $GOROOT/go.env
    expect(ctx.env.GO111MODULE).toBe("bogus");
    expect(ctx.goVersion).toMatch(/^go1\.23/);
    expect(ctx.mod.require).toHaveLength(1);

    const rel = await loadContext({ dir, goBin: GO119, env: baseEnv(dir, { GOPATH: "relative/gopath", GOENV: path.join(dir, "none") }) });
    expect(rel.envError).toMatch(/GOPATH entry is relative/);
    expect(rel.goVersion).toMatch(/^go1\.19/);
    expect(rel.env.GOPROXY).toBe("off");
    expect(rel.mod.module).toBe("example.com/app");
  }, 20_000);

  it("reads a go.mod go1.19 only finds too new (toolchain line, three-part go line) from its text, not as malformed", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, "go.mod"), "module example.com/app\n\ngo 1.22.1\n\ntoolchain go1.22.1\n\nrequire example.com/a v1.0.0 // indirect\n");
    const ctx = await loadContext({ dir, goBin: GO119, env: baseEnv(dir) });
    expect(ctx.mod).toMatchObject({ module: "example.com/app", go: "1.22.1", toolchain: "go1.22.1", require: [{ path: "example.com/a", version: "v1.0.0", indirect: true }] });
    expect(ctx.mod.newerSyntax).toMatch(/invalid go version '1\.22\.1': must match format/);
    expect(ctx.toolchainWanted).toBe("go1.22.1");
    // go1.23 reads the same file with its own parser.
    const modern = await loadContext({ dir, goBin: GO123, env: baseEnv(dir) });
    expect(modern.mod.newerSyntax).toBeUndefined();
    expect(modern.mod.toolchain).toBe("go1.22.1");
  }, 20_000);

  it("still calls a go.mod malformed on go1.19 when something besides newer syntax is wrong, or the module line is missing", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, "go.mod"), "module example.com/app\n\ngo 1.21\n\ntoolchain go1.21.5\n\nrequire (\n\texample.com/a\n");
    await expectToolError(loadContext({ dir, goBin: GO119, env: baseEnv(dir) }), "bad-go-mod", /errors parsing go\.mod: .*go\.mod:9: syntax error/);
    await writeFile(path.join(dir, "go.mod"), "go 1.22.1\n");
    await expectToolError(loadContext({ dir, goBin: GO119, env: baseEnv(dir) }), "bad-go-mod", /invalid go version '1\.22\.1'/);
  }, 20_000);

  it("records a toolchain line newer than the local go, with the default GOPROXY and no GOTOOLCHAIN set", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, "go.mod"), "module example.com/app\n\ngo 1.21\n\ntoolchain go1.99.1\n");
    const env = baseEnv(dir);
    delete env.GOPROXY;
    const started = Date.now();
    const ctx = await loadContext({ dir, goBin: GO123, env });
    expect(ctx.toolchainWanted).toBe("go1.99.1");
    expect(ctx.env.GOPROXY).toBe("https://proxy.golang.org,direct");
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 20_000);
});
