// The file-proxy probe: a file:// GOPROXY entry is a directory, read with
// stat and access only; the network probes leave it alone.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { inspectFileProxy } from "../../src/probes/file-proxy.js";
import { planProbes } from "../../src/probes/registry.js";
import { runProbes } from "../../src/probes/runner.js";
import type { ProbeOptions } from "../../src/probes/types.js";
import { makeContext } from "./context.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A proxy directory holding `github.com/Shopify/sarama@v1.38.1` (case-encoded, as go writes it) and only its .mod for example.com/b. */
function proxyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "gmd-fileproxy-"));
  dirs.push(dir);
  const sarama = join(dir, "github.com/!shopify/sarama/@v");
  mkdirSync(sarama, { recursive: true });
  writeFileSync(join(sarama, "v1.38.1.mod"), "module github.com/Shopify/sarama\n");
  writeFileSync(join(sarama, "v1.38.1.zip"), "PK");
  mkdirSync(join(dir, "example.com/b/@v"), { recursive: true });
  writeFileSync(join(dir, "example.com/b/@v/v1.2.0.mod"), "module example.com/b\n");
  return dir;
}

const required = { require: [{ path: "github.com/Shopify/sarama", version: "v1.38.1", indirect: false }, { path: "example.com/b", version: "v1.2.0", indirect: false }] };
const options: ProbeOptions = { timeoutMs: 2000, mirrors: false, mirrorUrls: [], now: Date.now, networkNames: ["localhost"] };

describe("file-proxy probe", () => {
  it("names the required modules without both .mod and .zip, and what is at the files go's errors name", async () => {
    const dir = proxyDir();
    const base = pathToFileURL(dir).href;
    const ctx = makeContext(required, { GOPROXY: base });
    const trace = { errors: [{ message: `go: example.com/b@v1.2.0: reading ${base}/example.com/b/@v/v1.2.0.zip: no such file or directory`, details: [] }] };
    const facts = await inspectFileProxy(base, ctx, trace as never);
    expect(facts).toMatchObject({ dir, state: "ok", entries: 2, checkedModules: 2, missingModules: ["example.com/b@v1.2.0"] });
    expect(facts.files).toEqual([{ url: `${base}/example.com/b/@v/v1.2.0.zip`, path: join(dir, "example.com/b/@v/v1.2.0.zip"), state: "missing" }]);
  });

  it("a directory that is not there, or a file where the directory should be", async () => {
    const dir = proxyDir();
    const ctx = makeContext(required);
    expect((await inspectFileProxy(pathToFileURL(join(dir, "nope")).href, ctx, undefined)).state).toBe("missing");
    writeFileSync(join(dir, "file"), "x");
    expect((await inspectFileProxy(pathToFileURL(join(dir, "file")).href, ctx, undefined)).state).toBe("not-a-directory");
  });

  it("is planned for file:// entries only; the goproxy, network and sumdb probes do not touch them", async () => {
    const dir = proxyDir();
    const base = pathToFileURL(dir).href;
    const ctx = makeContext(required, { GOPROXY: `${base},off`, GOSUMDB: "sum.golang.org" });
    const tasks = planProbes(ctx, { reason: "preflight" }, options);
    expect(tasks.filter((t) => t.probe === "goproxy")).toEqual([]);
    expect(tasks.filter((t) => t.probe === "file-proxy").map((t) => t.target)).toEqual([base]);
    expect(tasks.find((t) => t.probe === "network")?.target).toBe("localhost");
    const results = await runProbes(tasks.filter((t) => t.probe === "file-proxy"), { timeoutMs: 2000 });
    expect(results[0]).toMatchObject({ status: "fail", error: { code: "FILE_PROXY", message: `1 of 2 required modules are not in ${dir}` } });
  });

  it("sumdb: a file:// entry with sumdb/<name>/supported serves the checksum database (go's getFile 200): the database host is not probed", async () => {
    const dir = proxyDir();
    mkdirSync(join(dir, "sumdb/sum.golang.org"), { recursive: true });
    writeFileSync(join(dir, "sumdb/sum.golang.org/supported"), "");
    const base = pathToFileURL(dir).href;
    const ctx = makeContext(required, { GOPROXY: base, GOSUMDB: "sum.golang.org" });
    const tasks = planProbes(ctx, { reason: "preflight" }, options).filter((t) => t.probe === "sumdb");
    const [result] = await runProbes(tasks, { timeoutMs: 2000 });
    expect(result?.facts).toMatchObject({ proxySupported: [{ proxy: base, status: 200 }] });
    expect(result?.facts.endpoint).toBeUndefined();
  });
});
