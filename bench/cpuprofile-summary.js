#!/usr/bin/env node
// Summarises a V8 CPU profile (node --cpu-prof): where the samples were, by package and by function, self and
// inclusive. Used on Azurite's profile (AZURITE_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" bash bench/run-functions.sh),
// see docs/benchmarks.md.
//   node bench/cpuprofile-summary.js FILE.cpuprofile [rows]
'use strict';
const fs = require('fs');

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/cpuprofile-summary.js FILE.cpuprofile [rows]');
  process.exit(2);
}
const rows = Number(rowsArg ?? 30);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parents = new Map();
for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);

const where = (n) => (n.callFrame.url ?? '').replace(/.*node_modules\//, '').replace(/.*azurite\/dist\/src\//, 'azurite/');
const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${where(n)}:${n.callFrame.lineNumber + 1}`;

// Sample i lasted timeDeltas[i + 1] microseconds (the deltas are from the previous sample).
const selfTime = new Map();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i + 1] ?? 0;
  selfTime.set(profile.samples[i], (selfTime.get(profile.samples[i]) ?? 0) + dt);
  total += dt;
}

const add = (map, key, t) => map.set(key, (map.get(key) ?? 0) + t);
const byPackage = new Map();
const byFunction = new Map();
const inclusive = new Map();
for (const [id, t] of selfTime) {
  const n = nodes.get(id);
  add(byPackage, where(n).split('/').slice(0, 2).join('/') || '(native)', t);
  add(byFunction, label(n), t);
  // Count each function once per stack, so recursion does not count twice.
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parents.get(cur)) {
    const key = label(nodes.get(cur));
    if (!seen.has(key)) {
      seen.add(key);
      add(inclusive, key, t);
    }
  }
}

const top = (title, map) => {
  console.log(`\n${title}`);
  for (const [key, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    console.log(`${((100 * t) / total).toFixed(1).padStart(6)} %  ${key}`);
  }
};
console.log(`${(total / 1e6).toFixed(1)} s sampled`);
top('by package (self)', byPackage);
top('by function (self)', byFunction);
top('by function (inclusive)', inclusive);
