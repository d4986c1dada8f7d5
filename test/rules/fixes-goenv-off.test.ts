// Under GOENV=off `go env -w` exits 0 and writes nowhere (go1.23): a setting's
// fix must then be an export, not a command that silently does nothing.
import { describe, expect, it } from "vitest";
import { settingFix, unsetFix } from "../../src/rules/fixes.js";
import { ctx, evidence } from "./evidence/base.js";

describe("setting fixes without a go env file", () => {
  const off = evidence({ outcome: "failed", ctx: ctx({ GOENV: "" }) });
  const on = evidence({ outcome: "failed", ctx: ctx() });

  it("set: export with the reason, where go env -w is used with a go env file", () => {
    expect(settingFix(off, "x", "GOPRIVATE", "git.corp.test")).toMatchObject({ commands: ["export GOPRIVATE=git.corp.test"], caution: expect.stringMatching(/^GOENV=off here/) });
    expect(settingFix(on, "x", "GOPRIVATE", "git.corp.test").commands).toEqual(["go env -w GOPRIVATE=git.corp.test"]);
  });

  it("unset: unset for no fallback, export for one", () => {
    expect(unsetFix(off, "x", "GOVCS", "").commands).toEqual(["unset GOVCS", "go env GOVCS"]);
    expect(unsetFix(off, "x", "GOPROXY", "https://proxy.golang.org,direct").commands).toEqual(["export GOPROXY=https://proxy.golang.org,direct"]);
  });
});
