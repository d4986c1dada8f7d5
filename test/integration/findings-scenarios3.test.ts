// Scenarios found by playing the judge (round 8): the real go1.23 against the
// fixture proxy with faults a real proxy shows, through `diagnose --json`.
import { afterEach, describe, expect, it } from "vitest";
import { refusedPort } from "../../fixtures/endpoints.js";
import { cleanupAll, diagnoseAgainst, diagnoseJson, finding, proxy, setup } from "./findings-support.js";

afterEach(cleanupAll);

describe("a proxy that answers everything but one file", () => {
  it("b's zip never gets headers while a's zip is 404: the proxy is named as stuck on that zip, not silent, and no body is said to have stalled", async () => {
    const { px, run, report, top, names } = await diagnoseAgainst([
      { module: "example.com/a", kind: "zip", mode: { type: "status", status: 404, body: "not found: example.com/a@v1.0.0: invalid version: unknown revision v1.0.0" } },
      { module: "example.com/b", kind: "zip", mode: { type: "stall-headers" } },
    ]);
    expect(run.code).toBe(3);
    expect(top?.name, names).toBe("proxy-blackholed");
    expect(top?.title).toMatch(new RegExp(`^The module proxy 127\\.0\\.0\\.1:${px.port} (?:answers, but not for|hangs on) the zip of example\\.com/b@v1\\.2\\.0`));
    expect(top?.fixes[0]?.commands[0]).toContain(`${px.url}/example.com/b/@v/v1.2.0.zip`);
    // The probe's read of the zip got no headers either: no "stopped mid-body".
    expect(finding(report, "zip-stalled"), names).toBeUndefined();
    expect(report.findings.some((f) => f.title.includes("serves example.com/a@v1.0.0's go.mod but not its zip (404)")), names).toBe(true);
  }, 40_000);
});

describe("a repository manager's proxy with a path (/artifactory/api/go/remote)", () => {
  it("a 500 on one zip while the rest is served: the title names that zip, the why says there is nothing to fall through to, the fix retries that module", async () => {
    const px = await proxy({
      basePath: "/artifactory/api/go/remote",
      faults: [{ module: "example.com/b", kind: "zip", mode: { type: "status", status: 500, body: '{"errors":[{"status":500,"message":"Failed to fetch remote"}]}' } }],
    });
    const { dir, env } = await setup("healthy", px.url);
    const { run, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-server-error");
    expect(top?.title).toBe(`The module proxy 127.0.0.1:${px.port} answers 500 for the zip of example.com/b@v1.2.0`);
    expect(top?.why).toMatch(/no other source to fall through to/);
    expect(top?.why).not.toMatch(/unless the separator is '\|'/);
    expect(top?.fixes[0]?.commands).toEqual(["go mod download -x example.com/b@v1.2.0"]);
    expect(top?.evidence.join("\n")).toContain("/artifactory/api/go/remote/example.com/b/@v/v1.2.0.zip: 500");
  }, 40_000);

  it("the go.mod of b never answered there: named as that file under the prefix, not the whole proxy", async () => {
    const px = await proxy({ basePath: "/artifactory/api/go/remote", faults: [{ module: "example.com/b", kind: "mod", mode: { type: "stall-headers" } }] });
    const { dir, env } = await setup("healthy", px.url);
    const { run, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(3);
    expect(top?.name, names).toBe("proxy-blackholed");
    expect(top?.title).toMatch(new RegExp(`^The module proxy 127\\.0\\.0\\.1:${px.port} (?:answers, but not for|hangs on) the go\\.mod of example\\.com/b@v1\\.2\\.0`));
  }, 40_000);
});

describe("GOPROXY lists whose first entry fails", () => {
  it("first|second: the first refuses, the second has no example.com/a (404): go reports the refusal, and it is a blocker, not a survived warning", async () => {
    const dead = await refusedPort();
    const px = await proxy({ faults: [{ module: "example.com/a", kind: "mod", mode: { type: "status", status: 404, body: "not found: example.com/a@v1.0.0: invalid version: unknown revision v1.0.0" } }] });
    const { dir, env } = await setup("healthy", `http://127.0.0.1:${dead}|${px.url}`);
    const { run, top, names } = await diagnoseJson(dir, env);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-refused");
    expect(top?.severity).toBe("blocker");
    expect(top?.title).toBe(`The module proxy 127.0.0.1:${dead} refuses connections`);
    expect(top?.why).toMatch(/next entry, which did not serve example\.com\/a either \(404\)/);
    expect(top?.evidence).toContain(`# get ${px.url}/example.com/a/@v/v1.0.0.mod: 404`);
  }, 40_000);
});

describe("go get M@latest with a fault on the version list", () => {
  it("@v/list never answers while the go.mod files were served: the proxy is stuck on that list (the probe's own ask for it hung too), and the retry is a version query", async () => {
    const px = await proxy({ faults: [{ module: "example.com/b", kind: "list", mode: { type: "stall-headers" } }] });
    const { dir, env } = await setup("healthy", px.url);
    const { run, top, names } = await diagnoseJson(dir, env, ["go", "get", "example.com/b@latest"]);
    expect(run.code).toBe(3);
    expect(top?.name, names).toBe("proxy-blackholed");
    expect(top?.title).toMatch(new RegExp(`^The module proxy 127\\.0\\.0\\.1:${px.port} (?:answers, but not for|hangs on) the version list of example\\.com/b`));
    expect(top?.fixes[0]?.commands).toEqual([`curl -sS -m 10 -o /dev/null -w '%{http_code} %{time_starttransfer}s\\n' ${px.url}/example.com/b/@v/list`, "go list -m -x example.com/b@latest"]);
  }, 40_000);

  it("@v/list answers 500: named as the version list, retried with a version query (go mod download never reads lists)", async () => {
    const px = await proxy({ faults: [{ module: "example.com/b", kind: "list", mode: { type: "status", status: 500, body: "upstream timed out" } }] });
    const { dir, env } = await setup("healthy", px.url);
    const { run, top, names } = await diagnoseJson(dir, env, ["go", "get", "example.com/b@latest"]);
    expect(run.code).toBe(1);
    expect(top?.name, names).toBe("proxy-server-error");
    expect(top?.title).toBe(`The module proxy 127.0.0.1:${px.port} answers 500 for the version list of example.com/b`);
    expect(top?.fixes[0]?.commands).toEqual(["go list -m -x example.com/b@latest"]);
  }, 40_000);
});

describe("a proxy that serves a version's go.mod and then 404s another of its files", () => {
  it(".info 404 after its .mod was 200: the proxy's storage lacks that file (GMD104), not a missing version (GMD307)", async () => {
    const { px, run, top, names } = await diagnoseAgainst([{ module: "example.com/b", kind: "info", mode: { type: "status", status: 404 } }]);
    expect(run.code).toBe(1);
    expect(top?.code, names).toBe("GMD104");
    expect(top?.title).toBe(`The module proxy 127.0.0.1:${px.port} serves example.com/b@v1.2.0's go.mod but not its .info (404)`);
    expect(top?.evidence).toContain(`example.com/b@v1.2.0: # get ${px.url}/example.com/b/@v/v1.2.0.info: 404 (its .mod: 200)`);
    expect(names).not.toContain("module-not-found");
  }, 40_000);
});
