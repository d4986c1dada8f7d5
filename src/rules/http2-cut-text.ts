// How a module proxy's HTTP/2 cut reads in a finding (a stream reset, a
// GOAWAY, a connection go closed or lost: net-text.ts's http2CutIn), and the
// test that tells a fault of HTTP/2 from one of the path: HTTP/1.1.
import type { Fix } from "../report/schema.js";
import type { Http2Cut } from "./net-text.js";

/** The end of GMD111's title for an HTTP/2 cut. */
export function http2Title(h2: Http2Cut): string {
  if (h2.kind === "stream-reset") return `HTTP/2 streams reset (${h2.code})`;
  if (h2.kind === "goaway") return `the server closes HTTP/2 connections (GOAWAY${h2.code && h2.code !== "NO_ERROR" ? ` ${h2.code}` : ""})`;
  return h2.kind === "connection-lost" ? "HTTP/2 connections stop answering" : "HTTP/2 connections break";
}

/** What go's HTTP/2 error says happened, and who does that. */
export function http2Why(h2: Http2Cut): string {
  if (h2.kind === "stream-reset")
    return (
      `the streams carrying the responses were reset with ${h2.code} (\`stream error\`): the proxy, or the CDN, load balancer or TLS-inspecting proxy that ` +
      "terminates HTTP/2 in front of it, aborted the responses on its side (a backend that failed or timed out, a limit on a response's size or time)"
    );
  // Go's streams have odd IDs: LastStreamID=1999 is its 1000th request on that connection. A round number is a configured limit.
  const requests = h2.lastStreamId !== undefined && h2.lastStreamId % 2 === 1 ? (h2.lastStreamId + 1) / 2 : undefined;
  if (h2.kind === "goaway" && requests !== undefined && requests >= 1000 && requests % 1000 === 0)
    return (
      `the server sent GOAWAY${h2.code ? ` (${h2.code})` : ""} and closed the connection after its ${requests}th request (LastStreamID=${h2.lastStreamId}; go's streams have odd IDs) ` +
      "with requests still on it: a limit on requests per connection in the proxy or the load balancer in front of it (nginx's keepalive_requests, 1000 by default), " +
      "closed without waiting for the requests in flight, and every request multiplexed on that connection fails at once"
    );
  if (h2.kind === "goaway")
    return (
      `the server sent GOAWAY${h2.code ? ` (${h2.code})` : ""} and closed the connection with requests still on it: a restart, or a limit on a connection's age or ` +
      "number of requests in the proxy or the load balancer in front of it (Go's own HTTP/2 server and nginx's keepalive_requests close connections so), " +
      "and every request multiplexed on that connection fails at once"
    );
  if (h2.kind === "connection-lost") return "the connection stopped answering go's HTTP/2 pings (`client connection lost`), and every request on it failed";
  return (
    "a write on the HTTP/2 connection failed and go closed it with every request on it (`client connection force closed via ClientConn.Close`): " +
    "the TCP connection broke under it (a reset or an idle timeout of a NAT, firewall or proxy on the path, or the proxy dropping it)"
  );
}

/** The HTTP/2 test (HTTP/1.1 instead, for go and for curl) and the check of the proxy and what fronts it. */
export function http2Fixes(host: string, url: string | undefined): Fix[] {
  const target = url ?? `"$(go env GOPROXY | cut -d, -f1)/"`;
  return [
    {
      summary: `Test without HTTP/2: if the download completes over HTTP/1.1 (one connection per request), the fault is in HTTP/2 between go and ${host}`,
      commands: ["GODEBUG=http2client=0 go mod download -x"],
      caution: "GODEBUG=http2client=0 changes only this command's HTTP client; it can stay in a CI job's environment as a workaround until the proxy is fixed.",
    },
    {
      summary: `Compare the same download over HTTP/2 and HTTP/1.1, and tell ${host}'s operators (or whoever runs the CDN, load balancer or TLS-inspecting proxy in front of it) which one breaks`,
      commands: [
        `curl -sS --http2 -o /dev/null -w '%{http_version} %{http_code} %{size_download} bytes\\n' ${target}`,
        `curl -sS --http1.1 -o /dev/null -w '%{http_version} %{http_code} %{size_download} bytes\\n' ${target}`,
      ],
    },
  ];
}
