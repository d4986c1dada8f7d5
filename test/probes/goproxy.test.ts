import { afterAll, afterEach, describe, expect, it } from "vitest";
import { BIG_MODULE } from "../../fixtures/modules.js";
import { startProxy, type FixtureProxy } from "../../fixtures/proxy.js";
import { goproxyProbe } from "../../src/probes/goproxy.js";
import { planProbes } from "../../src/probes/registry.js";
import { runProbes } from "../../src/probes/runner.js";
import type { EndpointFacts, ProbeOptions, Trigger } from "../../src/probes/types.js";
import type { TraceSummary } from "../../src/stall/types.js";
import { makeContext } from "./context.js";
import { blackhole, closeAll, httpServer, refusedPort, removeTempDirs } from "./servers.js";

const proxies: FixtureProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
  await closeAll();
});
afterAll(removeTempDirs);

const options: ProbeOptions = { timeoutMs: 2000, mirrors: false, mirrorUrls: [], now: Date.now };
const preflight: Trigger = { reason: "preflight" };

function trace(partial: Partial<TraceSummary>): TraceSummary {
  return { startedMs: 0, lastProgressMs: 0, modules: [], outstanding: [], requests: [], vcs: [], lockWaits: [], errors: [], toolchain: [], timed: true, ...partial };
}

interface Seen {
  url: string;
  range?: string;
}

async function recordingProxy(seen: Seen[], zipStalls = false): Promise<number> {
  return httpServer((req, res) => {
    seen.push({ url: req.url ?? "", ...(req.headers.range ? { range: req.headers.range } : {}) });
    if (req.url?.endsWith(".zip")) {
      if (zipStalls) res.writeHead(200).flushHeaders();
      else res.writeHead(206).end(Buffer.alloc(2048));
    } else if (req.url?.endsWith(".info")) res.end('{"Version":"v1.0.0"}');
    else res.end("v1.0.0\n");
  });
}

