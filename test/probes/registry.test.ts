import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PROBES, planProbes } from "../../src/probes/registry.js";
import { runProbes } from "../../src/probes/runner.js";
import type { ProbeOptions, ProbeTask } from "../../src/probes/types.js";
import { ProbeResultSchema } from "../../src/report/schema.js";
import { makeContext } from "./context.js";
import { blackhole, closeAll, refusedPort } from "./servers.js";

afterEach(closeAll);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("planProbes", () => {
  it("lists every probe family once", () => {
    expect(PROBES.map((p) => p.id)).toEqual(["network", "goproxy", "file-proxy", "http-proxy", "sumdb", "private-modules", "vcs", "modcache", "mirror"]);
  });

  it("makes repeated ids unique", () => {
    const twice = { id: "x", title: "x", plan: (): ProbeTask[] => [{ id: "x:a", probe: "x", title: "x", target: "a", run: async () => ({ status: "ok" as const, facts: {} }) }] };
    const tasks = planProbes(makeContext(), { reason: "preflight" }, { timeoutMs: 1, mirrors: false, mirrorUrls: [], now: Date.now }, [twice, twice]);
    expect(tasks.map((t) => t.id)).toEqual(["x:a", "x:a#2"]);
  });

  it("runs a whole loopback plan, silent endpoints included, within the timeout + 1 s", async () => {
    const silent = await blackhole();
    const refused = await refusedPort();
    const cache = mkdtempSync(join(tmpdir(), "gmd-reg-"));
    dirs.push(cache);
    const ctx = makeContext(
      { require: [
        { path: "example.test/a", version: "v1.0.0", indirect: false },
        { path: "git.corp.invalid/b", version: "v1.0.0", indirect: false },
      ] },
      { GOPROXY: `http://127.0.0.1:${silent},http://127.0.0.1:${refused},direct`, GOSUMDB: `sum.golang.org http://127.0.0.1:${silent}`, GOPRIVATE: "git.corp.invalid", GONOPROXY: "git.corp.invalid", GONOSUMDB: "git.corp.invalid", GOMODCACHE: cache },
      { HTTP_PROXY: "http://proxy.invalid:3128" },
    );
    const timeoutMs = 1500;
    const options: ProbeOptions = { timeoutMs, mirrors: true, mirrorUrls: [`http://127.0.0.1:${silent}`], now: Date.now, networkNames: ["localhost"] };
    const tasks = planProbes(ctx, { reason: "stall" }, options);
    expect(new Set(tasks.map((t) => t.id)).size).toBe(tasks.length);
    expect(tasks.map((t) => t.probe)).toEqual(["network", "goproxy", "goproxy", "http-proxy", "sumdb", "private-modules", "vcs", "modcache", "mirror"]);
    const start = performance.now();
    const results = await runProbes(tasks, { timeoutMs });
    expect(performance.now() - start).toBeLessThan(timeoutMs + 1000);
    for (const r of results) expect(ProbeResultSchema.safeParse(r).success).toBe(true);
    expect(results.map((r) => r.id)).toEqual(tasks.map((t) => t.id));
    expect(results.find((r) => r.probe === "modcache")?.status).toBe("ok");
  });
});
