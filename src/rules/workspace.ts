// GMD318: a go.work `use` line names a directory without a go.mod (moved,
// renamed, not checked out): `go: cannot load module DIR listed in go.work
// file: open DIR/go.mod: no such file or directory` (go1.20+, modload/init.go),
// or go1.18-1.19's bare `go: open /abs/DIR/go.mod: no such file or directory`.
// Nothing is fetched: the workspace itself is broken.
import type { Finding } from "../report/schema.js";
import { failingSeverity, makeFinding, shellQuote } from "./fixes.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const WORKSPACE_USE_MISSING: CauseInfo = {
  code: "GMD318",
  name: "workspace-use-missing",
  title: "A go.work `use` line names a directory without a go.mod",
  explain:
    "In workspace mode (a go.work file in this directory or a parent, or GOWORK) the go command loads every module that a `use` line " +
    "names before anything else. When one of those directories has no go.mod (it was moved or renamed, or is not checked out on this " +
    "machine) every command fails: `cannot load module DIR listed in go.work file: open DIR/go.mod: no such file or directory` " +
    "(go1.18-1.19 print only `open /abs/DIR/go.mod: ...`). No download or network setting is involved. Point the `use` line at the " +
    "module's directory (`go work use`), drop it (`go work edit -dropuse`), or leave workspace mode for one command with GOWORK=off.",
};

/** go1.20+: `cannot load module DIR listed in go.work file: open DIR/go.mod: ...`. */
const LISTED = /cannot load module (\S+) listed in go\.work file: (?:open|read) (\S+\/go\.mod): (no such file or directory|not a directory|The system cannot find the (?:file|path) specified\.)/;
/** go1.18-1.19: the error alone, `go: open /abs/DIR/go.mod: no such file or directory`, a whole line. */
const BARE = /^go: open (\S*?([^/\\\s]+)[/\\]go\.mod): (no such file or directory|The system cannot find the (?:file|path) specified\.)$/;

function workspaceUseMissing(e: Evidence): Finding[] {
  const hits = (e.trace?.errors ?? []).flatMap((x) => {
    const listed = LISTED.exec(x.message);
    if (listed) return [{ dir: listed[1]!, line: x.message, certain: true }];
    const bare = BARE.exec(x.message.trim());
    // Without go1.20's words the same error can be a module's own go.mod gone; only a workspace names another directory's.
    return bare ? [{ dir: bare[1]!.replace(/[/\\]go\.mod$/, ""), line: x.message, certain: false }] : [];
  });
  if (hits.length === 0) return [];
  const dirs = [...new Set(hits.map((h) => h.dir))];
  const certain = hits.some((h) => h.certain);
  return [
    makeFinding(WORKSPACE_USE_MISSING, {
      title: `go.work uses ${dirs.join(", ")}, which ${dirs.length > 1 ? "have" : "has"} no go.mod${certain ? "" : " (if a go.work is in effect)"}`,
      severity: failingSeverity(e),
      confidence: certain ? 0.9 : 0.6,
      why:
        `The workspace's go.work names ${dirs.join(", ")} in a \`use\` line, and there is no go.mod there (moved, renamed, or not checked out here). ` +
        "The go command loads every workspace module first, so every command fails before it fetches anything." +
        (certain ? "" : " go1.18-1.19 word it as a bare `open .../go.mod` error; `go env GOWORK` says whether a go.work file is in effect."),
      evidence: [...new Set(hits.map((h) => h.line))].slice(0, 3),
      fixes: [
        {
          summary: "See which go.work is in effect and what it uses, then point the use line at the module's directory or drop it",
          // -dropuse matches the path as go.work writes it (./m): go1.20 names it relative to here, go1.19 only absolute.
          commands: ["go env GOWORK", "go work edit -json", certain ? `go work edit -dropuse=${shellQuote(dirs[0]!)}` : "go work edit -dropuse=<PATH AS IN go.work>", "go work use <DIR>"],
        },
        { summary: "Or run this one command outside the workspace", commands: ["GOWORK=off go build ./..."], caution: "Without the workspace, the modules it joined come from their required versions, not your local copies." },
      ],
    }),
  ];
}

export const workspaceFamily: RuleFamily = {
  family: "workspace",
  causes: [WORKSPACE_USE_MISSING],
  evaluate: (e) => workspaceUseMissing(e),
};
