import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderGithubAnnotations, renderStepSummary, escapeData, escapeProperty } from "../../src/report/github.js";
import { renderHuman } from "../../src/report/human.js";
import { renderJson } from "../../src/report/json.js";
import { reportJsonSchemaText } from "../../src/report/json-schema.js";
import { renderNdjsonEvent, renderNdjsonReport } from "../../src/report/ndjson.js";
import { ReportSchema, type Report } from "../../src/report/schema.js";
import { SECRETS, secretReport } from "./fixture-report.js";

/** Durations, ports and temp paths vary between runs and machines. */
function scrub(text: string): string {
  return text
    .replace(/\/tmp\/[^\s/)]+/g, "/tmp/<TMP>")
    .replace(/:\d{2,5}\b/g, ":<PORT>")
    .replace(/\b\d+(\.\d+)?(ms|s)\b/g, "<DUR>")
    .replace(/\b\d+m\d{2}s\b/g, "<DUR>");
}

const outputs: [string, (r: Report) => string][] = [
  ["human plain", (r) => renderHuman(r, { color: false, verbose: true })],
  ["human colour", (r) => renderHuman(r, { color: true, verbose: true })],
  ["json", renderJson],
  ["ndjson", (r) => renderNdjsonEvent({ type: "probe", t: 1, data: { ...r.probes[1]! } }) + "\n" + renderNdjsonReport(r)],
  ["github annotations", renderGithubAnnotations],
  ["github step summary", renderStepSummary],
];

describe.each(outputs)("%s", (_name, render) => {
  it("never prints a secret", () => {
    const text = render(secretReport());
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });
  it("keeps the fix placeholders (annotations show only the first fix)", () => {
    const text = render(secretReport());
    if (_name !== "github annotations") expect(text).toContain("<TOKEN>");
    else expect(text).toContain("go mod download -x git.corp.test/team/lib@v1.2.0");
  });
  it("does not change the report it was given", () => {
    const r = secretReport();
    render(r);
    expect(r).toEqual(secretReport());
  });
});

describe("renderHuman", () => {
  it("matches the plain snapshot", () => {
    expect(scrub(renderHuman(secretReport(), { color: false, verbose: true }))).toMatchSnapshot();
  });
  it("matches the coloured snapshot", () => {
    const text = renderHuman(secretReport(), { color: true, verbose: false });
    expect(text).toContain("\u001b[");
    expect(scrub(text)).toMatchSnapshot();
  });
  it("starts with the outcome and indents fix commands for copy-paste", () => {
    const lines = renderHuman(secretReport(), { color: false, verbose: false }).split("\n");
    expect(lines[0]).toMatch(/^✖ go mod download -x stalled, no progress for 30s \(1\/2 modules/);
    expect(lines).toContain("      go mod download -x git.corp.test/team/lib@v1.2.0");
    expect(lines.some((l) => l.startsWith("probes:"))).toBe(false);
  });
  it("plain output has no escape codes", () => {
    expect(renderHuman(secretReport(), { color: false, verbose: true })).not.toContain("\u001b[");
  });
  it("shows a clean run in one line", () => {
    const r = { ...secretReport(), outcome: "ok" as const, exitCode: 0, findings: [], limits: [], stall: undefined };
    expect(scrub(renderHuman(r, { color: false, verbose: false }))).toBe("✔ go mod download -x completed (1/2 modules, 3.0 MiB) in <DUR>: no problems found\n");
  });
});

describe("renderJson", () => {
  it("is one valid JSON document matching the schema", () => {
    const doc = JSON.parse(renderJson(secretReport()));
    expect(ReportSchema.parse(doc).findings[0]!.code).toBe("GMD105");
  });
  it("throws on a report that breaks the contract (a bug)", () => {
    const bad = { ...secretReport(), schemaVersion: 2 } as unknown as Report;
    expect(() => renderJson(bad)).toThrow();
  });
  it("masks values under secret-named keys", () => {
    const doc = JSON.parse(renderJson(secretReport()));
    expect(doc.probes[1].facts.netrc).toEqual({ file: "/home/dev/.netrc", hasHost: true, hasPassword: true, password: "***" });
  });
});

describe("ndjson", () => {
  it("prints events one per line and the report last, every line in the same {type, t, data} envelope", () => {
    const text = renderNdjsonEvent({ type: "event", t: 5, data: { kind: "http-start", url: "https://alice:hunter2@h.test/x" } }) + "\n" + renderNdjsonReport(secretReport(), 7);
    const lines = text.trimEnd().split("\n").map((l) => JSON.parse(l) as { type: string; t: number; data: Record<string, unknown> });
    expect(lines).toHaveLength(2);
    expect(lines[0]!.data.url).toBe("https://***@h.test/x");
    expect(lines.map((l) => Object.keys(l).sort())).toEqual([["data", "t", "type"], ["data", "t", "type"]]);
    expect(lines[1]).toMatchObject({ type: "report", t: 7 });
    expect(ReportSchema.parse(lines[1]!.data).outcome).toBe("stalled");
    // The report inside is --json's document, byte for byte.
    expect(JSON.stringify(lines[1]!.data)).toBe(JSON.stringify(JSON.parse(renderJson(secretReport()))));
  });
});

describe("github", () => {
  it("escapes data and properties per the workflow-command rules", () => {
    expect(escapeData("50%\r\nx")).toBe("50%25%0D%0Ax");
    expect(escapeProperty("a: b, c%")).toBe("a%3A b%2C c%25");
  });
  it("emits one annotation per finding with the level of its severity", () => {
    const lines = renderGithubAnnotations(secretReport()).trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^::error title=GMD105 The zip of git.corp.test\/team\/lib@v1.2.0 stopped mid-body::/);
    expect(lines[1]).toMatch(/^::notice title=GMD404 1 partial download left in the module cache \(2.0 MiB\)::/);
    expect(lines[1]).toContain("100%25 sure");
    expect(lines[1]).not.toContain("title=GMD404 1 partial download left in the module cache (2.0 MiB),");
  });
  it("the step summary is Markdown with the fix commands in a code block", () => {
    const md = renderStepSummary(secretReport());
    expect(md).toMatch(/^## gomod-doctor: /);
    expect(md).toContain("```sh\ngo mod download -x git.corp.test/team/lib@v1.2.0\n```");
  });
});

describe("schema/report.schema.json", () => {
  it("equals the schema generated from the zod contract", () => {
    const path = fileURLToPath(new URL("../../schema/report.schema.json", import.meta.url));
    expect(readFileSync(path, "utf8")).toBe(reportJsonSchemaText());
  });
});
