// --keep-going: a stall is diagnosed at once, and the go command is left
// running until it ends or --timeout does.
import { afterEach, describe, expect, it } from "vitest";
import { startBlackhole } from "../../fixtures/endpoints.js";
import { makeProject } from "../../fixtures/projects.js";
import { isolatedGoEnv } from "../../fixtures/go-env.js";
import { processesWithMarker, runCli } from "../helpers/cli.js";
import { parseNdjson } from "../helpers/ndjson.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

describe("diagnose --keep-going", () => {
  it("diagnoses the stall while go keeps running, then ends the tree at --timeout", async () => {
    const hole = await startBlackhole();
    cleanups.push(() => hole.close());
    const project = await makeProject("healthy");
    cleanups.push(project.cleanup);
    const go = await isolatedGoEnv({ proxy: hole.url, extra: { GOMOD_DOCTOR_REFERENCE_HOSTS: "localhost" } });
    cleanups.push(go.cleanup);

    const run = await runCli(["diagnose", project.dir, "--ndjson", "--keep-going", "--stall-timeout", "1", "--probe-timeout", "1", "--timeout", "5"], { env: go.env });
    expect(run.code, run.stderr).toBe(3);
    const { events, report } = parseNdjson(run.stdout);
    expect(report.outcome).toBe("timeout");
    const stalled = events.findIndex((e) => e.type === "verdict" && e.data.kind === "stalled");
    const interim = events.findIndex((e) => e.type === "verdict" && e.data.kind === "diagnosed");
    expect(stalled).toBeGreaterThanOrEqual(0);
    expect(interim).toBeGreaterThan(stalled);
    const findings = events[interim]!.data.findings as { name: string }[];
    expect(findings[0]?.name).toBe("proxy-blackholed");
    // go was still running after the interim diagnosis: the run lasted until --timeout.
    expect(report.durationMs).toBeGreaterThanOrEqual(5000);
    expect(report.findings[0]?.name).toBe("proxy-blackholed");
    expect(await processesWithMarker(run.marker)).toEqual([]);
  }, 30_000);
});
