// The review desk's page script (browser; compiled by tsc, served at /assets/desk.js). Pages are
// rendered and escaped on the server; this moves between records, sends corrections and failed-
// input actions as JSON with the CSRF token, and applies live updates. Text from the server's
// events is only ever set with textContent.
export {};

const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? "";

interface ApiError {
  error?: string;
  fields?: Array<{ field: string; message: string }>;
}

async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    credentials: "same-origin",
    headers: { "content-type": "application/json", "x-csrf-token": csrf },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await res.json().catch(() => ({}))) as T & ApiError;
  if (!res.ok) {
    const fields = (data.fields ?? []).map((f) => `${f.field}: ${f.message}`).join("; ");
    throw new Error(`${data.error ?? `HTTP ${res.status}`}${fields ? ` (${fields})` : ""}`);
  }
  return data;
}

const $ = <T extends Element = HTMLElement>(selector: string, root: ParentNode = document) => root.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(selector: string, root: ParentNode = document) => [...root.querySelectorAll<T>(selector)];

function setStatus(text: string, kind: "ok" | "error" | "" = ""): void {
  const status = $("#status");
  if (!status) return;
  status.textContent = text;
  status.className = `status ${kind}`;
}

// ---- corrections ---------------------------------------------------------------------------

interface BuyerState {
  strong: string[];
  weak: string[];
  company: string;
}

function buyerState(form: HTMLFormElement, initial: boolean): BuyerState {
  const strong: string[] = [];
  const weak: string[] = [];
  for (const select of $$<HTMLSelectElement>("select[data-buyer]", form)) {
    const value = initial ? select.dataset.initial : select.value;
    if (value === "strong") strong.push(select.dataset.buyer!);
    if (value === "weak") weak.push(select.dataset.buyer!);
  }
  const fieldset = $<HTMLFieldSetElement>("fieldset.buyers", form)!;
  const checked = $<HTMLInputElement>('input[name="primary"]:checked', form);
  const company = initial ? fieldset.dataset.initialCompany! : (checked?.value ?? "Unknown");
  return { strong, weak, company };
}

/** Only what the analyst changed: absent fields stay as they are on the server. */
function correctionRequest(form: HTMLFormElement): Record<string, unknown> {
  const request: Record<string, unknown> = {};
  const category = $<HTMLSelectElement>("#category", form)!;
  if (category.value !== category.dataset.initial) request.category = category.value;
  const before = buyerState(form, true);
  const after = buyerState(form, false);
  // A primary buyer the analyst set to "–" is no longer a buyer: the next one leads.
  if (after.company !== "Unknown" && !after.strong.includes(after.company)) {
    const selectOf = $<HTMLSelectElement>(`select[data-buyer="${CSS.escape(after.company)}"]`, form);
    if (selectOf?.value === "none") after.company = after.strong[0] ?? "Unknown";
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) {
    request.buyers = { strong: after.strong, weak: after.weak };
    request.company = after.company;
  }
  for (const name of ["published_at", "quarter"]) {
    const input = $<HTMLInputElement>(`input[name="${name}"]`, form)!;
    if (input.value !== input.dataset.initial) request[name] = input.value;
  }
  const excluded = $<HTMLInputElement>('input[name="excluded"]', form)!;
  if (excluded.checked !== (excluded.dataset.initial === "on")) request.excluded = excluded.checked;
  const facts = $$(".fact", form).map((el) => {
    const line = $<HTMLTextAreaElement>('textarea[name="line"]', el)!;
    const notes = $<HTMLTextAreaElement>('textarea[name="notes"]', el)!;
    return {
      fact_id: el.dataset.fact!,
      line: line.value,
      notes: notes.value.split("\n"),
      changed: line.value !== line.dataset.initial || notes.value !== notes.dataset.initial,
    };
  });
  if (facts.some((f) => f.changed)) request.facts = facts.map(({ changed: _changed, ...f }) => f);
  return request;
}

async function submitCorrection(extra: Record<string, unknown> = {}): Promise<void> {
  const record = $("#record");
  const form = $<HTMLFormElement>("#correction");
  if (!record || !form) return;
  const request = { ...correctionRequest(form), ...extra, base: record.dataset.base };
  setStatus("Saving…");
  try {
    const result = await api<{ changed: string[]; record: { title: string } }>("POST", `/api/desk/records/${record.dataset.id}/corrections`, request);
    const said = result.changed.length ? `Saved: ${result.changed.join(", ")}` : "Accepted";
    // The confirmation stays in sight: on the record again, or on the next one in the queue.
    const moved = await afterCorrection(record.dataset.id!);
    setStatus(moved ? `${said} (${result.record.title.slice(0, 80)}). This is the next record in the queue.` : `${said}. Undo takes it back.`, "ok");
  } catch (err) {
    setStatus((err as Error).message, "error");
  }
}

