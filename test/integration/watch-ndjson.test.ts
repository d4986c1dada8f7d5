// --ndjson while watching (issue 3): stdout is JSON lines only; every line but
// the last is a live event (NdjsonEventSchema), the last is the report in the
// same envelope ({"type":"report","data":…}); a stall is announced by a
// `verdict` line before the report.
import { afterEach, describe, expect, it } from "vitest";
import { BIG_MODULE } from "../../fixtures/modules.js";
import { runCli } from "../helpers/cli.js";
import { parseNdjson } from "../helpers/ndjson.js";
import { cleanupAll, GO_VERSIONS, leftovers, proxy, setup } from "./support/watch.js";

afterEach(cleanupAll);

const NDJSON = ["--ndjson", "--stall-timeout", "2", "--probe-timeout", "2"];

describe.each(GO_VERSIONS)("go%s: --ndjson", (go) => {
  it("a stall: trace events, then a verdict line with kind stalled, then probe lines, then the report", async () => {
    const px = await proxy({ faults: [{ module: BIG_MODULE, kind: "zip", mode: { type: "stall-body", afterBytes: 100 * 1024 } }] });
    const { dir, env } = await setup("big", px.url, { go });
    const run = await runCli(["diagnose", dir, ...NDJSON], { env, timeoutMs: 45_000 });
    expect(run.code, run.stderr).toBe(3);
    const { events, report } = parseNdjson(run.stdout);
    expect(report.outcome).toBe("stalled");
    expect(report.findings[0]!.name).toBe("zip-stalled");

    const kinds = events.map((e) => (e.type === "event" || e.type === "verdict" ? `${e.type}:${String(e.data.kind)}` : e.type));
    const stalledAt = kinds.indexOf("verdict:stalled");
    expect(stalledAt, kinds.join(" ")).toBeGreaterThan(0);
    // What the verdict names is what the report names.
    const verdict = events[stalledAt]!.data as { stall: { suspects: { kind: string; module?: string; bytes?: number }[] } };
    expect(verdict.stall.suspects[0]).toMatchObject({ kind: "zip-body", module: BIG_MODULE });
    expect(verdict.stall.suspects[0]!.bytes).toBe(report.stall!.suspects[0]!.bytes);
    // Before it, the trace as it happened: the zip's start and header lines, its bytes growing.
    const before = events.slice(0, stalledAt).filter((e) => e.type === "event").map((e) => e.data);
    expect(before.some((d) => d.kind === "http-start" && String(d.url).endsWith("/example.com/big/@v/v1.0.0.zip"))).toBe(true);
    expect(before.some((d) => d.kind === "http-end" && d.status === 200 && String(d.url).endsWith(".zip"))).toBe(true);
    expect(before.some((d) => d.kind === "bytes" && d.module === BIG_MODULE && Number(d.bytes) > 0)).toBe(true);
    expect(kinds).not.toContain("event:tick");
    // The probes ran after the stall, each announced as it finished.
    const probes = events.map((e, i) => [e, i] as const).filter(([e]) => e.type === "probe");
    expect(probes.length).toBe(report.probes.length);
    expect(probes.every(([, i]) => i > stalledAt)).toBe(true);
    // Times are real: milliseconds since the epoch.
    const times = events.map((e) => e.t);
    expect(times.every((t) => t > 1.6e12)).toBe(true);
    expect(await leftovers(run.marker)).toEqual([]);
  }, 60_000);
});

describe("go1.23: --ndjson, healthy", () => {
  it("a healthy run: events and the report, no stalled verdict, exit 0", async () => {
    const px = await proxy();
    const { dir, env } = await setup("healthy", px.url);
    const run = await runCli(["diagnose", dir, ...NDJSON], { env, timeoutMs: 45_000 });
    expect(run.code, run.stderr).toBe(0);
    const { events, report } = parseNdjson(run.stdout);
    expect(report.outcome).toBe("ok");
    expect(events.filter((e) => e.type === "verdict").map((e) => e.data.kind)).not.toContain("stalled");
    expect(events.filter((e) => e.type === "probe")).toEqual([]);
    // go mod download -json results arrive as module-result events, one per module.
    const results = events.filter((e) => e.type === "event" && e.data.kind === "module-result").map((e) => e.data.module);
    expect(new Set(results)).toEqual(new Set(["example.com/a", "example.com/b"]));
    expect(await leftovers(run.marker)).toEqual([]);
  }, 60_000);
});
