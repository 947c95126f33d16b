'use strict';
// Turns the load generator's raw results into bench/results/latest.json and a markdown table (latest.md, stdout).
// Usage: node bench/report.js RESULTS_DIR "SERVERS" "SIZES"
const fs = require('node:fs');
const path = require('node:path');

const [dir, serverList, sizeList] = process.argv.slice(2);
const servers = serverList.split(/\s+/).filter(Boolean);
const sizes = sizeList.split(/\s+/).filter(Boolean).map(Number);
const runs = [];
for (const size of sizes) {
  for (const server of servers) {
    const file = path.join(dir, 'raw', `${server}-${size}.json`);
    if (fs.existsSync(file)) {
      runs.push({ name: server, ...JSON.parse(fs.readFileSync(file, 'utf8')) });
    }
  }
}

const n = (value, digits = 0) => (Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a');
const lines = [];
lines.push('| Server | Clients | Deliveries/s | Broadcasts/s | p50 ms | p99 ms | Connects/s | KiB per idle conn. | Server CPU µs/delivery (saturated / fixed rate) | Lost / dropped | Other work (cores) |');
lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of runs) {
  const lost = (r.throughput.expected - r.throughput.delivered) + (r.latency.expected - r.latency.delivered);
  lines.push(`| ${r.name} | ${n(r.clients)} | ${n(r.throughput.deliveriesPerSecond)} | ${n(r.throughput.broadcastsPerSecond, 1)} | ` +
    `${n(r.latency.p50Ms, 1)} | ${n(r.latency.p99Ms, 1)} | ${n(r.connect.perSecond)} | ${n(r.memory.bytesPerConnection / 1024, 1)} | ` +
    `${n(r.throughput.serverCpuMicrosecondsPerDelivery, 1)} / ${n(r.latency.serverCpuMicrosecondsPerDelivery, 1)} | ${n(lost)} / ${n(r.droppedClients)} | ${n(r.otherCoresBusy, 2)} |`);
}

const ratios = [];
for (const size of sizes) {
  const ws = runs.find((r) => r.name === 'ws' && r.clients === size);
  for (const r of runs.filter((x) => x.clients === size && x.name.startsWith('emulator'))) {
    if (!ws) continue;
    const tput = r.throughput.deliveriesPerSecond / ws.throughput.deliveriesPerSecond;
    const p99 = r.latency.p99Ms / ws.latency.p99Ms;
    const mem = r.memory.bytesPerConnection / ws.memory.bytesPerConnection;
    ratios.push(`| ${r.name} / ws | ${n(size)} | ${n(tput, 2)}× ${tput >= 2.5 ? '✅' : '❌'} | ${n(p99, 2)}× ${p99 <= 0.5 ? '✅' : '❌'} | ${n(mem, 2)}× ${mem <= 1 ? '✅' : '❌'} |`);
  }
}

if (ratios.length > 0) {
  lines.push('');
  lines.push('| Ratio | Clients | Deliveries/s (target ≥ 2.5×) | p99 (target ≤ 0.5×) | Memory per idle conn. (target ≤ 1×) |');
  lines.push('|---|---:|---:|---:|---:|');
  lines.push(...ratios);
}

const table = lines.join('\n') + '\n';
fs.writeFileSync(path.join(dir, 'latest.md'), table);
fs.writeFileSync(path.join(dir, 'latest.json'), JSON.stringify({ machine: { cores: require('node:os').cpus().length }, runs }, null, 2));
process.stdout.write(table);
