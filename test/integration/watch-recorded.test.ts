// The live diagnosis and the diagnosis of a saved log agree (issue 3): for each
// scenario recorded by scripts/record-log.ts into fixtures/logs/recorded-*.log
// (real go1.23 -x stderr against the fixture proxy, timestamped), `analyze` of
// the recording and a live `diagnose` of the same scenario give the same top
// finding, the one the recording's `#! expect:` header names.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { refusedPort } from "../../fixtures/endpoints.js";
import { SCENARIOS, type Scenario } from "../../scripts/record-log.js";
import { readLogHeader } from "../../src/trace/timestamps.js";
import { runCli } from "../helpers/cli.js";
import { runDiagnose } from "./support/diagnose-run.js";
import { cleanupAll, parseReport, proxy, setup } from "./support/watch.js";

afterEach(cleanupAll);

const LOGS = fileURLToPath(new URL("../../fixtures/logs/", import.meta.url));

async function live(s: Scenario) {
  const url = s.proxy === "refused" ? `http://127.0.0.1:${await refusedPort()}` : (await proxy({ faults: s.proxy })).url;
  const { dir, env } = await setup(s.project, url);
  return runDiagnose({ dir, env });
}

describe.each(SCENARIOS.map((s) => [s.name, s] as const))("recorded-%s.log", (_name, s) => {
  const file = `${LOGS}recorded-${s.name}.log`;
  const text = readFileSync(file, "utf8");

  it("is a timestamped recording of the real go command, naming its scenario and expected finding", () => {
    const header = readLogHeader(text);
    expect(header.source?.[0]).toMatch(new RegExp(`^recorded from go1\\.\\d+(\\.\\d+)? against fixtures/proxy\\.ts \\(${s.name}\\)$`));
    expect(header.expect).toEqual([s.expect]);
    const body = text.split("\n").filter((l) => l !== "" && !l.startsWith("#! "));
    expect(body.length).toBeGreaterThanOrEqual(3);
    for (const line of body) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (# get |go: |\t)/);
  });

  it("analyze of the recording and a live diagnose give the same top finding", async () => {
    const analyzed = await runCli(["analyze", file, "--json"], { env: { PATH: process.env.PATH }, timeoutMs: 20_000 });
    expect(analyzed.code, analyzed.stdout + analyzed.stderr).toBe(1);
    const fromLog = parseReport(analyzed.stdout);
    // Timestamps were read: no "no timestamps" limit.
    expect(fromLog.limits.join("\n")).not.toMatch(/no timestamps/);

    const { run, report } = await live(s);
    expect(run.code, run.stderr).toBe(s.name === "zip-stalled" ? 3 : 1);
    const names = { live: report.findings.map((f) => f.name), log: fromLog.findings.map((f) => f.name) };
    expect(names.log[0], JSON.stringify(names)).toBe(s.expect);
    expect(names.live[0], JSON.stringify(names)).toBe(s.expect);
    // The same modules are blamed.
    expect(fromLog.findings[0]!.modules ?? []).toEqual(report.findings[0]!.modules ?? []);
  }, 60_000);
});
