// Hostile servers as GOPROXY, through the CLI: the probes end within their
// deadline, the tool's memory stays bounded whatever the server sends, and
// the report names what the server did.
import { afterEach, describe, expect, it } from "vitest";
import { startBlackhole, startHostile, type FixtureEndpoint, type HostileMode } from "../../fixtures/endpoints.js";
import { startProxy } from "../../fixtures/proxy.js";
import type { ProbeResult } from "../../src/report/schema.js";
import { cleanupStack, goProject, leftovers, parseReport, startCli } from "./helpers.js";

const cleanups = cleanupStack();
afterEach(() => cleanups.run());

const PROBE_TIMEOUT_S = 2;
const MAX_RSS_KB = 300 * 1024;

interface Case {
  name: string;
  start(): Promise<FixtureEndpoint>;
  /** GOPROXY from the endpoint's http URL. */
  proxy?(url: string): string;
  /** What the goproxy probe must say: its failure code, or (endless body) a bounded read. */
  check(probe: ProbeResult): void;
}

const hostile = (mode: HostileMode) => () => startHostile(mode);
const failedWith = (codes: RegExp) => (probe: ProbeResult) => {
  expect(probe.status).toBe("fail");
  expect(probe.error?.code ?? "", JSON.stringify(probe)).toMatch(codes);
};

