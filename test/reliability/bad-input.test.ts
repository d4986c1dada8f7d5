// Bad input to the tool itself: one clear line on stderr and exit 2, or under
// --json one error document on stdout and nothing on stderr (under --ndjson the
// same document as a {"type":"error"} line); never a stack trace.
import { execa } from "execa";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { isolatedGoEnv } from "../../fixtures/go-env.js";
import { BIN, runCli } from "../helpers/cli.js";
import { ErrorDocumentSchema, NdjsonFinalLineSchema } from "../../src/report/schema.js";
import { cleanupStack, STACK_LINE } from "./helpers.js";

const cleanups = cleanupStack();
afterEach(() => cleanups.run());

/** A world-readable scratch tree (another user runs one case in it). */
let root: string;
let env: Record<string, string>;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "gomod-doctor-badinput-"));
  await chmod(root, 0o755);
  const go = await isolatedGoEnv({ extra: { GOMOD_DOCTOR_REFERENCE_HOSTS: "localhost" } });
  env = go.env;
  const fakeGo = join(root, "fake-go");
  await mkdir(fakeGo);
  // A go that answers like go1.18: go env -json and go version only.
  await writeFile(
    join(fakeGo, "go"),
    [
      "#!/bin/sh",
      'case "$1" in',
      '  env) printf \'{\\n\\t"GOVERSION": "go1.18.10",\\n\\t"GOPROXY": "off",\\n\\t"GOMODCACHE": "/nonexistent"\\n}\\n\' ;;',
      '  version) echo "go version go1.18.10 linux/amd64" ;;',
      "  *) echo \"go: unknown command\" >&2; exit 2 ;;",
      "esac",
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
  const dirs: Record<string, string | undefined> = { "no-go-mod": undefined, "empty-go-mod": "", "malformed-go-mod": "module\n  this is ( not go.mod\n", ok: "module example.com/ok\n\ngo 1.19\n" };
  for (const [name, gomod] of Object.entries(dirs)) {
    await mkdir(join(root, name));
    if (gomod !== undefined) await writeFile(join(root, name, "go.mod"), gomod);
  }
  await writeFile(join(root, "a-file"), "not a directory\n");
  await mkdir(join(root, "unreadable"));
  await writeFile(join(root, "unreadable", "go.mod"), "module example.com/u\n\ngo 1.19\n");
  await chmod(join(root, "unreadable"), 0o000);
  return async () => {
    await chmod(join(root, "unreadable"), 0o755).catch(() => undefined);
    await rm(root, { recursive: true, force: true });
    await go.cleanup();
  };
});

interface Case {
  name: string;
  args: () => string[];
  env?: () => Record<string, string>;
  /** The error document's code under --json. */
  code: string;
  /** Whether to add --json for the JSON run (false when the case already has it). */
  addJson?: boolean;
  /** Only the JSON run: the case is about the JSON flags. */
  jsonOnly?: boolean;
}

const d = (name: string) => join(root, name);

const CASES: Case[] = [
  { name: "no go.mod", args: () => ["diagnose", d("no-go-mod")], code: "no-go-mod" },
  { name: "an empty go.mod", args: () => ["diagnose", d("empty-go-mod")], code: "bad-go-mod" },
  { name: "a malformed go.mod", args: () => ["diagnose", d("malformed-go-mod")], code: "bad-go-mod" },
  { name: "a directory that is a file", args: () => ["diagnose", d("a-file")], code: "bad-dir" },
  { name: "a directory that does not exist", args: () => ["probe", d("missing"), "--no-mirrors"], code: "bad-dir" },
  { name: "--stall-timeout -1", args: () => ["diagnose", d("ok"), "--stall-timeout", "-1"], code: "usage" },
  { name: "--stall-timeout abc", args: () => ["diagnose", d("ok"), "--stall-timeout", "abc"], code: "usage" },
  { name: "--probe-timeout 0", args: () => ["probe", d("ok"), "--no-mirrors", "--probe-timeout", "0"], code: "usage" },
  { name: "--timeout 0", args: () => ["diagnose", d("ok"), "--timeout", "0"], code: "usage" },
  { name: "an unknown option", args: () => ["diagnose", d("ok"), "--frobnicate"], code: "usage" },
  { name: "an unknown command", args: () => ["frobnicate", d("ok")], code: "usage" },
  { name: "a go command after -- for probe", args: () => ["probe", d("ok"), "--", "go", "mod", "tidy"], code: "usage" },
  { name: "no go on PATH", args: () => ["diagnose", d("ok")], env: () => ({ ...env, PATH: "/usr/bin:/bin" }), code: "no-go" },
  { name: "--go /nonexistent", args: () => ["diagnose", d("ok"), "--go", "/nonexistent/go"], code: "no-go" },
  { name: "a go older than 1.19", args: () => ["diagnose", d("ok")], env: () => ({ ...env, PATH: `${d("fake-go")}:/usr/bin:/bin` }), code: "old-go" },
  { name: "--json --ndjson together", args: () => ["diagnose", d("ok"), "--json", "--ndjson"], code: "usage", addJson: false, jsonOnly: true },
  { name: "analyze of a directory", args: () => ["analyze", d("ok")], code: "bad-input" },
  { name: "analyze of a missing file", args: () => ["analyze", d("missing.log")], code: "bad-input" },
  { name: "explain NOPE", args: () => ["explain", "NOPE"], code: "usage" },
];

