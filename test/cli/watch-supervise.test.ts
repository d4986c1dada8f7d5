// Supervising go commands other than `go mod download`: the -x the tool adds
// is dropped where this go rejects it, and the compile commands -x echoes are
// not shown to the user as if go had printed them.
import { describe, expect, it } from "vitest";
import { createEchoFilter } from "../../src/supervise/command-echo.js";
import { dropUnsupportedX, usageAcceptsX } from "../../src/supervise/x-support.js";
import { GO119, GO123 } from "../../fixtures/run-go.js";

describe("-x support", () => {
  it("reads the usage line", () => {
    expect(usageAcceptsX("usage: go mod tidy [-e] [-v] [-x] [-diff] [-go=version] [-compat=version]\n")).toBe(true);
    expect(usageAcceptsX("usage: go mod tidy [-e] [-v] [-go=version] [-compat=version]\n\nTidy makes sure go.mod [-x]")).toBe(false);
    expect(usageAcceptsX("usage: go list [-f format] [-json] [-m] [list flags] [build flags] [packages]")).toBe(true);
    expect(usageAcceptsX("usage: go work sync")).toBe(false);
  });

  it("asks the real go: go1.19's tidy loses -x, go1.23's keeps it; work sync never has it", async () => {
    const env = { PATH: "/usr/bin:/bin", HOME: "/nonexistent", GOTOOLCHAIN: "local" };
    expect(await dropUnsupportedX(GO119, ["mod", "tidy", "-x"], env)).toEqual(["mod", "tidy"]);
    expect(await dropUnsupportedX(GO123, ["mod", "tidy", "-x"], env)).toEqual(["mod", "tidy", "-x"]);
    expect(await dropUnsupportedX(GO123, ["work", "sync", "-x"], env)).toEqual(["work", "sync"]);
    expect(await dropUnsupportedX(GO119, ["mod", "download", "-x", "-json"], env)).toEqual(["mod", "download", "-x", "-json"]);
  }, 20_000);
});

describe("-x command echo", () => {
  it("keeps go's own lines and drops the build commands, heredocs included", () => {
    const shows = createEchoFilter();
    const lines = [
      "WORK=/tmp/go-build4268886139",
      "mkdir -p $WORK/b003/",
      "cd /tmp/gomod-doctor-watch-Ewvxg1",
      "/usr/lib/go-1.23/pkg/tool/linux_amd64/compile -o $WORK/b003/_pkg_.a -p example.com/a a.go",
      "cat >/tmp/go-build4268886139/b002/importcfg << 'EOF' # internal",
      "# import config",
      "packagefile example.com/a=/tmp/go-build4268886139/b003/_pkg_.a",
      "EOF",
      "/usr/lib/go-1.23/pkg/tool/linux_amd64/buildid -w $WORK/b002/_pkg_.a # internal",
      "go: downloading example.com/a v1.0.0",
      "# example.com/fixture/watch",
      "./lib.go:6:13: cannot use b.Name (untyped string constant) as int value in variable declaration",
    ];
    expect(lines.filter(shows)).toEqual(lines.slice(-3));
  });
});
