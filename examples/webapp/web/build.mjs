// Builds web/dist from web/src with no dependencies (Node 20+).
//
// - .js and .css files become assets/<name>.<8 hex of sha256>.<ext>
// - references to them in .html files are rewritten (src="app.js" ->
//   src="assets/app.1a2b3c4d.js"); everything else is copied as is
// - dist/asset-manifest.json maps source names to hashed names
// - deterministic: the same src gives byte-identical dist (no timestamps)
//
// Usage: node build.mjs [--src DIR] [--out DIR]   (defaults: ./src, ./dist next to this file)
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const options = { src: path.join(here, "src"), out: path.join(here, "dist") };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      console.log("Usage: node build.mjs [--src DIR] [--out DIR]");
      process.exit(0);
    } else if ((arg === "--src" || arg === "--out") && argv[i + 1]) {
      options[arg.slice(2)] = path.resolve(argv[++i]);
    } else {
      console.error(`build.mjs: unknown argument ${arg}`);
      process.exit(2);
    }
  }
  return options;
}

async function listFiles(dir, prefix = "") {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files = [];
  for (const entry of entries) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      files.push(...(await listFiles(path.join(dir, entry.name), rel)));
    } else if (entry.isFile()) {
      files.push(rel);
    }
  }
  return files;
}

const HASHED = new Set([".js", ".css"]);

function hashedName(rel, content) {
  const hash = createHash("sha256").update(content).digest("hex").slice(0, 8);
  const ext = path.posix.extname(rel);
  const base = path.posix.basename(rel, ext);
  return `assets/${base}.${hash}${ext}`;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function rewriteHtml(html, manifest) {
  let out = html;
  for (const [from, to] of Object.entries(manifest)) {
    // src="app.js", href='./styles.css', src="/app.js"
    const pattern = new RegExp(`((?:src|href)\\s*=\\s*["'])(?:\\./|/)?${escapeRegExp(from)}(["'])`, "g");
    out = out.replace(pattern, `$1${to}$2`);
  }
  return out;
}

async function build({ src, out }) {
  const files = await listFiles(src);
  if (!files.includes("index.html")) {
    throw new Error(`${src} has no index.html`);
  }
  const contents = new Map();
  for (const rel of files) {
    contents.set(rel, await readFile(path.join(src, rel)));
  }

  const manifest = {};
  for (const rel of files) {
    if (HASHED.has(path.posix.extname(rel))) {
      manifest[rel] = hashedName(rel, contents.get(rel));
    }
  }
  const targets = new Map(Object.values(manifest).map((v) => [v, true]));
  if (targets.size !== Object.keys(manifest).length) {
    throw new Error("two assets hash to the same name; rename one of them");
  }

  await rm(out, { recursive: true, force: true });
  const written = [];
  const emit = async (rel, data) => {
    const dest = path.join(out, rel);
    await mkdir(path.dirname(dest), { recursive: true });
    await writeFile(dest, data);
    written.push(`${rel} (${data.length} bytes)`);
  };

  for (const rel of files) {
    const data = contents.get(rel);
    if (manifest[rel]) {
      await emit(manifest[rel], data);
    } else if (rel.endsWith(".html")) {
      await emit(rel, Buffer.from(rewriteHtml(data.toString("utf8"), manifest), "utf8"));
    } else {
      await emit(rel, data);
    }
  }
  await emit("asset-manifest.json", Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, "utf8"));
  written.sort();
  for (const line of written) console.log(`build.mjs: ${line}`);
  console.log(`build.mjs: wrote ${written.length} files to ${path.relative(process.cwd(), out) || "."}`);
}

build(parseArgs(process.argv.slice(2))).catch((error) => {
  console.error(`build.mjs: ${error.message}`);
  process.exit(1);
});
