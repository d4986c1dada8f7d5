// GMD319: the repository URL of a directly fetched module answers with a web
// page instead of git: a single-sign-on front that redirects every request to
// its login page, or a URL that is a project's web page, not its repository.
// git says so in two ways (http.c, remote-curl.c): a redirect it will not
// follow, because it does not keep the repository path (`unable to update url
// base from redirection: asked for: URL redirect: URL2`), or an answer to
// info/refs that is not git's (`URL/info/refs not valid: is this a git repository?`).
import type { Finding } from "../report/schema.js";
import { probed } from "./facts.js";
import { failingSeverity, insteadOfFix, makeFinding, netrcFix } from "./fixes.js";
import { hostOf } from "./net-text.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const REPO_NOT_GIT: CauseInfo = {
  code: "GMD319",
  name: "repo-not-git",
  title: "The repository URL answers with a web page, not git",
  explain:
    "git asked the repository's URL for its refs (`URL/info/refs?service=git-upload-pack`) and got a web page: a redirect to a sign-in " +
    "page (a single-sign-on front such as an identity-aware proxy in front of the git server), or an HTML answer (`not valid: is this a " +
    "git repository?`). git cannot log in through a browser page. Give git credentials the front accepts without a browser (an access " +
    "token in ~/.netrc, or ssh), reach the git server where it is not behind the front (VPN), or, when the URL is a project's web page, " +
    "correct the go-import tag that names it.",
};

const REDIRECT = /unable to update url base from redirection:\s*\n?\s*asked for: (\S+)\s*\n?\s*redirect: (\S+)/;
const NOT_GIT = /fatal: (\S+?)\/info\/refs(?:\?\S*)? not valid: is this a git repository\?/;
/** A redirect target that is a login: /login, /signin, /sso, /saml, /oauth2/authorize... */
const LOGIN_PATH = /\/(?:log-?in|sign-?in|sso|saml|oauth2?|openid|auth(?:orize)?|adfs|cas)\b|[?&](?:next|return_?to|redirect_uri|continue)=/i;

/** The repository URL git was asked for: `URL/info/refs?...` without its tail. */
function repoFromInfoRefs(url: string): string {
  return url.replace(/\/info\/refs(?:\?.*)?$/, "");
}

function withoutQuery(url: string): string {
  return url.replace(/[?#].*$/, "");
}

interface Hit {
  module: string | undefined;
  text: string;
  /** The info/refs URL git asked for. */
  asked: string;
  /** Where the host redirected it, when it did. */
  redirect: string | undefined;
  repo: string;
}

function repoNotGit(e: Evidence): Finding[] {
  const texts = [
    ...(e.trace?.errors ?? []).map((x) => ({ module: x.module, text: [x.message, ...x.details].join("\n") })),
    ...probed(e, "vcs").flatMap((p) => (p.facts.lsRemote?.stderr ? [{ module: p.facts.modules[0], text: p.facts.lsRemote.stderr }] : [])),
  ];
  const hits = texts.flatMap((t): Hit[] => {
    const r = REDIRECT.exec(t.text);
    if (r) return [{ ...t, asked: r[1]!, redirect: r[2]!, repo: repoFromInfoRefs(r[1]!) }];
    const n = NOT_GIT.exec(t.text);
    return n ? [{ ...t, asked: `${n[1]}/info/refs?service=git-upload-pack`, redirect: undefined, repo: n[1]! }] : [];
  });
  if (hits.length === 0) return [];
  const out: Finding[] = [];
  for (const repo of [...new Set(hits.map((h) => h.repo))]) {
    const mine = hits.filter((h) => h.repo === repo);
    const hit = mine.find((h) => h.redirect) ?? mine[0]!;
    const host = hostOf(repo) ?? repo;
    const scheme = repo.startsWith("http://") ? "http" : "https";
    const modules = [...new Set(mine.flatMap((h) => (h.module ? [h.module] : [])))].sort();
    const login = hit.redirect !== undefined && LOGIN_PATH.test(hit.redirect);
    const target = hit.redirect ? withoutQuery(hit.redirect) : undefined;
    const vcs = probed(e, "vcs").find((p) => p.facts.host === host || (modules[0] !== undefined && p.facts.modules.includes(modules[0])));
    // The go-import page that named this URL, for the "wrong URL" reading.
    const tagPage = vcs?.facts.goImport?.meta && modules[0] ? `${vcs.facts.goImport.url ?? `https://${modules[0]}?go-get=1`}` : undefined;
    const evidence = [
      ...new Set(
        mine.flatMap((h) =>
          h.text
            .split("\n")
            .filter((l) => /^go: |unable to update url base|asked for:|redirect:|not valid: is this a git repository/.test(l))
            .map((l) => l.trim()),
        ),
      ),
    ].slice(0, 5);
    out.push(
      makeFinding(REPO_NOT_GIT, {
        title: login
          ? `${host} sends git to a sign-in page (${target}) instead of the repository ${repo}`
          : target
            ? `${host} redirects git away from the repository ${repo} (to ${target})`
            : `${repo} does not answer as a git repository (a web page instead)`,
        severity: failingSeverity(e),
        confidence: login ? 0.9 : 0.8,
        why:
          (hit.redirect
            ? `git asked ${hit.asked} for the repository's refs and was redirected to ${hit.redirect}` +
              (login
                ? ": a sign-in page. A single-sign-on front (or the server itself) wants a browser login, which git cannot do; "
                : ", which is not the same repository path; ") +
              "git follows only redirects that keep the repository's path, so it stops there. "
            : `git asked ${hit.asked} for the repository's refs and got an answer that is not git's (an HTML page: a sign-in or error page of a ` +
              "single-sign-on front, a web server that is not the git service, or the project's web page rather than its repository). ") +
          "The network path works: the host answers, just not with git.",
        evidence,
        modules,
        fixes: [
          {
            summary: `See what ${host} answers to git's request (the status, the Location and the Content-Type)`,
            commands: [`curl -sS -o /dev/null -D - '${hit.asked}'`],
          },
          {
            ...netrcFix(host, vcs?.facts.netrc),
            summary: `If ${host} sits behind single sign-on: give git an access token the front accepts without a browser, in ~/.netrc (or reach the git server over a VPN where it is not behind the front)`,
          },
          insteadOfFix(host, scheme),
          ...(tagPage && !login
            ? [
                {
                  summary: `If ${repo} is not the repository's address (a project page), the go-import tag that names it is wrong: see what it says`,
                  commands: [`curl -sS '${tagPage}' | grep -i go-import`],
                },
              ]
            : []),
        ],
      }),
    );
  }
  return out;
}

export const repoWebPageFamily: RuleFamily = {
  family: "repo-web-page",
  causes: [REPO_NOT_GIT],
  evaluate: repoNotGit,
};
