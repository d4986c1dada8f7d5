// Private modules, credentials and the checksum database, live: the real go
// against the fixture proxy and a checksum-database stand-in on loopback.
// Each cause must rank first; each look-alike must not be taken for it.
import { afterEach, describe, expect, it } from "vitest";
import { PRIVATE_MODULE } from "../../fixtures/modules.js";
import { blackhole, cleanupAll, diagnoseJson, finding, gosumdbFor, proxy, setup, startSumdb } from "./findings-support.js";

afterEach(cleanupAll);

describe("private modules and the proxy", () => {
  it("a private module the proxy answers 404 'unrecognized import path' for, not in GOPRIVATE: add GOPRIVATE=corp.example.com", async () => {
    const px = await proxy(); // the private module is hidden: 404 with a proxy.golang.org-style body
    const { dir, env } = await setup("private", px.url);
    const { run, report, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("private-not-in-goprivate");
    expect(top?.severity).toBe("blocker");
    expect(top?.modules).toEqual([PRIVATE_MODULE]);
    expect(top?.fixes[0]?.commands).toEqual(["go env -w GOPRIVATE=corp.example.com"]);
    expect(finding(report, "module-not-found")).toBeUndefined();
  }, 60_000);

  it("look-alike: the same 404 for a module already under GOPRIVATE (GONOPROXY=none, an internal proxy) is not 'add GOPRIVATE'", async () => {
    const px = await proxy();
    const { dir, env } = await setup("private", px.url, { GOPRIVATE: "corp.example.com", GONOPROXY: "none" });
    const { run, report, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(finding(report, "private-not-in-goprivate"), names).toBeUndefined();
    expect(report.findings.flatMap((f) => f.fixes.flatMap((x) => x.commands))).not.toContain("go env -w GOPRIVATE=corp.example.com");
    expect(top?.name, names).toBe("module-not-found");
    expect(top?.why).toMatch(/already covered by GOPRIVATE/);
  }, 60_000);

  it("auth required (401 for a module): auth-failed first, distinct from not found", async () => {
    const px = await proxy({ faults: [{ module: "example.com/a", mode: { type: "status", status: 401, body: "unauthorized" } }] });
    const { dir, env } = await setup("healthy", px.url);
    const { run, report, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("auth-failed");
    expect(top?.evidence.join("\n")).toMatch(/401/);
    expect(finding(report, "module-not-found")).toBeUndefined();
  }, 60_000);

  it("look-alike: a 404 for the same module is module-not-found, not auth-failed", async () => {
    const px = await proxy({ faults: [{ module: "example.com/a", mode: { type: "status", status: 404, body: "not found: example.com/a@v1.0.0: invalid version: unknown revision v1.0.0" } }] });
    const { dir, env } = await setup("healthy", px.url);
    const { run, report, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("module-not-found");
    expect(finding(report, "auth-failed")).toBeUndefined();
  }, 60_000);
});

describe("a missing version of a module the proxy knows", () => {
  // The proxy's 404 for the version says "unrecognized import path" (as a proxy that tried a path-guess says), yet it lists the module's versions.
  const GOMOD = "module example.com/m\n\ngo 1.19\n\nrequire example.com/a v1.0.9\n";
  const BODY = 'not found: example.com/a@v1.0.9: unrecognized import path "example.com/a": reading https://example.com/a?go-get=1: 404 Not Found';

  it("the probe reads @v/list: the proxy knows example.com/a, so v1.0.9 is missing (module-not-found), not a private module", async () => {
    const px = await proxy({ faults: [{ module: "example.com/a", kind: "info", mode: { type: "status", status: 404, body: BODY } }] });
    const { dir, env } = await setup({ gomod: GOMOD }, px.url);
    const { run, report, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(px.requests.some((r) => r.path === "/example.com/a/@v/list"), "the probe asked for the list").toBe(true);
    expect(top?.name, names).toBe("module-not-found");
    expect(top?.modules).toEqual(["example.com/a"]);
    expect(top?.evidence[0]).toMatch(/\/example\.com\/a\/@v\/list: the proxy knows example\.com\/a: \d+ version\(s\) \(newest: v1\.0\.0\)$/);
    expect(finding(report, "private-not-in-goprivate"), names).toBeUndefined();
  }, 60_000);

  it("look-alike: the list answers 404 too: nothing says the proxy knows it, so the private reading stands", async () => {
    const px = await proxy({ faults: [{ module: "example.com/a", mode: { type: "status", status: 404, body: BODY } }] });
    const { dir, env } = await setup({ gomod: GOMOD }, px.url);
    const { report, names } = await diagnoseJson(dir, env);
    expect(finding(report, "module-not-found")?.evidence.join("\n") ?? "", names).not.toMatch(/the proxy knows/);
    expect(names).toMatch(/private-not-in-goprivate/);
  }, 60_000);
});

describe("the checksum database", () => {
  it("unreachable (GOSUMDB at a blackhole, GONOSUMDB unset, proxy healthy): exit 3, sumdb-unreachable first", async () => {
    const px = await proxy();
    const hole = await blackhole();
    const { dir, env } = await setup("healthy", px.url, { GOSUMDB: gosumdbFor(hole.url) });
    const { run, report, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(3);
    expect(top?.name, names).toBe("sumdb-unreachable");
    expect(top?.evidence.join("\n")).toContain(`127.0.0.1:${hole.port}`);
    // The proxy itself answered: it is not the one blackholed.
    expect(finding(report, "proxy-blackholed")).toBeUndefined();
    expect(report.probes.find((p) => p.probe === "goproxy")?.status).toBe("ok");
  }, 60_000);

  it("a private module looked up in the checksum database (410 from the database): sumdb-private-lookup first", async () => {
    const px = await proxy({ faults: [{ module: "corp.example.com", mode: { type: "ok" } }] }); // the proxy serves it
    const db = await startSumdb("corp.example.com/");
    const { dir, env } = await setup("private", px.url, { GOSUMDB: gosumdbFor(db.url) });
    // example.com/a is public and already verified: only the private module is looked up.
    env.GONOSUMDB = "example.com/a";
    const { run, report, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(db.requests.some((u) => u.startsWith(`/lookup/${PRIVATE_MODULE}@`))).toBe(true);
    expect(top?.name, names).toBe("sumdb-private-lookup");
    expect(top?.modules).toEqual([PRIVATE_MODULE]);
    expect(top?.fixes[0]?.commands.join("\n")).toMatch(/GONOSUMDB=.*corp\.example\.com|GOPRIVATE=.*corp\.example\.com/);
    // It answered: the database is reachable.
    expect(finding(report, "sumdb-unreachable")).toBeUndefined();
  }, 60_000);

  it("GOPRIVATE covers the private module but a set GONOSUMDB does not (it replaces GOPRIVATE there): sumdb-private-lookup says so, fixes GONOSUMDB", async () => {
    const px = await proxy({ faults: [{ module: "corp.example.com", mode: { type: "ok" } }] });
    const db = await startSumdb("corp.example.com/");
    const { dir, env } = await setup("private", px.url, { GOSUMDB: gosumdbFor(db.url), GOPRIVATE: "corp.example.com", GONOPROXY: "none", GONOSUMDB: "example.com/a" });
    const { run, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(db.requests.some((u) => u.startsWith(`/lookup/${PRIVATE_MODULE}@`))).toBe(true);
    expect(top?.name, names).toBe("sumdb-private-lookup");
    expect(top?.title).toMatch(/^GONOSUMDB=example\.com\/a replaces GOPRIVATE for the checksum database: corp\.example\.com\/private\/lib is looked up in /);
    expect(top?.fixes.map((f) => f.commands[0])).toEqual(["export GONOSUMDB=example.com/a,corp.example.com", "unset GONOSUMDB"]);
  }, 60_000);

  it("look-alike: the private module under GONOSUMDB is never looked up: exit 0", async () => {
    const px = await proxy({ faults: [{ module: "corp.example.com", mode: { type: "ok" } }] });
    const db = await startSumdb("corp.example.com/");
    const { dir, env } = await setup("private", px.url, { GOSUMDB: gosumdbFor(db.url), GONOSUMDB: "corp.example.com,example.com/a" });
    const { run, report, names } = await diagnoseJson(dir, env);
    expect(run.code, names).toBe(0);
    expect(finding(report, "sumdb-private-lookup")).toBeUndefined();
    expect(db.requests.filter((u) => u.startsWith("/lookup/"))).toEqual([]);
  }, 60_000);
});
