// POSIX fix commands as a Windows user runs them in PowerShell: each form the
// rules print, PowerShell's quoting, and the commands left alone (undefined)
// because no faithful translation exists.
import { describe, expect, it } from "vitest";
import { psQuote, toPowerShell } from "../../src/report/powershell.js";
import { readPosixCommand } from "../../src/report/posix-words.js";

const ps = (posix: string) => toPowerShell(posix)?.text;

describe("toPowerShell: forms", () => {
  it("a VAR=value prefix sets $env: for the command, and says which variables stay set", () => {
    expect(toPowerShell("GOPROXY=https://goproxy.cn,direct go mod download")).toEqual({
      text: "$env:GOPROXY = 'https://goproxy.cn,direct'; go mod download",
      sessionVars: ["GOPROXY"],
    });
    expect(toPowerShell("GIT_TRACE_PACKET=1 GIT_CURL_VERBOSE=1 git ls-remote https://git.corp.test/r")).toEqual({
      text: "$env:GIT_TRACE_PACKET = '1'; $env:GIT_CURL_VERBOSE = '1'; git ls-remote https://git.corp.test/r",
      sessionVars: ["GIT_TRACE_PACKET", "GIT_CURL_VERBOSE"],
    });
    // The POSIX quotes of a | list are undone, then PowerShell's applied.
    expect(ps("GOPROXY='https://a.test|https://b.test' go mod download")).toBe("$env:GOPROXY = 'https://a.test|https://b.test'; go mod download");
  });

  it("export is $env: (a string always: a bare word there would run a command)", () => {
    expect(toPowerShell("export GOPROXY=direct")).toEqual({ text: "$env:GOPROXY = 'direct'", sessionVars: [] });
    expect(ps("export GOPRIVATE='*.corp.example.com'")).toBe("$env:GOPRIVATE = '*.corp.example.com'");
    expect(ps("export A=1 B=2")).toBe("$env:A = '1'; $env:B = '2'");
    expect(ps(`export no_proxy="$NO_PROXY"`)).toBe(`$env:no_proxy = "$env:NO_PROXY"`);
    expect(ps(`export SSL_CERT_FILE="$HOME/corp.pem"`)).toBe(`$env:SSL_CERT_FILE = "$HOME/corp.pem"`);
  });

  it("unset is Remove-Item Env:, one name per Windows variable (its names ignore case)", () => {
    expect(ps("unset GOPROXY")).toBe("Remove-Item Env:GOPROXY -ErrorAction SilentlyContinue");
    expect(ps("unset HTTPS_PROXY HTTP_PROXY https_proxy http_proxy")).toBe("Remove-Item Env:HTTPS_PROXY, Env:HTTP_PROXY -ErrorAction SilentlyContinue");
    expect(ps(`echo "$HTTPS_PROXY"`)).toBe(`echo "$env:HTTPS_PROXY"`);
  });

  it("~/.netrc is $HOME\\_netrc (go reads _netrc on Windows), chmod of it has nothing to do", () => {
    expect(ps("printf 'machine git.corp.test login <USER> password <TOKEN>\\n' >> ~/.netrc")).toBe(
      "Add-Content -Path $HOME\\_netrc -Value 'machine git.corp.test login <USER> password <TOKEN>'",
    );
    expect(ps("chmod 600 ~/.netrc")).toBe("");
    expect(ps("chmod 600 'C:\\Users\\me\\_netrc'")).toBe("");
    expect(ps("grep -n 'machine git.corp.test' ~/.netrc")).toBe("Select-String -Pattern 'machine git.corp.test' -Path $HOME\\_netrc -CaseSensitive");
    expect(ps("${EDITOR:-vi} ~/.netrc")).toBe("notepad $HOME\\_netrc");
    // Only the netrc file: other modes and files have no Windows meaning here.
    expect(ps("chmod 644 ~/.netrc")).toBeUndefined();
    expect(ps("chmod 600 id_rsa")).toBeUndefined();
  });

  it("curl is curl.exe (PowerShell 5.1 aliases curl to Invoke-WebRequest), /dev/null is NUL", () => {
    expect(ps("curl -sS -o /dev/null -w '%{http_code}\\n' https://proxy.golang.org/example.com/a/@v/list")).toBe(
      "curl.exe -sS -o NUL -w '%{http_code}\\n' https://proxy.golang.org/example.com/a/@v/list",
    );
    expect(ps(`curl -sS -m 15 --proxy "$HTTPS_PROXY" https://git.corp.test/`)).toBe(`curl.exe -sS -m 15 --proxy "$env:HTTPS_PROXY" https://git.corp.test/`);
  });

  it("grep is Select-String, case-sensitive unless -i, in a pipeline or over files", () => {
    expect(ps("curl -sS 'https://example.com/m?go-get=1' | grep -i go-import")).toBe("curl.exe -sS 'https://example.com/m?go-get=1' | Select-String -Pattern go-import");
    expect(ps("go mod graph | grep 'example.com/a@'")).toBe("go mod graph | Select-String -Pattern example.com/a@ -CaseSensitive");
    expect(ps(`grep -n '^GOPROXY=' "$(go env GOENV)"`)).toBe(`Select-String -Pattern '^GOPROXY=' -Path "$(go env GOENV)" -CaseSensitive`);
    expect(ps(`grep -rn '"example.com/a' --include='*.go' .`)).toBe(`Get-ChildItem -Path . -Recurse -File -Filter '*.go' | Select-String -Pattern '"example.com/a' -CaseSensitive`);
    expect(ps("env | grep -i '_proxy='")).toBe("cmd /c set | Select-String -Pattern _proxy=");
    // A basic regexp takes + ( ) | literally; .NET would not.
    expect(ps("grep 'a+b(c)' go.mod")).toBe("Select-String -Pattern 'a\\+b\\(c\\)' -Path go.mod -CaseSensitive");
    expect(ps("grep -E 'a+b' go.mod")).toBe("Select-String -Pattern a+b -Path go.mod -CaseSensitive");
    expect(ps("grep -F 'a+b' go.mod")).toBe("Select-String -Pattern a+b -Path go.mod -SimpleMatch -CaseSensitive");
    // grep without a file reads the console; a backslash escape is not carried over.
    expect(ps("grep x")).toBeUndefined();
    expect(ps("lsof | grep '\\.lock'")).toBeUndefined();
  });

  it("rm -f with a wildcard is Remove-Item, ls -la/-ld Get-ChildItem/Get-Item, cat Get-Content", () => {
    expect(ps(`rm -f "$(go env GOMODCACHE)/cache/download/example.com/a/@v/v1.0.0."*`)).toBe(
      `Remove-Item -Force -ErrorAction SilentlyContinue "$(go env GOMODCACHE)/cache/download/example.com/a/@v/v1.0.0.*"`,
    );
    expect(ps("rm -rf build")).toBe("Remove-Item -Recurse -Force -ErrorAction SilentlyContinue build");
    expect(ps("ls -la ../infoflow")).toBe("Get-ChildItem -Force ../infoflow");
    expect(ps("ls -ld 'C:\\Users\\me\\go'")).toBe("Get-Item -Force C:\\Users\\me\\go");
    expect(ps("cat go.mod")).toBe("Get-Content go.mod");
  });

  it("go, git and the tool itself stay as they are, only requoted where PowerShell needs it", () => {
    expect(ps("go mod download -x example.com/a@v1.0.0")).toBe("go mod download -x example.com/a@v1.0.0");
    expect(ps("go env -w GOPRIVATE=git.corp.test")).toBe("go env -w GOPRIVATE=git.corp.test");
    expect(ps("go env -u GOPROXY")).toBe("go env -u GOPROXY");
    // A comma splits an argument into two in PowerShell.
    expect(ps("go env -w GOPROXY=https://goproxy.cn,direct")).toBe("go env -w 'GOPROXY=https://goproxy.cn,direct'");
    expect(ps("go env -w GOSUMDB='sum.golang.org https://sum.golang.org'")).toBe("go env -w 'GOSUMDB=sum.golang.org https://sum.golang.org'");
    expect(ps("go get example.com/a@<a version that works>")).toBe("go get 'example.com/a@<a version that works>'");
    expect(ps(`git config --global url."ssh://git@git.corp.test/".insteadOf "https://git.corp.test/"`)).toBe(
      "git config --global url.ssh://git@git.corp.test/.insteadOf https://git.corp.test/",
    );
    expect(ps("gomod-doctor diagnose --stall-timeout 10")).toBe("gomod-doctor diagnose --stall-timeout 10");
    // Case-encoded module paths in proxy URLs: `!` is quoted (it is an operator at the start of an expression).
    expect(ps("curl -sS https://proxy.golang.org/github.com/!burnt!sushi/toml/@v/list")).toBe("curl.exe -sS 'https://proxy.golang.org/github.com/!burnt!sushi/toml/@v/list'");
    expect(ps("which -a go; go version")).toBe("where.exe go; go version");
  });
});

