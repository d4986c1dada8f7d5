// `go mod download -x -json 2>&1 | tee go.log`: the -x trace and go's JSON
// results in one file. A zip whose body ended early (`unexpected EOF`, the
// server closed) is said as such, not as a TCP reset.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runAnalyze } from "../../src/commands/analyze.js";

const output = { mode: "json" as const, color: false, verbose: false, debug: false, interactive: false, githubActions: false };
// go1.23.5 against a proxy that closes the zip of example.com/a after 100 bytes of its body.
const LOG = `${[
  "# get http://127.0.0.1:3000/example.com/b/@v/v1.2.0.mod",
  "# get http://127.0.0.1:3000/example.com/a/@v/v1.0.0.mod",
  "# get http://127.0.0.1:3000/example.com/a/@v/v1.0.0.mod: 200 OK (0.006s)",
  "# get http://127.0.0.1:3000/example.com/b/@v/v1.2.0.mod: 200 OK (0.008s)",
  "# get http://127.0.0.1:3000/example.com/a/@v/v1.0.0.info",
  "# get http://127.0.0.1:3000/example.com/a/@v/v1.0.0.info: 200 OK (0.001s)",
  "# get http://127.0.0.1:3000/example.com/b/@v/v1.2.0.info",
  "# get http://127.0.0.1:3000/example.com/b/@v/v1.2.0.info: 200 OK (0.001s)",
  "# get http://127.0.0.1:3000/example.com/a/@v/v1.0.0.zip",
  "# get http://127.0.0.1:3000/example.com/b/@v/v1.2.0.zip",
  "# get http://127.0.0.1:3000/example.com/a/@v/v1.0.0.zip: 200 OK (0.004s)",
  "# get http://127.0.0.1:3000/example.com/b/@v/v1.2.0.zip: 200 OK (0.004s)",
  "{",
  '\t"Path": "example.com/a",',
  '\t"Version": "v1.0.0",',
  '\t"Error": "example.com/a@v1.0.0: read \\"http://127.0.0.1:3000/example.com/a/@v/v1.0.0.zip\\": unexpected EOF",',
  '\t"Info": "/home/u/go/pkg/mod/cache/download/example.com/a/@v/v1.0.0.info",',
  '\t"GoMod": "/home/u/go/pkg/mod/cache/download/example.com/a/@v/v1.0.0.mod",',
  '\t"GoModSum": "h1:ZAUd/2yOBdp2YItVB+WY5e20QrjfDEAN5lnHVh0qm7A="',
  "}",
  "{",
  '\t"Path": "example.com/b",',
  '\t"Version": "v1.2.0",',
  '\t"Zip": "/home/u/go/pkg/mod/cache/download/example.com/b/@v/v1.2.0.zip",',
  '\t"Sum": "h1:JMTItC/7lZJxYJOzkEsdRGz9gHbKKuAzITQ6AXqivsQ=",',
  '\t"GoModSum": "h1:9H3sphBVe7uxc01T48LmImsa3elW5D9KD5fYa94BBqU="',
  "}",
].join("\n")}\n`;

let dir = "";
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("a tee'd -x -json log with a zip cut short", () => {
  it("one module done, one failed; the cut is an early close (unexpected EOF), not a reset", async () => {
    dir = await mkdtemp(join(tmpdir(), "gomod-doctor-tee-"));
    const file = join(dir, "go.log");
    await writeFile(file, LOG);
    const report = await runAnalyze({ output, file, dir, probeTimeoutMs: 1000, mirrors: false, stallTimeoutMs: 30_000, probe: false });
    expect(report.summary).toMatchObject({ modules: 2, done: 1, failed: 1 });
    const top = report.findings[0];
    expect(top?.code).toBe("GMD111");
    expect(top?.modules).toEqual(["example.com/a"]);
    expect(top?.why).toContain("closed the connection before the response was complete (`unexpected EOF`");
    expect(top?.why).not.toContain("reset before");
  });
});
