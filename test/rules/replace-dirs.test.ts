// GMD312 from the check of go.mod's directory replaces (made when the
// settings are read): every broken one in one finding, each with what was
// found on disk, whichever of them go's error names (go stops at the first).
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import type { Context, Replacement } from "../../src/context/types.js";
import type { Finding } from "../../src/report/schema.js";
import { ctx, evidence, goError, trace } from "./evidence/base.js";

const commands = (f: Finding | undefined) => (f?.fixes ?? []).flatMap((x) => x.commands);

const A: Replacement = { oldPath: "example.com/a", newPath: "../a", local: true, dir: "/home/dev/a", dirState: "missing" };
const B: Replacement = { oldPath: "example.com/b", newPath: "./third_party/b", local: true, dir: "/home/dev/svc/third_party/b", dirState: "no-go-mod" };
const OK: Replacement = { oldPath: "example.com/c", newPath: "../c", local: true, dir: "/home/dev/c", dirState: "ok" };

function withReplaces(replace: Replacement[], require = ["example.com/a@v1.0.0", "example.com/b@v1.2.0", "example.com/c@v1.0.0"]): Context {
  const c = ctx({}, {}, require);
  return { ...c, mod: { ...c.mod, replace } };
}

const goSaysA = goError("go: example.com/a@v1.0.0 (replaced by ../a): reading ../a/go.mod: open /home/dev/a/go.mod: no such file or directory", [], "example.com/a", "v1.0.0");

describe("GMD312 from go.mod's directory replaces", () => {
  it("two broken (go names only the first): one finding with both, what is at each, and one edit dropping both", () => {
    const fs = diagnoseEvidence(evidence({ outcome: "failed", ctx: withReplaces([A, B, OK]), trace: trace({ errors: [goSaysA] }) }));
    const f = fs.filter((x) => x.code === "GMD312");
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      title: "2 directory replaces point at no module: example.com/a (../a does not exist), example.com/b (./third_party/b holds no go.mod)",
      severity: "blocker",
      confidence: 0.95,
      modules: ["example.com/a", "example.com/b"],
    });
    expect(f[0]!.evidence).toEqual([
      goSaysA.message,
      "go.mod: replace example.com/a => ../a: /home/dev/a does not exist",
      "go.mod: replace example.com/b => ./third_party/b: /home/dev/svc/third_party/b holds no go.mod",
    ]);
    expect(f[0]!.why).toContain("Checked on this machine: /home/dev/a does not exist (for example.com/a); /home/dev/svc/third_party/b holds no go.mod (for example.com/b).");
    expect(f[0]!.why).toContain("so its error names only that one; the others fail next");
    expect(commands(f[0])).toEqual(["ls -la /home/dev/a /home/dev/svc/third_party/b", "git submodule update --init --recursive", "go mod edit -dropreplace=example.com/a -dropreplace=example.com/b"]);
    expect(fs[0]?.code).toBe("GMD312");
  });

  it("one broken: its state in the title, never a guess", () => {
    const [f] = diagnoseEvidence(evidence({ outcome: "probed", ctx: withReplaces([B]) })).filter((x) => x.code === "GMD312");
    expect(f).toMatchObject({ title: "go.mod replaces example.com/b with ./third_party/b, which holds no go.mod", severity: "blocker" });
    expect(f!.title).not.toContain("?");
    expect(commands(f)).toContain("go mod edit -dropreplace=example.com/b");
  });

  it("a file where a directory should be, and a go.work replace (dropped with go work edit)", () => {
    const file: Replacement = { ...A, dirState: "not-a-directory", file: "go.work" };
    const [f] = diagnoseEvidence(evidence({ outcome: "probed", ctx: withReplaces([file]) })).filter((x) => x.code === "GMD312");
    expect(f!.title).toBe("go.work replaces example.com/a with ../a, which is a file, not a directory");
    expect(commands(f)).toContain("go work edit -dropreplace=example.com/a");
  });

  it("look-alike: a broken replace of a module go.mod does not require, on a run that went fine, is only a warning", () => {
    const [f] = diagnoseEvidence(evidence({ outcome: "ok", ctx: withReplaces([A], ["example.com/z@v1.0.0"]) })).filter((x) => x.code === "GMD312");
    expect(f).toMatchObject({ severity: "warning", confidence: 0.6 });
    expect(f!.why).toContain("go.mod does not require these modules itself");
  });

  it("look-alike: directories that hold their go.mod give no finding", () => {
    expect(diagnoseEvidence(evidence({ outcome: "probed", ctx: withReplaces([OK]) })).map((x) => x.code)).not.toContain("GMD312");
  });
});
