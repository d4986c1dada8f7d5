import { describe, expect, it } from "vitest";
import { privateModulesProbe } from "../../src/probes/private-modules.js";
import { planProbes } from "../../src/probes/registry.js";
import { runProbes } from "../../src/probes/runner.js";
import type { PrivateModulesFacts, ProbeOptions } from "../../src/probes/types.js";
import type { TraceSummary } from "../../src/stall/types.js";
import { makeContext } from "./context.js";

const options: ProbeOptions = { timeoutMs: 2000, mirrors: false, mirrorUrls: [], now: Date.now };

const trace: TraceSummary = {
  startedMs: 0, lastProgressMs: 0, modules: [], outstanding: [], vcs: [], lockWaits: [], toolchain: [], timed: true, errors: [],
  requests: [{ url: "https://proxy.golang.org/github.com/acme/secret/@v/v1.0.0.info", kind: "info", startedMs: 0, status: 404 }],
};

describe("private-modules probe", () => {
  it("routes every module and finds private-looking ones GOPRIVATE does not cover", async () => {
    const ctx = makeContext(
      {
        require: [
          { path: "corp.invalid/team/lib", version: "v1.0.0", indirect: false },
          { path: "github.com/acme/secret", version: "v1.0.0", indirect: false },
          { path: "github.com/acme/public", version: "v1.0.0", indirect: false },
          { path: "covered.invalid/x", version: "v0.1.0", indirect: true },
          { path: "example.invalid/local", version: "v0.0.0", indirect: false },
        ],
        replace: [{ oldPath: "example.invalid/local", newPath: "../local", local: true }],
      },
      { GOPROXY: "https://proxy.golang.org,direct", GOPRIVATE: "covered.invalid", GONOPROXY: "covered.invalid", GONOSUMDB: "covered.invalid" },
    );
    const [result] = await runProbes(planProbes(ctx, { reason: "failure", trace }, options, [privateModulesProbe]), { timeoutMs: options.timeoutMs });
    const facts = result!.facts as unknown as PrivateModulesFacts;
    expect(result!.status).toBe("warn");
    const byPath = new Map(facts.routes.map((r) => [r.path, r]));
    // A host that does not resolve is not evidence by itself: no DNS look-ups of module hosts.
    expect(byPath.get("corp.invalid/team/lib")).toMatchObject({ route: "proxy", noProxy: false });
    expect(byPath.get("corp.invalid/team/lib")?.looksPrivate).toBeUndefined();
    expect(byPath.get("github.com/acme/secret")).toMatchObject({ route: "proxy", looksPrivate: expect.stringContaining("404") });
    expect(byPath.get("github.com/acme/public")?.looksPrivate).toBeUndefined();
    expect(byPath.get("covered.invalid/x")).toMatchObject({ route: "direct", noProxy: true, noSumdb: true });
    expect(byPath.get("example.invalid/local")).toMatchObject({ route: "local" });
    expect(byPath.get("example.invalid/local")?.looksPrivate).toBeUndefined();
    expect(facts.uncovered).toEqual(["github.com/acme/secret"]);
    expect(facts.suggestedGoprivate).toContain("covered.invalid");
    expect(facts.suggestedGoprivate).toContain("github.com/acme");
  });

  it("is ok when nothing looks private", async () => {
    const ctx = makeContext({ require: [{ path: "github.com/acme/public", version: "v1.0.0", indirect: false }] }, { GOPROXY: "https://proxy.golang.org,direct" });
    const [result] = await runProbes(planProbes(ctx, { reason: "preflight" }, options, [privateModulesProbe]), { timeoutMs: options.timeoutMs });
    expect(result).toMatchObject({ status: "ok", facts: { uncovered: [] } });
  });
});
