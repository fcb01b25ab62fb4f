// Web service of the deploy example app: renders the page on the server and
// serves the rest of the built site, with node:http only (Node 20+, no deps).
//
//   GET /health              -> 200 {"status":"ok","service":"web","version":...}
//                               (500 {"status":"failing",...} when FAIL_HEALTH=1)
//   GET /, /index.html       -> dist/index.html rendered for this release: the
//                               web status cell already says "ok, version X",
//                               asset URLs are the hashed names of
//                               dist/asset-manifest.json; Cache-Control: no-cache
//   GET any other dist file  -> the file (assets/* immutable, the rest
//                               public, max-age=300, as deploy.yml uploads them)
//   anything else            -> 404; methods other than GET/HEAD -> 405
// /api/* is not proxied: the edge (CloudFront / the ALB rule) sends it to the API.
//
// Environment: HOST (0.0.0.0), PORT (3000), APP_VERSION (unknown),
// SERVICE_NAME (web, the log prefix), FAIL_HEALTH, DIST_DIR (./dist next to
// this file; /app/dist in the image).
//
// Usage: node server.mjs        (run `node build.mjs` first)
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

// the service name in /health, as the busybox handler answered it
const SERVICE = "web";

// Cache-Control and Content-Type by path, the same as the deploy uploads the
// site to S3 (deploy.yml staticSites cache rules, build/Steps/StaticSite/ContentTypes.cs):
// CloudFront serves /assets/* from the bucket and everything else from here.
const IMMUTABLE = "public, max-age=31536000, immutable";
const PAGE_CACHE = "no-cache";
const DEFAULT_CACHE = "public, max-age=300";
const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
};

export function contentType(rel) {
  return CONTENT_TYPES[path.posix.extname(rel).toLowerCase()] ?? "application/octet-stream";
}

export function cacheControl(rel) {
  if (rel.startsWith("assets/")) return IMMUTABLE;
  if (rel.endsWith(".html")) return PAGE_CACHE;
  return DEFAULT_CACHE;
}

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// What /health answers, byte for byte what web/scripts/handle answered:
// control characters dropped from the version, keys in this order, no spaces.
export function health(version, failing) {
  const fields = { service: SERVICE, version: String(version).replace(/[\u0000-\u001f]/g, "") };
  return failing
    ? { status: 500, body: JSON.stringify({ status: "failing", ...fields }) }
    : { status: 200, body: JSON.stringify({ status: "ok", ...fields }) };
}

// The web status cell as app.js leaves it after fetching /health: same id,
// class "ok" or "bad", same text. Matches <td id="web-status" ...>...</td>.
const WEB_STATUS = /<(td)\b[^>]*\bid="web-status"[^>]*>[\s\S]*?<\/\1>/;

/**
 * Renders the page for one release from dist/index.html and the manifest.
 * Asset references by source name (src="app.js") become their hashed names,
 * so the page is right whether or not build.mjs already rewrote them; every
 * hashed name must be a file of dist (a page never points at a missing asset).
 */
export function renderPage({ template, manifest, files, version, failing }) {
  let html = template;
  for (const [from, to] of Object.entries(manifest)) {
    if (!files.has(to)) {
      throw new Error(`asset-manifest.json maps ${from} to ${to}, which is not in dist`);
    }
    const pattern = new RegExp(`((?:src|href)\\s*=\\s*["'])(?:\\./|/)?${escapeRegExp(from)}(["'])`, "g");
    html = html.replace(pattern, `$1${to}$2`);
  }
  if (!WEB_STATUS.test(html)) {
    throw new Error('index.html has no <td id="web-status"> to render the status into');
  }
  const state = failing ? "bad" : "ok";
  const text = failing ? "HTTP 500" : `ok, version ${escapeHtml(version)}`;
  return html.replace(WEB_STATUS, `<td id="web-status" class="${state}">${text}</td>`);
}

function listFiles(dir, prefix = "") {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...listFiles(path.join(dir, entry.name), rel));
    else if (entry.isFile()) files.push(rel);
  }
  return files;
}

function etagOf(data) {
  return `"${createHash("sha256").update(data).digest("hex").slice(0, 16)}"`;
}

/**
 * Everything the server answers, prepared once at start: dist is part of the
 * image and the release is fixed for the life of the process, so the page is
 * rendered once, and a broken dist stops the server before it listens. Only
 * files found here are ever served: no path from a request reaches the disk.
 */
