import { describe, expect, it } from "vitest";
import { parseProxyUrl, privateEvidence, requiredModules, stuckTargets } from "../../src/probes/evidence.js";
import { goImportFor, parseGoImports } from "../../src/probes/net/goimport.js";
import type { TraceSummary } from "../../src/stall/types.js";
import { makeContext } from "./context.js";

function trace(partial: Partial<TraceSummary>): TraceSummary {
  return { startedMs: 0, lastProgressMs: 0, modules: [], outstanding: [], requests: [], vcs: [], lockWaits: [], errors: [], toolchain: [], timed: true, ...partial };
}

const BASE = "http://127.0.0.1:9/proxy";

describe("parseProxyUrl", () => {
  it("decodes module and version relative to a known base", () => {
    expect(parseProxyUrl(`${BASE}/github.com/!burnt!sushi/toml/@v/v1.2.0.zip`, [BASE])).toEqual({ module: "github.com/BurntSushi/toml", version: "v1.2.0", ext: "zip", base: BASE });
    expect(parseProxyUrl(`${BASE}/example.com/a/@v/list`, [`${BASE}/`])).toEqual({ module: "example.com/a", ext: "list", base: BASE });
    expect(parseProxyUrl(`${BASE}/example.com/a/@latest`, [BASE])).toMatchObject({ module: "example.com/a", ext: "latest" });
    expect(parseProxyUrl("http://other/example.com/a/@v/list", [BASE])).toBeUndefined();
  });
});

describe("stuckTargets", () => {
  it("puts stall suspects first, then outstanding requests, then failed modules", () => {
    const t = trace({
      stall: { atMs: 1, idleMs: 1, suspects: [{ kind: "zip-body", module: "example.com/z", version: "v1.0.0", url: `${BASE}/example.com/z/@v/v1.0.0.zip`, idleMs: 1 }] },
      outstanding: [{ url: `${BASE}/example.com/o/@v/v2.0.0.mod`, kind: "mod", startedMs: 0 }],
      modules: [
        { path: "example.com/f", version: "v0.1.0", state: "failed", bytes: 0 },
        { path: "example.com/d", version: "v0.1.0", state: "done", bytes: 0 },
      ],
    });
    expect(stuckTargets(t, [BASE])).toEqual([
      { module: "example.com/z", version: "v1.0.0", url: `${BASE}/example.com/z/@v/v1.0.0.zip`, zip: true },
      { module: "example.com/o", version: "v2.0.0", url: `${BASE}/example.com/o/@v/v2.0.0.mod`, zip: false },
      { module: "example.com/f", version: "v0.1.0", zip: false },
    ]);
    expect(stuckTargets(undefined, [BASE])).toEqual([]);
  });

  it("a failed module whose zip was answered with an error status: its zip is read (where the proxy redirects it)", () => {
    const zip = `${BASE}/example.com/f/@v/v0.1.0.zip`;
    const t = trace({
      requests: [
        { url: `${BASE}/example.com/f/@v/v0.1.0.mod`, kind: "mod", startedMs: 0, status: 200 },
        { url: zip, kind: "zip", startedMs: 1, status: 403 },
        { url: `${BASE}/example.com/g/@v/v0.2.0.mod`, kind: "mod", startedMs: 2, status: 404 },
      ],
      modules: [
        { path: "example.com/f", version: "v0.1.0", state: "failed", bytes: 0 },
        { path: "example.com/g", version: "v0.2.0", state: "failed", bytes: 0 },
      ],
    });
    expect(stuckTargets(t, [BASE])).toEqual([
      { module: "example.com/f", version: "v0.1.0", url: zip, zip: true },
      { module: "example.com/g", version: "v0.2.0", zip: false },
    ]);
  });

  it("a failed module whose zip came with 200 (go could not read it): its zip is read too, to see where it comes from", () => {
    const zip = `${BASE}/example.com/f/@v/v0.1.0.zip`;
    const t = trace({
      requests: [{ url: zip, kind: "zip", startedMs: 1, status: 200 }],
      modules: [{ path: "example.com/f", version: "v0.1.0", state: "failed", bytes: 0 }],
    });
    expect(stuckTargets(t, [BASE])).toEqual([{ module: "example.com/f", version: "v0.1.0", url: zip, zip: true }]);
  });
});

describe("privateEvidence", () => {
  it("finds a not-found answer naming the module", () => {
    const t = trace({
      errors: [{ module: "git.corp.example/team/lib", version: "v1.0.0", message: "git.corp.example/team/lib@v1.0.0: reading https://proxy.golang.org/git.corp.example/team/lib/@v/v1.0.0.mod: 404 Not Found", details: ["server response: not found"] }],
    });
    expect(privateEvidence(t, "git.corp.example/team/lib")).toMatch(/404 Not Found/);
    expect(privateEvidence(t, "git.corp.example/team")).toBeUndefined();
  });

  it("uses 404/410 requests for the module's own URLs only", () => {
    const t = trace({ requests: [{ url: `${BASE}/example.com/ab/@v/v1.0.0.info`, kind: "info", startedMs: 0, status: 410 }] });
    expect(privateEvidence(t, "example.com/ab")).toContain("410");
    expect(privateEvidence(t, "example.com/a")).toBeUndefined();
  });

  it("ignores unrelated failures", () => {
    const t = trace({ errors: [{ module: "example.com/a", message: "example.com/a@v1.0.0: dial tcp: connection refused", details: [] }] });
    expect(privateEvidence(t, "example.com/a")).toBeUndefined();
  });
});

describe("requiredModules", () => {
  it("applies replacements: local ones need no download, others change the path", () => {
    const ctx = makeContext({
      require: [
        { path: "example.com/a", version: "v1.0.0", indirect: false },
        { path: "example.com/b", version: "v1.0.0", indirect: true },
        { path: "example.com/c", version: "v1.0.0", indirect: false },
      ],
      replace: [
        { oldPath: "example.com/a", newPath: "../a", local: true },
        { oldPath: "example.com/b", newPath: "fork.example/b", newVersion: "v1.1.0", local: false },
      ],
    });
    expect(requiredModules(ctx)).toEqual([
      { path: "example.com/a", version: "v1.0.0", local: true },
      { path: "fork.example/b", version: "v1.1.0", local: false },
      { path: "example.com/c", version: "v1.0.0", local: false },
    ]);
  });
});

describe("go-import meta tags", () => {
  const html = `<!DOCTYPE html><html><head>
    <meta name="go-import" content="git.corp.example/team/lib git https://git.corp.example/team/lib.git">
    <meta content='git.corp.example/other mod https://proxy.corp/' name='go-import'>
    <meta name="go-source" content="x y z">
    </head><body><meta name="go-import" content="git.corp.example/late git https://late"></body></html>`;

  it("parses the tags in the head, in either attribute order", () => {
    expect(parseGoImports(html)).toEqual([
      { prefix: "git.corp.example/team/lib", vcs: "git", repo: "https://git.corp.example/team/lib.git" },
      { prefix: "git.corp.example/other", vcs: "mod", repo: "https://proxy.corp/" },
    ]);
  });

  it("picks the tag whose prefix covers the import path", () => {
    expect(goImportFor(html, "git.corp.example/team/lib/sub")?.repo).toBe("https://git.corp.example/team/lib.git");
    expect(goImportFor(html, "git.corp.example/team/library")).toBeUndefined();
    expect(goImportFor(html, "git.corp.example/late")).toBeUndefined();
  });
});
