// The staff's forms: adds a live total to the score tables. Everything
// works without it; it only adds.
"use strict";
for (const table of document.querySelectorAll("table.items")) {
  const cell = table.querySelector("td.total");
  const inputs = table.querySelectorAll("input.item");
  const update = () => {
    let sum = 0;
    let over = false;
    for (const input of inputs) {
      const v = Number(input.value.trim() || "0");
      if (Number.isFinite(v)) sum += v;
      over = over || v > Number(input.dataset.max) || v < 0;
      input.classList.toggle("over", v > Number(input.dataset.max) || v < 0);
    }
    cell.textContent = String(Math.round(sum * 100) / 100) + (over ? "（有超出分值的条款）" : "");
    const th = table.querySelector("tfoot th");
    if (th) th.textContent = "分项合计";
  };
  for (const input of inputs) input.addEventListener("input", update);
}
