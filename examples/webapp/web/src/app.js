// Shows the status of the web service, the API and the database.
"use strict";

async function getJson(url) {
  const response = await fetch(url, { cache: "no-store" });
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  return { ok: response.ok, status: response.status, body };
}

function show(id, text, ok) {
  const cell = document.getElementById(id);
  cell.textContent = text;
  cell.className = ok ? "ok" : "bad";
}

async function check(id, url, describe) {
  try {
    const result = await getJson(url);
    show(id, result.ok ? describe(result.body) : `HTTP ${result.status}`, result.ok);
  } catch (error) {
    show(id, `unreachable (${error.message})`, false);
  }
}

check("web-status", "health", (b) => `ok, version ${b.version}`);
check("api-status", "api/health", (b) => `ok, version ${b.version}`);
check("db-status", "api/db", (b) => `ok, migrations: ${b.migrations.join(", ") || "none"}`);
