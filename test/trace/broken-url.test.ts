// BrokenUrlJoiner: an error line a paste broke inside its URL is glued back to
// the URL's rest; every other line passes through unchanged and in order.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { BrokenUrlJoiner } from "../../src/trace/broken-url.js";

function run(lines: string[]): string[] {
  const out: string[] = [];
  const j = new BrokenUrlJoiner((l) => out.push(l));
  for (const l of lines) j.push(l);
  j.end();
  return out;
}

describe("BrokenUrlJoiner", () => {
  it("glues a line wrapped after `x509: ` to its indented rest (apache/cassandra-gocql-driver#1618)", () => {
    expect(run(['  go: m@v1: Get "https://proxy.golang.org/m/@v/v1.mod": x509: ', "     certificate signed by unknown authority", "------"])).toEqual([
      '  go: m@v1: Get "https://proxy.golang.org/m/@v/v1.mod": x509: certificate signed by unknown authority',
      "------",
    ]);
  });

  it("look-alike: a detail line of its own (`fatal: ...`, a tab) after `: ` is not glued", () => {
    const cut = "go: m@v1: reading https://x.example/m/@v/v1.mod: ";
    expect(run([cut, "        fatal: unable to access"])).toHaveLength(2);
    expect(run([cut, "\tserver response: gone"])).toHaveLength(2);
  });

  it("joins a cut `reading URL` line to the URL's rest (natefinch/lumberjack#179)", () => {
    expect(run(["go: m@v1: verifying module: reading https://goproxy.io/sumdb/s", "um.golang.org/tile/8/1/234: 404 Not Found", "        server response: not found"])).toEqual([
      "go: m@v1: verifying module: reading https://goproxy.io/sumdb/sum.golang.org/tile/8/1/234: 404 Not Found",
      "        server response: not found",
    ]);
  });

  it("joins a cut line behind a CI annotation (`##[error]`)", () => {
    expect(run(["##[error]go: m@v1: reading https://goproxy.io/sumdb/s", "um.golang.org/latest: 404 Not Found"])).toEqual(["##[error]go: m@v1: reading https://goproxy.io/sumdb/sum.golang.org/latest: 404 Not Found"]);
  });

  it("joins a quoted `Get \"URL` cut inside the quotes", () => {
    expect(run(['go: m@v1: Get "https://proxy.golang.org/github.com/a/', 'b/@v/list": dial tcp 1.2.3.4:443: i/o timeout'])).toEqual([
      'go: m@v1: Get "https://proxy.golang.org/github.com/a/b/@v/list": dial tcp 1.2.3.4:443: i/o timeout',
    ]);
  });

  it("leaves `# get URL` (a request starting) and a cut line with no rest after it alone", () => {
    const lines = ["# get https://proxy.golang.org/a.com/b/@v/list", "# get https://proxy.golang.org/a.com/b/@v/list: 200 OK (0.01s)"];
    expect(run(lines)).toEqual(lines);
    expect(run(["go: reading https://goproxy.io/x", "\tserver response: not found"])).toEqual(["go: reading https://goproxy.io/x", "\tserver response: not found"]);
    expect(run(["go: reading https://goproxy.io/x"])).toEqual(["go: reading https://goproxy.io/x"]);
    expect(run(["go: reading https://a.io/x", "go: reading https://b.io/y", "z/q: 404 Not Found"])).toEqual(["go: reading https://a.io/x", "go: reading https://b.io/yz/q: 404 Not Found"]);
  });

  it("joins a Windows socket error a console wrapped mid-word (gomods/athens#1133), as it is", () => {
    expect(run(["go get: upgrading m@v1: Get http://10.0.0.1:3000/m/@v/list: read tcp 10.0.0.2:139->10.0.0.1:3000: wsarecv: An exist", "ing connection was forcibly closed by the remote host."])).toEqual([
      "go get: upgrading m@v1: Get http://10.0.0.1:3000/m/@v/list: read tcp 10.0.0.2:139->10.0.0.1:3000: wsarecv: An existing connection was forcibly closed by the remote host.",
    ]);
    // Wrapped at the space between two words: the space is kept where it fell.
    expect(run(["go: m@v1: dial tcp 1.2.3.4:443: connectex: No connection could be made because the target", " machine actively refused it."])).toEqual([
      "go: m@v1: dial tcp 1.2.3.4:443: connectex: No connection could be made because the target machine actively refused it.",
    ]);
  });

  it("leaves a finished Windows sentence, and a next line that is not its rest, alone", () => {
    const whole = ["go: m@v1: read tcp a->b: wsarecv: An existing connection was forcibly closed by the remote host.", "ing more"];
    expect(run(whole)).toEqual(whole);
    const other = ["go: m@v1: read tcp a->b: wsarecv: An exist", "go: downloading example.com/x v1.0.0"];
    expect(run(other)).toEqual(other);
    const noPeriod = ["go: m@v1: read tcp a->b: wsarecv: An exist", "ing connection was forcibly closed"];
    expect(run(noPeriod)).toEqual(noPeriod);
  });

  it("passes any lines through unchanged when none is a cut error line", () => {
    const line = fc.string({ maxLength: 40 }).filter((l) => !/(?:reading |Get "?|fetching )https?:\/\/[^\s"]*$/.test(l));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), (lines) => {
        expect(run(lines)).toEqual(lines);
      }),
    );
  });
});
