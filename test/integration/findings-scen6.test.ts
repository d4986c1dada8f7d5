// Misdiagnoses found in scenario round 6, against the real go1.23 and the
// fixture proxy: one module held while the proxy serves the others (and the
// probe's read of its zip, which got no headers, is no stalled body), and a
// 500 for the run's own request (the exact URL to curl, the '|' way round).
import { afterEach, describe, expect, it } from "vitest";
import { cleanupAll, diagnoseAgainst } from "./findings-support.js";

afterEach(cleanupAll);

describe("one module held while the proxy answers the others", () => {
  it("b's zip never answers: the proxy hangs on b (it answered a), it is not unreachable, and no zip stopped mid-body", async () => {
    const { px, run, top, names } = await diagnoseAgainst([{ module: "example.com/b", kind: "zip", mode: { type: "stall-headers" } }]);
    expect(run.code).toBe(3);
    expect(top?.name, names).toBe("proxy-blackholed");
    expect(top?.title).toBe(`The module proxy 127.0.0.1:${px.port} hangs on the zip of example.com/b@v1.2.0`);
    expect(top?.why).toContain("answered this run's requests for 1 other module (example.com/a)");
    expect(top?.why).not.toMatch(/firewall drops|cannot be reached/);
    expect(top?.evidence.join("\n")).toContain(`/example.com/b/@v/v1.2.0.zip: no answer after`);
    expect(top?.modules).toEqual(["example.com/b"]);
    // The probe's own read of that zip got no headers either: no body to have stopped.
    expect(names).not.toContain("zip-stalled");
  }, 40_000);
});

describe("a 500 for the run's own request", () => {
  it("b's .mod answers 500 with GOPROXY=P,direct: a curl of that exact URL, and the '|' form to fall through to direct", async () => {
    const { px, top, names } = await diagnoseAgainst([{ module: "example.com/b", kind: "mod", mode: { type: "status", status: 500 } }], { goproxy: (u) => `${u},direct` });
    expect(top?.name, names).toBe("proxy-server-error");
    const commands = top!.fixes.flatMap((f) => f.commands);
    expect(commands).toContain(`curl -sS -i ${px.url}/example.com/b/@v/v1.2.0.mod`);
    expect(commands.join("\n")).toContain(`${px.url}|direct`);
  }, 40_000);
});