/** Shows the record again, or (in the queue) the next one; true when it moved on. */
async function afterCorrection(id: string): Promise<boolean> {
  const item = $(`.queue-item[data-id="${CSS.escape(id)}"]`);
  if (!item) {
    await loadDetail(id);
    return false;
  }
  const next = (item.nextElementSibling ?? item.previousElementSibling) as HTMLElement | null;
  item.remove();
  // The badge and the heading count the same queue: both go down together.
  for (const count of $$("#queue-count, #queue-total")) count.textContent = String(Math.max(0, Number(count.textContent) - 1));
  if (next) await select(next);
  else {
    const detail = $("#detail");
    if (detail) detail.textContent = "Saved. Nothing left to review.";
  }
  return Boolean(next);
}

async function loadDetail(id: string): Promise<void> {
  const res = await fetch(`/fragments/record/${id}`, { credentials: "same-origin" });
  const detail = $("#detail") ?? $(".single");
  if (!res.ok || !detail) return;
  // Server-rendered and escaped (pages.ts), like the page itself.
  detail.innerHTML = await res.text();
}

async function select(item: HTMLElement): Promise<void> {
  for (const other of $$(".queue-item.selected")) other.classList.remove("selected");
  item.classList.add("selected");
  item.scrollIntoView({ block: "nearest" });
  history.replaceState(null, "", `/queue?id=${item.dataset.id}`);
  await loadDetail(item.dataset.id!);
}

function move(step: number): void {
  const items = $$(".queue-item");
  if (items.length === 0) return;
  const current = items.findIndex((i) => i.classList.contains("selected"));
  const next = items[Math.min(items.length - 1, Math.max(0, current + step))];
  if (next && next !== items[current]) void select(next);
}

function pickAlternative(n: number): void {
  const button = $<HTMLButtonElement>(`button.alt[data-key="${n}"]`);
  const category = $<HTMLSelectElement>("#category");
  if (!button || !category) return;
  category.value = button.dataset.alt!;
  void submitCorrection();
}

document.addEventListener("submit", (event) => {
  if ((event.target as HTMLElement).id !== "correction") return;
  event.preventDefault();
  void submitCorrection();
});

document.addEventListener("click", (event) => {
  const target = event.target as HTMLElement;
  const alt = target.closest<HTMLButtonElement>("button.alt");
  if (alt) return pickAlternative(Number(alt.dataset.key));
  const markButton = target.closest<HTMLButtonElement>("button[data-mark]");
  if (markButton) {
    const on = markButton.dataset.value === "true";
    return void recordAction({ [markButton.dataset.mark!]: on }, MARK_SAID[markButton.dataset.mark!]![on ? 0 : 1]);
  }
  const storyButton = target.closest<HTMLButtonElement>("button[data-story]");
  if (storyButton) return void storyAction(storyButton.dataset.story!);
  if (target.closest('button[data-action="undo"]')) return void recordAction({ undo: true }, "Undone: the version before the last correction is back.");
  const historyButton = target.closest<HTMLButtonElement>('button[data-action="history"]');
  if (historyButton) return toggleHistory(historyButton);
  const bulkButton = target.closest<HTMLButtonElement>("button[data-bulk]");
  if (bulkButton) return void bulk(bulkButton.dataset.bulk!);
  const undoButton = target.closest<HTMLButtonElement>("button[data-undo-id]");
  if (undoButton) return void undoOne(undoButton);
  if (target.closest("input.pick")) return;
  if (target.closest('button[data-action="accept"]')) return void submitCorrection({ accept: true });
  const item = target.closest<HTMLElement>(".queue-item");
  if (item && !(event as MouseEvent).ctrlKey && !(event as MouseEvent).metaKey) {
    event.preventDefault();
    return void select(item);
  }
  const row = target.closest<HTMLTableRowElement>("tr[data-key]");
  const action = target.closest<HTMLButtonElement>("button[data-action]")?.dataset.action;
  if (row && (action === "retry" || action === "delete")) void failedAction(row, action);
});

