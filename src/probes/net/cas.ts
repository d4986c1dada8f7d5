// Certificate authorities as the go command sees them: the system roots, and
// the extra bundles named by SSL_CERT_FILE / SSL_CERT_DIR (read as PEM). Read
// only; bounded in files and bytes so a huge directory cannot stall a probe.
import { readFile, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { createSecureContext, rootCertificates, type SecureContext } from "node:tls";
import type { ProcessSettings } from "../../context/types.js";

/** The bundle files Go's crypto/x509 tries on Linux (root_linux.go), first existing wins. */
export const SYSTEM_BUNDLES = [
  "/etc/ssl/certs/ca-certificates.crt",
  "/etc/pki/tls/certs/ca-bundle.crt",
  "/etc/ssl/ca-bundle.pem",
  "/etc/pki/tls/cacert.pem",
  "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
  "/etc/ssl/cert.pem",
];

const MAX_FILE_BYTES = 4 * 1024 * 1024;
const MAX_DIR_FILES = 2000;

export interface CaSet {
  certs: string[];
  /** Files the certificates came from. */
  sources: string[];
  /** Files that could not be read (path: code). */
  errors: string[];
}

/** The PEM certificate blocks in a text (other blocks, such as keys, are skipped). */
export function splitPem(text: string): string[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
  return blocks ? blocks.map((b) => `${b}\n`) : [];
}

async function readBundle(file: string, into: CaSet): Promise<void> {
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size > MAX_FILE_BYTES) return;
    const certs = splitPem(await readFile(file, "utf8"));
    if (certs.length > 0) {
      into.certs.push(...certs);
      into.sources.push(file);
    }
  } catch (error) {
    into.errors.push(`${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
}

/** Extra CAs from SSL_CERT_FILE (one bundle) and SSL_CERT_DIR (colon-separated directories). */
export async function loadExtraCas(settings: Pick<ProcessSettings, "SSL_CERT_FILE" | "SSL_CERT_DIR">): Promise<CaSet> {
  const set: CaSet = { certs: [], sources: [], errors: [] };
  if (settings.SSL_CERT_FILE) await readBundle(settings.SSL_CERT_FILE, set);
  for (const dir of (settings.SSL_CERT_DIR ?? "").split(":").filter(Boolean)) {
    let names: string[];
    try {
      names = (await readdir(dir)).sort().slice(0, MAX_DIR_FILES);
    } catch (error) {
      set.errors.push(`${dir}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
      continue;
    }
    for (const name of names) await readBundle(join(dir, name), set);
  }
  return set;
}

let systemCache: Promise<string[]> | undefined;

/** Node's bundled roots plus the OS bundle Go would read; read once per process. */
export function loadSystemCas(): Promise<string[]> {
  systemCache ??= (async () => {
    for (const file of SYSTEM_BUNDLES) {
      const set: CaSet = { certs: [], sources: [], errors: [] };
      await readBundle(file, set);
      if (set.certs.length > 0) return [...rootCertificates, ...set.certs];
    }
    return [...rootCertificates];
  })();
  return systemCache;
}

const contexts = new WeakMap<string[], SecureContext>();

/** One parsed SecureContext per CA list (parsing hundreds of roots per connection is slow). */
export function secureContextFor(ca: string[]): SecureContext {
  let context = contexts.get(ca);
  if (!context) {
    context = createSecureContext({ ca });
    contexts.set(ca, context);
  }
  return context;
}

export interface TrustStore {
  /** Default roots (Node's bundle plus the OS bundle). */
  system: string[];
  /** SSL_CERT_FILE / SSL_CERT_DIR, with where they came from. */
  extra: CaSet;
  /** system + extra: what the go command trusts. */
  combined: string[];
}

const stores = new Map<string, Promise<TrustStore>>();

/** The roots for one set of SSL_CERT_* settings, loaded once per process. */
export function trustStore(settings: Pick<ProcessSettings, "SSL_CERT_FILE" | "SSL_CERT_DIR">): Promise<TrustStore> {
  const key = `${settings.SSL_CERT_FILE ?? ""}\0${settings.SSL_CERT_DIR ?? ""}`;
  let store = stores.get(key);
  if (!store) {
    store = (async () => {
      const [system, extra] = await Promise.all([loadSystemCas(), loadExtraCas(settings)]);
      return { system, extra, combined: extra.certs.length > 0 ? [...system, ...extra.certs] : system };
    })();
    stores.set(key, store);
  }
  return store;
}
