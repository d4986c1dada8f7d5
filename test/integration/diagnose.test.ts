// The real go command against the fault-injecting proxy on loopback, through
// the built CLI, as a user runs it.
import { afterEach, describe, expect, it } from "vitest";
import { startProxy, type FixtureProxy } from "../../fixtures/proxy.js";
import { makeProject } from "../../fixtures/projects.js";
import { isolatedGoEnv } from "../../fixtures/go-env.js";
import { refusedPort } from "../../fixtures/endpoints.js";
import { processesWithMarker, runCli } from "../helpers/cli.js";
import { FAST } from "./support/watch.js";
import { ReportSchema, ErrorDocumentSchema, type Report } from "../../src/report/schema.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function setup(project: Parameters<typeof makeProject>[0], proxyUrl: string, extra: Record<string, string> = {}) {
  const p = await makeProject(project);
  cleanups.push(p.cleanup);
  const go = await isolatedGoEnv({ proxy: proxyUrl, extra });
  cleanups.push(go.cleanup);
  return { dir: p.dir, env: go.env, gomodcache: go.gomodcache };
}

async function proxy(opts?: Parameters<typeof startProxy>[0]): Promise<FixtureProxy> {
  const p = await startProxy(opts);
  cleanups.push(() => p.close());
  return p;
}

function parseReport(stdout: string): Report {
  return ReportSchema.parse(JSON.parse(stdout));
}

describe("gomod-doctor diagnose with the real go command", () => {
  it("a healthy download exits 0 with a summary", async () => {
    const px = await proxy();
    const { dir, env } = await setup("healthy", px.url);
    const run = await runCli(["diagnose", dir, ...FAST, "--json"], { env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = parseReport(run.stdout);
    expect(report.outcome).toBe("ok");
    expect(report.summary.modules).toBeGreaterThanOrEqual(2);
    expect(report.summary.done).toBe(report.summary.modules);
    expect(report.findings.filter((f) => f.severity === "blocker")).toEqual([]);
    expect(await processesWithMarker(run.marker)).toEqual([]);
  }, 60_000);

  it("a zip that stalls after its headers: exit 3 within stall-timeout + 2 s, the stuck module named first", async () => {
    const px = await proxy({ faults: [{ module: "example.com/big", kind: "zip", mode: { type: "stall-body", afterBytes: 64 * 1024 } }] });
    const { dir, env } = await setup("big", px.url);
    const run = await runCli(["diagnose", dir, ...FAST, "--json"], { env });
    expect(run.code).toBe(3);
    const report = parseReport(run.stdout);
    expect(report.outcome).toBe("stalled");
    const top = report.findings[0]!;
    expect(top.name).toBe("zip-stalled");
    expect(top.modules).toContain("example.com/big");
    expect(report.stall?.suspects[0]).toMatchObject({ module: "example.com/big", kind: "zip-body" });
    expect(report.stall!.suspects[0]!.bytes).toBeGreaterThanOrEqual(60 * 1024);
    // Detected within stall-timeout + 2 s of the stall (the go start-up and probes come on top).
    expect(report.stall!.idleMs).toBeLessThan(2000 + 2000);
    expect(await processesWithMarker(run.marker)).toEqual([]);
  }, 60_000);

  it("a 404 from the proxy: exit 1, diagnosed with the module and the server's answer", async () => {
    const px = await proxy({ faults: [{ module: "example.com/a", mode: { type: "status", status: 404, body: "not found: example.com/a@v1.0.0: invalid version: unknown revision v1.0.0" } }] });
    const { dir, env } = await setup("healthy", px.url);
    const run = await runCli(["diagnose", dir, ...FAST, "--json"], { env });
    expect(run.code).toBe(1);
    const report = parseReport(run.stdout);
    expect(report.outcome).toBe("failed");
    expect(report.findings[0]!.modules ?? []).toContain("example.com/a");
    expect(report.findings[0]!.evidence.join("\n")).toMatch(/404/);
    expect(await processesWithMarker(run.marker)).toEqual([]);
  }, 60_000);

  it("a proxy that refuses connections: exit 1, the probe shows the refusal", async () => {
    const port = await refusedPort();
    const url = `http://127.0.0.1:${port}`;
    const { dir, env } = await setup("healthy", url);
    const run = await runCli(["diagnose", dir, ...FAST, "--json"], { env });
    expect(run.code).toBe(1);
    const report = parseReport(run.stdout);
    expect(report.findings[0]!.name).toBe("proxy-refused");
    const probe = report.probes.find((p) => p.probe === "goproxy");
    expect(probe?.status).toBe("fail");
    expect(JSON.stringify(probe?.facts)).toMatch(/ECONNREFUSED/);
    expect(await processesWithMarker(run.marker)).toEqual([]);
  }, 60_000);

  it("no go.mod: exit 2 with one JSON error document", async () => {
    const go = await isolatedGoEnv({});
    cleanups.push(go.cleanup);
    const run = await runCli(["diagnose", go.home, "--json"], { env: go.env });
    expect(run.code).toBe(2);
    const doc = ErrorDocumentSchema.parse(JSON.parse(run.stdout));
    expect(doc.error.code).toBe("no-go-mod");
    expect(run.stderr).toBe("");
  }, 30_000);
});
