// Real projects' go.mod files (hashicorp/terraform, moby/moby: ~300 modules,
// upper-case paths, +incompatible, pseudo-versions, directory replacements)
// against the real go command and a proxy that makes up every module
// (startProxy({ synthesize: true })), through the built CLI.
import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Fault } from "../../fixtures/proxy.js";
import type { ProjectDirName } from "../../fixtures/projects.js";
import { goBin, runCommand, type GoVersion } from "../../fixtures/run-go.js";
import type { Report } from "../../src/report/schema.js";
import { runCli } from "../helpers/cli.js";
import { cleanupAll, FAST, leftovers, parseReport, proxy, setup } from "./support/watch.js";

afterEach(cleanupAll);

interface Requirement {
  Path: string;
  Version: string;
}
interface EditJson {
  Require: Requirement[];
  Replace?: { Old: { Path: string; Version?: string }; New: { Path: string; Version?: string } }[];
}

/** `go mod edit -json` of the copied project (no network): what go.mod says. */
async function readGoMod(dir: string, env: Record<string, string>, go: GoVersion = "1.23"): Promise<EditJson> {
  const r = await runCommand([goBin(go), "mod", "edit", "-json"], { cwd: dir, env, timeoutMs: 20_000 });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as EditJson;
}

/** The module versions go downloads: every requirement, replacements applied, directory replacements left out. */
function expectedDownloads(mod: EditJson): string[] {
  const out: string[] = [];
  for (const r of mod.Require) {
    const rep = mod.Replace?.find((x) => x.Old.Path === r.Path && (x.Old.Version === undefined || x.Old.Version === r.Version));
    if (!rep) out.push(`${r.Path}@${r.Version}`);
    else if (rep.New.Version !== undefined) out.push(`${rep.New.Path}@${rep.New.Version}`);
  }
  return out.sort();
}

function reported(report: Report): string[] {
  return report.modules.map((m) => `${m.path}@${m.version}`).sort();
}

async function diagnose(project: ProjectDirName, faults: Fault[], go: GoVersion = "1.23", gomodTail?: string) {
  const px = await proxy({ synthesize: true, faults });
  const s = await setup(project, px.url, { go });
  if (gomodTail) await appendFile(join(s.dir, "go.mod"), gomodTail);
  const run = await runCli(["diagnose", s.dir, ...FAST, "--json"], { env: s.env, timeoutMs: 90_000 });
  return { run, report: parseReport(run.stdout), mod: await readGoMod(s.dir, s.env, go), proxy: px };
}

// Picked from the go.mod files: an upper-case path, a +incompatible version, an upper-case pseudo-version.
const TF_UPPER = { path: "github.com/Azure/go-ntlmssp", version: "v0.1.1" };
const TF_INCOMPATIBLE = { path: "github.com/aliyun/aliyun-oss-go-sdk", version: "v2.2.7+incompatible" };
const TF_PSEUDO = { path: "github.com/Netflix/go-expect", version: "v0.0.0-20220104043353-73e0943537d2" };
// Case d: a replacement by another module version, appended to the copied terraform go.mod.
const REPLACED = { path: "github.com/ProtonMail/go-crypto", version: "v1.1.3" };
const REPLACEMENT = { path: "github.com/ForkOrg/go-crypto", version: "v1.1.3-fork.1" };
const REPLACE_LINE = `\nreplace ${REPLACED.path} ${REPLACED.version} => ${REPLACEMENT.path} ${REPLACEMENT.version}\n`;
const MOBY_UPPER = { path: "github.com/Microsoft/hcsshim", version: "v0.15.0-rc.4" };

