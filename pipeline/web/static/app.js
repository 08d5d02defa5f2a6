/* Shared helpers of the workbench pages. */
"use strict";
const shenbao = (() => {
  async function request(url, options) {
    const response = await fetch(url, options);
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {
      const body = type.includes("json") ? await response.json() : { error: await response.text() };
      const error = new Error(body.error || `请求失败（${response.status}）`);
      error.status = response.status; error.body = body;
      throw error;
    }
    return response;
  }
  async function postJSON(url, value) {
    const response = await request(url, { method: "POST", headers: { "Content-Type": "application/json" },
                                           body: JSON.stringify(value) });
    return response;
  }
  async function postFiles(url, files) {
    const form = new FormData();
    for (const file of files) form.append("files", file, file.name);
    return request(url, { method: "POST", body: form });
  }
  function fileName(response, fallback) {
    const disposition = response.headers.get("Content-Disposition") || "";
    const match = disposition.match(/filename\*=UTF-8''([^;]+)/);
    return match ? decodeURIComponent(match[1]) : fallback;
  }
  function saveBlob(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "class") node.className = v; else if (k === "text") node.textContent = v;
      else if (v !== undefined && v !== null) node.setAttribute(k, v);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }
  function status(text, isError) {
    const node = document.getElementById("status");
    if (!node) return;
    node.textContent = text; node.classList.toggle("error", !!isError);
  }
  function dropZone(zone, input, onFiles) {
    input.addEventListener("change", () => { if (input.files.length) onFiles([...input.files]); input.value = ""; });
    zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (e) => {
      e.preventDefault(); zone.classList.remove("over");
      if (e.dataTransfer.files.length) onFiles([...e.dataTransfer.files]);
    });
  }
  const tag = (severity) => (severity === "error" ? "错误" : "提醒");
  return { request, postJSON, postFiles, fileName, saveBlob, el, status, dropZone, tag };
})();
