// Every recorded real-world log in fixtures/logs parses without throwing, and
// yields the events that identify its cause: the failing module and the
// error text the thread established.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseTraceLine } from "../../src/trace/parse.js";
import { parseLogTimestamp, readLogHeader } from "../../src/trace/timestamps.js";
import { decodeRequestUrl } from "../../src/trace/url.js";
import type { Event, EventOf } from "../../src/trace/events.js";

const DIR = new URL("../../fixtures/logs/", import.meta.url);
const files = readdirSync(DIR).filter((f) => f.endsWith(".log"));
/** Logs from public threads; `recorded-*.log` are traces of the real go command made by test/integration. */
const posted = files.filter((f) => !f.startsWith("recorded-"));

function parseFile(file: string): Event[] {
  const text = readFileSync(new URL(file, DIR), "utf8");
  return text.split("\n").flatMap((raw, i) => {
    const { t, rest } = parseLogTimestamp(raw);
    return parseTraceLine(rest, t ?? i) ?? [];
  });
}

const errors = (events: Event[]) => events.filter((e): e is EventOf<"go-error"> => e.kind === "go-error");
const details = (events: Event[]) => events.filter((e): e is EventOf<"go-error-detail"> => e.kind === "go-error-detail");
/** The failing module as a reader of the stream sees it: the last one named by an error or its continuation. */
const failing = (events: Event[]) => [...errors(events), ...details(events)].filter((e) => e.module).map((e) => e.module);

