// analyze of logs from Windows machines (fixtures/logs): the fix commands come
// in PowerShell, the report says so (`shell`), and every other log keeps the
// POSIX commands the rules write.
import { describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runAnalyze } from "../../src/commands/analyze.js";
import { ReportSchema, type Report } from "../../src/report/schema.js";
import { runCli } from "../helpers/cli.js";

const LOGS = fileURLToPath(new URL("../../fixtures/logs/", import.meta.url));
const output = { mode: "json" as const, color: false, verbose: false, debug: false, interactive: false, githubActions: false };

async function analyze(file: string): Promise<Report> {
  return ReportSchema.parse(await runAnalyze({ output, file: path.join(LOGS, file), dir: LOGS, probeTimeoutMs: 1000, mirrors: false, stallTimeoutMs: 30_000, probe: false }));
}
const commands = (r: Report) => r.findings.flatMap((f) => f.fixes.flatMap((x) => x.commands));

/** The logs whose go lines show Windows: a drive-letter path, a cmd prompt, connectex, a backslash position. */
const WINDOWS = [
  "athens-wsarecv-wrapped-go112.log", // wsarecv (logs round 12)
  "checksum-mismatch-windows-prompt.log",
  "git-missing-windows-path-vscode-gopkgs.log", // %PATH%, C:\ paths (logs round 13)
  "gitlab-private-subgroup-not-found.log",
  "gopath-mode-ignores-goproxy-windows.log",
  "proxy-connectex-timeout-vscode-tools-undefined.log", // connectex (logs round 13)
  "proxy-connectex-timeout-windows-positioned-wetrace.log", // connectex, a C:\ path (logs round 14)
  "proxy-timeout-windows-connectex.log",
  "replace-dir-missing-windows-goclaw.log",
  "ssh-insteadof-colon-hostname-windows.log",
  "sumdb-connectex-timeout-nexus-go113.log",
  "sumdb-connectex-timeout-vscode-gocode-go113.log", // connectex (logs round 13)
  "toolchain-not-available-windows-cjk-prompt.log",
  "windows-rename-access-denied-vscode-tools.log",
];

describe("analyze: fixes for a Windows log are PowerShell", () => {
  it("a cmd prompt and connectex: $env: for one command, curl.exe and Select-String, a caution", async () => {
    const r = await analyze("gopath-mode-ignores-goproxy-windows.log");
    expect(r.shell).toBe("powershell");
    const fix = r.findings[0]!.fixes.find((f) => f.commands.some((c) => c.includes("GO111MODULE")))!;
    expect(fix.commands).toContain("$env:GO111MODULE = 'on'; go get golang.org/x/tools/gopls");
    expect(fix.caution).toContain("stays set for the rest of the session");
    expect(commands(r)).toContain("curl.exe -sS 'https://golang.org/x/tools/gopls?go-get=1' | Select-String -Pattern go-import");
  });

  it("connectex to a proxy: NUL for /dev/null, cmd's set for env, $env: for export, a quoted comma for go env -w", async () => {
    const r = await analyze("proxy-timeout-windows-connectex.log");
    const all = commands(r);
    expect(all).toContain("curl.exe -v -m 10 -o NUL https://goproxy.cn/github.com/gin-gonic/gin/@v/list");
    expect(all).toContain("cmd /c set | Select-String -Pattern _proxy=");
    expect(all).toContain("$env:HTTPS_PROXY = 'http://<PROXY_HOST>:<PORT>'");
    expect(all).toContain("go env -w 'GOPROXY=https://proxy.golang.org,direct'");
    expect(all.filter((c) => /^(export|unset|curl) /.test(c))).toEqual([]);
  });

  it("credentials go to $HOME\\_netrc, without chmod", async () => {
    const r = await analyze("gitlab-private-subgroup-not-found.log");
    const all = commands(r);
    expect(all).toContain("Add-Content -Path $HOME\\_netrc -Value 'machine git2.my-gitlab.net.cn login <USER> password <TOKEN>'");
    expect(all.some((c) => c.includes("chmod") || c.includes(".netrc"))).toBe(false);
  });

  it("GOTOOLCHAIN=local, a cache entry to drop, a directory to look at", async () => {
    expect(commands(await analyze("toolchain-not-available-windows-cjk-prompt.log"))).toContain("$env:GOTOOLCHAIN = 'local'; go mod download");
    expect(commands(await analyze("checksum-mismatch-windows-prompt.log"))).toContain(
      `Remove-Item -Force -ErrorAction SilentlyContinue "$(go env GOMODCACHE)/cache/download/github.com/influxdata/influxdb/@v/v1.11.5.*"`,
    );
    expect(commands(await analyze("replace-dir-missing-windows-goclaw.log"))).toContain("Get-ChildItem -Force ../infoflow");
  });

  it("exactly the Windows logs are read as Windows; every other log keeps its POSIX commands", async () => {
    const windows: string[] = [];
    for (const file of readdirSync(LOGS).filter((f) => f.endsWith(".log")).sort()) {
      const r = await analyze(file);
      if (r.shell === "powershell") windows.push(file);
      else {
        expect(commands(r).filter((c) => /\$env:|curl\.exe|Select-String|Remove-Item|_netrc/.test(c)), file).toEqual([]);
        expect(r.findings.flatMap((f) => f.fixes).filter((x) => x.shell !== undefined), file).toEqual([]);
      }
    }
    expect(windows).toEqual(WINDOWS);
  }, 120_000);
});

describe("analyze CLI: the shell in JSON and in words", () => {
  it("--json says powershell for a Windows log, posix otherwise", async () => {
    const win = await runCli(["analyze", path.join(LOGS, "proxy-timeout-windows-connectex.log"), "--json"]);
    expect(JSON.parse(win.stdout).shell).toBe("powershell");
    const posix = await runCli(["analyze", path.join(LOGS, "proxy-io-timeout-ethereum.log"), "--json"]);
    expect(JSON.parse(posix.stdout).shell).toBe("posix");
  });

  it("the human report says the commands are for PowerShell, and marks a fix left in POSIX form", async () => {
    const run = await runCli(["analyze", path.join(LOGS, "replace-dir-missing-windows-goclaw.log")]);
    expect(run.stdout).toContain("fix commands are for PowerShell");
    const posix = await runCli(["analyze", path.join(LOGS, "proxy-io-timeout-ethereum.log")]);
    expect(posix.stdout).not.toContain("PowerShell");
  });
});
