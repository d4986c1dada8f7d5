// An interrupted run's headline says what it was waiting on (GMD603's first
// evidence line), and says "nothing was diagnosed" only when nothing was seen.
import { describe, expect, it } from "vitest";
import { headline } from "../../src/report/headline.js";
import { renderHuman } from "../../src/report/human.js";
import { SCHEMA_VERSION, type Report } from "../../src/report/schema.js";

function interrupted(findings: Report["findings"]): Report {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "gomod-doctor", version: "0.1.0" },
    command: "diagnose",
    shell: "posix",
    outcome: "interrupted",
    exitCode: 130,
    goCommand: ["go", "mod", "download", "-x", "-json"],
    settings: {},
    durationMs: 21_000,
    summary: { modules: 1, done: 0, failed: 0, bytes: 65_536 },
    modules: [],
    errors: [],
    probes: [],
    findings,
    limits: ["interrupted: the probes were not run"],
  };
}

const waiting = "waiting on the body of http://127.0.0.1:9/example.com/big/@v/v1.0.0.zip (headers: 200), 64 KiB received, nothing for 20s";

describe("the interrupted headline", () => {
  it("names what was in flight", () => {
    const r = interrupted([{ code: "GMD603", name: "in-flight-at-interrupt", severity: "info", confidence: 0.9, title: `Interrupted while ${waiting}`, why: "", evidence: [waiting], fixes: [] }]);
    expect(headline(r)).toBe(`go mod download -x -json was interrupted (0/1 modules, 64 KiB) while ${waiting}: 1 note`);
    const text = renderHuman(r, { color: false, verbose: false });
    expect(text.split("\n")[0]).toBe(`■ ${headline(r)}`);
  });

  it("without it, says nothing was diagnosed", () => {
    expect(headline(interrupted([]))).toBe("go mod download -x -json was interrupted (0/1 modules, 64 KiB): nothing was diagnosed");
  });
});
