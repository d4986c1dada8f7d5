// Findings quote an answer's status as go printed it (net-text.ts quotedStatus): a checksum
// database's own reason phrase, and the answers of a log that stops after every request was answered.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { quotedStatus } from "../../src/rules/net-text.js";
import { verifierKey } from "../../src/context/sumdb.js";
import { ctx, evidence, goError, req, trace } from "./evidence/base.js";

const LOOKUP = "https://sum.golang.org/lookup/github.com/acme/a@v0.5.1";
const lookupError = (status: string) =>
  goError(`verifying github.com/acme/a@v0.5.1/go.mod: github.com/acme/a@v0.5.1/go.mod: reading ${LOOKUP}: ${status}`, [], "github.com/acme/a", "v0.5.1");

describe("quotedStatus", () => {
  it("takes the status as printed, with a phrase of the server's own", () => {
    expect(quotedStatus([`reading ${LOOKUP}: 404 Not Found: not in index yet`], 404)).toBe("404 Not Found: not in index yet");
    expect(quotedStatus(["x", `reading ${LOOKUP}: 410 gone away`], 410)).toBe("410 gone away");
  });

  it("falls back to go's own phrase (HTTP/2), or the code alone when there is none", () => {
    expect(quotedStatus(["nothing here"], 410)).toBe("410 Gone");
    expect(quotedStatus([], 200)).toBe("200 OK");
    expect(quotedStatus([], 599)).toBe("599");
  });
});

describe("checksum database titles quote the status go printed", () => {
  const diagnose = (...errors: ReturnType<typeof goError>[]) => diagnoseEvidence(evidence({ outcome: "analyzed", trace: trace({ errors }) }));

  it("sum.golang.org's 404 with a text of its own after the phrase", () => {
    const f = diagnose(lookupError("404 Not Found: not yet in the index"))[0]!;
    expect(f.name).toBe("sumdb-origin-failed");
    expect(f.title).toBe("The checksum database sum.golang.org could not serve github.com/acme/a (404 Not Found: not yet in the index)");
  });

  it("a reason phrase other than go's", () => {
    const f = diagnose(lookupError("410 Removed"))[0]!;
    expect(f.title).toMatch(/\(410 Removed\)$/);
  });

  it("the plain phrase stays as it was", () => {
    expect(diagnose(lookupError("410 Gone"))[0]!.title).toMatch(/could not serve github\.com\/acme\/a \(410 Gone\)$/);
  });

  it("another database (GOSUMDB names it) answering with its own phrase", () => {
    const url = "https://sum.corp.test/lookup/example.com/a@v1.0.0";
    const fs = diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOSUMDB: `${verifierKey("sum.corp.test", new Uint8Array(32).fill(7))} https://sum.corp.test` }),
        trace: trace({ errors: [goError(`verifying example.com/a@v1.0.0: example.com/a@v1.0.0: reading ${url}: 404 no such module here`, [], "example.com/a", "v1.0.0")] }),
      }),
    );
    const f = fs.find((x) => x.name === "sumdb-origin-failed");
    expect(f?.title, fs.map((x) => x.title).join("\n")).toBe("The checksum database sum.corp.test (https://sum.corp.test) does not know example.com/a (404 no such module here)");
  });
});

describe("a log that stops after every request was answered (GMD901)", () => {
  const stopped = (requests: ReturnType<typeof req>[]) =>
    diagnoseEvidence(
      evidence({ outcome: "analyzed", trace: trace({ requests, stall: { atMs: 30000, idleMs: 30000, suspects: [{ kind: "silent", idleMs: 30000, logEnd: true }] } }) }),
    ).find((f) => f.code === "GMD901");

  it("quotes each answer as go printed it: `200 OK` (a 2xx keeps only its code), a phrase of the server's own", () => {
    const f = stopped([
      req("https://proxy.golang.org/example.com/a/@v/v1.0.0.mod", { status: 200 }),
      req("https://proxy.golang.org/example.com/b/@v/list", { status: 404, error: "404 Not Found: no such list" }),
      req("https://proxy.golang.org/example.com/b/@v/v1.0.0.info", { status: 200, error: "go exited before this request ended" }),
    ]);
    expect(f?.title).toMatch(/stops after every request was answered/);
    expect(f?.evidence).toEqual([
      "# get https://proxy.golang.org/example.com/a/@v/v1.0.0.mod: 200 OK",
      "# get https://proxy.golang.org/example.com/b/@v/list: 404 Not Found: no such list",
      "# get https://proxy.golang.org/example.com/b/@v/v1.0.0.info: 200 OK",
    ]);
  });
});
