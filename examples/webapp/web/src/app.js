// Shows the status of the web service, the API and the database, and the notes the API keeps.
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

function renderNotes(notes) {
  const list = document.getElementById("notes");
  list.replaceChildren(
    ...notes.map((note) => {
      const item = document.createElement("li");
      item.textContent = note.body; // text, never markup
      return item;
    }),
  );
  show("notes-status", notes.length === 1 ? "1 note" : `${notes.length} notes`, true);
}

async function loadNotes() {
  try {
    const result = await getJson("api/notes");
    if (result.ok) {
      renderNotes(result.body.notes);
    } else {
      show("notes-status", `HTTP ${result.status}`, false);
    }
  } catch (error) {
    show("notes-status", `unreachable (${error.message})`, false);
  }
}

document.getElementById("note-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const response = await fetch("api/notes", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ body: form.elements.body.value }),
  });
  if (response.ok) {
    form.reset();
    await loadNotes();
  } else {
    show("notes-status", `could not add the note: HTTP ${response.status}`, false);
  }
});

loadNotes();
