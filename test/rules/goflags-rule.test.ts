// GMD511: a GOFLAGS field go rejects (cmd/go/internal/base/goflags.go: InitGOFLAGS
// and SetFromGOFLAGS). Before it, these errors were GMD902, "no rule recognises".
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { ctx, evidence, goError, trace } from "./evidence/base.js";

function diagnose(goflags: string | undefined, line: string) {
  const e = evidence({ outcome: "failed", ...(goflags !== undefined ? { ctx: ctx({ GOFLAGS: goflags }) } : {}), trace: trace({ errors: [goError(line)] }) });
  return diagnoseEvidence(e);
}

describe("GOFLAGS go rejects (GMD511)", () => {
  it("an unknown flag: named in the title, dropped from GOFLAGS with the other flags kept; GMD902 folded", () => {
    const fs = diagnose("-mod=mod -bogus=1 -modcacherw", "go: parsing $GOFLAGS: unknown flag -bogus");
    expect(fs[0]!.code).toBe("GMD511");
    expect(fs[0]!.severity).toBe("blocker");
    expect(fs[0]!.title).toBe('GOFLAGS="-mod=mod -bogus=1 -modcacherw": -bogus is a flag no go command knows');
    expect(fs[0]!.evidence).toEqual(["GOFLAGS=-mod=mod -bogus=1 -modcacherw", "go: parsing $GOFLAGS: unknown flag -bogus"]);
    expect(fs[0]!.fixes[0]!.summary).toBe("Drop -bogus=1 from GOFLAGS, keeping the other flags");
    expect(fs[0]!.fixes[0]!.commands).toEqual(["go env -w GOFLAGS='-mod=mod -modcacherw'"]);
    expect(fs.map((f) => f.code)).not.toContain("GMD902");
  });

  it("`-mod mod`: the value after a space is a field of its own; the fix joins it with '='", () => {
    const fs = diagnose("-mod mod -x", 'go: parsing $GOFLAGS: non-flag "mod"');
    expect(fs[0]!.title).toBe('GOFLAGS="-mod mod -x": "mod" is not a flag (write -mod=mod)');
    expect(fs[0]!.fixes[0]!.commands).toEqual(["go env -w GOFLAGS='-mod=mod -x'"]);
  });

  it("a value the command's flag rejects, and a flag with no value: named by flag; the only flag dropped means unsetting GOFLAGS", () => {
    const bad = diagnose("-modcacherw=maybe", 'go: invalid boolean value "maybe" for flag -modcacherw (from $GOFLAGS): parse error');
    expect(bad[0]!.title).toBe('GOFLAGS="-modcacherw=maybe": -modcacherw takes true or false, not "maybe"');
    expect(bad[0]!.fixes[0]!.commands).toEqual(["go env -u GOFLAGS", "go env GOFLAGS"]);
    const none = diagnose("-mod=mod -modfile", "go: flag needs an argument: -modfile (from $GOFLAGS)");
    expect(none[0]!.title).toBe('GOFLAGS="-mod=mod -modfile": -modfile needs a value (-name=value)');
    expect(none[0]!.fixes[0]!.commands).toEqual(["go env -w GOFLAGS=-mod=mod"]);
  });

  it("go1.21+ quoting: a quoted field is one flag, dropped whole", () => {
    const fs = diagnose(`-ldflags='-s -w' -bogus`, "go: parsing $GOFLAGS: unknown flag -bogus");
    // The shell hands go -ldflags='-s -w': one field again.
    expect(fs[0]!.fixes[0]!.commands).toEqual([`go env -w GOFLAGS='-ldflags='\\''-s -w'\\'''`]);
  });

  it("a saved log (no settings): the flag is named from go's line alone", () => {
    const fs = diagnose(undefined, "go: parsing $GOFLAGS: unknown flag -insecure");
    expect(fs[0]!.code).toBe("GMD511");
    expect(fs[0]!.title).toBe("GOFLAGS: -insecure is a flag no go command knows");
  });

  it("look-alike: a -mod error that does not come from GOFLAGS is not this finding", () => {
    const fs = diagnose("-mod=mod", "go: updates to go.mod needed; to update it:\n\tgo mod tidy");
    expect(fs.map((f) => f.code)).not.toContain("GMD511");
  });
});
