/* 填写: the page's fields → the input JSON (the same the CLI takes), checked by the server's
   validator as the user types; conditional blocks follow the chosen 试点/服务商 type. */
"use strict";
(() => {
  const { el, postJSON, postFiles, status, saveBlob, fileName, tag } = shenbao;
  const root = document.querySelector(".fill");
  const formId = root.dataset.form;
  const form = document.getElementById("form");
  const NUMERIC = new Set(["money", "decimal", "percent", "integer"]);
  const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;
  const DRAFT_KEY = `shenbao-draft-${formId}`;
  const touched = new Set();
  let showAll = false;
  let lastProblems = [];

  // ---- values ---------------------------------------------------------------------------
  const fields = () => [...form.querySelectorAll(".field[data-key]")];
  const isShown = (node) => !node.closest(".run.hidden");

  function getPath(data, key) {
    let node = data;
    for (const part of key.split(".")) {
      if (node === null || typeof node !== "object" || !(part in node)) return undefined;
      node = node[part];
    }
    return node;
  }
  function setPath(data, key, value) {
    const parts = key.split(".");
    let node = data;
    for (const part of parts.slice(0, -1)) node = (node[part] = node[part] || {});
    node[parts[parts.length - 1]] = value;
  }
  function readText(type, raw) {
    const text = raw.trim();
    if (text === "") return undefined;
    if (NUMERIC.has(type)) return NUMBER_TEXT.test(text) ? Number(text) : text;   // a non-number goes as text: the validator names it
    return text;
  }
  function ownInput(field) {
    return field.querySelector(":scope > .control > .value, :scope > .value");
  }
  function readField(field) {
    const type = field.dataset.type;
    if (type === "choice" || type === "bool") {
      const checked = field.querySelector(`input[name="r-${CSS.escape(field.dataset.key)}"]:checked`);
      if (!checked) return undefined;
      return type === "bool" ? checked.value === "true" : checked.value;
    }
    if (type === "rows") return readRows(field);
    if (type === "files") return undefined;
    const input = ownInput(field);
    return input ? readText(type, input.value) : undefined;
  }
  function readRows(field) {
    const columns = [...field.querySelectorAll("thead th[data-col]")];
    const rows = [];
    for (const tr of field.querySelectorAll("tbody tr")) {
      const row = {};
      tr.querySelectorAll("input[data-col]").forEach((input, i) => {
        const value = readText(columns[i].dataset.type, input.value);
        if (value !== undefined) row[input.dataset.col] = value;
      });
      if (Object.keys(row).length) rows.push(row);
    }
    return rows.length ? rows : undefined;
  }
  function collect() {
    const data = { form: formId };
    for (const field of fields()) {
      if (!isShown(field)) continue;
      const value = readField(field);
      if (value !== undefined) setPath(data, field.dataset.key, value);
    }
    return data;
  }

  function writeField(field, value) {
    const type = field.dataset.type;
    if (type === "choice" || type === "bool") {
      field.querySelectorAll(`input[name="r-${CSS.escape(field.dataset.key)}"]`).forEach((radio) => {
        radio.checked = value !== undefined && radio.value === String(value);
      });
    } else if (type === "rows") {
      const body = field.querySelector("tbody");
      body.innerHTML = "";
      const rows = Array.isArray(value) ? value : [];
      const count = Math.max(rows.length, Number(field.querySelector("table").dataset.min) || 1);
      for (let i = 0; i < count; i++) addRow(field, rows[i] || {});
    } else if (type !== "files") {
      const input = ownInput(field);
      if (input) input.value = value === undefined || value === null ? "" : String(value);
    }
  }
  function fillWith(data) {
    for (const field of fields()) writeField(field, getPath(data, field.dataset.key));
    refresh(true);
  }

  // ---- repeated rows ----------------------------------------------------------------------
  function addRow(field, values = {}) {
    const body = field.querySelector("tbody");
    const columns = [...field.querySelectorAll("thead th[data-col]")];
    const tr = el("tr", {}, el("td", { class: "serial", text: String(body.children.length + 1) }));
    for (const th of columns) {
      const value = values[th.dataset.col];
      const input = el("input", { type: "text", "data-col": th.dataset.col, "aria-label": th.textContent });
      input.value = value === undefined || value === null ? "" : String(value);
      tr.append(el("td", {}, input));
    }
    const remove = el("button", { type: "button", class: "small", text: "删除" });
    remove.addEventListener("click", () => { tr.remove(); renumber(body); changed(field); });
    tr.append(el("td", {}, remove));
    body.append(tr);
  }
  const renumber = (body) => [...body.children].forEach((tr, i) => { tr.firstChild.textContent = String(i + 1); });

  // ---- conditions -------------------------------------------------------------------------
  function updateConditions() {
    const runs = [...form.querySelectorAll(".run[data-when]")];
    for (let pass = 0; pass < 4; pass++) {          // a hidden choice hides what depends on it
      const data = collect();
      let moved = false;
      for (const run of runs) {
        const when = JSON.parse(run.dataset.when);
        const hold = when.every((c) => getPath(data, c.path) === c.equals);
        if (run.classList.contains("hidden") === hold) { run.classList.toggle("hidden", !hold); moved = true; }
      }
      if (!moved) break;
    }
  }

  // ---- 字数 -------------------------------------------------------------------------------
  let countTimer = null;
  const pendingCounts = new Map();
  function scheduleCount(field) {
    const input = ownInput(field);
    if (!input || !field.querySelector(":scope .count")) return;
    pendingCounts.set(field.dataset.key, input.value);
    clearTimeout(countTimer);
    countTimer = setTimeout(sendCounts, 150);
  }
  async function sendCounts() {
    const texts = Object.fromEntries(pendingCounts);
    pendingCounts.clear();
    try {
      const response = await postJSON("/api/wordcount", { texts });
      const { counts } = await response.json();
      for (const [key, n] of Object.entries(counts)) {
        const field = form.querySelector(`.field[data-key="${CSS.escape(key)}"]`);
        const counter = field && field.querySelector(".count");
        if (!counter) continue;
        counter.querySelector(".n").textContent = String(n);
        const max = Number(field.dataset.max || 0);
        counter.classList.toggle("over", max > 0 && n > max);
      }
    } catch (error) { status(error.message, true); }
  }

  // ---- validation -------------------------------------------------------------------------
  let validateTimer = null;
  function scheduleValidate() { clearTimeout(validateTimer); validateTimer = setTimeout(validate, 400); }
  async function validate() {
    const data = collect();
    try {
      const response = await postJSON("/api/validate", data);
      showProblems((await response.json()).problems);
      saveDraft(data);
    } catch (error) { status(error.message, true); }
  }
  function fieldOfPath(path) {
    const whole = path.replace(/^\$\.?/, "").split("[")[0];
    for (let key = whole; key; key = key.includes(".") ? key.slice(0, key.lastIndexOf(".")) : "") {
      const field = form.querySelector(`.field[data-key="${CSS.escape(key)}"]`);
      if (field) return field;
    }
    // a problem of several fields together (案例概述 2000 字左右): at the first of them
    return whole ? form.querySelector(`.field[data-key^="${CSS.escape(whole)}."]`) : null;
  }
  function showProblems(problems) {
    lastProblems = problems;
    form.querySelectorAll(".msgs").forEach((node) => { node.innerHTML = ""; });
    form.querySelectorAll(".has-error").forEach((node) => node.classList.remove("has-error"));
    const list = el("ul");
    let errors = 0, warnings = 0;
    for (const p of problems) {
      if (p.severity === "error") errors++; else warnings++;
      const field = fieldOfPath(p.path);
      const where = p.label ? `${p.label}（${p.path}）` : p.path;
      const link = el("a", { href: "#", text: `[${tag(p.severity)}] ${where}：${p.message}` });
      link.addEventListener("click", (e) => { e.preventDefault(); reveal(field); });
      list.append(el("li", { class: p.severity }, link));
      const inline = field && (showAll || touched.has(field.dataset.key) || p.severity === "warning");
      if (inline) {
        const cell = rowCell(field, p.path);            // a repeated row's cell: say which, and frame it
        const text = cell ? `${p.label}：${p.message}` : p.message;
        field.querySelector(":scope > .control > .msgs, :scope > .msgs").append(el("div", { class: `msg ${p.severity}`, text: `${tag(p.severity)}：${text}` }));
        if (p.severity === "error") (cell || field).classList.add("has-error");
      }
    }
    const summary = document.getElementById("summary");
    summary.innerHTML = "";
    const counts = errors || warnings ? `${errors} 处错误，${warnings} 处提醒` : "填写无误";
    const details = el("details", {}, el("summary", { class: `counts ${errors ? "bad" : "good"}`, text: counts }), list);
    details.open = showAll && problems.length > 0;
    summary.append(details);
  }
  function rowCell(field, path) {
    const match = path.match(/\[(\d+)\]\.([A-Za-z0-9_]+)$/);
    if (!match || field.dataset.type !== "rows") return null;
    const row = field.querySelectorAll("tbody tr")[Number(match[1])];
    return row ? row.querySelector(`input[data-col="${CSS.escape(match[2])}"]`) : null;
  }
  function reveal(field) {
    if (!field) return;
    touched.add(field.dataset.key);
    field.scrollIntoView({ block: "center" });
    const input = field.querySelector("input, textarea");
    if (input) input.focus({ preventScroll: true });
    showProblems(lastProblems);
  }

  // ---- changes ----------------------------------------------------------------------------
  function changed(field) {
    if (field) touched.add(field.dataset.key);
    updateConditions();
    if (field) scheduleCount(field);
    scheduleValidate();
  }
  function refresh(all) {
    updateConditions();
    for (const field of fields()) scheduleCount(field);
    if (all) { showAll = true; fields().forEach((f) => touched.add(f.dataset.key)); }
    validate();
  }
  form.addEventListener("input", (e) => changed(e.target.closest(".field[data-key]")));
  form.addEventListener("change", (e) => changed(e.target.closest(".field[data-key]")));
  form.querySelectorAll(".add-row").forEach((button) => button.addEventListener("click", () => {
    const field = button.closest(".field"); addRow(field); changed(field);
  }));

  // ---- drafts: nothing typed is lost on a reload --------------------------------------------
  function saveDraft(data) {
    try { localStorage.setItem(DRAFT_KEY, JSON.stringify(data)); } catch (e) { /* storage full or off */ }
  }
  function loadDraft() {
    try { return JSON.parse(localStorage.getItem(DRAFT_KEY) || "null"); } catch (e) { return null; }
  }

  // ---- toolbar ----------------------------------------------------------------------------
  const buttons = [...root.querySelectorAll(".actions button, .actions .button")];
  async function busy(text, work) {
    buttons.forEach((b) => { b.disabled = true; });
    status(text);
    try { await work(); } catch (error) {
      status(error.message, true);
      if (error.body && error.body.problems) { showAll = true; showProblems(error.body.problems); }
    } finally { buttons.forEach((b) => { b.disabled = false; }); }
  }
  document.getElementById("fill-sample").addEventListener("click", () => {
    fillWith(JSON.parse(document.getElementById("sample-data").textContent));
    status("已填入示例数据");
  });
  document.getElementById("validate").addEventListener("click", () => { showAll = true; validate(); status("已检查全部填写"); });
  document.getElementById("save-json").addEventListener("click", () => {
    const data = collect();
    const name = `${(getPath(data, "unit.name") || formId)}.json`;
    saveBlob(new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" }), name);
    status(`已保存 ${name}`);
  });
  document.getElementById("download").addEventListener("click", () => busy("正在生成 DOCX 与 PDF……", async () => {
    const response = await postJSON("/api/render", collect());
    const name = fileName(response, "申报书.zip");
    saveBlob(await response.blob(), name);
    status(`已生成 ${name}（内含 DOCX 与 PDF）`);
  }));
  document.getElementById("preview").addEventListener("click", () => busy("正在生成预览……", async () => {
    const response = await postJSON("/api/preview", collect());
    const { pages, engine } = await response.json();
    const holder = document.getElementById("preview-pages");
    holder.innerHTML = "";
    pages.forEach((url, i) => holder.append(el("img", { src: url, alt: `第 ${i + 1} 页` })));
    document.getElementById("preview-title").textContent = `PDF 预览：共 ${pages.length} 页（${engine} 渲染）`;
    document.getElementById("preview-dialog").showModal();
    status("");
  }));
  document.getElementById("preview-close").addEventListener("click", () => document.getElementById("preview-dialog").close());
  document.getElementById("load-file").addEventListener("change", (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (!file) return;
    busy(`正在读取 ${file.name}……`, async () => {
      const result = await (await postFiles("/api/load", [file])).json();
      if (result.form !== formId) {
        sessionStorage.setItem("shenbao-load", JSON.stringify(result));
        location.href = `/fill/${encodeURIComponent(result.form)}`;
        return;
      }
      fillWith(result.data);
      status(`已载入 ${file.name}（${describe(result.strategy)}）`);
    });
  });
  const describe = (strategy) => ({ json: "JSON", embedded: "PDF 中附带的数据", acroform: "PDF 表单域",
                                    layout: "PDF 的文字与表格", docx: "Word 文件" }[strategy] || strategy);

  // ---- start ------------------------------------------------------------------------------
  fields().filter((f) => f.dataset.type === "rows").forEach((f) => writeField(f, []));
  const handed = sessionStorage.getItem("shenbao-load");
  if (handed) {
    sessionStorage.removeItem("shenbao-load");
    const result = JSON.parse(handed);
    fillWith(result.data);
    status(`已载入（${describe(result.strategy)}）`);
  } else {
    const draft = loadDraft();
    if (draft && Object.keys(draft).length > 1) { fillWith(draft); showAll = false; touched.clear(); status("已恢复上次在本机未完成的填写"); }
    else refresh(false);
  }
})();
