// A 403 is quoted as go printed it (the server's own reason phrase over HTTP/1.x), and a
// zip refused by the CDN a proxy redirects to is named with its version, as go names it.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { customPhrase, statusAsPrinted } from "../../src/rules/net-text.js";
import { endpoint, evidence, goError, goproxyProbe, req, trace } from "./evidence/base.js";

const P = "http://127.0.0.1:4000";

describe("statusAsPrinted", () => {
  it("reads the status and reason phrase from go's error and from a trace end line", () => {
    expect(statusAsPrinted(`go: m@v1: reading ${P}/m/@v/v1.zip: 403 ruleengineerror`, 403)).toBe("403 ruleengineerror");
    expect(statusAsPrinted(`# get ${P}/m/@v/v1.zip: 403 Blocked by Curation (0.012s)`, 403)).toBe("403 Blocked by Curation");
    expect(statusAsPrinted(`# get ${P}/m/@v/v1.zip: 403`, 403)).toBe("403");
    expect(statusAsPrinted(`# get ${P}/m/@v/v1.zip: 404 Not Found`, 403)).toBeUndefined();
  });

  it("tells a server's own phrase from net/http's", () => {
    expect(customPhrase("403 Forbidden", 403)).toBe(false);
    expect(customPhrase("403 forbidden", 403)).toBe(false);
    expect(customPhrase("403", 403)).toBe(false);
    expect(customPhrase("403 ruleengineerror", 403)).toBe(true);
  });
});

describe("a public proxy's 403", () => {
  const refused = (said: string) =>
    diagnoseEvidence(
      evidence({
        outcome: "failed",
        trace: trace({ errors: [goError(`go: github.com/xi2/xz@v0.1.0: reading https://proxy.golang.org/github.com/xi2/xz/@v/v0.1.0.zip: ${said}`, [], "github.com/xi2/xz", "v0.1.0")] }),
      }),
    );

  it("quotes the phrase go printed, and says a phrase of its own came from something on the way", () => {
    const f = refused("403 ruleengineerror")[0]!;
    expect(f.title).toBe("The module proxy proxy.golang.org refuses the requests (403 ruleengineerror)");
    expect(f.why).toMatch(/"403 ruleengineerror" carries a reason phrase of its own.*a filtering proxy or firewall on the way answered/);
  });

  it("keeps the standard phrase, and says nothing of a foreign answer, for a plain 403 Forbidden", () => {
    const f = refused("403 Forbidden")[0]!;
    expect(f.title).toBe("The module proxy proxy.golang.org refuses the requests (403 Forbidden)");
    expect(f.why).not.toMatch(/reason phrase/);
  });
});

describe("a company proxy's 403 for one module", () => {
  const run = (said: string, probe = false) =>
    diagnoseEvidence(
      evidence({
        outcome: "failed",
        trace: trace({
          requests: [req(`${P}/example.com/a/@v/v1.0.0.zip`, { status: 200 }), req(`${P}/example.com/b/@v/v1.2.0.zip`, { status: 403, error: said })],
          errors: [goError(`go: example.com/b@v1.2.0: reading ${P}/example.com/b/@v/v1.2.0.zip: ${said}`, [], "example.com/b", "v1.2.0")],
        }),
        probes: probe ? [goproxyProbe(endpoint(P, { zip: { ok: false, ms: 9, url: `${P}/example.com/a/@v/v1.0.0.zip`, status: 403, redirects: ["http://127.0.0.1:4100/blobs/a.zip"] } }))] : [],
      }),
    );

  it("quotes the proxy's own phrase in the title", () => {
    expect(run("403 Blocked by Curation")[0]!.title).toBe("The module proxy 127.0.0.1:4000 forbids example.com/b@v1.2.0 (403 Blocked by Curation)");
  });

  it("names the version whose zip the CDN refuses, and its phrase", () => {
    const f = run("403 AccessDenied", true)[0]!;
    expect(f.title).toBe("The module proxy 127.0.0.1:4000 sends the zip of example.com/b@v1.2.0 to 127.0.0.1:4100, which answers 403 AccessDenied");
  });
});
