/* 汇总: upload, follow the job's progress, show one table per form; a click on a cell corrects
   its value (the server reads it as the field's type and re-checks the row). */
"use strict";
(() => {
  const { el, postFiles, postJSON, status, dropZone } = shenbao;
  const progress = document.getElementById("progress");
  const tables = document.getElementById("tables");
  let job = null;

  dropZone(document.getElementById("drop"), document.getElementById("files"), async (files) => {
    tables.innerHTML = ""; document.getElementById("failures").innerHTML = "";
    document.getElementById("downloads").hidden = true;
    status(`正在上传 ${files.length} 个文件……`);
    try {
      const started = await (await postFiles("/api/collect", files)).json();
      job = started.id;
      status(started.notes.length ? started.notes.join("；") : "");
      showProgress(0, started.total);
      poll();
    } catch (error) { status(error.message, true); }
  });

  function showProgress(done, total) {
    progress.hidden = false;
    progress.querySelector(".fill-bar").style.width = `${total ? (100 * done) / total : 100}%`;
    progress.querySelector(".text").textContent = `已读取 ${done} / ${total} 份`;
  }

  async function poll() {
    try {
      const state = await (await fetch(`/api/collect/${job}`)).json();
      if (state.error) throw new Error(state.error);
      showProgress(state.done, state.total);
      if (!state.finished) { setTimeout(poll, 400); return; }
      show(state);
    } catch (error) { status(error.message, true); }
  }

  function show(state) {
    const failures = document.getElementById("failures");
    if (state.failures.length) {
      const list = el("ul");
      state.failures.forEach((f) => list.append(el("li", { text: `${f.file}：${f.message}` })));
      failures.append(el("div", { class: "failures" }, el("strong", { text: `${state.failures.length} 份无法读取：` }), list));
    }
    state.tables.forEach((t) => tables.append(table(t)));
    const rows = state.tables.reduce((n, t) => n + t.rows.length, 0);
    status(`已读取 ${rows} 份申报材料` + (state.failures.length ? `，${state.failures.length} 份无法读取` : ""));
    links();
    document.getElementById("downloads").hidden = false;
  }

  function links() {
    const recommender = document.getElementById("recommender").value.trim();
    const query = recommender ? `?recommender=${encodeURIComponent(recommender)}` : "";
    document.getElementById("xlsx").href = `/api/collect/${job}/summary.xlsx`;
    document.getElementById("a3-docx").href = `/api/collect/${job}/attachment3.docx${query}`;
    document.getElementById("a3-pdf").href = `/api/collect/${job}/attachment3.pdf${query}`;
  }
  document.getElementById("recommender").addEventListener("input", links);

  function table(t) {
    const head = el("tr", {}, el("th", { text: "文件" }), el("th", { text: "问题" }),
                    ...t.columns.map((c) => el("th", { title: `${c.label}（${c.key}）` }, el("div", { class: "label", text: c.label }))));
    const body = el("tbody");
    t.rows.forEach((row) => body.append(rowNode(t, row)));
    return el("section", { "data-form": t.form },
      el("h2", { text: `${t.title}（${t.form}，${t.rows.length} 份）` }),
      el("div", { class: "table-wrap" }, el("table", { class: "data" }, el("thead", {}, head), body)));
  }

  function rowNode(t, row) {
    const tr = el("tr", { "data-row": String(row.index) });
    tr.append(el("td", { class: "sticky", text: row.file }));
    const counts = row.errors || row.warnings ? `${row.errors} 处错误，${row.warnings} 处提醒` : "无";
    const problems = el("td", { class: `problems ${row.errors ? "error" : row.warnings ? "warning" : ""}` }, counts);
    row.other.forEach((m) => problems.append(el("div", { text: m })));
    tr.append(problems);
    row.cells.forEach((cell, i) => {
      const editable = t.columns[i].editable;
      const td = el("td", { class: [cell.severity, editable ? "editable" : ""].join(" ").trim(),
                            "data-key": cell.key, title: cell.messages.join("\n") || null },
                    el("div", { class: "text", text: cell.text }));
      if (editable) td.addEventListener("click", () => edit(t, td, row.index, cell));
      tr.append(td);
    });
    return tr;
  }

  function edit(t, td, index, cell) {
    if (td.querySelector("textarea")) return;
    const box = el("textarea", { rows: "3" });
    box.value = cell.text;
    td.innerHTML = "";
    td.append(box, el("div", { class: "note", text: "回车保存，Esc 取消" }));
    box.focus();
    const cancel = () => { td.innerHTML = ""; td.append(el("div", { class: "text", text: cell.text })); };
    box.addEventListener("keydown", async (e) => {
      if (e.key === "Escape") { cancel(); return; }
      if (e.key !== "Enter" || e.shiftKey) return;
      e.preventDefault();
      try {
        const response = await postJSON(`/api/collect/${job}/edit`, { row: index, key: cell.key, text: box.value });
        const row = await response.json();
        td.closest("tr").replaceWith(rowNode(t, row));
        status(`已修改第 ${index + 1} 份的“${t.columns.find((c) => c.key === cell.key).label}”`);
      } catch (error) { status(error.message, true); }
    });
    // leaving an unchanged cell closes it; a changed one stays open until Enter or Esc
    box.addEventListener("blur", () => setTimeout(() => { if (td.contains(box) && box.value === cell.text) cancel(); }, 200));
  }
})();
