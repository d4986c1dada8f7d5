// A checksum database that speaks go's protocol (fixtures/sumdb.ts) and fails
// one step of verifying its log: a tile it does not serve, a tree head signed
// by another key or not signed at all. The real go1.23 through `diagnose --json`.
import { afterEach, describe, expect, it } from "vitest";
import { startChecksumDb, type SumdbFault } from "../../fixtures/sumdb.js";
import { verifierKey } from "../../src/context/sumdb.js";
import { cleanupAll, defer, diagnoseJson, finding, proxy, setup, startSumdb } from "./findings-support.js";

afterEach(cleanupAll);

async function against(fault: SumdbFault) {
  const db = await startChecksumDb({ fault });
  defer(() => db.close());
  const px = await proxy();
  const { dir, env } = await setup("healthy", px.url, { GOSUMDB: db.gosumdb, GONOSUMDB: "", GOPRIVATE: "" });
  return { db, ...(await diagnoseJson(dir, env)) };
}

describe("a checksum database's tile answered 404", () => {
  it("is the database's gap, named with its configured URL, not a private module", async () => {
    const { db, run, report, top, names } = await against("tile-404");
    expect(db.requests.some((r) => r.startsWith("/tile/"))).toBe(true);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("sumdb-unreachable");
    const tile = /tile\/8\/0\/000\.p\/[12]/.exec(top?.title ?? "")?.[0];
    expect(top?.title).toBe(`The checksum database sum.corp.test at 127.0.0.1:${db.port} answers 404 Not Found for a tile of its log (${tile})`);
    expect(top?.why).toMatch(/does not mean the module is private or missing/);
    expect(names).not.toMatch(/sumdb-private-lookup|sumdb-origin-failed|private-module/);
    expect(finding(report, "sumdb-private-lookup")).toBeUndefined();
    expect(top?.fixes.flatMap((f) => f.commands).join("\n")).toContain(`${db.url}/${tile}`);
  }, 40_000);
});

describe("a checksum database whose tree head does not verify with GOSUMDB's key", () => {
  it("signed by another key of the same name: GMD206 names GOSUMDB's key and the signer, never offers turning verification off", async () => {
    const { db, run, top, names } = await against("wrong-key");
    expect(run.code).toBe(1);
    expect(top?.code, names).toBe("GMD206");
    expect(top?.title).toBe("The checksum database sum.corp.test's signed tree head fails verification (note has no verifiable signatures)");
    const key = db.gosumdb.split("+").slice(0, 2).join("+");
    expect(top?.why).toContain(`but not by ${key}`);
    expect(top?.evidence).toContain(`GOSUMDB's key: ${key}`);
    expect(top?.evidence.join("\n")).toMatch(/signature line names sum\.corp\.test\+[0-9a-f]{8}/);
    const commands = top!.fixes.flatMap((f) => f.commands).join("\n");
    expect(commands).toContain(`curl -sS -m 10 ${db.url}/latest`);
    expect(commands).not.toMatch(/GOSUMDB=off|GONOSUMDB|insecure/);
    expect(names).not.toMatch(/sumdb-private-lookup|private-module/);
  }, 40_000);

  it("a signature that names GOSUMDB's key but was made by another: invalid signature, answers changed on their way", async () => {
    const { run, top, names } = await against("bad-signature");
    expect(run.code).toBe(1);
    expect(top?.code, names).toBe("GMD206");
    expect(top?.title).toMatch(/fails verification \(invalid signature\)$/);
    expect(top?.why).toMatch(/changed on its way/);
  }, 40_000);

  it("an unsigned tree head (malformed note): GMD206, not a web page in the database's place", async () => {
    const { run, top, names } = await against("malformed-note");
    expect(run.code).toBe(1);
    expect(top?.code, names).toBe("GMD206");
    expect(top?.title).toMatch(/\(malformed note\)$/);
    expect(names).not.toContain("sumdb-unreachable");
  }, 40_000);
});

describe("a checksum database other than sum.golang.org (GOSUMDB names its key and URL)", () => {
  it("answering not found for every module: named with its URL, and no module is called private for it", async () => {
    const db = await startSumdb("corp.example.com");
    const px = await proxy();
    const { dir, env } = await setup("healthy", px.url, { GOSUMDB: `${verifierKey("sum.corp.test", new Uint8Array(32).fill(7))} ${db.url}` });
    const { run, report, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(top?.title, names).toBe(`The checksum database sum.corp.test (${db.url}) does not know example.com/a (404 Not Found)`);
    expect(names).not.toMatch(/sumdb-private-lookup|private-module/);
    const all = JSON.stringify(report.findings);
    expect(all).not.toContain("sum.golang.org/lookup");
    expect(all).not.toMatch(/public checksum database/);
    expect(top?.fixes[0]?.commands).toContain(`curl -sS -m 10 ${db.url}/lookup/example.com/a@v1.0.0`);
  }, 40_000);

  it("answering that it cannot read a private repository: private, named with that database, not 'the public checksum database'", async () => {
    const db = await startSumdb("corp.example.com/");
    const px = await proxy({ faults: [{ module: "corp.example.com", mode: { type: "ok" } }] });
    const { dir, env } = await setup("private", px.url, { GOSUMDB: `${verifierKey("sum.corp.test", new Uint8Array(32).fill(7))} ${db.url}`, GONOSUMDB: "example.com/a" });
    const { report, names } = await diagnoseJson(dir, env);
    const found = finding(report, "sumdb-private-lookup");
    expect(found?.title, names).toBe(`Private module corp.example.com/private/lib looked up in the checksum database sum.corp.test (${db.url}), which cannot read it`);
  }, 40_000);

  it("a checksum mismatch against it: the curl asks that database, and a cache that was empty is not cleared", async () => {
    const { db, run, top, names } = await against("none");
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("checksum-mismatch");
    const commands = top!.fixes.flatMap((f) => f.commands);
    expect(commands).toContain(`curl -sS ${db.url}/lookup/example.com/a@v1.0.0`);
    expect(commands.join("\n")).not.toMatch(/sum\.golang\.org|go clean -modcache/);
    expect(top?.fixes[0]?.summary).toContain("sum.corp.test");
  }, 40_000);
});