document.addEventListener("keydown", (event) => {
  const target = event.target as HTMLElement;
  if (event.ctrlKey || event.metaKey || event.altKey || target.closest("input, textarea, select, [contenteditable]")) return;
  if (event.key === "j") move(1);
  else if (event.key === "k") move(-1);
  else if (event.key === "a" && $("#record")) void submitCorrection({ accept: true });
  else if (/^[1-3]$/.test(event.key) && $("#record")) pickAlternative(Number(event.key));
  else return;
  event.preventDefault();
});

// ---- marks (highlight, delete), undo, history ---------------------------------------------

const MARK_SAID: Record<string, [string, string]> = {
  highlight: ["Marked as a highlight: it is listed in section 0 of the report.", "Highlight removed."],
  deleted: ["Deleted: it has left every view and report. Undo brings it back.", "Restored: it is back in the views and reports."],
};

/** A correction from the record's action bar; the record is shown again, then the confirmation. */
async function recordAction(change: Record<string, unknown>, said: string): Promise<void> {
  const record = $("#record");
  if (!record) return;
  const id = record.dataset.id!;
  setStatus("Saving…");
  try {
    await api("POST", `/api/desk/records/${id}/corrections`, { ...change, base: record.dataset.base });
    await loadDetail(id);
    setStatus(said, "ok");
  } catch (err) {
    setStatus((err as Error).message, "error");
  }
}

/** "Not the same story" and "Same story as…" (docs/stories.md): a correction of the record's story_id. */
async function storyAction(kind: string): Promise<void> {
  const id = $("#record")?.dataset.id;
  if (!id) return;
  if (kind === "split") return recordAction({ story_id: id }, "Not the same story: it is its own story now.");
  const chosen = $<HTMLSelectElement>("#story-join")?.value;
  if (chosen) return recordAction({ story_id: chosen }, "Same story: it is part of the chosen story now.");
}

function toggleHistory(button: HTMLButtonElement): void {
  const history = $("#history");
  if (!history) return;
  history.hidden = !history.hidden;
  button.setAttribute("aria-expanded", String(!history.hidden));
}

// ---- bulk: the selected stories ----------------------------------------------------------

function picked(): Array<{ id: string; base: string }> {
  const seen = new Map<string, string>();
  for (const box of $$<HTMLInputElement>("input.pick:checked")) seen.set(box.value, box.dataset.base ?? "");
  return [...seen].map(([id, base]) => ({ id, base }));
}

function showPicked(): void {
  const count = $("#picked");
  if (count) count.textContent = `${picked().length} selected`;
}

const BULK_SAID: Record<string, string> = { accept: "Accepted", exclude: "Excluded", category: "Category set on", buyer: "Buyer set on" };

async function bulk(action: string): Promise<void> {
  const records = picked();
  const status = $("#bulk-status");
  const done = $("#bulk-done");
  if (!status || !done) return;
  if (records.length === 0) {
    status.textContent = "Select stories first (the boxes in front of them).";
    return;
  }
  const change =
    action === "accept"
      ? { accept: true }
      : action === "exclude"
        ? { excluded: true }
        : action === "category"
          ? { category: $<HTMLSelectElement>("#bulk-category")!.value }
          : { company: $<HTMLSelectElement>("#bulk-buyer")!.value };
  status.textContent = "Saving…";
  try {
    const { results } = await api<{ results: Array<{ id: string; ok: boolean; title: string; base?: string; error?: string }> }>("POST", "/api/desk/bulk", {
      records,
      change,
    });
    const ok = results.filter((r) => r.ok);
    status.textContent = `${BULK_SAID[action]} ${ok.length} of ${results.length} ${results.length === 1 ? "story" : "stories"}.${ok.length < results.length ? " Some could not be saved (listed below)." : ""}`;
    done.textContent = "";
    for (const r of results) {
      const li = document.createElement("li");
      const title = document.createElement("span");
      title.textContent = r.ok ? r.title : `${r.title}: ${r.error ?? "not saved"}`;
      li.append(title);
      if (r.ok) {
        const undo = document.createElement("button");
        undo.type = "button";
        undo.textContent = "Undo";
        undo.dataset.undoId = r.id;
        undo.dataset.base = r.base ?? "";
        li.append(" ", undo);
      }
      done.append(li);
    }
    for (const box of $$<HTMLInputElement>("input.pick:checked")) {
      box.checked = false;
      if (ok.some((r) => r.id === box.value)) box.closest<HTMLElement>("li")?.classList.add("done");
    }
    showPicked();
  } catch (err) {
    status.textContent = (err as Error).message;
  }
}

