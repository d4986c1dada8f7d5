// The detector decodes trace URLs with the trace layer's decoder, the same
// one the cache watcher uses: if the two disagreed on a module's name, the
// watcher's byte progress would not reach the detector's zip request and a
// moving download would read as stalled. One decoder, one answer.
//
// Module start inside a proxy URL (`https://host/api/go/remote/<module>/@v/…`):
// the GOPROXY entries settle it when given; otherwise the first path element
// that looks like a host name (dots and a top-level domain) starts the module,
// since a module path's first element is a domain. Leftmost, not rightmost:
// later module elements often hold dots (`gopkg.in/yaml.v3`).
export { decodeRequestUrl } from "../trace/url.js";
