// `gomod-doctor probe` (issue 4): the probes alone, no download, as a CI
// pre-flight. Exit 0 when all is good, 1 on a blocker; human and JSON
// output; explicit loopback mirrors measured; silent endpoints bounded by
// --probe-timeout. Never the public default mirrors: --no-mirrors or --mirror.
import { afterEach, describe, expect, it } from "vitest";
import { refusedPort, startStatusServer } from "../../fixtures/endpoints.js";
import { runCli } from "../helpers/cli.js";
import { blackhole, cleanupAll, defer, leftovers, names, parseReport, proxy, setup } from "./findings-support.js";

afterEach(cleanupAll);

const T = ["--probe-timeout", "2"];

describe("gomod-doctor probe", () => {
  it("a healthy proxy, GOSUMDB=off, --no-mirrors: exit 0, human report says nothing is wrong", async () => {
    const px = await proxy();
    const { dir, env } = await setup("healthy", px.url);
    const run = await runCli(["probe", dir, "--no-mirrors", ...T], { env, timeoutMs: 30_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^✔ probes ran in \d+(\.\d+)?m?s: no problems found/);
    expect(run.stdout).not.toMatch(/BLOCKER/);
    // The pre-flight asked the proxy a protocol question, and downloaded nothing.
    expect(px.requests.some((r) => r.path.startsWith("/example.com/"))).toBe(true);
    expect(px.requests.some((r) => r.path.endsWith(".zip"))).toBe(false);
    expect(await leftovers(run.marker)).toEqual([]);
  }, 40_000);

  it("a healthy proxy with --json: one schema-valid document, goproxy ok, no mirror probes, exit 0", async () => {
    const px = await proxy();
    const { dir, env } = await setup("healthy", px.url);
    const run = await runCli(["probe", dir, "--no-mirrors", "--json", ...T], { env, timeoutMs: 30_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    const report = parseReport(run.stdout);
    expect(report).toMatchObject({ command: "probe", outcome: "probed", exitCode: 0 });
    expect(report.findings.filter((f) => f.severity === "blocker")).toEqual([]);
    expect(report.probes.find((p) => p.probe === "goproxy")?.status).toBe("ok");
    expect(report.probes.find((p) => p.probe === "modcache")?.status).toBe("ok");
    expect(report.probes.filter((p) => p.probe === "mirror")).toEqual([]);
  }, 40_000);

  it("a GOPROXY that refuses connections: exit 1, proxy-refused first, in human and JSON output", async () => {
    const port = await refusedPort();
    const { dir, env } = await setup("healthy", `http://127.0.0.1:${port}`);
    const human = await runCli(["probe", dir, "--no-mirrors", ...T], { env, timeoutMs: 30_000 });
    expect(human.code, human.stderr).toBe(1);
    expect(human.stdout).toMatch(/✖ BLOCKER GMD102 The module proxy 127\.0\.0\.1:\d+ refuses connections/);
    expect(human.stdout).toContain(`ECONNREFUSED`);

    const json = await runCli(["probe", dir, "--no-mirrors", "--json", ...T], { env, timeoutMs: 30_000 });
    expect(json.code).toBe(1);
    const report = parseReport(json.stdout);
    expect(report.exitCode).toBe(1);
    expect(report.findings[0]?.name, names(report).join()).toBe("proxy-refused");
    expect(report.probes.find((p) => p.probe === "goproxy")).toMatchObject({ status: "fail", error: { code: "ECONNREFUSED" } });
  }, 40_000);

  it("--mirror twice measures exactly those mirrors: the healthy one ok, the blackholed one a timeout", async () => {
    const px = await proxy();
    // A mirror that has the sample module list (the fixture proxy has no golang.org/x/text).
    const healthy = await startStatusServer(200, "v0.14.0\nv0.15.0\n");
    defer(() => healthy.close());
    const silent = await blackhole();
    const { dir, env } = await setup("healthy", px.url);
    const run = await runCli(["probe", dir, "--mirror", healthy.url, "--mirror", silent.url, "--json", ...T], { env, timeoutMs: 30_000 });
    expect(run.code, run.stderr).toBe(0);
    const mirrors = parseReport(run.stdout).probes.filter((p) => p.probe === "mirror");
    expect(mirrors.map((m) => m.target).sort()).toEqual([healthy.url, silent.url].sort());
    const ok = mirrors.find((m) => m.target === healthy.url)!;
    const dead = mirrors.find((m) => m.target === silent.url)!;
    expect(ok.status).toBe("ok");
    expect(ok.facts).toMatchObject({ http: { status: 200 } });
    expect(dead.status).toBe("fail");
    expect(dead.error?.code).toBe("TIMEOUT");
    // Bounded by the probe deadline, not by the silent server.
    expect(dead.ms).toBeLessThan(2000 + 500);
  }, 40_000);

  // Wall time is checked as the brief states it; a retry absorbs a machine busy with other test workers.
  it("five silent GOPROXY endpoints ('|'-joined) finish within --probe-timeout 2 + 1 s and are a blocker", { timeout: 40_000, retry: 2 }, async () => {
    const holes = await Promise.all([1, 2, 3, 4, 5].map(() => blackhole()));
    const { dir, env } = await setup("healthy", holes.map((h) => h.url).join("|"));
    const run = await runCli(["probe", dir, "--no-mirrors", "--json", ...T], { env, timeoutMs: 30_000 });
    const report = parseReport(run.stdout);
    // The engine's own time, then the wall time of the whole CLI (node start, go env, probes, report).
    expect(report.durationMs).toBeLessThan(2000 + 1000);
    expect(run.ms).toBeLessThan(2000 + 1000);
    const goproxies = report.probes.filter((p) => p.probe === "goproxy");
    expect(goproxies).toHaveLength(5);
    for (const p of goproxies) expect(p).toMatchObject({ status: "fail", error: { code: "TIMEOUT" } });
    // Every entry is silent, so falling through with '|' saves nothing: go would wait for ever.
    expect(report.findings[0]).toMatchObject({ name: "proxy-blackholed", severity: "blocker" });
    expect(run.code).toBe(1);
    expect(await leftovers(run.marker)).toEqual([]);
  });

  it("look-alike: a '|' fall-through to a healthy proxy after a silent one is a warning, not a blocker", async () => {
    const hole = await blackhole();
    const px = await proxy();
    const { dir, env } = await setup("healthy", `${hole.url}|${px.url.replace("127.0.0.1", "localhost")}`);
    const run = await runCli(["probe", dir, "--no-mirrors", "--json", ...T], { env, timeoutMs: 30_000 });
    const report = parseReport(run.stdout);
    expect(report.findings.find((f) => f.name === "proxy-blackholed")?.severity, names(report).join()).toBe("warning");
    expect(run.code).toBe(0);
  }, 40_000);
});
