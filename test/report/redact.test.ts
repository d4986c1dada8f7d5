import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { redactDeep, redactText, redactUrl } from "../../src/util/redact.js";

describe("redactUrl", () => {
  it("replaces the whole userinfo, user name included", () => {
    expect(redactUrl("https://alice:s3cret@goproxy.corp.test/mod")).toBe("https://***@goproxy.corp.test/mod");
    expect(redactUrl("https://oauth2:glpat-abcdefghij0123456789@git.corp.test/")).toBe("https://***@git.corp.test/");
    expect(redactUrl("http://tok@proxy:3128")).toBe("http://***@proxy:3128");
    expect(redactUrl("ssh://git:s3cret@git.corp.test/r")).toBe("ssh://***@git.corp.test/r");
    expect(redactUrl("https://github@github.com/x")).toBe("https://***@github.com/x");
  });
  it("masks a secret set by a Go link flag in GOFLAGS", () => {
    expect(redactText("-mod=mod -ldflags=-X=main.password=GFsecret1 -X=main.apiKey=K3y")).toBe("-mod=mod -ldflags=-X=main.password=*** -X=main.apiKey=***");
  });

  it("masks secret query parameters and keeps the rest unchanged", () => {
    expect(redactUrl("https://h.test/p?a=1&token=abc123&private_token=zz#x")).toBe("https://h.test/p?a=1&token=***&private_token=***#x");
    expect(redactUrl("https://proxy.golang.org/github.com/x/y/@v/v1.0.0.mod")).toBe("https://proxy.golang.org/github.com/x/y/@v/v1.0.0.mod");
  });
  it("handles scheme-less proxy values", () => {
    expect(redactText("HTTPS_PROXY=bob:hunter2@proxy.corp.test:3128")).toBe("HTTPS_PROXY=***@proxy.corp.test:3128");
  });
});

describe("redactText", () => {
  const cases: [string, string][] = [
    ['Get "https://u:p4ss@goproxy.corp.test/x/@v/list": dial tcp', 'Get "https://***@goproxy.corp.test/x/@v/list": dial tcp'],
    ["Authorization: Bearer eyJhbGciOi.abc.def", "Authorization: Bearer ***"],
    ["authorization: Basic dXNlcjpwYXNz", "authorization: Basic ***"],
    ["curl -H 'Authorization: token ghp_0123456789abcdefghijABCDEFGHIJ012345'", "curl -H 'Authorization: token ***'"],
    ["token ghp_0123456789abcdefghijABCDEFGHIJ012345 leaked", "token ghp_*** leaked"],
    ["github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "github_pat_***"],
    ["glpat-xxxxxxxxxxxxxxxxxxxx", "glpat-***"],
    ["machine git.corp.test login me password hunter2", "machine git.corp.test login me password ***"],
    ["export GITHUB_TOKEN=abc123def", "export GITHUB_TOKEN=***"],
    ["?access_token=aaa&x=1", "?access_token=***&x=1"],
    ["password=letmein", "password=***"],
  ];
  it.each(cases)("%s", (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it("leaves prose, module paths, scp-style git URLs and fix placeholders alone", () => {
    const keep = [
      "go: example.com/a@v1.0.0: reading https://proxy.golang.org/example.com/a/@v/v1.0.0.mod: 404 Not Found",
      "fatal: could not read Password for 'https://git.corp.test': terminal prompts disabled",
      "git@github.com:org/repo.git",
      // git is every hosting service's shared ssh user, not a secret.
      "ssh://git@github.com/org/repo.git",
      "printf 'machine git.corp.test login <USER> password <TOKEN>\\n' >> ~/.netrc",
      'git config --global url."https://oauth2:<TOKEN>@git.corp.test/".insteadOf "https://git.corp.test/"',
      "export HTTPS_PROXY=http://<USER>:<PASSWORD>@proxy.corp.test:3128",
      "12:34:56 done",
      "rename d:\\go\\pkg\\mod\\golang.org\\x\\tools@v0.0.0-20191111154804-8cb0d02132ec.tmp-975959578 d:\\go\\pkg\\mod\\golang.org\\x\\tools@v0.0.0-20191111154804-8cb0d02132ec: Access is denied.",
    ];
    for (const line of keep) expect(redactText(line)).toBe(line);
  });

  it("is idempotent and never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const once = redactText(s);
        expect(redactText(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
    for (const [input] of cases) expect(redactText(redactText(input))).toBe(redactText(input));
  });

  it("is fast enough for every output line", () => {
    const line = "# get https://proxy.golang.org/github.com/x/y/@v/v1.0.0.zip: 200 OK (0.003s)";
    const start = performance.now();
    for (let i = 0; i < 20_000; i++) redactText(line);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe("redactDeep", () => {
  it("redacts every string and masks secret-named keys, keeping booleans", () => {
    const input = {
      url: "https://a:b@h.test/",
      nested: [{ password: "pw", token: "t", apiKey: "k", hasPassword: true, count: 3 }],
      netrc: { hasHost: true, hasPassword: false },
      GIT_ASKPASS: "/usr/bin/askpass",
      n: null,
    };
    expect(redactDeep(input)).toEqual({
      url: "https://***@h.test/",
      nested: [{ password: "***", token: "***", apiKey: "***", hasPassword: true, count: 3 }],
      netrc: { hasHost: true, hasPassword: false },
      GIT_ASKPASS: "/usr/bin/askpass",
      n: null,
    });
    expect(input.url).toBe("https://a:b@h.test/");
  });
});