describe("goproxy probe", () => {
  it("plans one task per URL entry and finds the broken link of each", async () => {
    const seen: Seen[] = [];
    const ok = await recordingProxy(seen);
    const refused = await refusedPort();
    const ctx = makeContext({}, { GOPROXY: `http://127.0.0.1:${ok},http://127.0.0.1:${refused}|https://proxy.invalid,direct` });
    const tasks = planProbes(ctx, preflight, options, [goproxyProbe]);
    expect(tasks.map((t) => t.id)).toEqual([`goproxy:http://127.0.0.1:${ok}`, `goproxy:http://127.0.0.1:${refused}`, "goproxy:https://proxy.invalid"]);
    const results = await runProbes(tasks, { timeoutMs: options.timeoutMs });
    expect(results.map((r) => r.status)).toEqual(["ok", "fail", "fail"]);
    expect((results[1]!.facts as unknown as EndpointFacts).failedStep).toBe("tcp");
    expect(results[1]!.error?.code).toBe("ECONNREFUSED");
    expect((results[2]!.facts as unknown as EndpointFacts).failedStep).toBe("dns");
    expect(results[2]!.error?.code).toBe("ENOTFOUND");
    expect(seen.map((s) => s.url)).toEqual(["/"]);
  });

  it("asks for the stuck module's .info and reads a bounded range of its zip", async () => {
    const seen: Seen[] = [];
    const port = await recordingProxy(seen);
    const base = `http://127.0.0.1:${port}`;
    const ctx = makeContext({ require: [{ path: "example.test/Z", version: "v1.0.0", indirect: false }] }, { GOPROXY: base });
    const trigger: Trigger = {
      reason: "stall",
      trace: trace({ stall: { atMs: 1, idleMs: 1, suspects: [{ kind: "zip-body", module: "example.test/Z", version: "v1.0.0", url: `${base}/example.test/!z/@v/v1.0.0.zip`, idleMs: 1 }] } }),
    };
    const [result] = await runProbes(planProbes(ctx, trigger, options, [goproxyProbe]), { timeoutMs: options.timeoutMs });
    expect(result!.status).toBe("ok");
    expect(seen).toEqual([{ url: "/example.test/!z/@v/v1.0.0.info" }, { url: "/example.test/!z/@v/v1.0.0.zip", range: expect.stringMatching(/^bytes=0-\d+$/) }]);
    const facts = result!.facts as unknown as EndpointFacts;
    expect(facts).toMatchObject({ module: "example.test/Z", http: { status: 200 }, zip: { ok: true, status: 206, bytes: 2048 } });
  });

  it("fails at the zip when the stuck zip sends no body", async () => {
    const seen: Seen[] = [];
    const port = await recordingProxy(seen, true);
    const base = `http://127.0.0.1:${port}`;
    const ctx = makeContext({}, { GOPROXY: base });
    const trigger: Trigger = { reason: "stall", trace: trace({ outstanding: [{ url: `${base}/example.test/a/@v/v1.0.0.zip`, kind: "zip", startedMs: 0 }] }) };
    const [result] = await runProbes(planProbes(ctx, trigger, options, [goproxyProbe]), { timeoutMs: options.timeoutMs });
    expect(result).toMatchObject({ status: "fail", error: { code: "BODY_STALLED" }, facts: { failedStep: "zip" } });
  });

  // fixtures/proxy.ts answers the zip with its whole Content-Length, sends the first bytes and
  // holds the socket: the ranged read must not pass those bytes off as throughput.
  it("calls a zip body that stops after 100 bytes stalled, with the bytes and how long it has been silent", async () => {
    const px = await startProxy({ faults: [{ module: BIG_MODULE, kind: "zip", mode: { type: "stall-body", afterBytes: 100 } }] });
    proxies.push(px);
    const ctx = makeContext({}, { GOPROXY: px.url });
    const zip = `${px.url}/${BIG_MODULE}/@v/v1.0.0.zip`;
    const trigger: Trigger = { reason: "stall", trace: trace({ outstanding: [{ url: zip, kind: "zip", startedMs: 0 }] }) };
    const [result] = await runProbes(planProbes(ctx, trigger, options, [goproxyProbe]), { timeoutMs: options.timeoutMs });
    expect(result).toMatchObject({ status: "fail", error: { code: "BODY_STALLED" }, facts: { failedStep: "zip" } });
    const facts = (result!.facts as unknown as EndpointFacts).zip!;
    expect(facts).toMatchObject({ ok: false, status: 200, bytes: 100 });
    expect(facts.bytesPerSecond).toBeUndefined();
    expect(facts.totalBytes).toBeGreaterThan(100_000);
    // Nearly the whole window was silence (the 100 bytes came with the headers).
    expect(facts.silentMs).toBeGreaterThan(facts.ms! / 2 - (facts.ttfbMs ?? 0));
    expect(facts.message).toMatch(/^200: the body stopped after 100 B of \S+ \S+, then nothing for \S+ of the \S+ read window$/);
    expect(px.requests.map((r) => r.path)).toContain(`/${BIG_MODULE}/@v/v1.0.0.zip`);
  });

  it("keeps a zip body that keeps coming, however slowly, as throughput", async () => {
    const px = await startProxy({ faults: [{ module: BIG_MODULE, kind: "zip", mode: { type: "dribble", bytesPerSec: 20 * 1024 } }] });
    proxies.push(px);
    const ctx = makeContext({}, { GOPROXY: px.url });
    const zip = `${px.url}/${BIG_MODULE}/@v/v1.0.0.zip`;
    const trigger: Trigger = { reason: "stall", trace: trace({ outstanding: [{ url: zip, kind: "zip", startedMs: 0 }] }) };
    const [result] = await runProbes(planProbes(ctx, trigger, options, [goproxyProbe]), { timeoutMs: options.timeoutMs });
    expect(result!.status).toBe("ok");
    const facts = (result!.facts as unknown as EndpointFacts).zip!;
    expect(facts).toMatchObject({ ok: true, status: 200 });
    expect(facts.silentMs).toBeUndefined();
    expect(facts.bytesPerSecond).toBeGreaterThan(5 * 1024);
    expect(facts.bytesPerSecond).toBeLessThan(60 * 1024);
  });

  it("asks for the first required module's list when nothing is stuck", async () => {
    const seen: Seen[] = [];
    const port = await recordingProxy(seen);
    const ctx = makeContext({ require: [{ path: "example.test/a", version: "v1.0.0", indirect: false }] }, { GOPROXY: `http://127.0.0.1:${port}/` });
    await runProbes(planProbes(ctx, preflight, options, [goproxyProbe]), { timeoutMs: options.timeoutMs });
    expect(seen.map((s) => s.url)).toEqual(["/example.test/a/@v/list"]);
  });

  it("goes through HTTP_PROXY and records it", async () => {
    const seen: Seen[] = [];
    const proxyPort = await recordingProxy(seen);
    const ctx = makeContext({}, { GOPROXY: "http://goproxy.invalid/mod" }, { HTTP_PROXY: `http://user:pw@127.0.0.1:${proxyPort}` });
    const [result] = await runProbes(planProbes(ctx, preflight, options, [goproxyProbe]), { timeoutMs: options.timeoutMs });
    expect(result!.status).toBe("ok");
    expect(result!.facts).toMatchObject({ viaProxy: `http://***@127.0.0.1:${proxyPort}`, http: { ok: true } });
    expect(seen.map((s) => s.url)).toEqual(["http://goproxy.invalid/mod/"]);
    expect(JSON.stringify(result)).not.toContain("pw@");
  });

  it("five silent proxies together end within the probe timeout + 1 s", async () => {
    const ports = await Promise.all(Array.from({ length: 5 }, () => blackhole()));
    const ctx = makeContext({}, { GOPROXY: ports.map((p) => `http://127.0.0.1:${p}`).join(",") });
    const timeoutMs = 1500;
    const start = performance.now();
    const results = await runProbes(planProbes(ctx, preflight, { ...options, timeoutMs }, [goproxyProbe]), { timeoutMs });
    expect(performance.now() - start).toBeLessThan(timeoutMs + 1000);
    expect(results).toHaveLength(5);
    for (const r of results) expect(r).toMatchObject({ status: "fail", error: { code: "TIMEOUT" }, facts: { failedStep: "http" } });
  });
});
