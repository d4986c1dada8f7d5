// Shared set-up for the watch-*.test.ts end-to-end tests: the fixture proxy,
// an isolated go environment, a project, the CLI's JSON outputs, and a check
// that a run left no process behind. Everything registered is undone by
// `cleanupAll()` (call it in afterEach).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GIT_HOST } from "../../../fixtures/hosts.js";
import { startProxy, type FixtureProxy, type ProxyOptions } from "../../../fixtures/proxy.js";
import { makeProject, type ProjectName } from "../../../fixtures/projects.js";
import { isolatedGoEnv, type GoVersion } from "../../../fixtures/run-go.js";
import { ReportSchema, type Report } from "../../../src/report/schema.js";
import { processesWithMarker } from "../../helpers/cli.js";

export const GO_VERSIONS: GoVersion[] = ["1.23", "1.19"];

/** Short deadlines so a diagnose ends in seconds (the output format is each caller's: add `--json` for a parseable report). */
export const FAST = ["--stall-timeout", "2", "--probe-timeout", "2"];

const cleanups: (() => Promise<unknown> | unknown)[] = [];

export function defer(fn: () => Promise<unknown> | unknown): void {
  cleanups.push(fn);
}

export async function cleanupAll(): Promise<void> {
  while (cleanups.length) await Promise.resolve(cleanups.pop()!()).catch(() => undefined);
}

export async function proxy(opts?: ProxyOptions): Promise<FixtureProxy> {
  const p = await startProxy(opts);
  defer(() => p.close());
  return p;
}

export interface Setup {
  dir: string;
  env: Record<string, string>;
  home: string;
  gomodcache: string;
}

/** A fixture project, a go.mod built from requirements (plus files), or a literal go.mod. */
export type ProjectSpec = ProjectName | { requires: Record<string, string>; files?: Record<string, string> } | { gomod: string };

/** An isolated go env (the network probe resolves only localhost) and a project copied or written for the test. */
export async function setup(
  project: ProjectSpec,
  proxyUrl: string,
  opts: { go?: GoVersion; extra?: Record<string, string> } = {},
): Promise<Setup> {
  const go = await isolatedGoEnv({ proxy: proxyUrl, go: opts.go ?? "1.23", extra: opts.extra });
  defer(() => go.cleanup());
  const dir =
    typeof project === "string"
      ? await copied(project)
      : "gomod" in project
        ? await written({ "go.mod": project.gomod })
        : await written({ "go.mod": goMod(project.requires), ...project.files });
  return { dir, env: go.env, home: go.home, gomodcache: go.gomodcache };
}

/** The with-git project (it requires git.corp.test/r), fetched direct: GOPRIVATE, over http (GOINSECURE); the network probe resolves only localhost. */
export async function directGitSetup(go: GoVersion, extra: Record<string, string> = {}): Promise<{ dir: string; env: Record<string, string> }> {
  const p = await makeProject("with-git");
  defer(() => p.cleanup());
  const env = await isolatedGoEnv({
    proxy: "direct",
    go,
    extra: { GOPRIVATE: GIT_HOST, GOINSECURE: GIT_HOST, GOMOD_DOCTOR_REFERENCE_HOSTS: "localhost", ...extra },
  });
  defer(() => env.cleanup());
  return { dir: p.dir, env: env.env };
}

async function copied(name: ProjectName): Promise<string> {
  const p = await makeProject(name);
  defer(() => p.cleanup());
  return p.dir;
}

/** go.mod of a project requiring exactly `requires` (path -> version). */
function goMod(requires: Record<string, string>): string {
  const req = Object.entries(requires).map(([p, v]) => `\t${p} ${v}\n`).join("");
  return `module example.com/fixture/watch\n\ngo 1.19\n\nrequire (\n${req})\n`;
}

/** A temporary project directory holding exactly `files`. */
async function written(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "gomod-doctor-project-"));
  defer(() => rm(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

export function parseReport(stdout: string): Report {
  return ReportSchema.parse(JSON.parse(stdout));
}

/**
 * Processes the run left behind. The tool ends its tree before it exits, so
 * this is normally empty at once; a short bounded wait covers a zombie being reaped.
 */
export async function leftovers(marker: string, waitMs = 2000): Promise<{ pid: number; cmd: string }[]> {
  const until = Date.now() + waitMs;
  for (;;) {
    const found = await processesWithMarker(marker);
    if (found.length === 0 || Date.now() >= until) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
}