describe("toPowerShell: quoting", () => {
  it("single quotes double inside, and $ and backticks stay literal in them", () => {
    expect(ps("export X='it'\\''s $5 `now`'")).toBe("$env:X = 'it''s $5 `now`'");
    expect(ps(`export X="a b \\"c\\" \\$d"`)).toBe(`$env:X = 'a b "c" $d'`);
    expect(ps("GOFLAGS='-mod=mod -x' go build")).toBe("$env:GOFLAGS = '-mod=mod -x'; go build");
    expect(psQuote("plain-word_1.2/x:y=z")).toBe("plain-word_1.2/x:y=z");
    for (const special of ["a b", "a,b", "a;b", "$a", "@a", "#a", "a'b", "a(b", "a{b", "a|b", "a&b", "a<b", "~a", "a`b"]) {
      expect(psQuote(special)).toMatch(/^'.*'$/);
    }
  });

  it("a variable glued to letters is braced; literal text in an expanding string is escaped", () => {
    expect(ps(`export X="$GOPATH/bin"`)).toBe(`$env:X = "$env:GOPATH/bin"`);
    expect(ps(`export X="\${GOPATH}x"`)).toBe(`$env:X = "\${env:GOPATH}x"`);
    expect(ps(`export X="\${HOME}x"`)).toBe(`$env:X = "\${HOME}x"`);
    expect(ps(`export X="$A\\\`"`)).toBe(`$env:X = "$env:A\`\`"`);
  });

  it("a native program's argument with a double quote (PowerShell 5.1 passes it broken) or an empty one (dropped) is not translated", () => {
    expect(ps(`git grep '"x'`)).toBeUndefined();
    expect(ps(`go env -w GOFLAGS=`)).toBe("go env -w GOFLAGS=");
    expect(ps(`go env -w GOFLAGS=''`)).toBe("go env -w GOFLAGS=");
    expect(ps(`go run . ''`)).toBeUndefined();
    expect(ps(`go env -w 'GOMODCACHE=C:\\Go Cache\\'`)).toBeUndefined();
    expect(ps(`go env -w 'GOMODCACHE=C:\\Go Cache\\mod'`)).toBe(`go env -w 'GOMODCACHE=C:\\Go Cache\\mod'`);
  });
});

