// The URL of a directly fetched module's repository, for the commands a
// finding suggests (`git ls-remote URL`): the one the go command used, not a
// guess from the module path (a go-import tag may name another host or path).
import { probed } from "./facts.js";
import type { Evidence } from "./types.js";

/** The vcs cache folder go's git error names (`git ls-remote -q origin in DIR: exit status 128`). */
/** git's `fatal: repository 'https://github.com/o/r/' not found`. */
const GIT_NAMED_REPO = /fatal: repository '(https?:\/\/[^'\s]+)' not found/;
const VCS_DIR = /\bin (\S+\/cache\/vcs\/[0-9a-f]{64})\b/;

/**
 * The repository of `path` (a module path, or its repository root): the URL of
 * the vcs folder that `errorText` names, from the trace's `# git3 URL` line;
 * else the repository git itself names in the error (`fatal: repository 'URL' not found`);
 * else the repository the go-import tag read by the vcs probe names for it;
 * else `https://PATH`.
 */
export function repositoryUrl(e: Evidence, path: string, errorText = ""): string {
  const dir = VCS_DIR.exec(errorText)?.[1];
  const traced = dir ? e.trace?.vcs.find((v) => v.dir === dir && v.repo)?.repo : undefined;
  if (traced) return traced;
  // git's own words name the URL it was given (for a path deeper than the repository, its root).
  const named = GIT_NAMED_REPO.exec(errorText)?.[1];
  if (named) return named.replace(/\/+$/, "");
  const meta = probed(e, "vcs")
    .map((p) => p.facts.goImport?.meta)
    .find((m) => m !== undefined && (path === m.prefix || path.startsWith(`${m.prefix}/`)));
  return meta?.repo ?? `https://${path}`;
}
