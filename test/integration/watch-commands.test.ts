// Watching any go command (issue 3): `gomod-doctor diagnose DIR -- go ...`
// runs that command under the same watch. A stalled fetch inside `go mod tidy`
// is a stall; a compile error in `go build` is go's own failure, passed
// through with go's exit code; a healthy `go list -m all` is exit 0.
import { afterEach, describe, expect, it } from "vitest";
import { BIG_MODULE } from "../../fixtures/modules.js";
import { goBin, runCommand } from "../../fixtures/run-go.js";
import { runCli } from "../helpers/cli.js";
import { runDiagnose } from "./support/diagnose-run.js";
import { cleanupAll, GO_VERSIONS, leftovers, proxy, setup } from "./support/watch.js";

afterEach(cleanupAll);

const USES_BIG = `package main

import "example.com/big"

func main() { println(big.Name) }
`;

// A library package (not main, no fmt): go compiles only a, b and this, so
// the compile error comes in a second even with an empty build cache.
const BROKEN_LIB = `package lib

import "example.com/b"

// Wrong on purpose: b.Name is a string.
var N int = b.Name
`;

describe.each(GO_VERSIONS)("go%s: diagnose -- <go command>", (go) => {
  it("go mod tidy with a zip body that stops: stalled, exit 3, the module named", async () => {
    const px = await proxy({ faults: [{ module: BIG_MODULE, kind: "zip", mode: { type: "stall-body", afterBytes: 16 * 1024 } }] });
    // tidy needs the zip only for a module whose packages are imported.
    const { dir, env } = await setup({ requires: { [BIG_MODULE]: "v1.0.0" }, files: { "main.go": USES_BIG } }, px.url, { go });
    const { run, report } = await runDiagnose({ dir, env, goCommand: ["go", "mod", "tidy"] });
    expect(run.code, run.stderr).toBe(3);
    expect(report.outcome).toBe("stalled");
    // go1.19's tidy has no -x: the tool drops it and watches the module cache alone.
    if (go === "1.19") {
      expect(report.goCommand).toEqual(["go", "mod", "tidy"]);
      expect(report.limits.join("\n")).toMatch(/does not accept -x/);
    } else expect(report.goCommand).toEqual(["go", "mod", "tidy", "-x"]);
    expect(report.findings[0]!.name).toBe("zip-stalled");
    expect(report.findings[0]!.modules).toEqual([BIG_MODULE]);
    expect(report.stall!.suspects[0]).toMatchObject({ kind: "zip-body", module: BIG_MODULE });
    // tidy fetched through the proxy the zip that stopped.
    expect(px.requests.some((r) => r.path === "/example.com/big/@v/v1.0.0.zip")).toBe(true);
  }, 60_000);

  it("go build with a compile error after a healthy download: go's own exit code, the error passed through, no download blocker", async () => {
    const px = await proxy();
    const { dir, env } = await setup({ requires: { "example.com/a": "v1.0.0", "example.com/b": "v1.2.0" }, files: { "lib.go": BROKEN_LIB } }, px.url, { go });

    // Human mode: go's own lines reach the user on stderr, with go's own exit
    // code (go1.23 exits 1 for a compile error); go1.19 exits 2, which would
    // read as "the tool could not run", so the tool says 1 instead.
    const human = await runCli(["diagnose", dir, "--stall-timeout", "2", "--probe-timeout", "2", "--", "go", "build", "./..."], { env, timeoutMs: 45_000 });
    const plain = await runCommand([goBin(go), "build", "./..."], { cwd: dir, env, timeoutMs: 30_000 });
    expect(plain.stderr).toMatch(/cannot use b\.Name/);
    expect(plain.code).toBe(go === "1.23" ? 1 : 2);
    const passed = plain.code === 2 || plain.code === 3 ? 1 : plain.code;
    expect(human.code, human.stderr).toBe(passed);
    expect(human.stderr).toMatch(/lib\.go:6:\d+: cannot use b\.Name \(.*constant.*\) as int value in variable declaration/);
    // Only go's own lines: not the compile commands that the added -x echoes.
    expect(human.stderr).not.toMatch(/\$WORK|\/pkg\/tool\/|# internal|^cd \//m);
    expect(await leftovers(human.marker)).toEqual([]);
    // The modules did download (through the proxy) before the compile failed.
    expect(px.requests.map((r) => r.path)).toEqual(expect.arrayContaining(["/example.com/a/@v/v1.0.0.zip", "/example.com/b/@v/v1.2.0.zip"]));

    // JSON mode: the same verdict as data, and stdout is only the report.
    const { run: json, report } = await runDiagnose({ dir, env, goCommand: ["go", "build", "./..."] });
    expect(json.code, json.stderr).toBe(passed);
    expect(report.outcome).toBe("failed");
    expect(report.exitCode).toBe(passed);
    // go printed no `go:` line: its compile error is what the report quotes.
    expect(report.errors.join("\n")).toMatch(/lib\.go:6:\d+: cannot use b\.Name/);
    // Said for what it is: the code's failure, not a download's; nothing on the network was probed.
    expect(report.findings.map((f) => f.code)).toEqual(["GMD903"]);
    expect(report.findings[0]!).toMatchObject({ name: "not-a-download-failure", severity: "info" });
    expect(report.findings[0]!.title).toBe("go build ./... failed on its own errors, not while fetching modules");
    // The human run above fetched them: this one found every module in the cache.
    expect(report.findings[0]!.why).toMatch(/^Every module it needed was in the module cache; go build \.\/\.\.\. then failed on: .*cannot use b\.Name/);
    expect(report.probes).toEqual([]);
    expect(report.limits.join("\n")).toMatch(/go build failed on its own errors.*probes were not run/);
    const blockers = report.findings.filter((f) => f.severity === "blocker");
    expect(blockers, JSON.stringify(blockers.map((f) => f.name))).toEqual([]);
    expect(report.findings.map((f) => f.name)).not.toContain("zip-stalled");
    expect(report.stall).toBeUndefined();
  }, 60_000);

  it("go list -m all, healthy: exit 0; in --json mode go's listing stays off stdout", async () => {
    const px = await proxy();
    const { dir, env } = await setup("healthy", px.url, { go });
    const human = await runCli(["diagnose", dir, "--stall-timeout", "2", "--probe-timeout", "2", "--", "go", "list", "-m", "all"], { env, timeoutMs: 45_000 });
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout + human.stderr).toContain("example.com/b v1.2.0");
    const { run: json, report } = await runDiagnose({ dir, env, goCommand: ["go", "list", "-m", "all"] });
    expect(json.code, json.stderr).toBe(0);
    expect(report.outcome).toBe("ok");
    expect(report.goCommand!.slice(0, 3)).toEqual(["go", "list", "-x"]);
    expect(report.findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(await leftovers(human.marker)).toEqual([]);
  }, 60_000);
});
