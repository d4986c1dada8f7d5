import { describe, expect, it } from "vitest";
import { runProbes } from "../../src/probes/runner.js";
import type { ProbeTask } from "../../src/probes/types.js";
import type { ProbeResult } from "../../src/report/schema.js";

function task(id: string, run: ProbeTask["run"]): ProbeTask {
  return { id: `t:${id}`, probe: "t", title: `task ${id}`, target: id, run };
}

const ok: ProbeTask["run"] = async () => ({ status: "ok", facts: { fine: true } });

describe("runProbes", () => {
  it("returns results in plan order with ids, titles and timing", async () => {
    const slow = task("slow", () => new Promise((resolve) => setTimeout(() => resolve({ status: "warn", facts: { n: 1 } }), 50)));
    const results = await runProbes([slow, task("fast", ok)], { timeoutMs: 1000 });
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ["t:slow", "warn"],
      ["t:fast", "ok"],
    ]);
    expect(results[0]).toMatchObject({ probe: "t", title: "task slow", target: "slow", facts: { n: 1 } });
    expect(results[0]!.ms).toBeGreaterThanOrEqual(40);
  });

  it("turns a throwing task into an error result with the cause", async () => {
    const throwsSync = task("sync", () => {
      throw Object.assign(new Error("boom"), { code: "EACCES" });
    });
    const rejects = task("async", async () => {
      throw new Error("kaput");
    });
    const [a, b, c] = await runProbes([throwsSync, rejects, task("ok", ok)], { timeoutMs: 1000 });
    expect(a).toMatchObject({ status: "error", error: { code: "EACCES", message: "boom" }, facts: {} });
    expect(b).toMatchObject({ status: "error", error: { code: "EXCEPTION", message: "kaput" } });
    expect(c!.status).toBe("ok");
  });

  it("cuts off a task that ignores its signal at the deadline", async () => {
    const deaf = task("deaf", () => new Promise(() => undefined));
    const start = performance.now();
    const [result] = await runProbes([deaf], { timeoutMs: 200, graceMs: 50 });
    const ms = performance.now() - start;
    expect(result).toMatchObject({ status: "fail", error: { code: "TIMEOUT" } });
    expect(ms).toBeGreaterThanOrEqual(190);
    expect(ms).toBeLessThan(700);
  });

  it("keeps the partial facts of a task that returns when its signal aborts", async () => {
    const polite = task("polite", (signal) => new Promise((resolve) => signal.addEventListener("abort", () => resolve({ status: "fail", facts: { partial: true }, error: { code: "TIMEOUT", message: "http step" } }))));
    const [result] = await runProbes([polite], { timeoutMs: 100 });
    expect(result).toMatchObject({ status: "fail", facts: { partial: true }, error: { code: "TIMEOUT", message: "http step" } });
  });

  it("runs everything at once: ten deaf tasks cost one deadline", async () => {
    const tasks = Array.from({ length: 10 }, (_, i) => task(String(i), () => new Promise(() => undefined)));
    const start = performance.now();
    const results = await runProbes(tasks, { timeoutMs: 300, graceMs: 50 });
    expect(results).toHaveLength(10);
    expect(results.every((r) => r.error?.code === "TIMEOUT")).toBe(true);
    expect(performance.now() - start).toBeLessThan(900);
  });

  it("reports ABORT when the caller cancels", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const [result] = await runProbes([task("x", () => new Promise(() => undefined))], { timeoutMs: 5000, signal: controller.signal, graceMs: 20 });
    expect(result).toMatchObject({ status: "fail", error: { code: "ABORT" } });
    expect(result!.ms).toBeLessThan(1000);
  });

  it("redacts secrets in targets, facts and errors, and calls onResult per task", async () => {
    const seen: ProbeResult[] = [];
    const leaky = task("https://u:hunter2@proxy.test/", async () => ({
      status: "fail",
      facts: { url: "https://u:hunter2@proxy.test/", hasPassword: true },
      error: { code: "HTTP_401", message: "GET https://u:hunter2@proxy.test/: 401" },
    }));
    const [result] = await runProbes([leaky], { timeoutMs: 1000, onResult: (r) => seen.push(r) });
    expect(JSON.stringify(result)).not.toContain("hunter2");
    expect(result!.facts).toMatchObject({ hasPassword: true });
    expect(seen).toHaveLength(1);
  });
});