/** What each log must yield: the module that failed (when one is named) and the text that shows why. */
const EXPECT: Record<string, { module?: string; version?: string; text: RegExp }> = {
  "goproxy-list-no-entries.log": { text: /GOPROXY list is not the empty string, but contains no entries/ },
  "gosumdb-malformed-verifier.log": { module: "github.com/OpenIMSDK/protocol", version: "v0.0.47", text: /invalid GOSUMDB: malformed verifier id/ },
  "proxy-dns-jenkins-timestamps.log": { module: "google.golang.org/grpc", version: "v1.26.0", text: /lookup goproxy\.onetool\.net on \S+: no such host/ },
  "go-import-502-gopkg-in.log": { module: "gopkg.in/evanphx/json-patch.v4", version: "v4.13.0", text: /go-get=1: 502 Proxy Error/ },
  "gosumdb-missing.log": { text: /verifying module: missing GOSUMDB/ },
  "http-proxy-proxyconnect-eof.log": { module: "github.com/sirupsen/logrus", text: /proxyconnect tcp: EOF/ },
  "ssh-publickey-insteadof.log": { module: "github.com/inconshreveable/mousetrap", version: "v1.0.0", text: /Permission denied \(publickey\)/ },
  "sumdb-timeout-requires-chain.log": { module: "go.mongodb.org/mongo-driver", version: "v1.9.0", text: /sum\.golang\.org\/lookup.*i\/o timeout/ },
  "tls-expired-vanity-gofumpt.log": { module: "mvdan.cc/gofumpt", text: /x509: certificate has expired/ },
  "tls-no-names-docker.log": { module: "github.com/qiniu/goc", version: "v1.3.6", text: /x509: certificate is not valid for any names/ },
  "zip-unexpected-eof-goproxy-cn.log": { module: "github.com/klauspost/compress", version: "v1.17.9", text: /unexpected EOF/ },
  "checksum-mismatch-go-sum.log": { module: "github.com/omec-project/aper", version: "v1.1.1", text: /^SECURITY ERROR$/ },
  "checksum-mismatch-sumdb.log": { module: "gopkg.in/h2non/gentleman.v2", version: "v2.0.4", text: /does NOT match the one reported by the checksum server/ },
  "disk-full-buildkit.log": { module: "golang.org/x/net", version: "v0.10.0", text: /no space left on device$/ },
  "get-hang-x-trace.log": { text: /^$/ },
  "git-terminal-prompts-disabled.log": { text: /terminal prompts disabled/ },
  "git-terminal-prompts-end-of-options.log": { module: "github.com/theopenlane/corejobs", version: "v0.1.9", text: /terminal prompts disabled/ },
  "modcache-permission-denied.log": { text: /mkdir \/home\/gopath\/pkg\/mod: permission denied/ },
  "proxy-dns-timeout-tidy.log": { module: "go.uber.org/zap", text: /lookup proxy\.golang\.org on .*i\/o timeout/ },
  "proxy-io-timeout-ethereum.log": { module: "github.com/ethereum/go-ethereum", version: "v1.9.25", text: /dial tcp .*i\/o timeout/ },
  "proxy-io-timeout-uppercase.log": { module: "github.com/Dreamacro/clash", version: "v1.3.0", text: /i\/o timeout/ },
  "proxy-out-of-space-404.log": { module: "github.com/minio/madmin-go", text: /server response: not found: .*no space left on device/ },
  "proxy-reset-zips.log": { module: "github.com/OneOfOne/xxhash", version: "v1.2.2", text: /connection reset by peer/ },
  "repo-not-found-end-of-options.log": { module: "github.com/agentable/go-i18n", version: "v0.1.3", text: /Repository not found/ },
  "sumdb-410-private-pkger.log": { module: "github.com/phanirithvij/btp", version: "v0.0.0-20201101220823-ec08d474b24d", text: /sum\.golang\.org\/lookup\/.*410 Gone/ },
  "sumdb-supported-400-path-proxy.log": { module: "go.yaml.in/yaml/v3", version: "v3.0.4", text: /sumdb\/sum\.golang\.org\/supported: 400 Bad Request/ },
  "sumdb-tile-404-via-proxy.log": { module: "github.com/elza2/go-cyclic", version: "v1.0.2", text: /sumdb\/sum\.golang\.org\/tile\/8\/1\/237: 404/ },
  "sumdb-timeout-custom-proxy.log": { module: "github.com/kr/text", version: "v0.2.0", text: /sum\.golang\.org\/lookup.*i\/o timeout/ },
  "tls-unknown-authority-goproxy-cn.log": { module: "github.com/natefinch/lumberjack", version: "v2.0.0+incompatible", text: /x509: certificate signed by unknown authority/ },
  "tls-unknown-authority-list.log": { module: "github.com/gin-gonic/gin", text: /x509: certificate signed by unknown authority/ },
  "toolchain-not-available.log": { text: /toolchain not available/ },
  "vanity-no-meta-tags.log": { module: "cyphar.com/go-pathrs", text: /no go-import meta tags/ },
  "proxy-reset-redacted-url.log": { module: "github.com/xuri/excelize/v2", version: "v2.7.1", text: /^:46292->142\.250\.189\.209:443: read: connection reset by peer$/ },
  "checksum-mismatch-windows-prompt.log": { module: "github.com/influxdata/influxdb", version: "v1.11.5", text: /verifying module: checksum mismatch/ },
  "checksum-mismatch-buildkit-crlf.log": { module: "github.com/pdfcpu/pdfcpu", version: "v0.10.2", text: /^go\.sum: +h1:VH758/ },
  "proxy-dns-docker-no-route.log": { module: "github.com/gorilla/websocket", version: "v1.4.2", text: /lookup proxy\.golang\.org on 192\.168\.0\.1:53: .*no route to host/ },
  "proxy-dns-buildkit-tidy-goproxy-cn.log": { module: "github.com/natefinch/lumberjack", version: "v2.0.0+incompatible", text: /lookup goproxy\.cn on 192\.168\.1\.1:53: no such host/ },
  "proxy-timeout-buildkit-summary.log": { module: "github.com/SiriusScan/go-api", version: "v0.0.10", text: /dial tcp 142\.250\.73\.145:443: i\/o timeout/ },
  "proxy-refused-go-install-buildkit.log": { module: "github.com/projectdiscovery/naabu/v2/cmd/naabu", version: "v2.1.6", text: /connect: connection refused/ },
  "sumdb-404-origin-refused-tidy.log": { module: "github.com/caddyserver/certmagic", version: "v0.22.0", text: /Failed to connect to github\.com port 443: Connection refused/ },
  // Parsed line by line here: analyze rejoins the URL (test/trace/broken-url.test.ts).
  "sumdb-tile-404-broken-url.log": { module: "gopkg.in/natefinch/lumberjack.v2", version: "v2.2.1", text: /checking tree#15383238 against tree#15473501/ },
  "zip-not-valid-goproxy-cn-cdn.log": { module: "github.com/leodido/go-urn", text: /zip: not a valid zip file/ },
  "zip-eof-buildkit-positioned.log": { module: "github.com/klauspost/compress", version: "v1.16.6", text: /akv\.go:49:2: .*unexpected EOF/ },
  "proxy-403-go-mod-download-prefix.log": { module: "github.com/aws/aws-sdk-go", version: "v1.25.13", text: /v1\.25\.13\.zip: 403 Forbidden/ },
  "sumdb-410-azure-devops-refused-quote.log": { module: "dev.azure.com/myorg/myproject/pulsaradapter.git", version: "v0.0.0-20201211023249-f2b661c7768f", text: /errno=Connection refused/ },
  "proxy-timeout-outage-go113.log": { module: "cloud.google.com/go", version: "v0.38.0", text: /Get https:\/\/proxy\.golang\.org\/\S+: dial tcp: i\/o timeout/ },
  "proxy-timeout-windows-connectex.log": { module: "github.com/gin-gonic/gin", text: /did not properly respond after a period of time/ },
  "tls-unknown-authority-gcs-buildkit.log": { module: "github.com/klauspost/compress", version: "v1.10.10", text: /storage\.googleapis\.com.*x509: certificate signed by unknown authority/ },
  "no-matching-versions-tested-by.log": { module: "gopkg.in/jarcoal/httpmock.v1", text: /no matching versions for query "latest"/ },
  "module-path-bare-name-milter.log": { module: "github.com/phalaaxx/milter", version: "v0.0.0-20240411080318-dd6508ad3a76", text: /module declares its path as: milter/ },
  "module-path-moved-qpack.log": { module: "github.com/marten-seemann/qpack", version: "v0.4.0", text: /module declares its path as: github\.com\/quic-go\/qpack/ },
  "module-path-imports-chain-go-eth.log": { module: "github.com/sc0Vu/go-eth", version: "v0.0.0-20210522094925-e4ee83c41d92", text: /but was required as: github\.com\/sc0Vu\/go-eth/ },
  "h2-internal-error-x-trace-goproxy-cn.log": { module: "github.com/Shopify/sarama", version: "v1.29.1", text: /stream error: stream ID 5; INTERNAL_ERROR; received from peer$/ },
  "h2-internal-error-read-buildkit.log": { module: "github.com/onsi/ginkgo/v2", version: "v2.23.0", text: /read "https:\/\/goproxy\.cn\/.*v2\.23\.0\.zip": stream error: stream ID 1381; INTERNAL_ERROR/ },
  "sumdb-h2-internal-error-goproxy-io.log": { module: "github.com/gin-gonic/contrib", version: "v0.0.0-20201101042839-6a891bf89f19", text: /goproxy\.io\/sumdb\/sum\.golang\.org\/lookup\/.*: stream error: stream ID 11; INTERNAL_ERROR$/ },
  "sumdb-h2-reset-bare-package.log": { module: "github.com/stretchr/testify", version: "v1.7.1", text: /^github\.com\/stretchr\/testify\/assert: .*INTERNAL_ERROR; received from peer$/ },
  "h2-protocol-error-proxy-golang-org-actions.log": { module: "go4.org/mem", version: "v0.0.0-20220726221520-4f986261bf13", text: /\.zip": stream error: stream ID 7; PROTOCOL_ERROR$/ },
  "sumdb-h2-goaway-tile-goproxy-io.log": { module: "github.com/go-kit/kit", version: "v0.10.0", text: /tile\/8\/0\/x003\/099: http2: server sent GOAWAY and closed the connection; LastStreamID=1999/ },
  "h2-goaway-tested-by-chain.log": { module: "gopkg.in/check.v1", version: "v1.0.0-20200902074654-038fdea0a05b", text: /http2: server sent GOAWAY and closed the connection; LastStreamID=199/ },
  "h2-internal-error-go113-no-url.log": { module: "gopkg.in/src-d/go-git-fixtures.v3", version: "v3.5.0", text: /^gopkg\.in\/src-d\/go-git-fixtures\.v3@v3\.5\.0: stream error: stream ID 637; INTERNAL_ERROR$/ },
  "toolchain-local-too-old-obs.log": { text: /go\.mod requires go >= 1\.22 \(running go 1\.21\.10; GOTOOLCHAIN=local\)/ },
  "goproxy-off-gopls-packages-load.log": { module: "github.com/wechatpay-apiv3/wechatpay-go", version: "v0.2.9", text: /^go: github\.com\/wechatpay-apiv3\/wechatpay-go@v0\.2\.9: module lookup disabled by GOPROXY=off/ },
  "mod-vendor-goflags-gopls.log": { text: /^go: inconsistent vendoring in \/home\/geoff\/do\/go-libvirt:$/ },
  "git-could-not-resolve-github.log": { module: "github.com/OpenPeeDeeP/depguard", version: "v0.0.0-20180806142446-a69c782687b2", text: /Could not resolve host: github\.com$/ },
  "proxy-dns-resolver-invalid-argument.log": { text: /^dial tcp: lookup proxy\.golang\.org on \[fec0:0:0:ffff::2\]:53: .*connect: invalid argument$/ },
  "obs-offline-gitea.log": { module: "github.com/edsrzf/mmap-go", version: "v0.0.0-20170320065105-0bce6a688712", text: /lookup mvdan\.cc on \[::1\]:53: read udp .*connection refused/ },
  "tls-handshake-timeout-ci-positioned.log": { module: "github.com/apache/skywalking-eyes", version: "v0.8.1-0.20260115163815-0630b017b4e3", text: /^check_license\.go:24:2: .*net\/http: TLS handshake timeout$/ },
  "tls-handshake-timeout-docker-go113.log": { module: "github.com/ash2k/stager", version: "v0.0.0-20170622123058-6e9c7b0eacd4", text: /Get https:\/\/proxy\.golang\.org\/\S+: net\/http: TLS handshake timeout$/ },
  "tls-handshake-timeout-windows-runner-interleaved.log": { module: "github.com/stretchr/testify", version: "v1.7.0", text: /github\.com\/spf13\/cobra@v1\.2\.1: .*net\/http: TLS handshake timeout$/ },
  "http-response-to-https-client-goproxy-cn.log": { module: "sigs.k8s.io/controller-runtime", version: "v0.19.0", text: /http: server gave HTTP response to HTTPS client$/ },
  "modcache-nfs-no-locks.log": { text: /v0\.1\.7\.lock: no locks available$/ },
  "proxy-429-goproxy-cn-mod-download.log": { module: "github.com/logrusorgru/aurora", version: "v0.0.0-20181002194514-a7b3b318ed4e", text: /^go mod download: .*: 429 Too Many Requests$/ },
  "unknown-revision-missing-tag-tidy.log": { module: "github.com/replicatedhq/troubleshoot", version: "v0.123.12", text: /unknown revision v0\.123\.12$/ },
  "proxyconnect-refused-buildkit-positioned.log": { module: "github.com/fsnotify/fsnotify", version: "v1.6.0", text: /proxyconnect tcp: dial tcp 127\.0\.0\.1:7890: connect: connection refused$/ },
  "tls-wrong-name-github-pages-mosn.log": { module: "mosn.io/mosn", text: /x509: certificate is valid for www\.github\.com, \*\.github\.io, .*, not mosn\.io\)$/ },
  "gitlab-private-subgroup-not-found.log": { module: "git2.my-gitlab.net.cn/my-group/my-private-subgroup/sample", text: /^remote: The project you were looking for could not be found\.$/ },
  "azure-devops-203-go-import.log": { module: "dev.azure.com/artbegolli/adogo/adogo", text: /\?go-get=1: 203 Non-Authoritative Information$/ },
  "rlock-gomod-sdcard-enosys.log": { text: /^go: RLock \/sdcard\/project\/go\.mod: function not implemented$/ },
  "tls-handshake-failure-list.log": { module: "github.com/lxn/walk", text: /remote error: tls: handshake failure$/ },
  "missing-dot-bare-import-uringnet.log": { text: /^uring: malformed module path "uring": missing dot in first path element$/ },
  "proxyconnect-refused-error-prefix.log": { module: "github.com/onsi/ginkgo", version: "v1.16.3", text: /^go: .*proxyconnect tcp: dial tcp 127\.0\.0\.1:3001: connect: connection refused$/ },
  "proxy-401-public-proxy-requires.log": { module: "github.com/docker/docker", version: "v17.12.0-ce-rc1.0.20200309214505-aa6a9891b09c+incompatible", text: /\.mod: 401 Unauthorized$/ },
  "bazel-fetch-repo-io-timeout.log": { module: "github.com/Antonboom/nilnil", version: "v0.1.7", text: /^github\.com\/Antonboom\/nilnil@v0\.1\.7: Get ".*": dial tcp 142\.250\.69\.209:443: i\/o timeout$/ },
  "dns-server-misbehaving-actions-quoted.log": { module: "golang.org/dl/go1.21.4", text: /lookup proxy\.golang\.org on 127\.0\.0\.53:53: server misbehaving$/ },
  "gopls-cannot-find-main-module-trace.log": { text: /^go: cannot find main module; see 'go help modules'$/ },
  "goreleaser-tidy-maximum-version.log": { text: /^go: go\.mod file indicates go 1\.20, but maximum version supported by tidy is 1\.19$/ },
  "inconsistent-vendoring-make-implicit.log": { module: "github.com/shirou/gopsutil", version: "v3.21.1+incompatible", text: /^go: inconsistent vendoring in \/root\/cb-tumblebug:$/ },
  "missing-go-sum-actions-make.log": { text: /gofmt\.go:4:2: missing go\.sum entry for module providing package github\.com\/golangci\/gofmt\/gofmt/ },
  "proxy-410-go112-unexpected-status-json.log": { module: "sigs.k8s.io/kubebuilder", version: "v2.0.1", text: /unexpected status \(https:\/\/goproxy\.io\/sigs\.k8s\.io\/kubebuilder\/@v\/v2\.0\.1\.info\): 410 Gone/ },
  "proxy-timeout-proxychains-bypassed.log": { module: "github.com/gogo/protobuf", version: "v1.3.1", text: /proxy\.golang\.org\/github\.com\/gogo\/protobuf\/@v\/v1\.3\.1\.mod: dial tcp / },
  "sumdb-410-incompatible-requires-go-get.log": { module: "github.com/terraform-providers/terraform-provider-aws", version: "v2.68.0+incompatible", text: /sum\.golang\.org\/lookup\/github\.com\/terraform-providers\/terraform-provider-aws@v2\.68\.0\+incompatible: 410 Gone/ },
  "sumdb-410-malformed-file-path-go-finding.log": { module: "github.com/mszostok/codeowners-validator", version: "v0.5.1", text: /lookup\/github\.com\/mszostok\/codeowners-validator@v0\.5\.1: 410 Gone$/ },
  "sumdb-410-new-version-go113-finding.log": { module: "cloud.google.com/go", version: "v0.45.1", text: /sum\.golang\.org\/lookup\/cloud\.google\.com\/go@v0\.45\.1: 410 Gone$/ },
  "sumdb-410-private-renovate-redacted.log": { text: /^go: <private-go-lib>: verifying go\.mod: <private-go-lib>\/go\.mod: reading <private-go-lib>: 410 Gone$/ },
  "toolchain-golangci-lint-escaped-newlines.log": { text: /toolchain not available/ },
  "ambiguous-import-antlr-go-get.log": { text: /ambiguous import: found package github\.com\/antlr\/antlr4\/runtime\/Go\/antlr in multiple modules:$/ },
  "artifactory-sumdb-404-incompatible.log": { module: "github.com/mikefarah/yq", version: "v2.4.1+incompatible", text: /\/sumdb\/sum\.golang\.org\/lookup\/.*: 404 Not Found$/ },
  "athens-500-prefix-list-go113.log": { module: "golang.org/x", text: /athens\.azurefd\.net\/golang\.org\/x\/@v\/list: 500 Internal Server Error$/ },
  "gopath-get-x509-corporate-proxy.log": { module: "gopkg.in/yaml.v2", text: /^package gopkg\.in\/yaml\.v2: unrecognized import path .*x509: certificate signed by unknown authority\)$/ },
  "gopath-mode-ignores-goproxy-windows.log": { module: "golang.org/x/tools/gopls", text: /^A connection attempt failed because the connected party did not properly respond/ },
  "goproxy-io-502-go-run.log": { module: "github.com/golangci/golangci-lint/cmd/golangci-lint", version: "v1.47.0", text: /502 Bad Gateway$/ },
  "invalid-pseudo-version-incompatible-vendor.log": { module: "github.com/openshift/api", version: "v3.9.1-0.20190424152011-77b8897ec79a+incompatible", text: /invalid pseudo-version: preceding tag \(v3\.9\.0\) not found$/ },
  "invalid-pseudo-version-timestamp-requires.log": { text: /github\.com\/golang\/lint@v0\.0\.0-20190227174305-8f45f776aaf1: invalid pseudo-version: does not match version-control timestamp/ },
  "ssh-insteadof-colon-hostname-windows.log": { module: "github.com/360EntSecGroup-Skylar/excelize/v2", text: /ssh: Could not resolve hostname github\.com:360EntSecGroup-Skylar: Name or service not known/ },
  "sumdb-dns-refused-nexus-docker.log": { module: "github.com/gin-gonic/gin", version: "v1.6.3", text: /lookup sum\.golang\.org on \[::1\]:53: .*connection refused$/ },
  "tls-untrusted-docker-install-proxy-mod.log": { module: "github.com/prometheus/client_golang", version: "v1.5.1", text: /x509: certificate signed by unknown authority$/ },
  "tls-untrusted-xk6-wrapper-sumdb.log": { module: "github.com/mostafa/xk6-kafka", version: "v0.17.0", text: /sum\.golang\.org\/lookup\/.*x509: certificate signed by unknown authority$/ },
  "tls-wrong-name-hosts-blocked-gcs.log": { module: "github.com/klauspost/compress", version: "v1.18.0", text: /storage\.googleapis\.com\/proxy-golang-org-prod\// },
  "toolchain-zip-504-private-proxy.log": { text: /toolchain\/@v\/v0\.0\.1-go1\.25\.0\.linux-amd64\.zip: 504 Gateway Timeout$/ },
  "unknown-revision-tidy-go116-graph.log": { text: /ionos-cloud\/sdk-go\/v6@v6\.0\.5851: reading .*unknown revision v6\.0\.5851$/ },
  "unknown-revision-zero-pseudo-local-replace.log": { module: "github.com/manifold/qtalk", version: "v0.0.0-00010101000000-000000000000", text: /invalid version: unknown revision 000000000000$/ },
  "auth-renovate-gitlab-password-prompt.log": { module: "gitlab.organisation.com/group/repo", version: "v0.0.0-20210720093222-840405cb7fed", text: /could not read Password for '.*gitlab\.organisation\.com': terminal prompts disabled$/ },
  "checksum-mismatch-direct-retag-vegeta.log": { module: "github.com/tsenart/vegeta/v12", version: "v12.13.0", text: /^SECURITY ERROR$/ },
  "go-install-latest-list-timeout-wsl.log": { module: "github.com/Gelio/go-global-update", text: /@v\/list\": dial tcp .*: i\/o timeout$/ },
  "inconsistent-vendoring-obs-git-town.log": { text: /^go: inconsistent vendoring in / },
  "mod-vendor-import-lookup-disabled-gf.log": { text: /cannot find module providing package github\.com\/gogf\/gf\/v2\/frame\/g: import lookup disabled by -mod=vendor$/ },
  "replace-dir-missing-actions-nak.log": { module: "fiatjaf.com/nostr", version: "v0.0.0-20250829192328-aa321f6e7f10", text: /replacement directory \.\.\/nostrlib does not exist$/ },
  "replace-dir-missing-windows-goclaw.log": { module: "github.com/smallnest/infoflow", version: "v0.0.0", text: /replacement directory \.\.\/infoflow does not exist$/ },
  "retracted-go-list-m-calico.log": { module: "golang.zx2c4.com/wireguard", version: "v0.0.20200121", text: /retracted by module author$/ },
  "tls-expired-goproxy-baidu-broken-line.log": { module: "github.com/BurntSushi/toml", version: "v0.3.1", text: /x509: certificate has expired or is not yet valid/ },
  "tls-expired-goproxy-io-actions-positioned.log": { module: "go.starlark.net", version: "v0.0.0-20210901212718-87f333178d59", text: /x509: certificate has expired or is not yet valid/ },
  "tls-verify-xcaddy-docker.log": { module: "github.com/caddyserver/caddy/v2", version: "v2.7.6", text: /tls: failed to verify certificate: x509: certificate signed by unknown authority$/ },
  "toolchain-codeql-go-tooling.log": { text: /download go1\.22 for linux\/amd64: toolchain not available$/ },
  "toolchain-local-dagger-replicated.log": { text: /go\.mod requires go >= 1\.23\.0 \(running go 1\.22\.12; GOTOOLCHAIN=local\)$/ },
  "toolchain-pre-commit-gitleaks.log": { text: /download go1\.23 for linux\/amd64: toolchain not available$/ },
  "workspace-tidy-ignores-go-work.log": { text: /unrecognized import path \"a\.b\.c\/a\": https fetch: .*lookup a\.b\.c: no such host$/ },
  "windows-rename-access-denied-vscode-tools.log": { text: /^build github\.com\/acroca\/go-symbols: cannot load golang\.org\/x\/tools\/go\/buildutil: rename .*: Access is denied\.$/ },
  "missing-go-sum-gomod-buildkit-oniontx.log": { module: "github.com/jackc/pgx/v5", version: "v5.5.5", text: /^main\.go:11:2: .*missing go\.sum entry for go\.mod file; to add it:$/ },
  "missing-go-sum-verify-package-backoff.log": { text: /missing go\.sum entry needed to verify package github\.com\/cenkalti\/backoff\/v4/ },
  "proxy-timeout-list-make-ngrok.log": { module: "github.com/jteeuwen/go-bindata/go-bindata", text: /^go get: module .*@v\/list": dial tcp 142\.251\.42\.241:443: i\/o timeout$/ },
  "replace-pseudo-unknown-revision-coroot.log": { module: "github.com/mdlayher/taskstats", version: "v0.0.0-00010101000000-000000000000", text: /\(replaced by github\.com\/coroot\/taskstats@v0\.0\.0-20230306100019-4faaee49e6cf\): .*unknown revision 4faaee49e6cf$/ },
  "sumdb-404-origin-refused-go-get-kuma.log": { module: "github.com/kumahq/ci-tools/cmd/release-tool", version: "v1.1.4", text: /Failed to connect to github\.com port 443: Connection refused$/ },
  "sumdb-timeout-go113-fasthttp.log": { module: "github.com/valyala/fasthttp", version: "v1.5.0", text: /^verifying .*Get https:\/\/sum\.golang\.org\/lookup\/\S+: dial tcp 172\.217\.27\.145:443: i\/o timeout$/ },
  "proxy-refused-gitlab-shell-make.log": { module: "github.com/mattn/go-shellwords", version: "v0.0.0-20190425161501-2444a32a19f4", text: /dial tcp 142\.251\.43\.17:443: connect: connection refused$/ },
  "zip-not-valid-goproxy-cn-go-get-go113.log": { module: "github.com/micro/go-plugins", text: /^go get github\.com\/micro\/go-plugins: zip: not a valid zip file$/ },
  "dns-misbehaving-vanity-gopath-gosimple.log": { module: "honnef.co/go/simple/cmd/gosimple", text: /lookup honnef\.co on 10\.1\.0\.2:53: server misbehaving\)$/ },
  "dns-loopback-refused-arch-osv.log": { module: "github.com/grpc-ecosystem/grpc-gateway/v2/protoc-gen-openapiv2", text: /lookup proxy\.golang\.org on \[::1\]:53: read udp .*connection refused$/ },
  "unknown-revision-replace-target-mbmd.log": { module: "github.com/andig/gridx-modbus", version: "v0.0.0-20191223181555-ff0a69a1ad97", text: /invalid version: unknown revision ff0a69a1ad97$/ },
  "vanity-timeout-gopath-staticcheck.log": { module: "honnef.co/go/tools/cmd/staticcheck", text: /staticcheck\?go-get=1: dial tcp 104\.154\.119\.211:443: i\/o timeout\)$/ },
  "golang-org-refused-gopath-vitess.log": { module: "golang.org/x/tools/go/gcexportdata", text: /getsockopt: connection refused\)$/ },
  "gitlab-rpc-404-old-git-edge-kits.log": { module: "modernc.org/strutil", version: "v1.0.0", text: /^error: RPC failed; result=22, HTTP code = 404$/ },
  "gopkg-in-502-cannot-talk-github.log": { module: "gopkg.in/alecthomas/kingpin.v2", version: "v2.2.6", text: /^fatal: unable to access 'https:\/\/gopkg\.in\/alecthomas\/kingpin\.v2\/': The requested URL returned error: 502$/ },
  "goproxy-io-401-office-proxy-go112.log": { module: "github.com/sethgrid/pester", version: "v0.0.0-20180227223404-ed9870dad317", text: /unexpected status \(https:\/\/goproxy\.io\/\S+\.info\): 401 authenticationrequired$/ },
  "network-offline-tidy-dns-loopback-merovius.log": { module: "rsc.io/qr", text: /lookup proxy\.golang\.org on \[::1\]:53: read udp .*connection refused$/ },
  "sumdb-404-vanity-ssh-transport-pointy.log": { module: "go.openly.dev/pointy", version: "v1.3.0", text: /^fatal: transport 'ssh' not allowed$/ },
  "proxy-500-artipie-x-trace.log": { module: "golang.org/x/time", text: /^go get golang\.org\/x\/time: module golang\.org\/x\/time: reading http:\/\/localhost:8080\/my-go-proxy\/golang\.org\/x\/time\/@v\/list: 500 Internal Server Error$/ },
  "goproxy-cn-500-go112-progressbar.log": { module: "github.com/schollz/progressbar", version: "v0.0.0-20190307141100-7e454dc2feed", text: /unexpected status \(https:\/\/goproxy\.cn\/\S+\.info\): 500 Internal Server Error$/ },
  "gocenter-sumdb-404-go-get-http2curl.log": { module: "moul.io/http2curl", version: "v2.0.0+incompatible", text: /gocenter\.io\/sumdb\/sum\.golang\.org\/lookup\/moul\.io\/http2curl@v2\.0\.0\+incompatible: 404 Not Found$/ },
  "module-path-moved-go116-none-updating-dnstrace.log": { module: "github.com/codahale/hdrhistogram", version: "v1.1.0", text: /module declares its path as: github\.com\/HdrHistogram\/hdrhistogram-go/ },
  "module-path-bare-upgrade-requires-json-markd.log": { module: "github.com/mkfeuhrer/json_markd", version: "v0.0.0-20200503132444-2b98c7a2aee5", text: /module declares its path as: json_markd$/ },
  "vanity-meta-mismatch-buildkit-jolheiser.log": { module: "go.jolheiser.com/hcaptcha", text: /no go-import meta tags \(meta tag go\.jolheiser\.com\/hcaptcha\?go-get=1 did not match import path go\.jolheiser\.com\/hcaptcha\)$/ },
  "vanity-meta-mismatch-gitea-reverse-proxy.log": { module: "git.x.com/x/x/client/golang", text: /meta tag gitea\.baas:1080\/x\/x did not match import path git\.x\.com\/x\/x\/client\/golang\)$/ },
  "govcs-bzr-launchpad-requires-dnscontrol.log": { text: /^github\.com\/juju\/testing@v0\.0\.0-20210324180055-18c50b0c2098 requires$/ },
  "checksum-mismatch-direct-retag-go-swagger.log": { module: "github.com/go-swagger/go-swagger", version: "v0.31.0", text: /^SECURITY ERROR$/ },
  "checksum-mismatch-sumdb-retag-windows-go-openai.log": { module: "github.com/sashabaranov/go-openai", version: "v1.9.1", text: /verifying module: checksum mismatch$/ },
  "proxy-404-goproxy-cn-cdn-buildkit.log": { module: "github.com/go-playground/locales", version: "v0.13.0", text: /locales\/@v\/v0\.13\.0\.zip: 404 Not Found$/ },
  "sumdb-410-private-jfrog-go-publish.log": { module: "go.example.org/example", version: "v1.0.3", text: /lookup\/go\.example\.org\/example@v1\.0\.3: 410 Gone$/ },
  "repo-timeout-hugo-direct-docsy.log": { module: "github.com/FortAwesome/Font-Awesome", version: "v0.0.0-20210804190922-7d3d774145ac", text: /Failed to connect to github\.com port 443: Operation timed out/ },
  "gomod-parse-go-directive-go114-edgecontroller.log": { text: /go\.mod:6: usage: go 1\.23$/ },
  "repo-deleted-prompt-osext-eagle.log": { module: "github.com/mitchellh/osext", version: "v0.0.0-20151018003038-5e2d6d41470f", text: /terminal prompts disabled$/ },
  "checksum-mismatch-vanity-positioned-golib.log": { module: "dev.gaijin.team/go/golib", version: "v0.6.0", text: /^sum\.golang\.org: h1:v6nnznFTs4bppib/ },
  "sumdb-404-unknown-revision-goreleaser-boxed.log": { module: "github.com/goreleaser/goreleaser/v2", version: "v2.14.3", text: /^server response: not found: .*unknown revision v2\.14\.3$/ },
  "proxy-429-goproxy-cn-gitlab-buildkit-requires.log": { module: "google.golang.org/grpc", version: "v1.47.0", text: /grpc\/@v\/v1\.47\.0\.mod: 429 Too Many Requests$/ },
  "gomod-unknown-directive-toolchain-space-path.log": { text: /^\/media\/user\/Local Disk\/.*\/go\.mod:5: unknown directive: toolchain$/ },
  "tls-untrusted-vpn-buildkit-wrapped.log": { text: /gocql\/@v\/v1\.0\.0\.mod": x509:$/ },
  "athens-500-requires-chain-s3.log": { text: /\.mod: 500 Internal Server Error$/ },
  "sumdb-connectex-timeout-nexus-go113.log": { module: "github.com/codeskyblue/gosuv", version: "v0.0.0-20180605125048-3744b1b28ce4", text: /connectex: A connection attempt failed/ },
  "athens-500-list-go112-localhost.log": { module: "golang.org/x/crypto", text: /@v\/list\): 500 Internal Server Error$/ },
  "artipie-404-list-hosted-only.log": { module: "golang.org/x/time", text: /^server response: Key golang\.org\/x\/time\/@v\/list not found$/ },
  "module-path-case-upgrade-tongsuo.log": { module: "github.com/Tongsuo-Project/tongsuo-go-sdk", version: "v1.0.0", text: /^module declares its path as: github\.com\/tongsuo-project\/tongsuo-go-sdk$/ },
  "checksum-mismatch-latest-retag-wallet.log": { module: "github.com/Planxnx/ethereum-wallet-generator", version: "v0.11.1", text: /verifying module: checksum mismatch$/ },
  "artifactory-404-info-go112-gocenter.log": { module: "github.com/go-openapi/analysis", version: "v0.19.0", text: /analysis\/@v\/v0\.19\.0\.info\): 404 Not Found $/ },
  "tls-handshake-timeout-darling-go-test.log": { module: "github.com/sirupsen/logrus", version: "v1.9.3", text: /v1\.9\.3\.zip": net\/http: TLS handshake timeout$/ },
  "dial-timeout-no-address-docker-step.log": { module: "github.com/golang/mock", version: "v1.4.4", text: /v1\.4\.4\.mod": dial tcp: i\/o timeout$/ },
  "dns-broadcast-resolver-docker-goproxy-cn.log": { module: "github.com/RiverDanceGit/kdniaoGo", version: "v1.0.0", text: /lookup goproxy\.cn on 192\.168\.31\.255:53: .*i\/o timeout$/ },
  "git-prompts-disabled-goprivate-make-meroxa.log": { module: "github.com/meroxa/meroxa-go", version: "v0.0.0-20210426150351-91d304d1dc66", text: /terminal prompts disabled/ },
  "missing-go-sum-gopls-progress-json.log": { text: /go-winio@v0\.4\.16: missing go\.sum entry; to add it:/ },
  "gopls-readonly-go-sum-updates-needed.log": { text: /updates to go\.sum needed, disabled by -mod=readonly/ },
  "proxy-timeout-redacted-ip-go-install-latest.log": { module: "github.com/nicoxiang/geektime-downloader", text: /@v\/list": dial tcp ip:443: i\/o timeout$/ },
  "vanity-no-meta-tags-empty-gopath-gopherjs.log": { module: "golang.org/x/sys/unix", text: /no go-import meta tags \(\)\)$/ },
  "go-import-403-golang-org-actions-error-prefix.log": { module: "golang.org/x/net", text: /reading https:\/\/golang\.org\/x\/net\?go-get=1: 403 Forbidden$/ },
  "proxy-403-and-direct-403-nixos-two-runs.log": { module: "github.com/gabriel-vasile/mimetype", version: "v1.4.3", text: /v1\.4\.3\.zip: 403 Forbidden$/ },
  "checksum-mismatch-go-sum-go111-prompt-times.log": { module: "github.com/ilyam8/hashstructure", version: "v1.1.0", text: /verifying github\.com\/ilyam8\/hashstructure@v1\.1\.0: checksum mismatch$/ },
  "checksum-mismatch-sumdb-after-clean-modcache-ibm.log": { module: "github.com/IBM/networking-go-sdk", version: "v0.35.0", text: /verifying module: checksum mismatch$/ },
  "tls-expired-goproxy-baidu-make-broken-line.log": { module: "github.com/BurntSushi/toml", version: "v0.3.1", text: /x509: certificate has expired or is not yet valid/ },
  "tls-expired-darwin-json-error-wycheproof.log": { text: /x509: “misc-sni\.google\.com” certificate is expired/ },
  "toolchain-not-available-golangci-escaped-newlines.log": { text: /download go1\.22 for linux\/amd64: toolchain not available/ },
  "proxy-403-ruleengineerror-positioned-jfrog-cli.log": { module: "github.com/xi2/xz", version: "v0.0.0-20171230120015-48954b6210f8", text: /\.zip: 403 ruleengineerror$/ },
  "artifactory-404-incompatible-masked-credentials.log": { module: "github.com/Azure/azure-sdk-for-go", version: "v46.0.0+incompatible", text: /\+incompatible\.mod: 404 Not Found$/ },
  "proxy-reset-goproxy-io-go114-no-url.log": { module: "github.com/coreos/etcd", version: "v3.3.25+incompatible", text: /119\.28\.201\.50:443: read: connection reset by peer$/ },
  "sumdb-reset-goproxy-io-prow-inline-times.log": { module: "golang.org/x/sys", text: /sumdb\/sum\.golang\.org\/tile\/8\/0\/x040\/747": read tcp .*connection reset by peer/ },
  "go-install-replace-directives-amfora.log": { text: /more replace directives/ },
  "proxy-410-invalid-pseudo-version-go112-cloudflare.log": { module: "golang.org/x/time", version: "v0.0.0-20190513212739-9d24e82272b4", text: /\.info\): 410 Gone$/ },
  "zip-checksum-error-buildkit-tidy-k8s-release.log": { text: /github\.com\/pkg\/errors: zip: checksum error$/ },
  "proxyconnect-tls-first-record-go111-nsm.log": { module: "k8s.io/kubernetes", text: /proxyconnect tcp: tls: first record does not look like a TLS handshake\)$/ },
  "proxyconnect-refused-docker-error-prefix-ginkgo.log": { module: "github.com/onsi/ginkgo", version: "v1.16.3", text: /proxyconnect tcp: dial tcp 127\.0\.0\.1:3001: connect: connection refused$/ },
  "h2-internal-error-docker-running-in-packagemain.log": { module: "golang.org/x/exp", version: "v0.0.0-20190121172915-509febef88a4", text: /stream error: stream ID 159; INTERNAL_ERROR$/ },
  "gomod-unknown-directive-toolchain-buildkit-xrayr.log": { text: /^\/app\/go\.mod:5: unknown directive: toolchain$/ },
  "zip-eof-module-less-url-go-install-mimetype.log": { module: "github.com/gabriel-vasile/mimetype", version: "v1.4.3", text: /read "https:\/proxy\.golang\.org\/@v\/v1\.4\.3\.zip": unexpected EOF$/ },
  "go-import-404-gitlab-backticks-requires-ip4scout.log": { text: /^server response: 404 page not found$/ },
  "sumdb-502-goproxy-cn-lookup-bare-verifying.log": { module: "cloud.google.com/go", version: "v0.38.0", text: /lookup\/cloud\.google\.com\/go@v0\.38\.0: 502 Bad Gateway$/ },
  "proxy-502-list-goproxy-cn-go113-iris.log": { module: "github.com/kataras/iris", text: /@v\/list: 502 Bad Gateway$/ },
  "proxy-500-python-logging-prefix-gos.log": { module: "gitlab.com/xxxx/xxx", version: "v0.0.0-yyyyy-yyyyy", text: /: 500 Internal Server Error$/ },
  "bad-path-https-url-go-get-amplitude.log": { text: /^go: malformed module path "https:\/github\.com\/amplitude\/analytics-go": invalid char ':'$/ },
  "bad-path-https-git-go115-astilectron.log": { text: /^go get https:\/github\.com\/asticode\/go-astilectron-bundler\.git: malformed module path "https:\/\S+\.git": invalid char ':'$/ },
  "bad-path-bare-name-not-in-module-cdk-stacksets.log": { text: /found \(v0\.0\.150\), but does not contain package github\.com\/cdklabs\/cdk-stacksets$/ },
  "athens-404-mod-go-run-intranet-samplelib.log": { module: "github.com/athens-artifacts/samplelib", version: "v1.0.0", text: /samplelib\/@v\/v1\.0\.0\.mod: 404 Not Found$/ },
  "git-early-eof-invalid-pseudo-buildkit-kgateway.log": { module: "github.com/solo-io/gloo-mesh-enterprise/v2", version: "v2.6.0-beta2.0.20240513200804-918b2444e187", text: /^fatal: early EOF$/ },
  "vanity-timeout-go112-error-loading-belt.log": { module: "dmitri.shuralyov.com/html/belt", version: "v0.0.0-20180602232347-f7d459c86be0", text: /go-get=1: dial tcp 172\.93\.50\.41:443: i\/o timeout\)$/ },
  "unzip-double-dot-go113-consul.log": { text: /malformed file path "website\/pages\/api-docs\/\[\[\.\.\.page\]\]\.jsx": double dot$/ },
  "create-zip-dots-file-k8s-gateway.log": { text: /create zip: \.\.\.: malformed file path "\.\.\.": invalid path element "\.\.\."$/ },
  "gomod-go-version-fetched-module-go-install-nebula-sync.log": { text: /\(in github\.com\/lovelaze\/nebula-sync@v0\.11\.0\): go\.mod:3: invalid go version '1\.24\.2': must match format 1\.23$/ },
  "toolchain-not-available-windows-cjk-prompt.log": { text: /download go1\.23 for windows\/amd64: toolchain not available$/ },
  "tls-wrong-name-dns-sinkhole-corp-go-get.log": { module: "github.com/disintegration/imaging", version: "v1.5.0", text: /x509: certificate is valid for chalupa-dns-sinkhole\.corp\.amazon\.com, not proxy\.golang\.org$/ },
  "tls-wrong-name-vanity-markdown-autolink-json.log": { text: /x509: certificate is valid for \*\.de\.a9sapp\.eu, de\.a9sapp\.eu, not code\.cloudfoundry\.org/ },
  "tls-wrong-name-isp-safebrowsing-make.log": { text: /^tls: failed to verify certificate: x509: certificate is valid for safebrowsing\.hinet\.net, not proxy\.golang\.org$/ },
  "athens-wsarecv-wrapped-go112.log": { module: "github.com/golang/glog", version: "v0.0.0-20160126235308-23def4e6c14b", text: /wsarecv: An exist$/ },
  "go-import-503-vbom-gopath-gssh.log": { module: "vbom.ml/util/sortorder", text: /sortorder\?go-get=1: 503 Service Unavailable$/ },
  "repo-not-found-wrong-module-path-go-install.log": { module: "github.com/pgpkg/cmd/pgpkg", text: /fatal: repository 'https:\/\/github\.com\/pgpkg\/cmd\/' not found$/ },
  "no-secure-protocol-dot-git-path-govpp.log": { module: "go.fd.io/govpp.git", version: "v0.8.0", text: /no secure protocol found for repository$/ },
  "goproxy-off-vim-go-bitbucket.log": { module: "bitbucket.org/xxxx/xxxxbroker-client", version: "v0.1.0", text: /module lookup disabled by GOPROXY=off/ },
  "mod-vendor-import-lookup-nix-gomod2nix.log": { text: /^main\.go:6:2: cannot find module providing package github\.com\/godror\/godror: import lookup disabled by -mod=vendor$/ },
  "inconsistent-vendoring-nix-git-team.log": { text: /^go: inconsistent vendoring in \/private\/tmp\/nix-build-git-team/ },
  "unzip-double-dot-go113-cannot-load-vault.log": { text: /^build symantec\/ams: cannot load github\.com\/hashicorp\/vault\/api: unzip .*: double dot$/ },
  "bitbucket-api-scm-403-renovate-json.log": { module: "bitbucket.org/<org>/<repo>", version: "<tag>", text: /\?fields=scm: 403 Forbidden$/ },
  "go-work-use-dir-moved-open-go-mod.log": { text: /^go: open \/tmp\/foo\/m\/go\.mod: no such file or directory$/ },
  "modcache-truncated-files-go-install-gau.log": { module: "golang.org/x/net", version: "v0.0.0-20210510120150-4163338589ed", text: /export_test\.go:1:1: expected 'package', found 'EOF'$/ },
  "dns-public-resolver-timeout-docker-head-cut.log": { text: /lookup goproxy\.cn on 8\.8\.8\.8:53: read udp .*: i\/o timeout$/ },
  // Line by line the URL stays broken (analyze joins it: src/trace/broken-url.ts).
  "athens-azurefd-504-broken-url-go-micro.log": { text: /^build command-line-arguments: cannot load .*: reading https:\/\/athens\.azurefd\.net\/github\.com\/micro\/go-micro\/v$/ },
  "git-missing-windows-path-vscode-gopkgs.log": { text: /^github\.com\/uudashr\/gopkgs@v0\.0\.0: git init --bare in .*: exec: "git": executable file not found in %PATH%$/ },
  "go-import-404-sourcegraph-buildkit-requires.log": { module: "sourcegraph.com/sourcegraph/appdash-data", version: "v0.0.0-20151005221446-73f23eafcf67", text: /appdash-data\?go-get=1: 404 Not Found$/ },
  "gomod-go-directive-patch-docker-step-shhgit.log": { text: /^\/go\/src\/go\.mod:3: usage: go 1\.23$/ },
  "gomod-go-directive-patch-nix-auto-epp.log": { text: /go\.mod:3: invalid go version '1\.21\.0': must match format 1\.23$/ },
  "gomod-replace-windows-path-gdir.log": { text: /^\/root\/gdir\/go\.mod:12: replacement directory appears to be Windows path/ },
  "gopath-golang-org-timeout-vscode-fetching.log": { module: "golang.org/x/tools/go/buildutil", text: /buildutil\?go-get=1: dial tcp 216\.239\.37\.1:443: i\/o timeout\)$/ },
  "gopath-submodule-ssh-publickey-pgoapi.log": { text: /^Permission denied \(publickey\)\.$/ },
  "gopath-tls-handshake-timeout-socks-golang-org.log": { module: "golang.org/x/time", text: /net\/http: TLS handshake timeout\)$/ },
  "gopls-stderr-zip-timeout-tested-by.log": { module: "gopkg.in/yaml.v2", version: "v2.3.0", text: /v2\.3\.0\.zip": dial tcp 216\.58\.200\.49:443: i\/o timeout$/ },
  "module-path-moved-dependabot-certmagic.log": { module: "github.com/mholt/certmagic", version: "v0.10.0", text: /^module declares its path as: github\.com\/caddyserver\/certmagic$/ },
  "module-path-unexpected-go112-cel-go.log": { module: "github.com/golang/lint", version: "v0.0.0-20190313153728-d0100b6bd8b3", text: /parsing go\.mod: unexpected module path "golang\.org\/x\/lint"$/ },
  "proxy-connectex-timeout-vscode-tools-undefined.log": { module: "github.com/uudashr/gopkgs/v2/cmd/gopkgs", text: /gopkgs\/@v\/list": dial tcp 172\.217\.160\.113:443: connectex: A connection attempt failed/ },
  "proxy-timeout-docker-step-go113-pulsar.log": { module: "github.com/asergeyev/nradix", version: "v0.0.0-20170505151046-3872ab85bb56", text: /\.mod: dial tcp 216\.58\.200\.241:443: i\/o timeout$/ },
  "replace-dir-missing-parsing-docker-shippy.log": { module: "github.com/Qalifah/shippy/shippy-service-consignment", version: "v0.0.0-00010101000000-000000000000", text: /parsing \/shippy-service-consignment\/go\.mod: open \/shippy-service-consignment\/go\.mod: no such file or directory/ },
  "sumdb-410-incompatible-go113-minio.log": { module: "github.com/minio/minio-go", version: "v6.0.23+incompatible", text: /lookup\/github\.com\/minio\/minio-go@v6\.0\.23\+incompatible: 410 Gone$/ },
  "sumdb-connectex-timeout-vscode-gocode-go113.log": { module: "github.com/stamblerre/gocode", version: "v1.0.0", text: /^verifying github\.com\/stamblerre\/gocode@v1\.0\.0: .*connectex: / },
  "tls-unknown-authority-tidy-main-imports-goproxy-cn.log": { module: "github.com/gin-gonic/gin", text: /gin\/@v\/list": x509: certificate signed by unknown authority$/ },
  "unknown-revision-repeated-go113-golangci.log": { module: "github.com/golangci/tools", version: "v0.0.0-20190910062050-3540c026601b", text: /: unknown revision 3540c026601b$/ },
  "unknown-revision-tidy-tested-by-martinlindhe-unit.log": { module: "github.com/martinlindhe/unit", version: "v1.0.1", text: /at revision v1\.0\.1: unknown revision v1\.0\.1$/ },
  "unknown-revision-zero-pseudo-requires-chain-graphql-go-tools.log": { text: /graphql-go-tools@v0\.0\.0-00010101000000-000000000000: invalid version: unknown revision 000000000000$/ },
  "vgo-artifactory-404-userinfo-url.log": { text: /^vgo: rsc\.io\/quote v1\.5\.2: unexpected status \(.*\/@v\/v1\.5\.2\.mod\): 404 Not Found$/ },
  "stdlib-embed-missing-dot-go-too-old-kubebuilder.log": { text: /^build sigs\.k8s\.io\/kubebuilder\/v3\/cmd: cannot load embed: malformed module path "embed"/ },
  "stdlib-crypto-missing-dot-goroot-vendor.log": { text: /^crypto: malformed module path "crypto": missing dot in first path element$/ },
  "proxy-403-go-mod-proxy-stdout-json.log": { text: /v0\.8\.0\.zip: 403 Forbidden",$/ },
  "nexus-404-zip-goproxy-cn-tested-by.log": { module: "golang.org/x/tools", version: "v0.0.0-20200825202427-b303f430e36d", text: /go-proxy-cn\/golang\.org\/x\/tools\/@v\/v0\.0\.0-20200825202427-b303f430e36d\.zip: 404 Not Found$/ },
  "gonexus-500-updating-to-go113-go-systemd.log": { module: "github.com/coreos/go-systemd", text: /gonexus\.dev\/.*\.mod: 500 Internal Server Error$/ },
  "goproxy-io-500-list-go112-gocloud.log": { module: "gocloud.dev", text: /goproxy\.io\/gocloud\.dev\/@v\/list\): 500 Internal Server Error\.$/ },
  "checksum-mismatch-go-sum-buildkit-trailing-spaces-go-feature-flag.log": { module: "github.com/thomaspoignant/go-feature-flag", version: "v1.45.5", text: /^go\.sum: +h1:webGHBmk5zXiweWfW5wQxM2Cphzgs\/rvOKyLhAuNhQA=$/ },
  "checksum-mismatch-sumdb-imports-chain-ollama.log": { module: "github.com/ollama/ollama", version: "v0.5.12", text: /^sum\.golang\.org: h1:qM\+k\/ozyHLJzEQoAEPrUQ0qXqsgDEEdpIVwuwScrd2U=$/ },
  "post-v1-module-path-subdir-tag-go111.log": { module: "github.com/hyangah/testmod1/red", version: "v1.0.0", text: /red\/go\.mod has post-v1 module path "github\.com\/hyangah\/testmod1\/red\/v1" at revision red\/v1\.0\.0$/ },
  "post-v2-module-path-go-install-beta-junit-report.log": { module: "github.com/jstemmer/go-junit-report", version: "v2.0.0-beta1", text: /^invalid version: go\.mod has post-v2 module path "github\.com\/jstemmer\/go-junit-report\/v2" at revision v2\.0\.0-beta1$/ },
  "post-v0-module-path-dependabot-jx-api.log": { module: "github.com/jenkins-x/jx-api", version: "v0.0.25", text: /go\.mod has post-v0 module path "github\.com\/jenkins-x\/jx-api\/v3" at revision v0\.0\.25$/ },
  "proxy-connectex-timeout-windows-positioned-wetrace.log": { module: "google.golang.org/protobuf", version: "v1.36.7", text: /^internal\\model\\wxproto\\bytesextra\.pb\.go:10:2: .*v1\.36\.7\.zip": dial tcp 142\.250\.198\.81:443: connectex: / },
  "gitlab-path-github-repo-prompts-qoi.log": { module: "gitlab.com/xfmoulet/qoi", text: /^fatal: could not read Username for 'https:\/\/gitlab\.com': terminal prompts disabled$/ },
  "prompts-disabled-updating-to-requires-deleted-repo-nuclei.log": { text: /^fatal: could not read Username for 'https:\/\/github\.com': terminal prompts disabled$/ },
  "unzip-invalid-char-quote-go113-leetcode.log": { text: /^-> unzip .*: malformed file path "leetcode\/0118\.Pascals-Triangle\/118\. Pascal's Triangle\.go": invalid char '\\''$/ },
  "dns-lookup-timeout-tested-by-terratest-tree-path.log": { module: "github.com/gruntwork-io/terratest/tree/master/modules/terraform", text: /terraform\/@v\/list": dial tcp: lookup proxy\.golang\.org: i\/o timeout$/ },
  "local-goproxy-404-info-go112-fetching.log": { module: "golang.org/x/crypto", version: "v0.0.0-20190701094942-4def268fd1a4", text: /\(http:\/\/127\.0\.0\.1:8081\/golang\.org\/x\/crypto\/@v\/v0\.0\.0-20190701094942-4def268fd1a4\.info\): 404 Not Found$/ },
  "checksum-mismatch-go-sum-gomod-taosadapter.log": { module: "github.com/huskar-t/file-rotatelogs/v2", version: "v2.4.1", text: /^verifying github\.com\/huskar-t\/file-rotatelogs\/v2@v2\.4\.1\/go\.mod: checksum mismatch$/ },
  "checksum-mismatch-direct-first-char-cut-rekor.log": { module: "github.com/go-swagger/go-swagger", version: "v0.31.0", text: /^erifying github\.com\/go-swagger\/go-swagger@v0\.31\.0: checksum mismatch$/ },
  "checksum-mismatch-direct-command-wrapped-tracee.log": { module: "github.com/aquasecurity/tracee", version: "v0.23.1", text: /^sum\.golang\.org: h1:SMfnGf\/sNw4Rxut9W6Pn0fBTqn1Zx62IrtqM5ptPng4=$/ },
  "vanity-reset-go111-error-loading-honnef.log": { module: "honnef.co/go/tools", version: "v0.0.0-20180920025451-e3ad64cb4ed3", text: /go-get=1: read tcp XXX\.XXX\.XXX\.XX:XXXXX->138\.197\.72\.227:443: read: connection reset by peer\)$/ },
  "gogs-no-meta-tags-signin-gopath.log": { module: "git.sarandafl.duckdns.org/sarandafl/gobackmeup", text: /gobackmeup\?go-get=1: no go-import meta tags\)$/ },
  "sumdb-timeout-http-proxy-only-socks-gopls.log": { module: "golang.org/x/tools/gopls", version: "v0.8.3", text: /lookup\/golang\.org\/x\/tools\/gopls@v0\.8\.3": dial tcp 142\.251\.43\.17:443: i\/o timeout$/ },
  "prompts-disabled-typo-repo-go-i18next.log": { module: "github.com/yuangwei/go-18next", text: /^fatal: could not read Username for 'https:\/\/github\.com': terminal prompts disabled$/ },
  "gopath-disk-full-git-clone-6cord.log": { text: /^package github\.com\/gen2brain\/beeep: mkdir \/usr\/home\/go\/src\/github\.com\/gen2brain\/: no space left on device$/ },
  "checksum-mismatch-sumdb-direct-go-env-after-flaggy.log": { module: "github.com/integrii/flaggy", version: "v1.6.0", text: /^sum\.golang\.org: h1:uqCN1mDnbux18JENxqi\/VNaAwStTssEa\/DjPVh6vE4g=$/ },
  "goproxy-io-404-pseudo-info-go111.log": { module: "github.com/mritd/sshutils", version: "v0.0.0-20181227030943-b85e20a7d4b8", text: /goproxy\.io\/github\.com\/mritd\/sshutils\/@v\/v0\.0\.0-20181227030943-b85e20a7d4b8\.info\): 404 Not Found$/ },
  "athens-500-private-sumdb-410-server-log.log": { module: "gitlab.xxx.com/middleware/seaweed", version: "v1.0.2", text: /lookup\/gitlab\.xxx\.com\/middleware\/seaweed@v1\.0\.2: 410 Gone$/ },
  "athens-500-private-github-go112-localhost.log": { module: "github.com/ramanvis/demoutils", version: "v1.0.0", text: /\(http:\/\/127\.0\.0\.1:3000\/github\.com\/ramanvis\/demoutils\/@v\/v1\.0\.0\.info\): 500 Internal Server Error$/ },
  "athens-404-private-gitlab-zip-placeholder-group.log": { module: "gitlab.com/$GROUP_NAME/go/modules/errors", version: "v1.0.0", text: /localhost:3000\/gitlab\.com\/\$GROUP_NAME\/go\/modules\/errors\/@v\/v1\.0\.0\.zip: 404 Not Found$/ },
};

describe("fixtures/logs", () => {
  it("holds at least 12 logs, each with a source and an expected cause, and each is listed here", () => {
    expect(posted.length).toBeGreaterThanOrEqual(12);
    const readme = readFileSync(new URL("README.md", DIR), "utf8");
    for (const f of posted) {
      const header = readLogHeader(readFileSync(new URL(f, DIR), "utf8"));
      expect(header.source?.[0], f).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+\/(issues|pull)\/\d+/);
      expect(header.expect?.[0], f).toMatch(/^[a-z0-9-]+$/);
      expect(readme, `${f} in README.md`).toContain(f);
      expect(readme, `${f}'s source in README.md`).toContain(header.source![0]!);
      expect(Object.keys(EXPECT), f).toContain(f);
    }
  });

  it.each(files)("%s: parses, and names the failing module and the error text", (file) => {
    const events = parseFile(file);
    expect(events.length).toBeGreaterThan(0);
    const want = EXPECT[file];
    if (!want) return; // a recorded trace: parsing without a throw is the check
    if (want.module) {
      expect(failing(events)[0], "the first module an error names").toBe(want.module);
      const named = [...errors(events), ...details(events)].find((e) => e.module === want.module)!;
      if (want.version) expect(named.version).toBe(want.version);
    }
    const text = [...errors(events).map((e) => e.message), ...details(events).map((e) => e.message)];
    if (file === "get-hang-x-trace.log") expect(text).toEqual([]);
    else expect(text.some((m) => want.text.test(m)), text.join("\n")).toBe(true);
    // No `#! ` header line leaks into the events.
    expect(events.some((e) => e.kind === "output" && e.line.startsWith("#! "))).toBe(false);
  });

  it("the -x trace of a hang: every request started also ended, so no request is to blame", () => {
    const events = parseFile("get-hang-x-trace.log");
    const started = events.flatMap((e) => (e.kind === "http-start" ? [e.url] : []));
    const ended = events.flatMap((e) => (e.kind === "http-end" ? [e.url] : []));
    expect(started.sort()).toEqual(ended.sort());
    expect(decodeRequestUrl(started[0]!)).toMatchObject({ kind: "info", module: "go.seankhliao.com", version: "v2.0.0-20230529180531-0b2d0f41fac6" });
  });

  it("a requires chain names the failing module last (pulumi/pulumi#14541, go mod download with GOPROXY=direct)", () => {
    // https://github.com/pulumi/pulumi/issues/14541, as posted (trimmed).
    const log = [
      "+ go mod download",
      "go: gocloud.dev@v0.27.0 requires",
      "\tcontrib.go.opencensus.io/exporter/stackdriver@v0.13.13 requires",
      "\tgithub.com/prometheus/prometheus@v0.35.0 requires",
      "\tgithub.com/docker/distribution@v0.0.0-20190905152932-14b96e55d84c requires",
      "\tgithub.com/mitchellh/osext@v0.0.0-20151018003038-5e2d6d41470f: invalid version: git ls-remote -q origin in /builddir/go/pkg/mod/cache/vcs/94ed57c5b21c953d93b47487113db43a5c9b69fd990329ec70dc77348c4dd443: exit status 128:",
      "\tfatal: could not read Username for 'https://github.com': terminal prompts disabled",
      "Confirm the import path was entered correctly.",
    ];
    const events = log.flatMap((l, i) => parseTraceLine(l, i) ?? []);
    expect(events[0]).toEqual({ t: 0, kind: "output", line: "+ go mod download" });
    expect(errors(events)).toEqual([{ t: 1, kind: "go-error", message: "go: gocloud.dev@v0.27.0 requires" }]);
    expect(failing(events).at(-1)).toBe("github.com/mitchellh/osext");
    expect(details(events).at(-1)).toEqual({ t: 7, kind: "go-error-detail", message: "Confirm the import path was entered correctly." });
  });

  it("timestamps in logs: BuildKit step times and Go log times", () => {
    const buildkit = readFileSync(new URL("disk-full-buildkit.log", DIR), "utf8").split("\n").find((l) => l.startsWith("#11"))!;
    expect(parseLogTimestamp(buildkit)).toMatchObject({ t: 62_370, rest: expect.stringMatching(/^go: golang\.org\/x\/net@v0\.10\.0: /) });
    const pkger = readFileSync(new URL("sumdb-410-private-pkger.log", DIR), "utf8").split("\n").find((l) => l.startsWith("2020/"))!;
    expect(parseLogTimestamp(pkger).t).toBe(Date.UTC(2020, 10, 2, 3, 44, 17));
  });
});