function expectOneLine(stderr: string): void {
  expect(stderr).not.toMatch(STACK_LINE);
  const lines = stderr.split("\n").filter((l) => l.trim() !== "");
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^gomod-doctor: \S/);
  expect(lines[0]).not.toMatch(/internal error/);
}

describe("bad input gives one line and exit 2", () => {
  it("sanity: /usr/bin and /bin hold no go (the no-go case relies on it)", () => {
    expect(existsSync("/usr/bin/go") || existsSync("/bin/go")).toBe(false);
  });

  for (const c of CASES) {
    if (!c.jsonOnly) {
      it(`${c.name}: one line on stderr, nothing on stdout`, async () => {
        const run = await runCli(c.args(), { env: c.env?.() ?? env, timeoutMs: 20_000 });
        expect(run.code, run.stderr).toBe(2);
        expectOneLine(run.stderr);
        expect(run.stdout).toBe("");
      }, 30_000);
    }
    it(`${c.name} --json: one error document on stdout, nothing on stderr`, async () => {
      const args = c.addJson === false ? c.args() : [...c.args(), "--json"];
      // Flags go before `--` (the go command after it is the go command's).
      const at = args.indexOf("--");
      if (at >= 0 && c.addJson !== false) args.splice(at, 0, args.pop()!);
      const run = await runCli(args, { env: c.env?.() ?? env, timeoutMs: 20_000 });
      expect(run.code, run.stdout + run.stderr).toBe(2);
      expect(run.stderr).toBe("");
      const doc = ErrorDocumentSchema.parse(JSON.parse(run.stdout));
      expect(doc.error.code).toBe(c.code);
      expect(doc.error.message).not.toMatch(/\n/);
      expect(run.stdout.trimEnd().split("\n")).toHaveLength(1);
    }, 30_000);
  }

  // Under --ndjson the error is the last (and only) line, in the live lines' envelope.
  for (const c of CASES.filter((k) => ["no go.mod", "an unknown option", "no go on PATH"].includes(k.name))) {
    it(`${c.name} --ndjson: one {"type":"error"} line on stdout, nothing on stderr`, async () => {
      const run = await runCli([...c.args(), "--ndjson"], { env: c.env?.() ?? env, timeoutMs: 20_000 });
      expect(run.code, run.stdout + run.stderr).toBe(2);
      expect(run.stderr).toBe("");
      expect(run.stdout.trimEnd().split("\n")).toHaveLength(1);
      const line = NdjsonFinalLineSchema.parse(JSON.parse(run.stdout));
      expect(line.type).toBe("error");
      expect(ErrorDocumentSchema.parse(line.data).error.code).toBe(c.code);
    }, 30_000);
  }

  // chmod 000 shuts out every user but root: as root, the tool runs as user nobody (setpriv is in
  // util-linux, part of every Debian); as anyone else, as that user.
  const asRoot = process.getuid?.() === 0;
  const setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].find((p) => existsSync(p));
  it("an unreadable directory (as a user it shuts out): one line and exit 2, or one JSON document", async () => {
    if (asRoot) expect(setpriv, "setpriv (util-linux) is needed to run the tool as another user than root").toBeDefined();
    const asNobody = (extra: string[]) =>
      execa(asRoot ? setpriv! : "node", [...(asRoot ? ["--reuid=65534", "--regid=65534", "--clear-groups", "node"] : []), BIN, "diagnose", d("unreadable"), ...extra], {
        env: { ...env, HOME: root, NO_COLOR: "1" },
        extendEnv: false,
        reject: false,
        stdin: "ignore",
        timeout: 20_000,
      });
    const human = await asNobody([]);
    expect(human.exitCode, String(human.stderr)).toBe(2);
    expectOneLine(String(human.stderr));
    expect(String(human.stderr)).toMatch(/unreadable/);
    const json = await asNobody(["--json"]);
    expect(json.exitCode).toBe(2);
    expect(String(json.stderr)).toBe("");
    expect(ErrorDocumentSchema.parse(JSON.parse(String(json.stdout))).error.code).toBe("bad-dir");
  }, 30_000);
});
