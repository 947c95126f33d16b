// The operations page: polls the local stack's /ops/metrics.json every second and draws what it says.
const endpoint = "/ops/metrics.json";
const byId = (id) => document.getElementById(id);
const svgNs = "http://www.w3.org/2000/svg";
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

function setNumber(id, value, digits = 0) {
  const element = byId(id);
  element.dataset.value = value ?? "";
  element.textContent = value === null || value === undefined ? "–" : Number(value).toFixed(digits);
}

function drawChart(rates) {
  const chart = byId("ops-chart");
  const title = byId("ops-chart-summary");
  for (const bar of chart.querySelectorAll("rect")) bar.remove();
  const max = Math.max(1, ...rates);
  const width = 600 / rates.length;
  rates.forEach((rate, i) => {
    if (rate <= 0) return;
    const height = (rate / max) * 116;
    const bar = document.createElementNS(svgNs, "rect");
    bar.setAttribute("x", String(i * width + 1));
    bar.setAttribute("y", String(120 - height));
    bar.setAttribute("width", String(Math.max(1, width - 2)));
    bar.setAttribute("height", String(height));
    chart.append(bar);
  });
  const total = rates.reduce((sum, rate) => sum + rate, 0);
  title.textContent = total === 0
    ? "No notifications accepted in the last minute."
    : `${total} notifications accepted in the last minute, at most ${Math.max(...rates)} in one second.`;
}

function row(cells, numeric = []) {
  const tr = document.createElement("tr");
  cells.forEach((text, i) => {
    const td = document.createElement("td");
    td.textContent = text;
    if (numeric.includes(i)) td.className = "ops-number";
    tr.append(td);
  });
  return tr;
}

function render(snapshot) {
  setNumber("ops-rate", snapshot.publishRate, snapshot.publishRate % 1 === 0 ? 0 : 1);
  setNumber("ops-p50", snapshot.deliveryP50, 1);
  setNumber("ops-p99", snapshot.deliveryP99, 1);
  setNumber("ops-connections", snapshot.openConnections);
  byId("ops-samples").textContent = `Percentiles over the ${snapshot.deliverySamples} pushes of the last minute.`;
  byId("ops-updated").textContent = `Updated ${timeFormat.format(new Date(snapshot.at))}.`;
  drawChart(snapshot.recentRates);

  const totals = byId("ops-totals");
  totals.replaceChildren(...Object.entries(snapshot.totals).sort(([a], [b]) => a.localeCompare(b)).map(([outcome, count]) => {
    const tr = row([outcome, String(count)], [1]);
    tr.dataset.outcome = outcome;
    return tr;
  }));

  const failures = byId("ops-failures");
  failures.replaceChildren(...snapshot.failures.map((failure) => {
    const tr = row([timeFormat.format(new Date(failure.at)), failure.kind, failure.detail]);
    tr.lastChild.className = "ops-detail";
    return tr;
  }));
  byId("ops-failures-table").hidden = snapshot.failures.length === 0;
  byId("ops-failures-empty").hidden = snapshot.failures.length > 0;
}

async function poll() {
  const error = byId("ops-error");
  try {
    const response = await fetch(endpoint, { cache: "no-store" });
    if (!response.ok) throw new Error(`${endpoint} answered ${response.status}.`);
    render(await response.json());
    error.hidden = true;
  } catch (e) {
    error.textContent = `Cannot read the figures: ${e.message} Is the local stack running?`;
    error.hidden = false;
  } finally {
    setTimeout(poll, 1000);
  }
}

poll();
