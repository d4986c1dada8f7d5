// Every network probe against every hostile server mode (fixtures/hostile.ts)
// and a TLS port that never answers the ClientHello: each probe ends within
// its deadline, reads a bounded amount, and its result names what happened.
// The modes of one probe run at once, so each test takes about one deadline.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { startBlackhole, startHostile, type FixtureEndpoint } from "../../fixtures/endpoints.js";
import { HOSTILE_MODES, type HostileMode } from "../../fixtures/hostile.js";
import { startProxy } from "../../fixtures/proxy.js";
import { verifierKey } from "../../src/context/sumdb.js";
import { goproxyProbe } from "../../src/probes/goproxy.js";
import { httpProxyProbe } from "../../src/probes/http-proxy.js";
import { mirrorsProbe } from "../../src/probes/mirrors.js";
import { ANSWER_CAPS } from "../../src/probes/net/proxy-answer.js";
import { planProbes } from "../../src/probes/registry.js";
import { runProbes } from "../../src/probes/runner.js";
import { sumdbProbe } from "../../src/probes/sumdb.js";
import type { Context } from "../../src/context/types.js";
import type { EndpointFacts, HttpProxyFacts, Probe, ProbeOptions, ProbeResult, SumdbFacts, Trigger, VcsFacts } from "../../src/probes/types.js";
import { vcsProbe } from "../../src/probes/vcs.js";
import type { TraceSummary } from "../../src/stall/types.js";
import { makeContext } from "./context.js";
import { closeAll, httpServer } from "./servers.js";

const TIMEOUT_MS = 1500;
const VCS_TIMEOUT_MS = 5000;
/** The runner's deadline plus its grace, plus slack for a loaded machine. */
const WITHIN_MS = TIMEOUT_MS + 1000;
const options: ProbeOptions = { timeoutMs: TIMEOUT_MS, mirrors: true, mirrorUrls: [], now: Date.now };
const preflight: Trigger = { reason: "preflight" };

const endpoints: FixtureEndpoint[] = [];
afterEach(async () => {
  await Promise.all(endpoints.splice(0).map((e) => e.close()));
  await closeAll();
});
afterAll(closeAll);

async function keep<T extends FixtureEndpoint>(ep: Promise<T>): Promise<T> {
  const e = await ep;
  endpoints.push(e);
  return e;
}

type Mode = HostileMode | "tls-silent";
const MODES: Mode[] = [...HOSTILE_MODES, "tls-silent"];

/** A server for `mode`: the hostile modes over http, the silent TLS port over https. */
async function serverFor(mode: Mode): Promise<{ url: string; port: number }> {
  if (mode === "tls-silent") {
    const ep = await keep(startBlackhole());
    return { url: ep.url.replace(/^http:/, "https:"), port: ep.port };
  }
  const ep = await keep(startHostile(mode));
  return { url: ep.url, port: ep.port };
}

interface Outcome {
  mode: Mode;
  result: ProbeResult;
  ms: number;
}

/** Runs `probe` for every mode at once, `setup` turning the mode's server into a context. */
type Setup = (server: { url: string; port: number }, mode: Mode) => Promise<{ ctx: Context; trigger?: Trigger; mirrorUrls?: string[] }>;

async function matrix(probe: Probe, setup: Setup, timeoutMs = TIMEOUT_MS): Promise<Outcome[]> {
  return Promise.all(
    MODES.map(async (mode) => {
      const { ctx, trigger, mirrorUrls } = await setup(await serverFor(mode), mode);
      const tasks = planProbes(ctx, trigger ?? preflight, { ...options, timeoutMs, mirrorUrls: mirrorUrls ?? [] }, [probe]);
      expect(tasks, mode).toHaveLength(1);
      const start = performance.now();
      const [result] = await runProbes(tasks, { timeoutMs });
      return { mode, result: result!, ms: performance.now() - start };
    }),
  );
}

