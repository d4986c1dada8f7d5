// The facts of live runs that ranked wrongly at first, replayed through the
// rules so the fix is checked every time, not only when the live timing
// happens to produce them (e.g. the probe's zip read ending on its deadline
// rather than on its own stall detector).
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { ctx, endpoint, evidence, goError, goproxyProbe, ONLINE, req, trace } from "../rules/evidence/base.js";

const PROXY = "http://127.0.0.1:41027";
const ZIP = `${PROXY}/example.com/big/@v/v1.0.0.zip`;
const PRIVATE = "corp.example.com/private/lib";

describe("replayed live facts", () => {
  it("a stalled zip whose probe read ran out of time is zip-stalled, not a blackholed proxy", () => {
    const findings = diagnoseEvidence(
      evidence({
        outcome: "stalled",
        ctx: ctx({ GOPROXY: PROXY, GOSUMDB: "off" }, {}, ["example.com/big@v1.0.0"]),
        trace: trace({
          requests: [req(ZIP, { status: 200 })],
          stall: { atMs: 2500, idleMs: 2000, suspects: [{ kind: "zip-body", module: "example.com/big", version: "v1.0.0", url: ZIP, idleMs: 2000, bytes: 65536 }] },
        }),
        probes: [
          goproxyProbe(
            endpoint(PROXY, {
              zip: { ok: false, ms: 1500, url: ZIP, status: 206, bytes: 65536, code: "TIMEOUT", message: "The operation was aborted due to timeout" },
              failedStep: "zip",
            }),
          ),
          ONLINE,
        ],
      }),
    );
    expect(findings[0]?.name, findings.map((f) => f.name).join()).toBe("zip-stalled");
    expect(findings.find((f) => f.name === "proxy-blackholed")).toBeUndefined();
  });

  it("five '|'-joined silent entries on one host: nothing to fall through to, a blocker even in a pre-flight", () => {
    const urls = [40001, 40002, 40003, 40004, 40005].map((p) => `http://127.0.0.1:${p}`);
    const findings = diagnoseEvidence(
      evidence({
        outcome: "probed",
        ctx: ctx({ GOPROXY: urls.join("|"), GOSUMDB: "off" }),
        probes: [
          ...urls.map((u) => goproxyProbe(endpoint(u, { http: { ok: false, ms: 1600, url: `${u}/golang.org/x/text/@v/list`, code: "TIMEOUT", message: "timeout" }, failedStep: "http" }))),
          ONLINE,
        ],
      }),
    );
    expect(findings[0]).toMatchObject({ name: "proxy-blackholed", severity: "blocker" });
  });

  it("a private module a non-public proxy answers 404 'unrecognized import path' for: add GOPRIVATE for that module only", () => {
    const url = `${PROXY}/${PRIVATE}/@v/v1.0.0.mod`;
    const findings = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: PROXY, GOSUMDB: "off" }, {}, [`${PRIVATE}@v1.0.0`, "example.com/a@v1.0.0"]),
        trace: trace({
          requests: [req(url, { status: 404 })],
          errors: [goError(`go: ${PRIVATE}@v1.0.0: reading ${url}: 404 Not Found`, [`\tserver response: not found: ${PRIVATE}@v1.0.0: unrecognized import path`], PRIVATE, "v1.0.0")],
        }),
        probes: [ONLINE],
      }),
    );
    expect(findings[0]?.name, findings.map((f) => f.name).join()).toBe("private-not-in-goprivate");
    expect(findings[0]?.fixes[0]?.commands).toEqual(["go env -w GOPRIVATE=corp.example.com"]);
  });

  it("the same 404 under GOPRIVATE with GONOPROXY=none (an internal proxy) is module-not-found, never 'add GOPRIVATE'", () => {
    const url = `${PROXY}/${PRIVATE}/@v/v1.0.0.mod`;
    const findings = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: PROXY, GOSUMDB: "off", GOPRIVATE: "corp.example.com", GONOPROXY: "none" }, {}, [`${PRIVATE}@v1.0.0`]),
        trace: trace({
          requests: [req(url, { status: 404 })],
          errors: [goError(`go: ${PRIVATE}@v1.0.0: reading ${url}: 404 Not Found`, [`\tserver response: not found: ${PRIVATE}@v1.0.0: unrecognized import path`], PRIVATE, "v1.0.0")],
        }),
        probes: [ONLINE],
      }),
    );
    expect(findings.find((f) => f.name === "private-not-in-goprivate")).toBeUndefined();
    expect(findings[0]?.name).toBe("module-not-found");
  });

  it("GOTOOLCHAIN=local refusing go 1.99.0 names the version to install", () => {
    const findings = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOTOOLCHAIN: "local" }),
        trace: trace({ errors: [goError("go: go.mod requires go >= 1.99.0 (running go 1.23.5; GOTOOLCHAIN=local)")] }),
      }),
    );
    expect(findings[0]?.name).toBe("toolchain-unavailable");
    expect(findings[0]?.title).toContain("go 1.99.0");
  });
});
