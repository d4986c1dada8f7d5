import { afterEach, describe, expect, it } from "vitest";
import { HTML_PAGE } from "../../fixtures/hostile.js";
import { refusedPort } from "../../fixtures/endpoints.js";
import type { Fault } from "../../fixtures/proxy.js";
import { runCli } from "../helpers/cli.js";
import { blackhole, cleanupAll, FAST, leftovers, names, parseReport, proxy, setup } from "./findings-support.js";

afterEach(cleanupAll);

async function diagnose(dir: string, env: Record<string, string>, extra: string[] = []) {
  const run = await runCli(["diagnose", dir, ...FAST, "--json", ...extra], { env, timeoutMs: 45_000 });
  const report = parseReport(run.stdout);
  expect(await leftovers(run.marker)).toEqual([]);
  return { run, report, top: report.findings[0], names: names(report).join(", ") };
}

async function explore(label: string, faults: Fault[], project: "healthy" | "big" = "healthy") {
  const px = await proxy({ faults });
  const { dir, env } = await setup(project, px.url);
  const { run, report } = await diagnose(dir, env);
  dump(label, run.code, report, run.stderr);
}

function dump(label: string, code: number | undefined, report: ReturnType<typeof parseReport>, stderr = "") {
  const top = report.findings[0];
  console.log(`\n===== ${label}: exit ${code}, outcome ${report.outcome}\nfindings: ${names(report).join(", ")}\n` +
    JSON.stringify(top ? { name: top.name, severity: top.severity, title: top.title, why: top.why, evidence: top.evidence, fixes: top.fixes, modules: top.modules } : null, null, 1) +
    `\nstall: ${JSON.stringify(report.stall)}\nerr: ${stderr.slice(0, 300)}`);
}

describe("explore", () => {
  it("1 zip html", () => explore("zip-html", [{ module: "example.com/a", kind: "zip", mode: { type: "body", body: HTML_PAGE } }]), 60_000);
  it("2 mod garbage", () => explore("mod-garbage", [{ module: "example.com/a", kind: "mod", mode: { type: "body", body: HTML_PAGE } }]), 60_000);
  it("2b mod other module", () => explore("mod-other", [{ module: "example.com/a", kind: "mod", mode: { type: "body", body: "module example.com/elsewhere\n\ngo 1.19\n", contentType: "text/plain" } }]), 60_000);
  it("3 info non-json", () => explore("info-html", [{ module: "example.com/a", kind: "info", mode: { type: "body", body: HTML_PAGE } }]), 60_000);
  it("4 429", () => explore("429", [{ mode: { type: "status", status: 429, body: "Too Many Requests\n" } }]), 60_000);
  it("4b 429 retry", () => explore("429-retry", [{ mode: { type: "status", status: 429, body: "Too Many Requests\n", headers: { "Retry-After": "30" } } }]), 60_000);
  it("5 401", () => explore("401", [{ mode: { type: "status", status: 401, body: "Unauthorized\n", headers: { "WWW-Authenticate": 'Basic realm="corp"' } } }]), 60_000);
  it("5b 403", () => explore("403", [{ mode: { type: "status", status: 403, body: "Forbidden\n" } }]), 60_000);
  it("6 redirect refused", async () => { const p = await refusedPort(); await explore("redirect-refused", [{ kind: "zip", mode: { type: "redirect", origin: `http://127.0.0.1:${p}` } }]); }, 60_000);
  it("6b redirect blackhole", async () => { const h = await blackhole(); await explore("redirect-blackhole", [{ kind: "zip", mode: { type: "redirect", origin: h.url } }]); }, 60_000);
  it("7 truncate mod", () => explore("truncate-mod", [{ module: "example.com/a", kind: "mod", mode: { type: "truncate", afterBytes: 10 } }]), 60_000);
  it("7b truncate zip", () => explore("truncate-zip", [{ module: "example.com/big", kind: "zip", mode: { type: "truncate", afterBytes: 100_000 } }], "big"), 60_000);
  it("9 delay 3s", () => explore("delay-3s", [{ mode: { type: "delay", ms: 3000 } }]), 60_000);
  it("10 reset zip", () => explore("reset-zip", [{ module: "example.com/big", kind: "zip", mode: { type: "reset-body", afterBytes: 100_000 } }], "big"), 60_000);
  it("8a A,B A=500", async () => {
    const a = await proxy({ faults: [{ mode: { type: "status", status: 500 } }] }); const b = await proxy();
    const { dir, env } = await setup("healthy", `${a.url},${b.url}`); const { run, report } = await diagnose(dir, env); dump("list-500", run.code, report, run.stderr);
  }, 60_000);
  it("8b A|B A refused", async () => {
    const p = await refusedPort(); const b = await proxy();
    const { dir, env } = await setup("healthy", `http://127.0.0.1:${p}|${b.url}`); const { run, report } = await diagnose(dir, env); dump("pipe-refused", run.code, report, run.stderr);
  }, 60_000);
  it("8c A,B A=404", async () => {
    const a = await proxy({ faults: [{ mode: { type: "status", status: 404 } }] }); const b = await proxy();
    const { dir, env } = await setup("healthy", `${a.url},${b.url}`); const { run, report } = await diagnose(dir, env); dump("list-404", run.code, report, run.stderr);
  }, 60_000);
});