/** Codes each mode may end in, for a probe whose failing step makes one HTTP request. */
const HTTP_CODES: Record<Mode, RegExp> = {
  "headers-forever": /^(HEADERS_OVERFLOW|TIMEOUT)$/,
  "headers-trickle": /^TIMEOUT$/,
  "endless-body": /^ANSWER_TOO_LARGE$/,
  "chunked-forever": /^ANSWER_TOO_LARGE$/,
  "short-body": /^SOCKET_CLOSED$/,
  "redirect-loop": /^TOO_MANY_REDIRECTS$/,
  "redirect-pingpong": /^TOO_MANY_REDIRECTS$/,
  malformed: /^(HPE_\w+|SOCKET_CLOSED)$/,
  garbage: /^HPE_\w+$/,
  http09: /^HPE_\w+$/,
  "html-page": /^NOT_PROXY_ANSWER$/,
  "tls-silent": /^TIMEOUT$/,
};

/** Every outcome: within the deadline, failed with an expected code and a message that says something. */
function expectAll(outcomes: Outcome[], codes: Partial<Record<Mode, RegExp>> = {}, status: Partial<Record<Mode, ProbeResult["status"]>> = {}, withinMs = WITHIN_MS): void {
  const wrong: string[] = [];
  for (const { mode, result, ms } of outcomes) {
    const code = result.error?.code ?? "";
    const message = result.error?.message ?? "";
    const want = status[mode] ?? "fail";
    const pattern = codes[mode] ?? HTTP_CODES[mode];
    if (ms > withinMs) wrong.push(`${mode}: took ${Math.round(ms)} ms`);
    if (result.status !== want) wrong.push(`${mode}: status ${result.status}, wanted ${want} (${code} ${message})`);
    if (want === "fail" && (!pattern.test(code) || message.trim().length < 8)) wrong.push(`${mode}: ${code} "${message}"`);
  }
  expect(wrong).toEqual([]);
}

function trace(partial: Partial<TraceSummary>): TraceSummary {
  return { startedMs: 0, lastProgressMs: 0, modules: [], outstanding: [], requests: [], vcs: [], lockWaits: [], errors: [], toolchain: [], timed: true, ...partial };
}

const REQUIRE = { require: [{ path: "example.test/a", version: "v1.0.0", indirect: false }] };