const CASES: Case[] = [
  // Header lines that never end: undici's header size limit, or the deadline.
  { name: "headers forever", start: hostile("headers-forever"), check: failedWith(/^(HEADERS_OVERFLOW|TIMEOUT)$/) },
  {
    // 200 and a body without end to a module request: at most 256 KiB read, then called what it is.
    name: "an endless body",
    start: hostile("endless-body"),
    check(probe) {
      failedWith(/^ANSWER_TOO_LARGE$/)(probe);
      expect(probe.error?.message).toMatch(/larger than 256 KiB and still going: not a module proxy's answer/);
      const http = (probe.facts as { http?: { status?: number; bytes?: number } }).http;
      expect(http?.status).toBe(200);
      expect(http?.bytes).toBeGreaterThan(0);
      expect(http?.bytes).toBeLessThanOrEqual(256 * 1024 + 128 * 1024);
    },
  },
  { name: "a chunked body that never ends", start: hostile("chunked-forever"), check: failedWith(/^ANSWER_TOO_LARGE$/) },
  // A short header line every 100 ms: no size limit is reached, only the deadline ends it.
  { name: "header lines trickling for ever", start: hostile("headers-trickle"), check: failedWith(/^TIMEOUT$/) },
  { name: "Content-Length: 10, 5 bytes, then close", start: hostile("short-body"), check: failedWith(/^SOCKET_CLOSED$/) },
  { name: "a redirect loop between two paths", start: hostile("redirect-pingpong"), check: failedWith(/^TOO_MANY_REDIRECTS$/) },
  { name: "an HTTP/0.9-style reply", start: hostile("http09"), check: failedWith(/^HPE_\w+$/) },
  {
    name: "a login page with 200",
    start: hostile("html-page"),
    check(probe) {
      failedWith(/^NOT_PROXY_ANSWER$/)(probe);
      expect(probe.error?.message).toMatch(/is an HTML page \("Sign in to continue"\)/);
    },
  },
  { name: "a redirect loop", start: hostile("redirect-loop"), check: failedWith(/^TOO_MANY_REDIRECTS$/) },
  { name: "malformed HTTP", start: hostile("malformed"), check: failedWith(/^(HPE_\w+|BAD_RESPONSE|SOCKET_CLOSED)$/) },
  { name: "binary garbage", start: hostile("garbage"), check: failedWith(/^(HPE_\w+|BAD_RESPONSE|SOCKET_CLOSED)$/) },
  // A listener that never answers the ClientHello: the probe's deadline ends it.
  { name: "a TLS handshake that never finishes", start: startBlackhole, proxy: (url) => url.replace(/^http:/, "https:"), check: failedWith(/^TIMEOUT$/) },
];

async function probeAgainst(start: () => Promise<FixtureEndpoint>, proxy?: (url: string) => string) {
  const ep = await start();
  cleanups.push(() => ep.close());
  const { dir, env } = await goProject(cleanups, "healthy", proxy ? proxy(ep.url) : ep.url);
  const cli = startCli(["probe", dir, "--json", "--no-mirrors", "--probe-timeout", String(PROBE_TIMEOUT_S)], { env, timeoutMs: 20_000 });
  cleanups.push(async () => void cli.child.kill("SIGKILL"));
  const end = await cli.done;
  const report = parseReport(cli);
  const probe = report.probes.find((p) => p.probe === "goproxy");
  expect(probe, JSON.stringify(report.probes)).toBeDefined();
  return { ep, cli, end, report, probe: probe! };
}

describe("gomod-doctor probe against a hostile GOPROXY", () => {
  for (const c of CASES) {
    it(`${c.name}: ends within probe-timeout + 1 s, memory bounded, the probe says what happened`, async () => {
      const { cli, end, report, probe } = await probeAgainst(c.start, c.proxy);
      // The tool's own run (settings, probes, judgement) within probe-timeout + 1 s; the
      // wall time adds node's start-up, which a loaded test machine stretches.
      expect(report.durationMs).toBeLessThan((PROBE_TIMEOUT_S + 1) * 1000);
      expect(end.ms).toBeLessThan((PROBE_TIMEOUT_S + 3) * 1000);
      expect(probe.ms).toBeLessThan(PROBE_TIMEOUT_S * 1000 + 500);
      expect(cli.peakRssKb()).toBeGreaterThan(0);
      expect(cli.peakRssKb()).toBeLessThan(MAX_RSS_KB);
      expect(cli.stderr()).toBe("");
      expect([0, 1]).toContain(end.code);
      c.check(probe);
    }, 30_000);
  }

  // Each mode: probe exits 1 and its first finding is a blocker naming the proxy (host and port).
  const blockers = async (modes: HostileMode[]) => {
    const unexplained: string[] = [];
    for (const mode of modes) {
      const { ep, end, report, probe } = await probeAgainst(hostile(mode));
      expect(probe.status).toBe("fail");
      const top = report.findings[0];
      if (end.code !== 1 || top?.severity !== "blocker" || !JSON.stringify(top).includes(`127.0.0.1:${ep.port}`)) {
        unexplained.push(`${mode}: exit ${end.code}, probe ${probe.error?.code}, findings ${JSON.stringify(report.findings.map((f) => f.name))}`);
      }
    }
    return unexplained;
  };

  it("a proxy that answers with broken HTTP is a blocker: probe exits 1 and names the proxy", async () => {
    expect(await blockers(["redirect-loop", "redirect-pingpong", "malformed", "garbage", "http09"])).toEqual([]);
  }, 45_000);

  it("a 200 that is no module proxy's answer (a login page, a body without end) is a blocker naming the proxy", async () => {
    expect(await blockers(["html-page", "endless-body", "chunked-forever"])).toEqual([]);
    const { ep, report } = await probeAgainst(hostile("html-page"));
    const top = report.findings[0]!;
    expect(top.code).toBe("GMD112");
    expect(top.why).toContain(`127.0.0.1:${ep.port}`);
    expect(top.why).toMatch(/HTML page \("Sign in to continue"\)/);
  }, 45_000);
});

describe("gomod-doctor diagnose against a proxy whose body never ends", () => {
  it("the zip body streams for ever: a stall verdict is impossible, so --timeout ends it with a report", async () => {
    const px = await startProxy({ faults: [{ module: "example.com/big", kind: "zip", mode: { type: "hostile", hostile: "endless-body" } }] });
    cleanups.push(() => px.close());
    const { dir, env } = await goProject(cleanups, "big", px.url);
    const cli = startCli(["diagnose", dir, "--json", "--stall-timeout", "1", "--timeout", "4", "--probe-timeout", "2"], { env, timeoutMs: 30_000 });
    cleanups.push(async () => void cli.child.kill("SIGKILL"));
    const end = await cli.done;
    const report = parseReport(cli);
    expect(cli.peakRssKb()).toBeLessThan(MAX_RSS_KB);
    // Bytes keep coming, so it is never a stall: --timeout ends it.
    expect(end.code).toBe(3);
    expect(report.outcome).toBe("timeout");
    const big = report.modules.find((m) => m.path === "example.com/big");
    expect(big?.bytes ?? 0).toBeGreaterThan(0);
    expect(report.findings[0]?.severity).toBe("blocker");
    // 4 s of run, 1 s of kill grace, 2 s of probes, plus start-up.
    expect(end.ms).toBeLessThan(12_000);
    expect(await leftovers(cli.marker)).toEqual([]);
  }, 40_000);

  it("every request gets an endless body: a small stall timeout still ends with a report", async () => {
    const px = await startProxy({ faults: [{ mode: { type: "hostile", hostile: "endless-body" } }] });
    cleanups.push(() => px.close());
    const { dir, env } = await goProject(cleanups, "healthy", px.url);
    const cli = startCli(["diagnose", dir, "--json", "--stall-timeout", "1", "--probe-timeout", "2"], { env, timeoutMs: 30_000 });
    cleanups.push(async () => void cli.child.kill("SIGKILL"));
    const end = await cli.done;
    const report = parseReport(cli);
    expect(cli.peakRssKb()).toBeLessThan(MAX_RSS_KB);
    // go reads a .mod/.info body into memory with no trace of progress: silence, then a stall.
    expect(end.code).toBe(3);
    expect(report.outcome).toBe("stalled");
    expect(report.findings[0]?.severity).toBe("blocker");
    expect(end.ms).toBeLessThan(15_000);
    expect(await leftovers(cli.marker)).toEqual([]);
  }, 40_000);
});
