/* 检查: each file's report — findings grouped by rule, where / expected / actual, and for a PDF
   the pages with the places marked. */
"use strict";
(() => {
  const { el, postFiles, status, dropZone, tag } = shenbao;
  const reports = document.getElementById("reports");
  const SHOWN = 6;

  dropZone(document.getElementById("drop"), document.getElementById("files"), async (files) => {
    status(`正在检查 ${files.length} 个文件……`);
    reports.innerHTML = "";
    try {
      const result = await (await postFiles("/api/check", files)).json();
      result.reports.forEach((r) => reports.append(report(r)));
      const notes = result.notes || [];
      status(`已检查 ${result.reports.length} 个文件` + (notes.length ? `；${notes.join("；")}` : ""));
    } catch (error) { status(error.message, true); }
  });

  function report(r) {
    const card = el("article", { class: "report" });
    if (r.error) {
      card.append(el("h2", {}, el("span", { text: r.file }), el("span", { class: "badge fail", text: "无法检查" })));
      card.append(el("p", { class: "error-text", text: r.error }));
      return card;
    }
    const errors = r.findings.filter((f) => f.severity === "error").length;
    const warnings = r.findings.length - errors;
    card.append(el("h2", {}, el("span", { text: r.file }),
      el("span", { class: `badge ${r.compliant ? "ok" : "bad"}`, text: r.compliant ? "符合格式要求" : "不符合格式要求" })));
    card.append(el("p", { text: `${r.kind.toUpperCase()}，表单 ${r.form || "未知"}：${errors} 处错误，${warnings} 处提醒` }));
    const numbered = new Map();
    r.findings.forEach((f, i) => { if (f.mark && f.mark.width) numbered.set(f, numbered.size + 1); });
    for (const [key, items] of groups(r.findings)) {
      const first = items[0];
      const details = el("details", { class: `rule ${first.severity}` });
      if (first.severity === "error") details.open = true;
      details.append(el("summary", { text: `[${tag(first.severity)}] ${first.rule}：${first.message}（${items.length} 处）` }));
      const explained = items.some((f) => f.message !== first.message);   // a column only when the messages differ
      const headers = ["位置", ...(explained ? ["说明"] : []), "应为", "实为"];
      const table = el("table", { class: "findings" },
        el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { text: h })))));
      const body = el("tbody");
      for (const f of items) {
        const where = el("td", { class: "where" }, numbered.has(f) ? el("span", { class: "marker-ref", text: String(numbered.get(f)) }) : null,
                         numbered.has(f) ? " " : null, f.location);
        body.append(el("tr", {}, where, explained ? el("td", { text: f.message }) : null,
                       el("td", { class: "expected", text: f.expected }), el("td", { class: "actual", text: f.actual })));
      }
      table.append(body);
      details.append(table);
      if (items.length > SHOWN) {          // long groups show their first rows, the rest on demand
        [...body.children].slice(SHOWN).forEach((tr) => { tr.hidden = true; });
        const more = el("button", { type: "button", class: "small more", text: `显示其余 ${items.length - SHOWN} 处` });
        more.addEventListener("click", () => { [...body.children].forEach((tr) => { tr.hidden = false; }); more.remove(); });
        details.append(more);
      }
      card.append(details);
    }
    if (r.pages && r.pages.length) card.append(pages(r, numbered));
    return card;
  }

  function groups(findings) {
    const map = new Map();
    const ordered = [...findings].sort((a, b) => (a.severity === "error" ? 0 : 1) - (b.severity === "error" ? 0 : 1));
    for (const f of ordered) {
      const key = `${f.severity}|${f.rule}`;
      if (!map.has(key)) map.set(key, []);
      map.get(key).push(f);
    }
    return map;
  }

  function pages(r, numbered) {
    const holder = el("div", { class: "pages" });
    for (const page of r.pages) {
      const box = el("figure", { class: "page" }, el("img", { src: page.image, alt: `第 ${page.number} 页` }),
                     el("span", { class: "page-no", text: `第 ${page.number} 页` }));
      box.addEventListener("click", () => box.classList.toggle("wide"));     // click: the page at full width
      for (const [f, n] of numbered) {
        if (f.mark.page !== page.number) continue;
        const mark = el("div", { class: `mark ${f.severity}`, title: `${f.message}：应为 ${f.expected}，实为 ${f.actual}` },
                        el("span", { text: String(n) }));
        const pad = 0.004;
        Object.assign(mark.style, { left: `${(f.mark.left - pad) * 100}%`, top: `${(f.mark.top - pad) * 100}%`,
                                    width: `${(f.mark.width + 2 * pad) * 100}%`, height: `${(f.mark.height + 2 * pad) * 100}%` });
        box.append(mark);
      }
      holder.append(box);
    }
    const wrap = el("div", {}, el("h3", { text: "有问题的页面（红框为问题所在，点击页面放大）" }), holder);
    if (r.pages_left_out) wrap.append(el("p", { class: "note", text: `另有 ${r.pages_left_out} 页有问题，未显示图片` }));
    return wrap;
  }
})();
