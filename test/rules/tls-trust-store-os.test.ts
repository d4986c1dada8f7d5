// GMD106's fix follows where go reads its roots: SSL_CERT_FILE/SSL_CERT_DIR on
// Linux and the BSDs only (crypto/x509 root_unix.go); Windows and macOS verify
// with the system's store, so the CA goes there. The OS is this machine's for
// diagnose and probe, and what the log shows for analyze.
import { describe, expect, it } from "vitest";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { findingsForShell, hostOs } from "../../src/report/fix-shell.js";
import { macosSignal } from "../../src/trace/macos-log.js";
import { runCli } from "../helpers/cli.js";
import { ReportSchema } from "../../src/report/schema.js";
import { evidence, goError, trace } from "./evidence/base.js";

const x509 = goError(
  'go: example.com/a@v1.0.0: Get "https://proxy.golang.org/example.com/a/@v/v1.0.0.mod": tls: failed to verify certificate: x509: certificate signed by unknown authority',
  [],
  "example.com/a",
  "v1.0.0",
);
const top = (os?: "windows" | "darwin") => diagnoseEvidence(evidence({ outcome: "analyzed", trace: trace({ errors: [x509] }), ...(os ? { os } : {}) }))[0]!;

describe("GMD106's CA fix per OS", () => {
  it("Linux: a bundle in SSL_CERT_FILE", () => {
    const f = top();
    expect(f.code).toBe("GMD106");
    expect(f.fixes[0]!.commands.join("\n")).toContain("export SSL_CERT_FILE=");
  });

  it("Windows: the certificate store, written for PowerShell and kept as it is by the PowerShell rewrite", () => {
    const f = top("windows");
    expect(f.fixes[0]!.summary).toMatch(/Windows certificate store: go on Windows verifies with the system store and ignores SSL_CERT_FILE/);
    expect(f.fixes[0]!.commands).toEqual(["Import-Certificate -FilePath C:\\path\\to\\corporate-ca.cer -CertStoreLocation Cert:\\CurrentUser\\Root"]);
    const [rewritten] = findingsForShell([f], "powershell");
    expect(rewritten!.fixes[0]!.commands).toEqual(f.fixes[0]!.commands);
    expect(rewritten!.fixes[0]!.shell).toBeUndefined();
    expect(rewritten!.fixes[0]!.caution).not.toMatch(/POSIX/);
  });

  it("macOS: the system keychain, never SSL_CERT_FILE", () => {
    const f = top("darwin");
    expect(f.fixes[0]!.commands).toEqual(["sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain /path/to/corporate-ca.pem"]);
    expect(f.fixes.flatMap((x) => x.commands).join("\n")).not.toContain("SSL_CERT_FILE");
  });

  it("this machine's OS for diagnose and probe", () => {
    expect(hostOs("win32")).toEqual({ os: "windows" });
    expect(hostOs("darwin")).toEqual({ os: "darwin" });
    expect(hostOs("linux")).toEqual({});
  });
});

describe("a log from macOS", () => {
  it("is told by the darwin verifier's wording, a /Users home, Homebrew or go version", () => {
    for (const line of [
      'go: example.com/a@v1.0.0: Get "https://proxy.golang.org/x": tls: failed to verify certificate: x509: “proxy.golang.org” certificate is not trusted',
      "go: writing go.mod cache: mkdir /Users/jane/go/pkg/mod/cache: permission denied",
      "go version go1.22.1 darwin/arm64",
      "/opt/homebrew/Cellar/go/1.22.1/libexec/bin/go mod download",
    ]) {
      expect(macosSignal(line), line).toBe(true);
    }
  });

  it("not by Linux paths, a URL that happens to hold /Users/, or the word darwin alone", () => {
    for (const line of [
      "go: writing go.mod cache: mkdir /home/jane/go/pkg/mod/cache: permission denied",
      "# get https://git.corp.test/Users/jane/go/@v/list: 404 Not Found (0.01s)",
      "GOOS=darwin go build ./...",
      'x509: certificate signed by unknown authority (possibly because of "crypto/rsa: verification error")',
    ]) {
      expect(macosSignal(line), line).toBe(false);
    }
  });
});

describe("analyze picks the OS from the log", () => {
  const analyze = async (log: string) => ReportSchema.parse(JSON.parse((await runCli(["analyze", "-", "--json"], { input: log, env: { PATH: process.env.PATH } })).stdout));

  it("a Windows log: the store import in PowerShell", async () => {
    const report = await analyze(`C:\\Users\\jane\\src\\app>go mod download\n${x509.message}\n`);
    expect(report.shell).toBe("powershell");
    expect(report.findings[0]!.fixes[0]!.commands[0]).toMatch(/^Import-Certificate /);
  });

  it("a macOS log: the keychain", async () => {
    const report = await analyze(`go version go1.22.1 darwin/arm64\n${x509.message}\n`);
    expect(report.shell).toBe("posix");
    expect(report.findings[0]!.fixes[0]!.commands[0]).toMatch(/^sudo security add-trusted-cert /);
  });
});