export function loadSite({ distDir, version, failing }) {
  const files = new Map();
  for (const rel of listFiles(distDir)) {
    const full = path.join(distDir, rel);
    const data = readFileSync(full);
    files.set(rel, {
      data,
      type: contentType(rel),
      cache: cacheControl(rel),
      etag: etagOf(data),
      modified: statSync(full).mtime.toUTCString(),
    });
  }
  if (!files.has("index.html")) throw new Error(`${distDir} has no index.html (run node build.mjs)`);
  const manifest = files.has("asset-manifest.json") ? JSON.parse(files.get("asset-manifest.json").data.toString("utf8")) : {};
  const html = renderPage({ template: files.get("index.html").data.toString("utf8"), manifest, files, version, failing });
  const page = Buffer.from(html, "utf8");
  // the page replaces the static index.html; the other files are served as they are
  files.delete("index.html");
  return {
    health: health(version, failing),
    page: { data: page, type: contentType("index.html"), cache: PAGE_CACHE, etag: etagOf(page) },
    files,
  };
}

/** The request handler for a loaded site; log(method, path, status) is called once per request. */
export function createHandler(site, log = () => {}) {
  return (req, res) => {
    const method = req.method;
    const target = req.url ?? "";
    let urlPath = target.split("?", 1)[0];
    const finish = (status, headers, body) => {
      // a 304 has no body and no Content-Length (it would have to be the 200's)
      res.writeHead(status, status === 304 ? headers : { "Content-Length": body.length, ...headers });
      res.end(method === "HEAD" || status === 304 ? undefined : body);
      log(method, urlPath, status);
    };
    const json = (status, body, extra = {}) =>
      finish(status, { "Content-Type": "application/json", "Cache-Control": "no-store", ...extra }, Buffer.from(body, "utf8"));

    if (!target.startsWith("/")) {
      urlPath = "-";
      return json(400, '{"status":"error","error":"bad request"}');
    }
    if (method !== "GET" && method !== "HEAD") {
      return json(405, '{"status":"error","error":"method not allowed"}', { Allow: "GET, HEAD" });
    }
    let rel;
    try {
      rel = decodeURIComponent(urlPath).replace(/\/{2,}/g, "/").slice(1);
    } catch {
      return json(400, '{"status":"error","error":"bad request"}');
    }

    if (rel === "health") return json(site.health.status, site.health.body);
    const file = rel === "" || rel === "index.html" ? site.page : site.files.get(rel);
    if (!file) return json(404, '{"status":"error","error":"not found"}');

    const headers = {
      "Content-Type": file.type,
      "Cache-Control": file.cache,
      ETag: file.etag,
      "X-Content-Type-Options": "nosniff",
    };
    if (file.modified) headers["Last-Modified"] = file.modified;
    const match = req.headers["if-none-match"];
    if (match && match.split(",").some((tag) => tag.trim().replace(/^W\//, "") === file.etag)) {
      return finish(304, headers, null);
    }
    return finish(200, headers, file.data);
  };
}

function main() {
  const serviceName = process.env.SERVICE_NAME || SERVICE;
  const host = process.env.HOST || "0.0.0.0";
  const portText = process.env.PORT || "3000";
  const version = process.env.APP_VERSION || "unknown";
  const failing = ["1", "true", "yes"].includes(process.env.FAIL_HEALTH ?? "");
  const distDir = path.resolve(process.env.DIST_DIR || path.join(here, "dist"));
  if (!/^[0-9]+$/.test(portText)) {
    console.error(`${serviceName}: PORT must be a number, got '${portText}'`);
    process.exit(2);
  }

  let site;
  try {
    site = loadSite({ distDir, version, failing });
  } catch (error) {
    console.error(`${serviceName}: cannot serve ${distDir}: ${error.message}`);
    process.exit(1);
  }

  // one line per request on stderr (the container log), as the busybox handler wrote it
  const log = (method, urlPath, status) =>
    process.stderr.write(`${new Date().toISOString().replace(/\.\d{3}Z$/, "Z")} ${SERVICE} ${method} ${urlPath} ${status}\n`);
  const handler = createHandler(site, log);
  let stopping = false;
  const server = http.createServer((req, res) => {
    // while stopping, every answer closes its connection (keep-alive clients
    // reconnect elsewhere), and so does one that was under way when it began
    if (stopping) res.setHeader("Connection", "close");
    res.on("finish", () => {
      if (stopping) setImmediate(() => server.closeIdleConnections());
    });
    handler(req, res);
  });
  // longer than the ALB's 60 s idle timeout, so the load balancer closes idle connections, not us
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;

  server.on("error", (error) => {
    console.error(`${serviceName}: ${error.message}`);
    process.exit(1);
  });
  server.listen(Number(portText), host, () => {
    console.error(`${serviceName}: listening on http://${host}:${portText} (version ${version})`);
  });

  // PID 1 in a container gets no default SIGTERM handling: stop accepting,
  // close idle keep-alive connections now, let requests in flight finish
  // (their connections close after the answer), and give up after 5 s.
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close(() => {
      console.error(`${serviceName}: stopped`);
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => {
      server.closeAllConnections();
      console.error(`${serviceName}: stopped (closed busy connections)`);
      process.exit(0);
    }, 5_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

// started as a program (node server.mjs), not imported by the tests
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main();
}
