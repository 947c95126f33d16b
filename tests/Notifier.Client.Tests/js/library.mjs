// The package itself, without a stack: browser-safe sources (no Node-only imports or globals), a package.json that
// publishes ESM with types and no dependencies, declarations for every export, the backoff's bounds, option checks.
import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import * as client from "../../../client/src/index.js";

const root = fileURLToPath(new URL("../../../client/", import.meta.url));
const steps = {
  "sources import only each other and use no Node globals": async () => {
    for (const file of (await readdir(`${root}src`)).filter((f) => f.endsWith(".js"))) {
      // Comments (JSDoc types name import('./index.js')) do not run.
      const text = (await readFile(`${root}src/${file}`, "utf8")).replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
      const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
      for (const specifier of specifiers) assert.match(specifier, /^\.\/[\w-]+\.js$/, `${file} imports ${specifier}`);
      assert.doesNotMatch(text, /\brequire\(|\bprocess\.|\bBuffer\b|\b__dirname\b|import\(/, `${file} uses something Node-only`);
    }
  },
  "package.json: ESM, exports with types, files, no dependencies": async () => {
    const pkg = JSON.parse(await readFile(`${root}package.json`, "utf8"));
    assert.equal(pkg.name, "@notifier/client");
    assert.equal(pkg.type, "module");
    assert.equal(pkg.types, "./src/index.d.ts");
    assert.equal(pkg.exports["."].types, "./src/index.d.ts");
    assert.equal(pkg.exports["."].default, "./src/index.js");
    assert.ok(pkg.files.includes("src/"));
    assert.equal(pkg.dependencies, undefined);
    assert.equal(pkg.peerDependencies, undefined);
  },
  "every runtime export is declared": async () => {
    const declarations = await readFile(`${root}src/index.d.ts`, "utf8");
    for (const name of Object.keys(client)) {
      assert.match(declarations, new RegExp(`export declare (class|function|const) ${name}\\b`), `${name} has no declaration`);
    }
  },
  "backoff: full jitter between 0 and the capped exponential": async () => {
    assert.equal(client.backoffDelay(0, 500, 30000, () => 0), 0);
    assert.equal(client.backoffDelay(0, 500, 30000, () => 0.999999), 499);
    assert.equal(client.backoffDelay(3, 500, 30000, () => 0.5), 2000);
    assert.equal(client.backoffDelay(20, 500, 30000, () => 0.999999), 29999, "capped");
    assert.equal(client.backoffDelay(5000, 500, 30000, () => 0.5), 15000, "no overflow for huge attempts");
    for (let attempt = 0; attempt < 12; attempt++) {
      const delay = client.backoffDelay(attempt, 500, 30000);
      assert.ok(delay >= 0 && delay < Math.min(30000, 500 * 2 ** attempt));
    }
  },
  "the constructor checks its options": async () => {
    const WebSocket = class {};
    const fetch = async () => new Response("{}");
    assert.throws(() => new client.NotifierClient({ fetch }), /WebSocket/);
    assert.throws(() => new client.NotifierClient({ WebSocket, fetch, auth: {} }), /headers\(\) or getToken\(\)/);
    assert.throws(() => new client.NotifierClient({ WebSocket, fetch, since: -1 }), /since/);
    assert.throws(() => new client.NotifierClient({ WebSocket, fetch, storage: {} }), /storage/);
    const c = new client.NotifierClient({ WebSocket, fetch, storage: { getItem() { return null; }, setItem() {} } });
    assert.equal(c.state, "stopped");
    assert.equal(c.lastSequence, null);
  },
  "the SignalR client checks its options and shares the inbox operations": async () => {
    const signalR = { HubConnectionBuilder: class {} };
    const calls = [];
    const fetch = async (url, init) => {
      calls.push([init.method, String(url), init.body]);
      return new Response(JSON.stringify({ changed: ["n1"] }), { status: 200 });
    };
    assert.throws(() => new client.SignalRNotifierClient({ fetch }), /signalR/);
    assert.throws(() => new client.SignalRNotifierClient({ signalR, fetch, auth: {} }), /headers\(\) or getToken\(\)/);
    for (const serverTimeoutMs of [0, -1, Number.NaN, Infinity, "1500"]) {
      assert.throws(() => new client.SignalRNotifierClient({ signalR, fetch, serverTimeoutMs }), /serverTimeoutMs/);
    }
    const c = new client.SignalRNotifierClient({ signalR, fetch, baseUrl: "https://n.example" });
    assert.deepEqual(await c.archive(["n1", "n1"]), ["n1"]);
    assert.deepEqual(await c.remove({ all: true }), ["n1"]);
    await assert.rejects(() => c.markUnread({ all: false }), TypeError);
    await c.list({ archived: true });
    assert.deepEqual(calls, [
      ["POST", "https://n.example/api/inbox/archive", '{"ids":["n1"]}'],
      ["POST", "https://n.example/api/inbox/delete", '{"all":true}'],
      ["GET", "https://n.example/api/inbox?archived=true", undefined],
    ]);
  },
  "auth: bearer tokens and development headers reach every call": async () => {
    const seen = [];
    const fetch = async (url, init) => {
      seen.push([String(url), init.headers.Authorization ?? init.headers["X-Notifier-User"]]);
      return new Response(JSON.stringify({ unread: 2 }), { status: 200 });
    };
    const bearer = new client.NotifierClient({ baseUrl: "https://n.example/", WebSocket: class {}, fetch, auth: { getToken: async () => "t0k" } });
    assert.equal(await bearer.unreadCount(), 2);
    const dev = new client.NotifierClient({ baseUrl: "https://n.example", WebSocket: class {}, fetch, auth: { headers: () => ({ "X-Notifier-User": "alice" }) } });
    await dev.unreadCount();
    assert.deepEqual(seen, [["https://n.example/api/inbox/unread-count", "Bearer t0k"], ["https://n.example/api/inbox/unread-count", "alice"]]);
  },
  "HTTP failures surface as NotifierHttpError with the problem details": async () => {
    const fetch = async () => new Response(JSON.stringify({ title: "Too many requests", status: 429 }), { status: 429, headers: { "Retry-After": "2" } });
    const c = new client.NotifierClient({ WebSocket: class {}, fetch });
    await assert.rejects(c.unreadCount(), (error) => error instanceof client.NotifierHttpError && error.status === 429 && error.retryAfterMs === 2000 && error.problem.title === "Too many requests");
  },
};

for (const [name, step] of Object.entries(steps)) {
  console.log(`- ${name}`);
  await step();
}
console.log("ok");
