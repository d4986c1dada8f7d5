import { afterAll, afterEach, describe, expect, it } from "vitest";
import { sumdbProbe } from "../../src/probes/sumdb.js";
import { verifierKey } from "../../src/context/sumdb.js";
import { planProbes } from "../../src/probes/registry.js";
import { runProbes } from "../../src/probes/runner.js";
import type { ProbeOptions, SumdbFacts, Trigger } from "../../src/probes/types.js";
import type { TraceSummary } from "../../src/stall/types.js";
import { makeContext } from "./context.js";
import { closeAll, httpServer, httpsServer, refusedPort, removeTempDirs, selfSigned } from "./servers.js";

afterEach(closeAll);
afterAll(removeTempDirs);

const options: ProbeOptions = { timeoutMs: 5000, mirrors: false, mirrorUrls: [], now: Date.now };
const preflight: Trigger = { reason: "preflight" };
/** A database's signed tree head, as `/latest` answers (tlog.FormatTree plus a signature line). */
const TREE = "go.sum database tree\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n— sum.golang.org x\n";

function proxy(supported: number, seen: string[]): Promise<number> {
  return httpServer((req, res) => {
    seen.push(req.url ?? "");
    res.writeHead(req.url?.includes("/sumdb/") ? supported : 200).end();
  });
}

/** A database named after its loopback address (`https://NAME` is where go finds it), with a well-formed test key. */
function gosumdb(port: number): string {
  return verifierKey(`127.0.0.1:${port}`, new Uint8Array(32).fill(7));
}

async function run(ctxArgs: Parameters<typeof makeContext>, trigger: Trigger = preflight) {
  const ctx = makeContext(...ctxArgs);
  const [result] = await runProbes(planProbes(ctx, trigger, options, [sumdbProbe]), { timeoutMs: options.timeoutMs });
  return { result: result!, facts: result!.facts as unknown as SumdbFacts };
}

describe("sumdb probe", () => {
  it("skips when GOSUMDB=off", async () => {
    const { result, facts } = await run([{}, { GOSUMDB: "off" }]);
    expect(result.status).toBe("skipped");
    expect(facts).toEqual({ name: "off", privateLookups: [] });
  });

  it("goes to the database itself when the proxy does not support it", async () => {
    const seenProxy: string[] = [];
    const seenDb: string[] = [];
    const p = await proxy(404, seenProxy);
    const db = await httpsServer((req, res) => (seenDb.push(req.url ?? ""), res.end("go.sum database tree\n1\n")));
    const { result, facts } = await run([{}, { GOPROXY: `http://127.0.0.1:${p}`, GOSUMDB: gosumdb(db) }, { SSL_CERT_FILE: selfSigned().certFile }]);
    expect(seenProxy).toEqual([`/sumdb/127.0.0.1:${db}/supported`]);
    expect(seenDb).toEqual(["/latest"]);
    expect(result.status).toBe("ok");
    expect(facts.proxySupported).toEqual([{ proxy: `http://127.0.0.1:${p}`, status: 404, code: "HTTP_404" }]);
    expect(facts.endpoint).toMatchObject({ tls: { trust: "extra-ca" }, http: { ok: true, status: 200 } });
  });

  it("uses the proxy when it supports the database, and never contacts the database", async () => {
    const seen: string[] = [];
    const p = await proxy(200, seen);
    const dbPort = await refusedPort();
    const { result, facts } = await run([{}, { GOPROXY: `http://127.0.0.1:${p}`, GOSUMDB: gosumdb(dbPort) }]);
    expect(result.status).toBe("ok");
    expect(facts.proxySupported).toEqual([{ proxy: `http://127.0.0.1:${p}`, status: 200 }]);
    expect(facts.endpoint).toBeUndefined();
  });

  it("fails when the proxy answers something else than 404/410 with a ',' separator", async () => {
    const p = await proxy(500, []);
    const dbPort = await refusedPort();
    const { result, facts } = await run([{}, { GOPROXY: `http://127.0.0.1:${p},direct`, GOSUMDB: gosumdb(dbPort) }]);
    expect(result).toMatchObject({ status: "fail", error: { code: "HTTP_500" } });
    expect(facts.endpoint).toBeUndefined();
  });

  it("uses an explicit GOSUMDB URL as is, bypassing the proxies", async () => {
    const seenProxy: string[] = [];
    const seenDb: string[] = [];
    const p = await proxy(200, seenProxy);
    const db = await httpServer((req, res) => (seenDb.push(req.url ?? ""), res.end(TREE)));
    const { result, facts } = await run([{}, { GOPROXY: `http://127.0.0.1:${p}`, GOSUMDB: `sum.golang.org http://127.0.0.1:${db}` }]);
    expect(result.status).toBe("ok");
    expect(seenProxy).toEqual([]);
    expect(seenDb).toEqual(["/latest"]);
    expect(facts.proxySupported).toBeUndefined();
  });

  it("fails when the database is unreachable", async () => {
    const dbPort = await refusedPort();
    const { result, facts } = await run([{}, { GOPROXY: "direct", GOSUMDB: `sum.golang.org http://127.0.0.1:${dbPort}` }]);
    expect(result).toMatchObject({ status: "fail", error: { code: "ECONNREFUSED" } });
    expect(facts.endpoint?.failedStep).toBe("tcp");
  });

  it("fails when the database answers 200 with something that is no tree head (a login page)", async () => {
    const db = await httpServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html><title>Portal</title></html>"));
    const { result, facts } = await run([{}, { GOPROXY: "direct", GOSUMDB: `sum.golang.org http://127.0.0.1:${db}` }]);
    expect(result).toMatchObject({ status: "fail", error: { code: "NOT_PROXY_ANSWER", message: expect.stringMatching(/^the \/latest answer is an HTML page \("Portal"\).*not a checksum database's answer$/) } });
    expect(facts.endpoint?.failedStep).toBe("http");
  });

  it("reports a malformed GOSUMDB", async () => {
    const { result } = await run([{}, { GOSUMDB: "not a valid setting" }]);
    expect(result).toMatchObject({ status: "fail", error: { code: "BAD_GOSUMDB" } });
  });

  it("lists private-looking modules that would still be looked up", async () => {
    const db = await httpServer((_req, res) => res.end(TREE));
    const t: TraceSummary = {
      startedMs: 0, lastProgressMs: 0, modules: [], outstanding: [], requests: [], vcs: [], lockWaits: [], toolchain: [], timed: true,
      errors: [{ module: "corp.invalid/lib", version: "v1.0.0", message: "verifying corp.invalid/lib@v1.0.0: reading https://sum.golang.org/lookup/corp.invalid/lib@v1.0.0: 404 Not Found", details: ["server response: not found"] }],
    };
    const mod = { require: [{ path: "corp.invalid/lib", version: "v1.0.0", indirect: false }] };
    const env = { GOPROXY: "direct", GOSUMDB: `sum.golang.org http://127.0.0.1:${db}` };
    const open = await run([mod, env], { reason: "failure", trace: t });
    expect(open.result.status).toBe("warn");
    expect(open.facts.privateLookups).toEqual(["corp.invalid/lib"]);
    const covered = await run([mod, { ...env, GONOSUMDB: "corp.invalid" }], { reason: "failure", trace: t });
    expect(covered.facts.privateLookups).toEqual([]);
  });
});
