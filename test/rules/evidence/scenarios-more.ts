// Scenarios for the checksum database, private modules and VCS, the module
// cache, settings, performance and the fallbacks.
import {
  OFFLINE,
  ONLINE,
  ctx,
  endpoint,
  evidence,
  goError,
  goproxyProbe,
  mirrorProbe,
  modcacheProbe,
  privateProbe,
  req,
  sumdbProbe,
  trace,
  vcsFacts,
  vcsProbe,
} from "./base.js";
import type { Scenario } from "./scenarios.js";

const LIB = "git.corp.test/team/lib";
const LOOKUP = `https://sum.golang.org/lookup/${LIB}@v1.2.0`;
const SECRET = "github.com/acme/secret";
const SECRET_INFO = `https://proxy.golang.org/${SECRET}/@v/v1.0.0.info`;
const PRIVATE_RESPONSE = [
  `\tserver response: not found: ${SECRET}@v1.0.0: invalid version: git ls-remote -q origin in /tmp/gopath/pkg/mod/cache/vcs/3c1f: exit status 128:`,
  "\t\tfatal: could not read Username for 'https://github.com': terminal prompts disabled",
];

export const sumdb: Scenario[] = [
  {
    name: "private module looked up in sum.golang.org (internal proxy serves it)",
    evidence: evidence({
      outcome: "failed",
      ctx: ctx({ GOPROXY: "https://goproxy.corp.test" }, {}, [`${LIB}@v1.2.0`]),
      trace: trace({
        requests: [req(`https://goproxy.corp.test/${LIB}/@v/v1.2.0.mod`, { status: 200 }), req(LOOKUP, { status: 404 })],
        errors: [
          goError(`go: ${LIB}@v1.2.0: verifying go.mod: ${LIB}@v1.2.0/go.mod: reading ${LOOKUP}: 404 Not Found`, [
            `\tserver response: not found: ${LIB}@v1.2.0: unrecognized import path "${LIB}": https fetch: Get "https://${LIB}?go-get=1": dial tcp: lookup git.corp.test on 8.8.8.8:53: no such host`,
          ], LIB, "v1.2.0"),
        ],
      }),
    }),
    first: "GMD201",
    absent: ["GMD306", "GMD101"],
  },
  {
    name: "checksum database unreachable (firewall drops it, proxy does not proxy it)",
    evidence: evidence({
      outcome: "failed",
      ctx: ctx({ GOPROXY: "https://goproxy.corp.test" }),
      trace: trace({
        requests: [
          req("https://goproxy.corp.test/sumdb/sum.golang.org/supported", { status: 404 }),
          req("https://sum.golang.org/lookup/golang.org/x/text@v0.14.0", { error: 'Get "https://sum.golang.org/lookup/golang.org/x/text@v0.14.0": dial tcp 142.250.1.1:443: i/o timeout' }),
        ],
      }),
      probes: [
        sumdbProbe({ name: "sum.golang.org", url: "https://sum.golang.org", privateLookups: [], proxySupported: [{ proxy: "https://goproxy.corp.test", status: 404 }], endpoint: endpoint("https://sum.golang.org", { tcp: { ok: false, ms: 5000, port: 443, code: "TIMEOUT" }, failedStep: "tcp" }) }),
        goproxyProbe(endpoint("https://goproxy.corp.test")),
        ONLINE,
      ],
    }),
    first: "GMD202",
    absent: ["GMD103"],
  },
  {
    name: "look-alike: the sumdb fails because the machine is offline",
    evidence: evidence({
      outcome: "failed",
      trace: trace({ requests: [req("https://sum.golang.org/lookup/golang.org/x/text@v0.14.0", { error: 'Get "https://sum.golang.org/lookup/golang.org/x/text@v0.14.0": dial tcp: lookup sum.golang.org: no such host' })] }),
      probes: [OFFLINE],
    }),
    first: "GMD109",
    absent: ["GMD202"],
  },
  {
    name: "checksum mismatch",
    evidence: evidence({
      outcome: "failed",
      trace: trace({ errors: [goError("go: github.com/x/y@v1.2.3: verifying module: checksum mismatch", ["\tdownloaded: h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "\tgo.sum:     h1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB="], "github.com/x/y", "v1.2.3")] }),
    }),
    first: "GMD203",
  },
  {
    name: "missing go.sum entry is not a download failure (the only error of a failed run: a blocker)",
    evidence: evidence({
      outcome: "failed",
      trace: trace({ errors: [goError("main.go:4:2: missing go.sum entry for module providing package golang.org/x/text/language; to add:", ["\tgo mod download golang.org/x/text"])] }),
    }),
    first: "GMD204",
    absent: ["GMD902"],
  },
];

export const privateVcs: Scenario[] = [
  {
    name: "private module sent to the public proxy, not in GOPRIVATE",
    evidence: evidence({
      outcome: "failed",
      ctx: ctx({ GOPROXY: "https://proxy.golang.org" }, {}, [`${SECRET}@v1.0.0`]),
      trace: trace({
        requests: [req(SECRET_INFO, { status: 404 })],
        errors: [goError(`go: ${SECRET}@v1.0.0: reading ${SECRET_INFO}: 404 Not Found`, PRIVATE_RESPONSE, SECRET, "v1.0.0")],
      }),
    }),
    first: "GMD301",
    absent: ["GMD307", "GMD302"],
  },
  {
    name: "pre-flight: the private-modules probe finds an uncovered private module",
    evidence: evidence({
      outcome: "probed",
      ctx: ctx({}, {}, [`${LIB}@v1.2.0`, "golang.org/x/text@v0.14.0"]),
      probes: [
        privateProbe({
          routes: [
            { path: LIB, version: "v1.2.0", route: "proxy", noProxy: false, noSumdb: false, insecure: false, looksPrivate: "git.corp.test is not a public host" },
            { path: "golang.org/x/text", version: "v0.14.0", route: "proxy", noProxy: false, noSumdb: false, insecure: false },
          ],
          uncovered: [LIB],
          suggestedGoprivate: "git.corp.test",
        }),
        ONLINE,
      ],
    }),
    first: "GMD301",
  },
  {
    name: "look-alike: a public module at a version that does not exist",
    evidence: evidence({
      outcome: "failed",
      ctx: ctx({}, {}, ["github.com/spf13/cobra@v9.9.9"]),
      trace: trace({
        requests: [req("https://proxy.golang.org/github.com/spf13/cobra/@v/v9.9.9.info", { status: 404 })],
        errors: [goError("go: github.com/spf13/cobra@v9.9.9: reading https://proxy.golang.org/github.com/spf13/cobra/@v/v9.9.9.info: 404 Not Found", ["\tserver response: not found: github.com/spf13/cobra@v9.9.9: invalid version: unknown revision v9.9.9"], "github.com/spf13/cobra", "v9.9.9")],
      }),
    }),
    first: "GMD307",
    absent: ["GMD301"],
  },
  {
    name: "look-alike: module already under GOPRIVATE answers not found",
    evidence: evidence({
      outcome: "failed",
      ctx: ctx({ GOPRIVATE: "github.com/acme" }, {}, [`${SECRET}@v1.0.0`]),
      trace: trace({ errors: [goError(`go: ${SECRET}@v1.0.0: invalid version: unknown revision v1.0.0`, [], SECRET, "v1.0.0")] }),
    }),
    first: "GMD307",
    absent: ["GMD301"],
  },
  {
    name: "internal proxy asks for credentials (401)",
    evidence: evidence({
      outcome: "failed",
      ctx: ctx({ GOPROXY: "https://goproxy.corp.test" }, {}, [`${LIB}@v1.2.0`]),
      trace: trace({
        requests: [req(`https://goproxy.corp.test/${LIB}/@v/v1.2.0.info`, { status: 401 })],
        errors: [goError(`go: ${LIB}@v1.2.0: reading https://goproxy.corp.test/${LIB}/@v/v1.2.0.info: 401 Unauthorized`, [], LIB, "v1.2.0")],
      }),
    }),
    first: "GMD302",
    absent: ["GMD301", "GMD307"],
  },
  {
    name: "git over https has no credentials (terminal prompts disabled)",
    evidence: evidence({
      outcome: "failed",
      ctx: ctx({ GOPRIVATE: "git.corp.test" }, {}, [`${LIB}@v1.2.0`]),
      trace: trace({
        errors: [goError(`go: ${LIB}@v1.2.0: invalid version: git ls-remote -q origin in /home/dev/go/pkg/mod/cache/vcs/9f0c: exit status 128:`, ["\tfatal: could not read Username for 'https://git.corp.test': terminal prompts disabled"], LIB, "v1.2.0")],
      }),
    }),
    first: "GMD302",
  },
  {
    name: "git waits on a credential prompt (prompts re-enabled by the user)",
    evidence: evidence({
      outcome: "stalled",
      ctx: ctx({ GOPRIVATE: "git.corp.test" }, { GIT_TERMINAL_PROMPT: "1" }, [`${LIB}@v1.2.0`]),
      trace: trace({
        vcs: [{ command: "git ls-remote -q origin", startedMs: 100, repo: "https://git.corp.test/team/lib" }],
        stall: { atMs: 30000, idleMs: 30000, suspects: [{ kind: "vcs", command: "git ls-remote -q origin", repo: "https://git.corp.test/team/lib", module: LIB, idleMs: 30000 }] },
      }),
      probes: [vcsProbe(vcsFacts("git.corp.test", { canPrompt: true, promptSettings: { GIT_TERMINAL_PROMPT: "1" } }))],
      promptWaiters: [{ pid: 4242, command: "git ls-remote -q origin", why: "reading from /dev/tty" }],
    }),
    first: "GMD303",
    absent: ["GMD901"],
  },
  {
    name: "look-alike: a silent git command with no prompt evidence stays unexplained",
    evidence: evidence({
      outcome: "stalled",
      trace: trace({ stall: { atMs: 30000, idleMs: 30000, suspects: [{ kind: "vcs", command: "git -c protocol.version=2 fetch -f --depth=1 origin refs/tags/v1.2.0:refs/tags/v1.2.0", repo: "https://git.corp.test/team/lib", module: LIB, idleMs: 30000 }] } }),
      probes: [vcsProbe(vcsFacts("git.corp.test"))],
    }),
    first: "GMD901",
    absent: ["GMD303"],
  },
  {
    name: "ssh key refused",
    evidence: evidence({
      outcome: "failed",
      trace: trace({ errors: [goError(`go: ${LIB}@v1.2.0: invalid version: git ls-remote -q origin in /home/dev/go/pkg/mod/cache/vcs/9f0c: exit status 128:`, ["\tgit@git.corp.test: Permission denied (publickey).", "\tfatal: Could not read from remote repository."], LIB, "v1.2.0")] }),
    }),
    first: "GMD304",
    absent: ["GMD402"],
  },
  {
    name: "ssh host key unknown",
    evidence: evidence({
      outcome: "failed",
      trace: trace({ errors: [goError(`go: ${LIB}@v1.2.0: invalid version: git ls-remote -q origin in /home/dev/go/pkg/mod/cache/vcs/9f0c: exit status 128:`, ["\tHost key verification failed.", "\tfatal: Could not read from remote repository."], LIB, "v1.2.0")] }),
    }),
    first: "GMD305",
  },
  {
    name: "vanity path: go-import page answers 404",
    evidence: evidence({
      outcome: "failed",
      trace: trace({
        requests: [req("https://corp.example.com/lib?go-get=1", { status: 404 })],
        errors: [goError('go: corp.example.com/lib@v1.0.0: unrecognized import path "corp.example.com/lib": reading https://corp.example.com/lib?go-get=1: 404 Not Found', [], "corp.example.com/lib", "v1.0.0")],
      }),
    }),
    first: "GMD306",
    absent: ["GMD301"],
  },
  {
    name: "look-alike: go-import fails on an intercepted certificate: TLS is the cause",
    evidence: evidence({
      outcome: "failed",
      trace: trace({
        errors: [goError('go: corp.example.com/lib@v1.0.0: unrecognized import path "corp.example.com/lib": https fetch: Get "https://corp.example.com/lib?go-get=1": tls: failed to verify certificate: x509: certificate signed by unknown authority (possibly because of "crypto/rsa: verification error" while trying to verify candidate authority certificate "Corp Root CA")', [], "corp.example.com/lib")],
      }),
    }),
    first: "GMD106",
    absent: ["GMD306"],
  },
];

const LOCK = "/home/dev/go/pkg/mod/cache/download/golang.org/x/text/@v/v0.14.0.lock";

export const modcache: Scenario[] = [
  {
    name: "module-cache lock held by another go command",
    evidence: evidence({
      outcome: "stalled",
      ctx: ctx(),
      trace: trace({ stall: { atMs: 30000, idleMs: 30000, suspects: [{ kind: "lock", lockFile: LOCK, holderPid: 3102, holderCommand: "go mod download", idleMs: 30000 }] } }),
      probes: [modcacheProbe({ lockHolders: [{ file: LOCK, pid: 3102, command: "go mod download", waiters: [3111] }] }, "warn")],
    }),
    first: "GMD401",
    absent: ["GMD901"],
  },
  {
    name: "module cache not writable",
    evidence: evidence({
      outcome: "failed",
      ctx: ctx(),
      trace: trace({ errors: [goError("go: golang.org/x/text@v0.14.0: mkdir /home/dev/go/pkg/mod/cache/download/golang.org: permission denied", [], "golang.org/x/text")] }),
      probes: [modcacheProbe({ writable: false, writeError: "/home/dev/go/pkg/mod/cache/download: EACCES" }, "fail")],
    }),
    first: "GMD402",
    absent: ["GMD403"],
  },
  {
    name: "disk full",
    evidence: evidence({
      outcome: "failed",
      trace: trace({ errors: [goError("go: golang.org/x/text@v0.14.0: write /home/dev/go/pkg/mod/cache/download/golang.org/x/text/@v/v0.14.0.zip123.tmp: no space left on device", [], "golang.org/x/text")] }),
    }),
    first: "GMD403",
    absent: ["GMD402"],
  },
  {
    name: "a small, mostly free cache file system (a CI tmpfs), the run failed for another reason: no disk-full",
    evidence: evidence({
      outcome: "failed",
      trace: trace({ errors: [goError("go: golang.org/x/text@v0.14.0: reading https://proxy.golang.org/golang.org/x/text/@v/v0.14.0.mod: 500 Internal Server Error", [], "golang.org/x/text", "v0.14.0")] }),
      probes: [modcacheProbe({ freeBytes: 64 * 1024 ** 2, totalBytes: 64 * 1024 ** 2 })],
    }),
    first: "GMD104",
    absent: ["GMD403"],
  },
  {
    name: "a small read-only mount: not writable, never 'no space'",
    evidence: evidence({
      outcome: "failed",
      trace: trace({ errors: [goError("go: golang.org/x/text@v0.14.0: mkdir /home/dev/go/pkg/mod/cache: read-only file system", [], "golang.org/x/text")] }),
      probes: [modcacheProbe({ writable: false, readOnlyMount: true, freeBytes: 0, totalBytes: 16 * 1024 ** 2, writeError: "/home/dev/go/pkg/mod: EROFS" }, "fail")],
    }),
    first: "GMD402",
    absent: ["GMD403"],
  },
];

export const settings: Scenario[] = [
  {
    name: "GOPROXY=off",
    evidence: evidence({ outcome: "failed", ctx: ctx({ GOPROXY: "off" }), trace: trace({ errors: [goError("go: golang.org/x/text@v0.14.0: module lookup disabled by GOPROXY=off", [], "golang.org/x/text")] }) }),
    first: "GMD501",
  },
  {
    name: "-mod=vendor with inconsistent vendoring",
    evidence: evidence({ outcome: "failed", ctx: ctx({ GOFLAGS: "-mod=vendor" }), trace: trace({ errors: [goError("go: inconsistent vendoring in /home/dev/svc:", ["\tgolang.org/x/text@v0.14.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt"])] }) }),
    first: "GMD502",
  },
  {
    name: "GOPROXY with a bad scheme",
    evidence: evidence({ outcome: "failed", ctx: ctx({ GOPROXY: "foo://x" }), trace: trace({ errors: [goError("go: golang.org/x/text@v0.14.0: invalid proxy URL scheme (must be https, http, file): foo://x", [], "golang.org/x/text")] }) }),
    first: "GMD503",
  },
  {
    name: "GOSUMDB with a malformed key",
    evidence: evidence({ outcome: "failed", ctx: ctx({ GOSUMDB: "sum.golang.org+abc" }), trace: trace({ errors: [goError("go: golang.org/x/text@v0.14.0: verifying go.mod: invalid GOSUMDB: malformed verifier id", [], "golang.org/x/text")] }) }),
    first: "GMD504",
  },
  {
    name: "GOPRIVATE pattern that cannot match",
    evidence: evidence({ outcome: "probed", ctx: ctx({ GOPRIVATE: "[bad,git.corp.test" }), probes: [ONLINE] }),
    first: "GMD505",
  },
  {
    name: "toolchain not available",
    evidence: evidence({ outcome: "failed", trace: trace({ toolchain: ["go: downloading go1.99.0 (linux/amd64)"], errors: [goError("go: download go1.99.0 for linux/amd64: toolchain not available")] }) }),
    first: "GMD506",
  },
  {
    name: "look-alike: toolchain download fails because the proxy refuses",
    evidence: evidence({
      outcome: "failed",
      trace: trace({
        toolchain: ["go: downloading go1.99.0 (linux/amd64)"],
        requests: [req("http://127.0.0.1:1/golang.org/toolchain/@v/v0.0.1-go1.99.0.linux-amd64.zip", { error: 'Get "http://127.0.0.1:1/golang.org/toolchain/@v/v0.0.1-go1.99.0.linux-amd64.zip": dial tcp 127.0.0.1:1: connect: connection refused' }, "toolchain")],
        errors: [goError('go: download go1.99.0: golang.org/toolchain@v0.0.1-go1.99.0.linux-amd64: Get "http://127.0.0.1:1/golang.org/toolchain/@v/v0.0.1-go1.99.0.linux-amd64.zip": dial tcp 127.0.0.1:1: connect: connection refused')],
      }),
    }),
    first: "GMD102",
  },
];

export const performance: Scenario[] = [
  {
    name: "a measured faster mirror",
    evidence: evidence({
      outcome: "ok",
      ctx: ctx({ GOPROXY: "https://goproxy.far.test,direct" }),
      probes: [
        goproxyProbe(endpoint("https://goproxy.far.test", { zip: { ok: true, ms: 4000, url: "https://goproxy.far.test/x.zip", status: 200, bytesPerSecond: 200_000 } })),
        mirrorProbe(endpoint("https://proxy.golang.org", { zip: { ok: true, ms: 300, url: "https://proxy.golang.org/x.zip", status: 200, bytesPerSecond: 5_000_000 } })),
      ],
    }),
    first: "GMD602",
  },
];

export const generic: Scenario[] = [
  {
    name: "a stall nothing explains names what was stuck",
    evidence: evidence({ outcome: "stalled", trace: trace({ stall: { atMs: 30000, idleMs: 30000, suspects: [{ kind: "silent", idleMs: 30000 }] } }) }),
    first: "GMD901",
  },
  {
    name: "a failure nothing explains quotes the error",
    evidence: evidence({ outcome: "failed", trace: trace({ errors: [goError("go: example.com/a@v1.0.0: unpacking: something no rule knows", [], "example.com/a", "v1.0.0")] }) }),
    first: "GMD902",
  },
];
