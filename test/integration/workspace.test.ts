// diagnose where a Go developer runs go: in a subdirectory of a module, at a
// go.work workspace root (no go.mod there), with GOWORK=off, and go1.19 in a
// module whose go.mod has a three-part go line and a toolchain line. The real
// go1.23 and go1.19 against the fixture proxy, through the built CLI.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Fault } from "../../fixtures/proxy.js";
import { isolatedGoEnv, type GoVersion } from "../../fixtures/run-go.js";
import { ErrorDocumentSchema } from "../../src/report/schema.js";
import { runCli } from "../helpers/cli.js";
import { cleanupAll, defer, diagnoseJson, FAST, finding, names, proxy } from "./findings-support.js";
import { setup } from "./support/watch.js";

const EXTRA = { GOMOD_DOCTOR_REFERENCE_HOSTS: "localhost" };

afterEach(cleanupAll);

const FORBIDDEN: Fault = { module: "example.com/b", mode: { type: "status", status: 403, body: "Forbidden: module blocked by policy (license)" } };

/** `diagnose DIR --json [-- GO COMMAND]`, bounded at 40 s: the run and its report. */
const diagnose = (dir: string, env: Record<string, string>, goCommand: string[] = []) => diagnoseJson(dir, env, goCommand, { timeoutMs: 40_000 });

/** The healthy fixture project with a package directory below its root. */
async function moduleWithSubdir(proxyUrl: string, go: GoVersion) {
  const s = await setup("healthy", proxyUrl, { go, extra: EXTRA });
  const sub = join(s.dir, "internal", "util");
  await mkdir(sub, { recursive: true });
  return { ...s, sub };
}

/** A workspace root holding go.work and two modules, no go.mod of its own. */
async function workspace(proxyUrl: string, go: GoVersion, files: Record<string, string> = {}) {
  const g = await isolatedGoEnv({ proxy: proxyUrl, go, extra: EXTRA });
  defer(() => g.cleanup());
  const root = await mkdtemp(join(tmpdir(), "gomod-doctor-workspace-"));
  defer(() => rm(root, { recursive: true, force: true }));
  const all: Record<string, string> = {
    "go.work": "go 1.19\n\nuse (\n\t./svc\n\t./lib\n)\n",
    "svc/go.mod": "module example.com/ws/svc\n\ngo 1.19\n\nrequire example.com/a v1.0.0\n",
    "lib/go.mod": "module example.com/ws/lib\n\ngo 1.19\n\nrequire example.com/b v1.2.0\n",
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    await mkdir(join(root, name, ".."), { recursive: true });
    await writeFile(join(root, name), text);
  }
  return { root, env: g.env };
}

describe.each(["1.23", "1.19"] as const)("go%s", (go) => {
  it("in a subdirectory of a healthy module: runs there, exit 0, the report names the module root", async () => {
    const px = await proxy();
    const s = await moduleWithSubdir(px.url, go);
    const { run, report } = await diagnose(s.sub, s.env);
    expect(run.code, run.stderr).toBe(0);
    expect(report.goVersion).toMatch(new RegExp(`^go${go.replace(".", "\\.")}`));
    expect(report.dir).toBe(s.dir);
    expect(report.modules.map((m) => `${m.path}@${m.version}:${m.state}`).sort()).toEqual(["example.com/a@v1.0.0:done", "example.com/b@v1.2.0:done"]);
  }, 60_000);

  it("in a subdirectory of a module whose download fails: the usual finding", async () => {
    const px = await proxy({ faults: [FORBIDDEN] });
    const s = await moduleWithSubdir(px.url, go);
    const { run, report } = await diagnose(s.sub, s.env);
    expect(run.code, run.stderr).toBe(1);
    expect(report.findings[0]?.title, names(report).join(", ")).toBe(`The module proxy 127.0.0.1:${px.port} forbids example.com/b@v1.2.0 (403 Forbidden)`);
  }, 60_000);

  it("at a go.work root with no go.mod: downloads every module's requirements, exit 0, the report names the workspace", async () => {
    const px = await proxy();
    const w = await workspace(px.url, go);
    const { run, report } = await diagnose(w.root, w.env);
    expect(run.code, run.stderr).toBe(0);
    expect(report.dir).toBe(w.root);
    expect(report.settings.GOWORK).toBe(join(w.root, "go.work"));
    expect(report.modules.map((m) => `${m.path}@${m.version}:${m.state}`).sort()).toEqual(["example.com/a@v1.0.0:done", "example.com/b@v1.2.0:done"]);
  }, 60_000);

  it("at a go.work root, a failure in the second module, replaced by go.work: the finding quotes go.work's replace", async () => {
    const px = await proxy({ faults: [FORBIDDEN] });
    const w = await workspace(px.url, go, {
      "go.work": "go 1.19\n\nuse (\n\t./svc\n\t./lib\n)\n\nreplace example.com/renamed v1.0.0 => example.com/b v1.2.0\n",
      "lib/go.mod": "module example.com/ws/lib\n\ngo 1.19\n\nrequire example.com/renamed v1.0.0\n",
    });
    const { run, report } = await diagnose(w.root, w.env);
    expect(run.code, run.stderr).toBe(1);
    const top = report.findings[0];
    // go names the failure twice: the replacement (example.com/b) and the requirement it stands for.
    expect(top?.name, names(report).join(", ")).toBe("proxy-server-error");
    expect(top?.modules).toEqual(["example.com/b", "example.com/renamed"]);
    // Quoted from the file it is written in.
    expect(top?.evidence).toContain("go.work: replace example.com/renamed v1.0.0 => example.com/b v1.2.0");
  }, 60_000);

  it("at a go.work root with GOWORK=off: go's 'go.mod file not found', exit 2, one line", async () => {
    const px = await proxy();
    const w = await workspace(px.url, go);
    const run = await runCli(["diagnose", w.root, ...FAST], { env: { ...w.env, GOWORK: "off" }, timeoutMs: 20_000 });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toEqual([`gomod-doctor: go.mod file not found in ${w.root} or any parent directory (run it in a Go module, or pass its directory)`]);
    const json = await runCli(["diagnose", w.root, ...FAST, "--json"], { env: { ...w.env, GOWORK: "off" }, timeoutMs: 20_000 });
    expect(ErrorDocumentSchema.parse(JSON.parse(json.stdout)).error.code).toBe("no-go-mod");
  }, 60_000);
});

