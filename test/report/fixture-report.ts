// A report with secrets planted everywhere a probe or the trace could put
// them, for the renderer and redaction tests.
import { SCHEMA_VERSION, type Report } from "../../src/report/schema.js";

export const SECRETS = [
  "hunter2", // GOPROXY userinfo password
  "alice", // GOPROXY userinfo user
  "n3trcPassw0rd", // .netrc password
  "ghp_0123456789abcdefghijABCDEFGHIJ012345", // token env var value
  "eyJhbGciOiJIUzI1NiJ9.payload.sig", // Authorization header
  "glpat-abcdefghij0123456789", // GitLab token in a URL
];

export function secretReport(): Report {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "gomod-doctor", version: "0.1.0" },
    command: "diagnose",
    shell: "posix",
    outcome: "stalled",
    exitCode: 3,
    dir: "/tmp/gmd-test-abc123/svc",
    goCommand: ["go", "mod", "download", "-x"],
    goVersion: "go1.23.5",
    settings: {
      GOPROXY: "https://alice:hunter2@goproxy.corp.test:8443,direct",
      GOPRIVATE: "git.corp.test",
      HTTPS_PROXY: "http://bob:hunter2@proxy.corp.test:3128",
    },
    durationMs: 31234,
    summary: { modules: 2, done: 1, failed: 0, bytes: 3_145_728 },
    modules: [
      { path: "golang.org/x/text", version: "v0.14.0", state: "done", bytes: 1_048_576 },
      { path: "git.corp.test/team/lib", version: "v1.2.0", state: "stalled", bytes: 2_097_152, idleMs: 30000, outstanding: ["https://alice:hunter2@goproxy.corp.test:8443/git.corp.test/team/lib/@v/v1.2.0.zip"] },
    ],
    stall: {
      atMs: 31000,
      idleMs: 30000,
      suspects: [{ kind: "zip-body", module: "git.corp.test/team/lib", version: "v1.2.0", url: "https://alice:hunter2@goproxy.corp.test:8443/git.corp.test/team/lib/@v/v1.2.0.zip", idleMs: 30000, bytes: 2_097_152 }],
    },
    errors: ["go: git.corp.test/team/lib@v1.2.0: reading https://oauth2:glpat-abcdefghij0123456789@git.corp.test/team/lib: 401 Unauthorized"],
    probes: [
      {
        id: "goproxy:https://alice:hunter2@goproxy.corp.test:8443",
        probe: "goproxy",
        title: "module proxy",
        target: "https://alice:hunter2@goproxy.corp.test:8443",
        status: "ok",
        ms: 42,
        facts: { url: "https://alice:hunter2@goproxy.corp.test:8443", http: { status: 200, headers: "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig" } },
      },
      {
        id: "vcs:git.corp.test",
        probe: "vcs",
        title: "git host",
        target: "git.corp.test",
        status: "fail",
        ms: 120,
        facts: { host: "git.corp.test", netrc: { file: "/home/dev/.netrc", hasHost: true, hasPassword: true, password: "n3trcPassw0rd" }, env: "GITHUB_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ012345" },
        error: { code: "auth", message: "machine git.corp.test login dev password n3trcPassw0rd" },
      },
    ],
    findings: [
      {
        code: "GMD105",
        name: "zip-stalled",
        severity: "blocker",
        confidence: 0.85,
        title: "The zip of git.corp.test/team/lib@v1.2.0 stopped mid-body",
        why: "The goproxy.corp.test sent the response headers for the zip and then stopped sending its body.",
        evidence: [
          "git.corp.test/team/lib@v1.2.0: headers arrived, 2.0 MiB received, then nothing for 30s (https://alice:hunter2@goproxy.corp.test:8443/git.corp.test/team/lib/@v/v1.2.0.zip)",
          "request had Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig",
          "env: GITHUB_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ012345",
        ],
        fixes: [
          { summary: "End the run and retry", commands: ["go mod download -x git.corp.test/team/lib@v1.2.0"] },
          {
            summary: "Give the go command credentials for git.corp.test in ~/.netrc",
            commands: ["printf 'machine git.corp.test login <USER> password <TOKEN>\\n' >> ~/.netrc", "chmod 600 ~/.netrc"],
            caution: "Use a read-only access token, not your password.",
          },
        ],
        modules: ["git.corp.test/team/lib"],
        explains: ["GMD901"],
      },
      {
        code: "GMD404",
        name: "modcache-orphans",
        severity: "info",
        confidence: 0.9,
        title: "1 partial download left in the module cache (2.0 MiB)",
        why: "Earlier go commands were killed mid-download, 100% sure: a, b.",
        evidence: ["/tmp/gmd-test-abc123/mod/cache/download/x/@v/v1.zip123.tmp (2.0 MiB, 5m00s old)"],
        fixes: [],
      },
    ],
    limits: ["no /proc/locks on this OS: lock holders unknown"],
  };
}
