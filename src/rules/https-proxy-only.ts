// A log that sets HTTP_PROXY but neither HTTPS_PROXY nor ALL_PROXY
// (`HTTP_PROXY=socks5://127.0.0.1:1086 go install ...`): Go's
// http.ProxyFromEnvironment sends https:// requests through HTTPS_PROXY only,
// and every request of the go command (proxy, checksum database, go-get
// pages) is https, so the proxy the user meant is never used and the direct
// connection is what failed. The network findings get that fix first.
import type { Finding } from "../report/schema.js";
import { redactText } from "../util/redact.js";
import type { Evidence } from "./types.js";

/** Findings about reaching an https host that a proxy the log meant to use would change. */
const REACH_FAILURES = new Set(["proxy-dns", "proxy-refused", "proxy-blackholed", "proxy-reset", "sumdb-unreachable"]);

/** The https host the finding's evidence failed to reach (sum.golang.org for the checksum database). */
function host(f: Finding): string {
  for (const line of f.evidence) {
    const m = /https:\/\/([^/\s"]+)/.exec(line);
    if (m) return m[1]!;
  }
  return f.name === "sumdb-unreachable" ? "sum.golang.org" : "proxy.golang.org";
}

export function withHttpsProxyFixes(findings: Finding[], e: Evidence): Finding[] {
  const only = e.logSettings?.httpProxyOnly;
  // Settings read from this machine say what HTTPS_PROXY is; the log's line is the only word without them.
  if (only === undefined || e.ctx?.process.HTTPS_PROXY) return findings;
  const proxy = redactText(only);
  return findings.map((f) => {
    if (!REACH_FAILURES.has(f.name) || !(f.name === "sumdb-unreachable" || f.evidence.some((l) => l.includes("https://")))) return f;
    const fix = {
      summary:
        `The log sets HTTP_PROXY=${proxy} but not HTTPS_PROXY: the go command sends https:// requests (all of its own) through HTTPS_PROXY only, ` +
        "so they went out directly. Set HTTPS_PROXY to the same proxy",
      commands:
        e.os === "windows"
          ? [`$env:HTTPS_PROXY = '${proxy}'`, `curl.exe -sS -m 10 -o NUL -w '%{http_code}\\n' https://${host(f)}/`]
          : [`export HTTPS_PROXY=${proxy}`, `curl -sS -m 10 -o /dev/null -w '%{http_code}\\n' https://${host(f)}/`],
      caution: "Keep NO_PROXY for hosts that must be reached directly (GOPRIVATE's servers on the company network).",
    };
    return { ...f, fixes: [fix, ...f.fixes] };
  });
}
