// A failure many modules share is said once per kind: the first lines as go or the
// detector said them, then one line naming the rest (GMD402, GMD105).
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { firstAndMore } from "../../src/rules/evidence-lines.js";
import { evidence, goError, trace } from "./evidence/base.js";

const mods = ["a", "b", "c", "d", "e", "f"].map((x) => `example.com/${x}`);

describe("firstAndMore", () => {
  it("keeps a short list as it is, and sums up a long one by the modules it names", () => {
    expect(firstAndMore(["x@v1: e", "y@v1: e", "z@v1: e"])).toEqual(["x@v1: e", "y@v1: e", "z@v1: e"]);
    expect(firstAndMore(mods.map((m) => `go: ${m}@v1.0.0: mkdir /c: permission denied`))).toEqual([
      "go: example.com/a@v1.0.0: mkdir /c: permission denied",
      "go: example.com/b@v1.0.0: mkdir /c: permission denied",
      "… and 4 more like it (example.com/c@v1.0.0, example.com/d@v1.0.0, example.com/e@v1.0.0, …)",
    ]);
  });

  it("counts a repeated line once", () => {
    expect(firstAndMore(["same", "same", "same", "same"])).toEqual(["same"]);
  });
});

describe("GMD402 over many modules", () => {
  it("quotes two of go's errors and names the rest on one line", () => {
    const errors = mods.map((m) => goError(`go: ${m}@v1.0.0: mkdir /root/go/pkg/mod/cache/download/${m}/@v: permission denied`, [], m, "v1.0.0"));
    const f = diagnoseEvidence(evidence({ outcome: "failed", trace: trace({ errors }) })).find((x) => x.code === "GMD402")!;
    expect(f.evidence).toHaveLength(3);
    expect(f.evidence[2]).toBe("… and 4 more like it (example.com/c@v1.0.0, example.com/d@v1.0.0, example.com/e@v1.0.0, …)");
  });
});

describe("GMD105 over many zips", () => {
  it("keeps three zips' lines and names the rest", () => {
    const P = "http://127.0.0.1:4000";
    const suspects = mods.map((m) => ({ kind: "zip-body" as const, url: `${P}/${m}/@v/v1.0.0.zip`, module: m, version: "v1.0.0", idleMs: 30_000, bytes: 1024 }));
    const f = diagnoseEvidence(evidence({ outcome: "stalled", trace: trace({ stall: { atMs: 31_000, idleMs: 30_000, suspects } }) })).find((x) => x.code === "GMD105")!;
    expect(f.evidence.filter((l) => /headers arrived/.test(l))).toHaveLength(3);
    expect(f.evidence).toContain("… and 3 more like it (example.com/d@v1.0.0, example.com/e@v1.0.0, example.com/f@v1.0.0)");
  });
});
