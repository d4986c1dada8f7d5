import { afterEach, describe, expect, it } from "vitest";
import { networkProbe } from "../../src/probes/network.js";
import { mirrorsProbe, DEFAULT_MIRRORS } from "../../src/probes/mirrors.js";
import { planProbes } from "../../src/probes/registry.js";
import { runProbes } from "../../src/probes/runner.js";
import type { EndpointFacts, NetworkFacts, ProbeOptions } from "../../src/probes/types.js";
import { makeContext } from "./context.js";
import { closeAll, httpServer } from "./servers.js";

afterEach(closeAll);

const base: ProbeOptions = { timeoutMs: 2000, mirrors: false, mirrorUrls: [], now: Date.now };

describe("network probe", () => {
  it("resolves the given names and the GOPROXY hosts, DNS only", async () => {
    const ctx = makeContext({}, { GOPROXY: "http://127.0.0.1:9,https://goproxy.invalid,direct" });
    const tasks = planProbes(ctx, { reason: "preflight" }, { ...base, networkNames: ["localhost", "proxy.invalid"] }, [networkProbe]);
    expect(tasks.map((t) => t.target)).toEqual(["localhost, proxy.invalid, 127.0.0.1, goproxy.invalid"]);
    const [result] = await runProbes(tasks, { timeoutMs: base.timeoutMs });
    const facts = result!.facts as unknown as NetworkFacts;
    expect(facts.names.map((n) => [n.host, n.ok, n.code])).toEqual([
      ["localhost", true, undefined],
      ["proxy.invalid", false, "ENOTFOUND"],
      ["127.0.0.1", true, undefined],
      ["goproxy.invalid", false, "ENOTFOUND"],
    ]);
    expect(result!.status).toBe("warn");
  });

  it("fails when nothing resolves (offline)", async () => {
    const ctx = makeContext({}, { GOPROXY: "off" });
    const [result] = await runProbes(planProbes(ctx, { reason: "preflight" }, { ...base, networkNames: ["a.invalid", "b.invalid"] }, [networkProbe]), { timeoutMs: base.timeoutMs });
    expect(result).toMatchObject({ status: "fail", error: { code: "ENOTFOUND" } });
  });
});

describe("mirrors probe", () => {
  it("plans nothing unless asked", () => {
    expect(planProbes(makeContext(), { reason: "preflight" }, base, [mirrorsProbe])).toEqual([]);
    expect(DEFAULT_MIRRORS[0]).toBe("https://proxy.golang.org");
  });

  it("measures each loopback mirror's answer to a small list request", async () => {
    const seen: string[] = [];
    const fast = await httpServer((req, res) => (seen.push(req.url ?? ""), res.end("v0.3.0\n")));
    const slow = await httpServer((_req, res) => void setTimeout(() => res.end("v0.3.0\n"), 200));
    const options = { ...base, mirrors: true, mirrorUrls: [`http://127.0.0.1:${fast}`, `http://127.0.0.1:${slow}/`] };
    const tasks = planProbes(makeContext(), { reason: "preflight" }, options, [mirrorsProbe]);
    expect(tasks.map((t) => t.id)).toEqual([`mirror:http://127.0.0.1:${fast}`, `mirror:http://127.0.0.1:${slow}/`]);
    const results = await runProbes(tasks, { timeoutMs: base.timeoutMs });
    expect(results.map((r) => r.status)).toEqual(["ok", "ok"]);
    expect(seen).toEqual(["/golang.org/x/text/@v/list"]);
    const slowFacts = results[1]!.facts as unknown as EndpointFacts;
    expect(slowFacts.http?.ttfbMs).toBeGreaterThanOrEqual(180);
  });
});
