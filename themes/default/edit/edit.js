// The staff's forms: adds a live total to the score tables and checks it
// against the stage's score. Everything works without it; it only adds.
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