describe("toPowerShell: left alone", () => {
  it.each([
    "cat /etc/resolv.conf",
    "getent hosts proxy.golang.org",
    "systemctl status systemd-resolved",
    "curl -sS -D - https://x.test | head -c 600",
    `export HTTPS_PROXY="http://\${HTTPS_PROXY#https://}"`,
    "git clone --depth 1 https://x.test/r && cd r",
    "# or a directory of PEM files: export SSL_CERT_DIR=/path",
    "sudo chown -R \"$(id -u):$(id -g)\" /go/pkg/mod",
    "ssh-keyscan -t ed25519 git.test | tee -a ~/.ssh/known_hosts | ssh-keygen -lf -",
    "curl -sS -o /tmp/module.zip https://x.test/a.zip",
    "ls *.go",
    "GOPROXY=direct",
    "export GOPROXY",
    "rm -rf /tmp/repo-check",
    "find . -name '*.tmp' -delete",
  ])("%s", (posix) => {
    expect(toPowerShell(posix)).toBeUndefined();
  });
});

describe("readPosixCommand", () => {
  it("reads pipelines, lists, quoting and one redirection", () => {
    expect(readPosixCommand("a 'b c' | d; e > f")).toEqual([
      [
        { words: [[{ kind: "lit", text: "a", quoted: false }], [{ kind: "lit", text: "b c", quoted: true }]] },
        { words: [[{ kind: "lit", text: "d", quoted: false }]] },
      ],
      [{ words: [[{ kind: "lit", text: "e", quoted: false }]], redirect: { append: false, target: [{ kind: "lit", text: "f", quoted: false }] } }],
    ]);
    expect(readPosixCommand("a 'unterminated")).toBeUndefined();
    expect(readPosixCommand("a | ")).toBeUndefined();
    expect(readPosixCommand("a > b c")).toBeUndefined();
  });
});