describe("every probe against every hostile server", () => {
  it("goproxy, asking @v/list: bounded reads, the failing step named", async () => {
    // Twelve hostile servers in this process at once: on a loaded machine an endless body needs more than 1.5 s to reach the cap.
    const outcomes = await matrix(goproxyProbe, async ({ url }) => ({ ctx: makeContext(REQUIRE, { GOPROXY: url }) }), 2 * TIMEOUT_MS);
    expectAll(outcomes, {}, {}, 2 * TIMEOUT_MS + 1000);
    for (const { mode, result } of outcomes) {
      const facts = result.facts as unknown as EndpointFacts;
      expect(facts.failedStep, mode).toBe(mode === "tls-silent" ? "tls" : "http");
      // Never more than the cap (and one chunk) read, whatever the server sends.
      expect(facts.http?.bytes ?? 0, mode).toBeLessThanOrEqual(ANSWER_CAPS.list + 128 * 1024);
    }
    const endless = outcomes.find((o) => o.mode === "endless-body")!.result;
    expect(endless.error?.message).toMatch(/the @v\/list answer was larger than 256 KiB and still going: not a module proxy's answer/);
    const html = outcomes.find((o) => o.mode === "html-page")!.result;
    expect(html.error?.message).toMatch(/HTML page \("Sign in to continue"\)/);
  });

  it("goproxy, asking the stuck module's .info", async () => {
    const outcomes = await matrix(goproxyProbe, async ({ url }) => ({
      ctx: makeContext({}, { GOPROXY: url }),
      trigger: { reason: "stall", trace: trace({ outstanding: [{ url: `${url}/example.test/a/@v/v1.0.0.info`, kind: "info", startedMs: 0 }] }) },
    }));
    expectAll(outcomes);
    const endless = outcomes.find((o) => o.mode === "endless-body")!.result;
    expect(endless.error?.message).toMatch(/the \.info answer was larger than 64 KiB and still going/);
    for (const { mode, result } of outcomes) expect((result.facts as unknown as EndpointFacts).http?.bytes ?? 0, mode).toBeLessThanOrEqual(ANSWER_CAPS.info + 128 * 1024);
  });

  it("goproxy through an HTTPS_PROXY that is the hostile server (CONNECT)", async () => {
    const outcomes = await matrix(goproxyProbe, async ({ url }) => ({
      ctx: makeContext(REQUIRE, { GOPROXY: "https://goproxy.invalid" }, { HTTPS_PROXY: url }),
    }));
    // No usable tunnel: a 302 refuses it; a 200 followed by a web page breaks the TLS handshake inside it.
    const notTls = /^ERR_SSL_WRONG_VERSION_NUMBER$/;
    expectAll(outcomes, {
      "redirect-loop": /^HTTP_302$/, "redirect-pingpong": /^HTTP_302$/,
      "endless-body": notTls, "chunked-forever": notTls, "short-body": notTls, "html-page": notTls,
      malformed: /^(HPE_\w+|SOCKET_CLOSED)$/,
    });
    for (const { mode, result } of outcomes) expect(result.error?.message ?? "", mode).not.toMatch(/deps\/openssl|Tunneling/);
  });

  it("mirrors", async () => {
    const outcomes = await matrix(mirrorsProbe, async ({ url }) => ({ ctx: makeContext(), mirrorUrls: [url] }));
    expectAll(outcomes);
  });

  it("sumdb: the proxy's /supported answer", async () => {
    const outcomes = await matrix(sumdbProbe, async ({ url }) => ({
      ctx: makeContext({}, { GOPROXY: url, GOSUMDB: verifierKey("sum.example.invalid", new Uint8Array(32).fill(7)) }),
    }));
    expectAll(outcomes, { "html-page": /^$/ }, { "html-page": "ok" });
    for (const { mode, result } of outcomes) expect((result.facts as unknown as SumdbFacts).endpoint, mode).toBeUndefined();
  });

  it("sumdb: the database itself (/latest)", async () => {
    const outcomes = await matrix(sumdbProbe, async ({ url, port }, mode) => ({
      ctx: makeContext({}, {
        GOPROXY: "direct",
        GOSUMDB: mode === "tls-silent" ? verifierKey(`127.0.0.1:${port}`, new Uint8Array(32).fill(7)) : `${verifierKey("sum.example.test", new Uint8Array(32).fill(7))} ${url}`,
      }),
    }));
    expectAll(outcomes);
  });

  it("http-proxy: the proxy's answer to CONNECT", async () => {
    const outcomes = await matrix(httpProxyProbe, async ({ url }) => ({ ctx: makeContext({}, { GOPROXY: "https://goproxy.invalid" }, { HTTPS_PROXY: url }) }));
    // A refusal (302) is the proxy's answer; a 200 with a page after it is no tunnel.
    expectAll(outcomes, {
      "redirect-loop": /^HTTP_302$/, "redirect-pingpong": /^HTTP_302$/,
      "endless-body": /^BAD_RESPONSE$/, "chunked-forever": /^BAD_RESPONSE$/, "short-body": /^BAD_RESPONSE$/, "html-page": /^BAD_RESPONSE$/,
      malformed: /^BAD_RESPONSE$/, garbage: /^BAD_RESPONSE$/, http09: /^BAD_RESPONSE$/,
    });
    for (const { mode, result } of outcomes) expect((result.facts as unknown as HttpProxyFacts).connect, mode).toBeDefined();
    expect(outcomes.find((o) => o.mode === "html-page")!.result.error?.message).toMatch(/to CONNECT with a body of \d+ bytes \(Content-Length\): a web page/);
    expect(outcomes.find((o) => o.mode === "endless-body")!.result.error?.message).toMatch(/bytes before anything went through the tunnel/);
  });

  it("vcs: the go-import page", async () => {
    const outcomes = await matrix(vcsProbe, async ({ port }) => {
      const host = `127.0.0.1:${port}`;
      return { ctx: makeContext({ require: [{ path: `${host}/r`, version: "v1.0.0", indirect: false }] }, { GOPROXY: "direct", GOINSECURE: host }) };
      // The vcs probe starts git (its config) before the page is asked for: on a loaded 2-core machine (the whole suite) that alone
      // took more than 1.5 s, and every mode, even a quick one, ended at the deadline.
    }, VCS_TIMEOUT_MS);
    // A page without end, or a login page, holds no go-import tag: that is what the go command says too.
    expectAll(outcomes, { "endless-body": /^NO_GO_IMPORT$/, "chunked-forever": /^NO_GO_IMPORT$/, "html-page": /^NO_GO_IMPORT$/ }, {}, VCS_TIMEOUT_MS + 1000);
    const html = outcomes.find((o) => o.mode === "html-page")!.result;
    expect(html.error?.message).toMatch(/no go-import meta tag for 127\.0\.0\.1:\d+\/r \(the page is "Sign in to continue"\)$/);
    const endless = outcomes.find((o) => o.mode === "endless-body")!.result;
    expect(endless.error?.message).toMatch(/in the first 64 KiB of the page, which was still going$/);
    for (const { mode, result } of outcomes) expect((result.facts as unknown as VcsFacts).goImport?.bytes ?? 0, mode).toBeLessThanOrEqual(64 * 1024 + 128 * 1024);
  });

  it("vcs: git ls-remote against the hostile server", async () => {
    const outcomes = await matrix(vcsProbe, async ({ url }) => {
      const meta = await httpServer((req, res) => res.end(`<html><head><meta name="go-import" content="${req.headers.host}/r git ${url}/r.git"></head></html>`));
      const host = `127.0.0.1:${meta}`;
      return { ctx: makeContext({ require: [{ path: `${host}/r`, version: "v1.0.0", indirect: false }] }, { GOPROXY: "direct", GOINSECURE: host }) };
      // Twelve git processes at once on a loaded 2-core machine: git's own failures need more than 1.5 s to be told from the deadline.
    }, VCS_TIMEOUT_MS);
    // git reads a body or headers without end for ever: the deadline kills it. Otherwise git's own last line says what broke.
    const killed = /^TIMEOUT$/;
    const gitSays = /^GIT_[A-Z_]+$/;
    expectAll(outcomes, {
      "headers-forever": killed, "headers-trickle": killed, "endless-body": killed, "chunked-forever": killed, "tls-silent": killed,
      "short-body": gitSays, "redirect-loop": gitSays, "redirect-pingpong": gitSays, malformed: gitSays, garbage: gitSays, http09: gitSays, "html-page": gitSays,
    }, {}, VCS_TIMEOUT_MS + 1000);
    for (const { mode, result } of outcomes) {
      const ls = (result.facts as unknown as VcsFacts).lsRemote;
      expect(ls?.ok, mode).toBe(false);
      if (!killed.test(ls?.code ?? "")) expect(ls?.message, mode).toMatch(/^fatal: /);
    }
  });

  it("goproxy: the stuck zip, when only the zip answer is hostile", async () => {
    const outcomes = await Promise.all(
      HOSTILE_MODES.map(async (mode) => {
        const px = await keep(startProxy({ faults: [{ kind: "zip", mode: { type: "hostile", hostile: mode } }] }));
        const zip = `${px.url}/example.com/a/@v/v1.0.0.zip`;
        const ctx = makeContext({}, { GOPROXY: px.url });
        const trigger: Trigger = { reason: "stall", trace: trace({ outstanding: [{ url: zip, kind: "zip", startedMs: 0 }] }) };
        const start = performance.now();
        const [result] = await runProbes(planProbes(ctx, trigger, options, [goproxyProbe]), { timeoutMs: TIMEOUT_MS });
        return { mode, result: result!, ms: performance.now() - start } satisfies Outcome;
      }),
    );
    // A zip that streams (even for ever) is a download going well: its read window ends it, no bytes kept.
    const flowing = ["endless-body", "chunked-forever", "html-page"];
    // The fixture proxy serves the ping-pong's second path (`….zip/again`) as an unknown path: 404 there.
    expectAll(outcomes, { "redirect-pingpong": /^(TOO_MANY_REDIRECTS|HTTP_404)$/ }, Object.fromEntries(flowing.map((m) => [m, "ok"])));
    for (const { mode, result } of outcomes) {
      const facts = result.facts as unknown as EndpointFacts;
      expect(facts.http?.ok, mode).toBe(true);
      if (flowing.includes(mode)) expect(facts.zip?.bytesPerSecond ?? 0, mode).toBeGreaterThan(0);
      else expect(facts.failedStep, mode).toBe("zip");
    }
  });
});
