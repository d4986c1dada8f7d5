import { afterEach, describe, expect, it } from "vitest";
import { httpProxyProbe } from "../../src/probes/http-proxy.js";
import { planProbes } from "../../src/probes/registry.js";
import { runProbes } from "../../src/probes/runner.js";
import type { HttpProxyFacts, ProbeOptions, Trigger } from "../../src/probes/types.js";
import { makeContext } from "./context.js";
import { closeAll, rawServer, refusedPort } from "./servers.js";

afterEach(closeAll);

const options: ProbeOptions = { timeoutMs: 2000, mirrors: false, mirrorUrls: [], now: Date.now };
const preflight: Trigger = { reason: "preflight" };

describe("http-proxy probe", () => {
  it("plans nothing without proxy variables", () => {
    expect(planProbes(makeContext(), preflight, options, [httpProxyProbe])).toEqual([]);
  });

  it("reaches the proxy, maps the routes and records its CONNECT answer", async () => {
    const requests: string[] = [];
    const port = await rawServer((socket) =>
      socket.once("data", (d) => {
        requests.push(d.toString().split("\r\n")[0]!);
        socket.end("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n");
      }),
    );
    const ctx = makeContext({}, { GOPROXY: "https://goproxy.invalid,http://127.0.0.1:9/local" }, { HTTPS_PROXY: `http://u:secret@127.0.0.1:${port}` });
    const tasks = planProbes(ctx, preflight, options, [httpProxyProbe]);
    expect(tasks.map((t) => t.id)).toEqual(["http-proxy:HTTPS_PROXY"]);
    const [result] = await runProbes(tasks, { timeoutMs: options.timeoutMs });
    const facts = result!.facts as unknown as HttpProxyFacts;
    expect(result).toMatchObject({ status: "fail", error: { code: "HTTP_407" } });
    expect(facts).toMatchObject({ variable: "HTTPS_PROXY", url: `http://***@127.0.0.1:${port}`, dns: { ok: true }, tcp: { ok: true }, connect: { status: 407, target: "goproxy.invalid:443" } });
    expect(facts.routes).toEqual([
      { endpoint: "https://goproxy.invalid", proxied: true },
      { endpoint: "http://127.0.0.1:9/local", proxied: false },
    ]);
    expect(requests).toEqual(["CONNECT goproxy.invalid:443 HTTP/1.1"]);
    expect(JSON.stringify(result)).not.toContain("secret");
  });

  it("fails at dns or tcp for an unreachable proxy", async () => {
    const refused = await refusedPort();
    const ctx = makeContext({}, { GOPROXY: "https://goproxy.invalid" }, { HTTP_PROXY: "http://proxy.invalid:3128", HTTPS_PROXY: `127.0.0.1:${refused}` });
    const results = await runProbes(planProbes(ctx, preflight, options, [httpProxyProbe]), { timeoutMs: options.timeoutMs });
    expect(results.map((r) => [r.id, r.status, r.error?.code])).toEqual([
      ["http-proxy:HTTPS_PROXY", "fail", "ECONNREFUSED"],
      ["http-proxy:HTTP_PROXY", "fail", "ENOTFOUND"],
    ]);
  });
});
