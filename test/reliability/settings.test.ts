// A broken setting of the user's is not bad input to the tool: it is a cause
// to diagnose. What go itself does decides the exit code: GOPROXY=ftp://x,
// GOPROXY=, and GOSUMDB=nonsense make `go mod download` fail (exit 1, the
// settings finding first); go ignores an invalid GOPRIVATE glob (the
// download succeeds: exit 0, a warning that the pattern matches nothing).
import { afterEach, describe, expect, it } from "vitest";
import { startProxy } from "../../fixtures/proxy.js";
import { runCommand, GO123 } from "../../fixtures/run-go.js";
import { runCli } from "../helpers/cli.js";
import { cleanupStack, goProject, leftovers, parseReport } from "./helpers.js";

const cleanups = cleanupStack();
afterEach(() => cleanups.run());

interface Case {
  key: string;
  value: string;
  /** What `go mod download` itself does with the setting. */
  goExit: number;
  goSays?: RegExp;
  exit: number;
  finding: string;
  severity: "blocker" | "warning";
}

const CASES: Case[] = [
  { key: "GOPROXY", value: "ftp://x", goExit: 1, goSays: /invalid proxy URL scheme/, exit: 1, finding: "bad-goproxy", severity: "blocker" },
  { key: "GOPROXY", value: ",", goExit: 1, goSays: /GOPROXY list is not the empty string, but contains no entries/, exit: 1, finding: "bad-goproxy", severity: "blocker" },
  { key: "GOSUMDB", value: "nonsense", goExit: 1, goSays: /invalid GOSUMDB: malformed verifier id/, exit: 1, finding: "bad-gosumdb", severity: "blocker" },
  { key: "GOPRIVATE", value: "[", goExit: 0, exit: 0, finding: "bad-pattern", severity: "warning" },
];

describe("a broken user setting is diagnosed, not refused", () => {
  for (const c of CASES) {
    it(`${c.key}=${c.value}: go exits ${c.goExit}; diagnose exits ${c.exit} with ${c.finding} first`, async () => {
      const px = await startProxy();
      cleanups.push(() => px.close());
      // What go itself does, in its own fresh environment.
      const bare = await goProject(cleanups, "healthy", px.url, { [c.key]: c.value });
      const go = await runCommand([GO123, "mod", "download", "-x"], { cwd: bare.dir, env: bare.env, timeoutMs: 20_000 });
      expect(go.timedOut).toBe(false);
      expect(go.code).toBe(c.goExit);
      if (c.goSays) expect(go.stderr).toMatch(c.goSays);

      const { dir, env } = await goProject(cleanups, "healthy", px.url, { [c.key]: c.value });
      const run = await runCli(["diagnose", dir, "--json", "--stall-timeout", "5", "--probe-timeout", "2"], { env, timeoutMs: 30_000 });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(c.exit);
      const report = parseReport(run);
      expect(report.outcome).toBe(c.exit === 0 ? "ok" : "failed");
      expect(report.findings[0]).toMatchObject({ name: c.finding, severity: c.severity });
      // The setting the user made is named with where it is set (go derives GONOPROXY/GONOSUMDB from GOPRIVATE, so those may be named too).
      const same = report.findings.filter((f) => f.name === c.finding);
      expect(same.some((f) => f.evidence.includes(`${c.key}=${c.value} (from the environment)`)), JSON.stringify(same)).toBe(true);
      // ... and the fix changes it there: `go env -w` cannot override the environment.
      expect(same[0]!.fixes[0]!.commands.join("\n")).not.toMatch(/go env -[wu]/);
      expect(await leftovers(run.marker)).toEqual([]);
    }, 60_000);
  }
});
