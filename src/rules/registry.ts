// Every rule family, in the fixed order used to break ranking ties: settings
// and local causes first, then the network path outwards, fallbacks last.
import { badPathFamily } from "./bad-path.js";
import { fileProxyFamily } from "./file-proxy.js";
import { genericFamily } from "./generic.js";
import { gomodDirectivesFamily } from "./gomod-directives.js";
import { goflagsFamily } from "./goflags.js";
import { govcsFamily } from "./govcs.js";
import { httpProxyFamily } from "./http-proxy.js";
import { inFlightFamily } from "./in-flight.js";
import { modcacheFamily } from "./modcache.js";
import { moduleFilesFamily } from "./module-files.js";
import { workspaceFamily } from "./workspace.js";
import { modServerFamily } from "./mod-server.js";
import { modulePathFamily } from "./module-path.js";
import { networkFamily } from "./network.js";
import { originTransportFamily } from "./origin-transport.js";
import { ownFailureFamily } from "./own-failure.js";
import { performanceFamily } from "./performance.js";
import { privateFamily } from "./private.js";
import { proxyAnswersFamily } from "./proxy-answers.js";
import { proxyGapsFamily } from "./proxy-gaps.js";
import { proxyIndexFamily } from "./proxy-index.js";
import { proxyPathFamily } from "./proxy-path.js";
import { proxyRefusalFamily } from "./proxy-refusal.js";
import { repoHostFamily } from "./repo-host.js";
import { repoWebPageFamily } from "./repo-web-page.js";
import { retractedFamily } from "./retracted.js";
import { settingsFamily } from "./settings.js";
import { sshHandshakeFamily } from "./ssh-handshake.js";
import { stdlibImportFamily } from "./stdlib-import.js";
import { sumdbFamily } from "./sumdb.js";
import { sumdbKeyFamily } from "./sumdb-key.js";
import { tlsFamily } from "./tls.js";
import { transferFamily } from "./transfer.js";
import type { RuleFamily } from "./types.js";
import { vcsFamily } from "./vcs.js";
import { vcsToolFamily } from "./vcs-tool.js";
import { zipSizeFamily } from "./zip-size.js";

export const RULE_FAMILIES: readonly RuleFamily[] = [
  settingsFamily,
  goflagsFamily,
  govcsFamily,
  gomodDirectivesFamily,
  proxyPathFamily,
  fileProxyFamily,
  modcacheFamily,
  networkFamily,
  proxyRefusalFamily,
  proxyAnswersFamily,
  proxyGapsFamily,
  proxyIndexFamily,
  httpProxyFamily,
  tlsFamily,
  privateFamily,
  badPathFamily,
  moduleFilesFamily,
  workspaceFamily,
  stdlibImportFamily,
  modulePathFamily,
  sumdbFamily,
  sumdbKeyFamily,
  originTransportFamily,
  vcsToolFamily,
  vcsFamily,
  sshHandshakeFamily,
  modServerFamily,
  repoWebPageFamily,
  repoHostFamily,
  retractedFamily,
  transferFamily,
  zipSizeFamily,
  performanceFamily,
  inFlightFamily,
  ownFailureFamily,
  genericFamily,
];
