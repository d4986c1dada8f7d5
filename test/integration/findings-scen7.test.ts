// Scenario round 7, live with the real go1.23: settings whose wording was
// wrong (a GOPROXY with no entries, one that is off behind empty entries).
import { afterEach, describe, expect, it } from "vitest";
import { cleanupAll, diagnoseJson, finding, proxy, setup } from "./findings-support.js";

afterEach(cleanupAll);

describe("a GOPROXY list with no usable entries", () => {
  it('GOPROXY=",": says the list has no entries, quotes go, fixes by unsetting it (export in the environment)', async () => {
    const { dir, env } = await setup("healthy", ",");
    const { run, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(top?.code, names).toBe("GMD503");
    expect(top?.title).toBe('GOPROXY="," is a list with no entries');
    expect(top?.evidence.join("\n")).toContain("GOPROXY list is not the empty string, but contains no entries");
    expect(top?.fixes[0]?.commands[0]).toBe("unset GOPROXY");
  }, 60_000);

  it('GOPROXY=",off": off behind an empty entry is read as off, and the why says so', async () => {
    const { dir, env } = await setup("healthy", ",off");
    const { run, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("goproxy-off");
    expect(top?.why).toMatch(/^GOPROXY=",off" has no usable entry before off/);
  }, 60_000);
});

describe("a misspelt go setting", () => {
  it("GOPRIVTE in the environment: go ignores it; GMD509 names GOPRIVATE and moves the value", async () => {
    const px = await proxy();
    const { dir, env } = await setup("healthy", px.url, { GOPRIVTE: "corp.example.com" });
    const { run, report, names } = await diagnoseJson(dir, env);
    expect(run.code, names).toBe(0);
    const f = finding(report, "ignored-setting");
    expect(f?.title, names).toBe("GOPRIVTE is not a go setting; did you mean GOPRIVATE?");
    expect(f?.fixes[0]?.commands.slice(0, 2)).toEqual(["unset GOPRIVTE", "export GOPRIVATE=corp.example.com"]);
  }, 60_000);
});
