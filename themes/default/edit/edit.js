// The staff's forms: adds a live total to the score tables and checks it
// against the stage's score, and a button adding rows to the lists'
// tables. Everything works without it; it only adds.
"use strict";
for (const table of document.querySelectorAll("table.items")) {
  const cell = table.querySelector("td.total");
  const inputs = table.querySelectorAll("input.item");
  const score = table.dataset.score ? document.getElementsByName(table.dataset.score)[0] : null;
  const update = () => {
    let sum = 0;
    let over = false;
    for (const input of inputs) {
      const v = Number(input.value.trim() || "0");
      const bad = !Number.isFinite(v) || v < 0 || v > Number(input.dataset.max);
      if (Number.isFinite(v)) sum += v;
      over = over || bad;
      input.classList.toggle("over", bad);
    }
    sum = Math.round(sum * 100) / 100;
    let text = String(sum);
    if (over) text += "（有超出分值的条款）";
    if (score && score.value.trim() !== "" && Number(score.value) !== sum) {
      text += "（与得分 " + score.value.trim() + " 不一致）";
    }
    cell.textContent = text;
    cell.classList.toggle("over", over || text.includes("不一致"));
    const th = table.querySelector("tfoot th");
    if (th) th.textContent = "分项合计";
  };
  for (const input of inputs) input.addEventListener("input", update);
  if (score) score.addEventListener("input", update);
}

// The tables of lists: "添加一行" adds a blank new row (a copy of the last
// new row, named with the next number); without it the page has one.
for (const list of document.querySelectorAll("div.list[data-list]")) {
  const body = list.querySelector("tbody");
  // New rows' names: _new:<list>/<k>/<property>, and _newkey:<list>/<k>
  // for a new key of a map.
  const at = list.dataset.list + "/";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "secondary add-row";
  button.textContent = "添加一行";
  button.addEventListener("click", () => {
    const rows = body.querySelectorAll("tr.new");
    const last = rows[rows.length - 1];
    if (!last) return;
    // Rows keep the numbers they were sent with (a refused save may show
    // 0 and 3): the new one takes the next after the largest.
    const numberOf = (tr) => {
      const named = tr.querySelector("[name^='_new']");
      const rest = named ? named.name.slice(named.name.indexOf(at) + at.length) : "";
      return parseInt(rest, 10) || 0;
    };
    const lastK = numberOf(last);
    const k = Math.max(...Array.from(rows, numberOf)) + 1;
    const row = last.cloneNode(true);
    const from = "新增 " + rows.length;
    const to = "新增 " + (rows.length + 1);
    const rename = (name) => (name.includes("_new") ? name.replace(at + lastK, at + k) : name);
    for (const el of row.querySelectorAll("[name]")) el.name = rename(el.name);
    for (const el of row.querySelectorAll("[id]")) el.id = rename(el.id);
    for (const el of row.querySelectorAll("label[for]")) el.htmlFor = rename(el.htmlFor);
    for (const el of row.querySelectorAll("th, label, option[value='']")) el.textContent = el.textContent.replace(from, to);
    for (const el of row.querySelectorAll("[placeholder]")) el.placeholder = el.placeholder.replace(from, to);
    for (const el of row.querySelectorAll(".finding")) el.remove();
    for (const el of row.querySelectorAll(".has-error")) el.classList.remove("has-error");
    for (const el of row.querySelectorAll("input, textarea")) el.value = "";
    for (const el of row.querySelectorAll("select")) el.selectedIndex = 0;
    body.appendChild(row);
    const first = row.querySelector("input, select, textarea");
    if (first) first.focus();
  });
  list.querySelector(".scroll").after(button);
}

// The live check: a moment after the staff member stops typing, the form's
// values go to /_edit/check/<file>, which checks them as a save would and
// writes nothing; its findings replace those shown beside the fields.
const form = document.querySelector("form[data-check]");
if (form && window.fetch && window.URLSearchParams && window.FormData) {
  const status = document.getElementById("live-check");
  let timer = null;
  const fieldOf = (pointer) => {
    const input = document.getElementById("f-" + pointer);
    return input ? input.closest(".field, td") : null;
  };
  const show = (result) => {
    for (const old of form.querySelectorAll(".field .finding, td .finding")) old.remove();
    for (const marked of form.querySelectorAll(".has-error")) marked.classList.remove("has-error");
    let errors = 0;
    let warnings = 0;
    for (const [pointer, findings] of Object.entries(result.fields)) {
      const place = fieldOf(pointer);
      for (const f of findings) {
        if (f.error) errors += 1; else warnings += 1;
        if (!place) continue;
        const p = document.createElement(place.tagName === "TD" ? "span" : "p");
        p.className = "finding " + (f.error ? "error" : "warning");
        p.textContent = f.text;
        place.appendChild(p);
        if (f.error) (place.tagName === "TD" ? place.parentElement : place).classList.add("has-error");
      }
    }
    for (const f of result.notes) if (f.error) errors += 1; else warnings += 1;
    const notes = result.notes.map((f) => f.text).join("；");
    status.hidden = false;
    status.className = "live-check finding " + (result.blocked ? "error" : errors + warnings ? "warning" : "saved");
    status.textContent = (result.blocked
      ? "实时检查：现在保存会被拒绝（" + errors + " 个错误）"
      : errors + warnings
        ? "实时检查：可以保存；这个文件有 " + errors + " 个原有错误、" + warnings + " 个提醒，见各栏"
        : "实时检查：未发现问题") + (notes ? "。" + notes : "");
  };
  // One check at a time: values changed while one runs are checked when
  // it answers, so a large content root is never asked twice at once.
  let running = false;
  let again = false;
  const check = () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    fetch(form.dataset.check, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(new FormData(form)).toString(),
    })
      .then((r) => (r.ok ? r.json() : null))
      .then((result) => { if (result && !again) show(result); })
      .catch(() => {})
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          check();
        }
      });
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(check, 600);
  };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
}