async function undoOne(button: HTMLButtonElement): Promise<void> {
  const li = button.closest("li")!;
  button.disabled = true;
  try {
    await api("POST", `/api/desk/records/${button.dataset.undoId}/corrections`, { undo: true, base: button.dataset.base });
    button.remove();
    li.append(" · undone");
  } catch (err) {
    button.disabled = false;
    li.append(` · ${(err as Error).message}`);
  }
}

document.addEventListener("change", (event) => {
  if ((event.target as HTMLElement).matches("input.pick")) showPicked();
});

// ---- inbox: failed inputs and live updates --------------------------------------------------

async function failedAction(row: HTMLTableRowElement, action: "retry" | "delete"): Promise<void> {
  const status = $(".row-status", row)!;
  status.textContent = action === "retry" ? "moving back to the inbox…" : "deleting…";
  try {
    if (action === "delete") {
      await api("POST", "/api/desk/failed/delete", { key: row.dataset.key });
      row.remove();
      return;
    }
    const { inbox_name } = await api<{ inbox_name: string }>("POST", "/api/desk/failed/retry", { key: row.dataset.key });
    row.dataset.inboxName = inbox_name;
    row.classList.add("retrying");
    for (const button of $$<HTMLButtonElement>("button", row)) button.disabled = true;
    status.textContent = "waiting in the inbox…";
  } catch (err) {
    status.textContent = (err as Error).message;
  }
}

interface OutcomeEvent {
  type: "outcome";
  file: string;
  outcome: "stored" | "duplicate" | "failed";
  records?: Array<{ id: string; lines: string[] }>;
  reason?: string;
}

function describe(event: OutcomeEvent): string {
  if (event.outcome === "failed") return `failed: ${event.reason ?? ""}`;
  const n = event.records?.length ?? 0;
  return event.outcome === "stored" ? `done: stored (${n} record${n === 1 ? "" : "s"})` : "done: duplicate of a stored article";
}

async function refreshFailed(): Promise<void> {
  const box = $("#failed");
  if (!box) return;
  const res = await fetch("/fragments/failed", { credentials: "same-origin" });
  if (!res.ok) return;
  // Keep the rows being retried (they show their outcome), replace the rest.
  const retrying = $$<HTMLTableRowElement>("tr.retrying", box);
  box.innerHTML = await res.text();
  const body = $("tbody", box);
  if (retrying.length && !body) {
    box.innerHTML = '<table class="failed"><tbody></tbody></table>';
  }
  const tbody = $("tbody", box)!;
  for (const row of retrying) if (!$(`tr[data-key="${CSS.escape(row.dataset.key!)}"]`, box)) tbody.prepend(row);
}

function onOutcome(event: OutcomeEvent): void {
  for (const row of $$<HTMLTableRowElement>("tr.retrying")) {
    if (row.dataset.inboxName !== event.file) continue;
    row.classList.remove("retrying");
    row.classList.add(event.outcome === "failed" ? "failed-again" : "done");
    $(".row-status", row)!.textContent = describe(event);
  }
  const log = $("#live-log");
  if (log) {
    $(".empty", log)?.remove();
    const li = document.createElement("li");
    li.className = event.outcome;
    li.textContent = `${new Date().toLocaleTimeString()} ${event.file}: ${describe(event)}${event.records?.[0]?.lines[0] ? ` · ${event.records[0].lines[0]}` : ""}`;
    log.prepend(li);
    while (log.children.length > 50) log.lastElementChild!.remove();
  }
  if (event.outcome === "failed") {
    const failed = $("#inbox-failed");
    if (failed) failed.textContent = String(Number(failed.textContent) + 1);
    void refreshFailed();
  }
}

function onHealth(snapshot: { inbox_depth?: number; in_flight?: number }): void {
  const set = (selector: string, value: number | undefined) => {
    const el = $(selector);
    if (el && typeof value === "number") el.textContent = String(value);
  };
  set("#inbox-waiting", snapshot.inbox_depth);
  set("#inbox-inflight", snapshot.in_flight);
  set("#panel-waiting", snapshot.inbox_depth);
  set("#panel-inflight", snapshot.in_flight);
}

function listen(): void {
  const source = new EventSource("/api/events");
  const dot = $("#live-dot");
  source.onopen = () => dot?.classList.add("on");
  source.onerror = () => dot?.classList.remove("on");
  source.addEventListener("outcome", (e) => onOutcome(JSON.parse((e as MessageEvent<string>).data) as OutcomeEvent));
  source.addEventListener("health", (e) => onHealth((JSON.parse((e as MessageEvent<string>).data) as { snapshot: Record<string, number> }).snapshot));
}

listen();
