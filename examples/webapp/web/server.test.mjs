// Unit tests of server.mjs without Docker: rendering, /health, routing, headers.
// Builds src into a temporary dist with build.mjs, then asks the handler over
// a real socket on 127.0.0.1.
//
// Usage: node --test server.test.mjs   (npm test)
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createHandler, health, loadSite, renderPage } from "./server.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), "web-server-test-"));
const distDir = path.join(work, "dist");
execFileSync(process.execPath, [path.join(here, "build.mjs"), "--out", distDir], { stdio: "ignore" });
const manifest = JSON.parse(readFileSync(path.join(distDir, "asset-manifest.json"), "utf8"));
after(() => rmSync(work, { recursive: true, force: true }));

/** Starts the handler for a site on a free loopback port; returns request(method, path, headers). */
async function serve(site) {
  const server = http.createServer(createHandler(site));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  const request = (method, urlPath, headers = {}) =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, method, path: urlPath, headers, agent: false }, (res) => {
        const chunks = [];
        res.on("data", (chunk) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      });
      req.on("error", reject);
      req.end();
    });
  return { request, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe("health", () => {
  test("answers what the busybox handler answered, byte for byte", () => {
    assert.deepEqual(health("abc123", false), { status: 200, body: '{"status":"ok","service":"web","version":"abc123"}' });
    assert.deepEqual(health("abc123", true), { status: 500, body: '{"status":"failing","service":"web","version":"abc123"}' });
  });

  test("escapes quotes and backslashes and drops control characters", () => {
    assert.equal(health('a"b\\c\nd', false).body, '{"status":"ok","service":"web","version":"a\\"b\\\\cd"}');
  });
});

describe("renderPage", () => {
  const template = '<link href="styles.css"><td id="web-status">checking&hellip;</td><script src="./app.js"></script>';
  const files = new Map([["assets/app.1.js", {}], ["assets/styles.2.css", {}]]);
  const map = { "app.js": "assets/app.1.js", "styles.css": "assets/styles.2.css" };

  test("puts the release and the hashed asset names into the markup", () => {
    const html = renderPage({ template, manifest: map, files, version: "v9", failing: false });
    assert.equal(html, '<link href="assets/styles.2.css"><td id="web-status" class="ok">ok, version v9</td><script src="assets/app.1.js"></script>');
  });

  test("escapes the release", () => {
    const html = renderPage({ template, manifest: map, files, version: '<b>"&', failing: false });
    assert.match(html, /class="ok">ok, version &#60;b&#62;&#34;&#38;<\/td>/);
  });

  test("shows a failing release as bad, as app.js would", () => {
    assert.match(renderPage({ template, manifest: map, files, version: "v9", failing: true }), /id="web-status" class="bad">HTTP 500</);
  });

  test("refuses a manifest entry that is not in dist, and a template without the status cell", () => {
    assert.throws(() => renderPage({ template, manifest: { "app.js": "assets/app.0.js" }, files, version: "v", failing: false }), /not in dist/);
    assert.throws(() => renderPage({ template: "<p>no cell</p>", manifest: {}, files, version: "v", failing: false }), /web-status/);
  });
});

describe("the server", () => {
  let client;
  before(async () => {
    client = await serve(loadSite({ distDir, version: "rel-7", failing: false }));
  });
  after(() => client.close());

  test("GET /health", async () => {
    const res = await client.request("GET", "/health");
    assert.equal(res.status, 200);
    assert.equal(res.headers["content-type"], "application/json");
    assert.equal(res.headers["cache-control"], "no-store");
    assert.equal(res.body, '{"status":"ok","service":"web","version":"rel-7"}');
  });

  for (const urlPath of ["/", "/index.html", "/?utm=x"]) {
    test(`GET ${urlPath} is the page rendered for the release`, async () => {
      const res = await client.request("GET", urlPath);
      assert.equal(res.status, 200);
      assert.equal(res.headers["content-type"], "text/html; charset=utf-8");
      assert.equal(res.headers["cache-control"], "no-cache");
      assert.match(res.body, /<td id="web-status" class="ok">ok, version rel-7<\/td>/);
      for (const asset of Object.values(manifest)) assert.ok(res.body.includes(`"${asset}"`), `page references ${asset}`);
    });
  }

  test("the page revalidates with its ETag", async () => {
    const { headers } = await client.request("GET", "/");
    const res = await client.request("GET", "/", { "If-None-Match": headers.etag });
    assert.equal(res.status, 304);
    assert.equal(res.body, "");
  });

  test("serves the other files of dist with their types and cache rules", async () => {
    const js = Object.values(manifest).find((name) => name.endsWith(".js"));
    const cases = [
      [`/${js}`, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"],
      ["/logo.svg", "image/svg+xml; charset=utf-8", "public, max-age=300"],
      ["/robots.txt", "text/plain; charset=utf-8", "public, max-age=300"],
      ["/asset-manifest.json", "application/json; charset=utf-8", "public, max-age=300"],
    ];
    for (const [urlPath, type, cache] of cases) {
      const res = await client.request("GET", urlPath);
      assert.equal(res.status, 200, urlPath);
      assert.equal(res.headers["content-type"], type, urlPath);
      assert.equal(res.headers["cache-control"], cache, urlPath);
      assert.equal(res.body, readFileSync(path.join(distDir, urlPath.slice(1)), "utf8"), urlPath);
    }
  });

  test("any other path is 404, never the page", async () => {
    for (const urlPath of ["/nope", "/nope.js", "/assets/", "/api/health", "/../server.mjs", "/%2e%2e/server.mjs", "/about"]) {
      const res = await client.request("GET", urlPath);
      assert.equal(res.status, 404, urlPath);
      assert.doesNotMatch(res.body, /<html/i, urlPath);
    }
  });

  test("HEAD has the GET headers and no body; other methods are 405", async () => {
    const get = await client.request("GET", "/");
    const head = await client.request("HEAD", "/");
    assert.equal(head.status, 200);
    assert.equal(head.body, "");
    assert.equal(head.headers["content-length"], get.headers["content-length"]);
    for (const method of ["POST", "PUT", "DELETE"]) {
      const res = await client.request(method, "/");
      assert.equal(res.status, 405, method);
      assert.equal(res.headers.allow, "GET, HEAD");
    }
  });

  test("a target that is not a path is 400", async () => {
    assert.equal((await client.request("GET", "/%ZZ")).status, 400);
  });
});

test("FAIL_HEALTH: /health is 500 and the page says so", async () => {
  const client = await serve(loadSite({ distDir, version: "rel-8", failing: true }));
  try {
    const res = await client.request("GET", "/health");
    assert.equal(res.status, 500);
    assert.equal(res.body, '{"status":"failing","service":"web","version":"rel-8"}');
    assert.match((await client.request("GET", "/")).body, /id="web-status" class="bad">HTTP 500</);
  } finally {
    await client.close();
  }
});