describe("real projects' go.mod files", () => {
  for (const [project, go] of [["real-terraform", "1.23"], ["real-moby", "1.23"], ["real-moby", "1.19"]] as const) {
    it(`a: ${project} on go${go}, healthy: exit 0, every module done, paths and versions exactly as in go.mod`, async () => {
      const { run, report, mod } = await diagnose(project, [], go);
      expect(run.code, run.stderr).toBe(0);
      expect(report.outcome).toBe("ok");
      expect(report.goVersion).toMatch(new RegExp(`^go${go.replace(".", "\\.")}\\.`));
      const expected = expectedDownloads(mod);
      expect(expected.length).toBeGreaterThan(100);
      expect(reported(report)).toEqual(expected);
      expect(report.modules.filter((m) => m.state !== "done")).toEqual([]);
      expect(report.summary).toMatchObject({ modules: expected.length, done: expected.length, failed: 0 });
      expect(report.findings.filter((f) => f.severity === "blocker")).toEqual([]);
      expect(await leftovers(run.marker)).toEqual([]);
    }, 120_000);
  }

  it("b: an upper-case module's zip stalls mid-body: exit 3, named with its real case, go ended", async () => {
    const { run, report } = await diagnose("real-terraform", [
      { module: TF_UPPER.path, kind: "zip", mode: { type: "stall-body", afterBytes: 100 } },
    ]);
    expect(run.code, run.stderr).toBe(3);
    expect(report.outcome).toBe("stalled");
    expect(report.stall?.suspects[0]).toMatchObject({ kind: "zip-body", module: TF_UPPER.path, version: TF_UPPER.version });
    const top = report.findings[0]!;
    expect(top.name).toBe("zip-stalled");
    expect(top.modules).toEqual([TF_UPPER.path]);
    expect(top.title).toContain(`${TF_UPPER.path}@${TF_UPPER.version}`);
    expect(report.modules.filter((m) => m.state === "stalled").map((m) => `${m.path}@${m.version}`)).toEqual([
      `${TF_UPPER.path}@${TF_UPPER.version}`,
    ]);
    expect(JSON.stringify(report)).not.toMatch(/github\.com\/azure\/go-ntlmssp/);
    expect(await leftovers(run.marker)).toEqual([]);
  }, 120_000);

  it("b: the same on moby with go1.23 (an upper-case pre-release)", async () => {
    const { run, report } = await diagnose("real-moby", [
      { module: MOBY_UPPER.path, kind: "zip", mode: { type: "stall-body", afterBytes: 100 } },
    ]);
    expect(run.code, run.stderr).toBe(3);
    expect(report.stall?.suspects[0]).toMatchObject({ kind: "zip-body", module: MOBY_UPPER.path, version: MOBY_UPPER.version });
    expect(report.findings[0]!.modules).toEqual([MOBY_UPPER.path]);
    expect(await leftovers(run.marker)).toEqual([]);
  }, 120_000);

  const failingFaults: Fault[] = [
    { module: TF_INCOMPATIBLE.path, kind: "zip", mode: { type: "status", status: 410 } },
    { module: TF_PSEUDO.path, kind: "info", mode: { type: "status", status: 404 } },
  ];

  it("c: a +incompatible zip answers 410 and a pseudo-version's .info 404: exit 1, both modules failed with go's errors", async () => {
    const { run, report } = await diagnose("real-terraform", failingFaults);
    expect(run.code, run.stderr).toBe(1);
    expect(report.outcome).toBe("failed");
    const failed = report.modules.filter((m) => m.state === "failed");
    expect(failed.map((m) => `${m.path}@${m.version}`).sort()).toEqual(
      [`${TF_PSEUDO.path}@${TF_PSEUDO.version}`, `${TF_INCOMPATIBLE.path}@${TF_INCOMPATIBLE.version}`].sort(),
    );
    const errorOf = (path: string) => failed.find((m) => m.path === path)?.error ?? "";
    expect(errorOf(TF_INCOMPATIBLE.path)).toMatch(/^github\.com\/aliyun\/aliyun-oss-go-sdk@v2\.2\.7\+incompatible: reading \S+\.zip: 410 Gone/);
    expect(errorOf(TF_PSEUDO.path)).toMatch(/^github\.com\/Netflix\/go-expect@v0\.0\.0-20220104043353-73e0943537d2: reading \S+\.info: 404 Not Found/);
    expect(report.summary).toMatchObject({ failed: 2, done: report.summary.modules - 2 });
    expect(await leftovers(run.marker)).toEqual([]);
  }, 120_000);

  // go prints these failures only in its -json results (no `go:` line on
  // stderr): the report's modules[] carry them, the findings do not.
  it("c: the findings name the +incompatible and the pseudo-version module@versions and quote 410/404", async () => {
    const { run, report } = await diagnose("real-terraform", failingFaults);
    expect(run.code, run.stderr).toBe(1);
    const named = report.findings.flatMap((f) => f.modules ?? []);
    expect(named).toContain(TF_INCOMPATIBLE.path);
    expect(named).toContain(TF_PSEUDO.path);
    const text = report.findings.map((f) => [f.title, ...f.evidence].join("\n")).join("\n");
    expect(text).toContain(`${TF_INCOMPATIBLE.path}@${TF_INCOMPATIBLE.version}`);
    expect(text).toContain(`${TF_PSEUDO.path}@${TF_PSEUDO.version}`);
    expect(text).toMatch(/410/);
    expect(text).toMatch(/404/);
  }, 120_000);

  it("d: replace A => B v, B's zip stalls: reported as B (what go fetched)", async () => {
    const { run, report, mod, proxy: px } = await diagnose(
      "real-terraform",
      [{ module: REPLACEMENT.path, kind: "zip", mode: { type: "stall-body", afterBytes: 100 } }],
      "1.23",
      REPLACE_LINE,
    );
    expect(run.code, run.stderr).toBe(3);
    // go asked the proxy for B only, never for A.
    expect(px.requests.some((r) => r.path.includes("/github.com/!fork!org/go-crypto/@v/v1.1.3-fork.1.zip"))).toBe(true);
    expect(px.requests.some((r) => r.path.includes("/github.com/!proton!mail/go-crypto/"))).toBe(false);
    expect(expectedDownloads(mod)).toContain(`${REPLACEMENT.path}@${REPLACEMENT.version}`);
    expect(report.stall?.suspects[0]).toMatchObject({ kind: "zip-body", module: REPLACEMENT.path, version: REPLACEMENT.version });
    expect(report.findings[0]!.modules).toEqual([REPLACEMENT.path]);
    // The finding ties B to the module the user required (A), quoting the replace line.
    expect(report.findings[0]!.evidence).toContain(`go.mod: replace ${REPLACED.path} ${REPLACED.version} => ${REPLACEMENT.path} ${REPLACEMENT.version}`);
    expect(await leftovers(run.marker)).toEqual([]);
  }, 120_000);
});