describe("go1.19 and a go.mod written for a newer go", () => {
  it("`go 1.22.1` plus a toolchain line: not malformed; the download runs and fails, and the finding is the pre-toolchain go (GMD506)", async () => {
    const px = await proxy();
    const gomod = "module example.com/newer\n\ngo 1.22.1\n\ntoolchain go1.22.1\n\nrequire example.com/a v1.0.0\n";
    const s = await setup({ gomod }, px.url, { go: "1.19", extra: EXTRA });
    const { run, report } = await diagnose(s.dir, s.env);
    expect(run.code, run.stderr).toBe(1);
    expect(report.goVersion).toMatch(/^go1\.19/);
    const toolchain = finding(report, "toolchain-unavailable");
    expect(toolchain?.code, names(report).join(", ")).toBe("GMD506");
    expect(report.findings[0]?.code).toBe("GMD506");
    expect(toolchain?.title).toBe("go.mod needs go 1.22.1, newer than this go, which cannot switch toolchains (before go1.21)");
    // go1.19 stops at go.mod: no module was fetched (a probe may still list versions).
    expect(px.requests.filter((r) => /\.(info|mod|zip)$/.test(r.path))).toEqual([]);
  }, 60_000);
});

describe("outside any module: go commands that need none (`go mod download MOD@VER`, `go install PKG@VER`)", () => {
  /** A directory with no go.mod or go.work above it, and a fresh go environment. */
  async function noModule(proxyUrl: string) {
    const g = await isolatedGoEnv({ proxy: proxyUrl, go: "1.23", extra: EXTRA });
    defer(() => g.cleanup());
    const dir = await mkdtemp(join(tmpdir(), "gomod-doctor-nomodule-"));
    defer(() => rm(dir, { recursive: true, force: true }));
    return { dir, env: g.env };
  }

  it("healthy: runs where it was asked, exit 0", async () => {
    const px = await proxy();
    const n = await noModule(px.url);
    const { run, report } = await diagnose(n.dir, n.env, ["go", "mod", "download", "example.com/a@v1.0.0"]);
    expect(run.code, run.stderr).toBe(0);
    expect(report.outcome).toBe("ok");
    expect(report.dir).toBe(n.dir);
    expect(px.requests.map((r) => r.path)).toContain("/example.com/a/@v/v1.0.0.zip");
  }, 60_000);

  it("a module the proxy refuses: the usual finding, not 'go.mod file not found'", async () => {
    const px = await proxy({ faults: [FORBIDDEN] });
    const n = await noModule(px.url);
    const { run, report } = await diagnose(n.dir, n.env, ["go", "mod", "download", "example.com/b@v1.2.0"]);
    expect(run.code, run.stderr).toBe(1);
    expect(report.findings[0]?.evidence.join("\n"), names(report).join(", ")).toMatch(/403/);
  }, 60_000);

  it("a command that needs a module is still refused there, in go's words", async () => {
    const px = await proxy();
    const n = await noModule(px.url);
    const run = await runCli(["diagnose", n.dir, ...FAST, "--", "go", "mod", "download"], { env: n.env, timeoutMs: 20_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/go\.mod file not found in .* or any parent directory/);
  }, 60_000);
});
