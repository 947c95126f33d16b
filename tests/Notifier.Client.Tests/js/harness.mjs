// Shared parts of the client scenarios: the stack's addresses from the environment, a publisher, clients that record
// what they see, waiting on conditions with deadlines, and running named steps.
import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import * as signalR from "@microsoft/signalr";
import WebSocket from "ws";
import { NotifierClient, SignalRNotifierClient } from "../../../client/src/index.js";
import { startProxy } from "./proxy.mjs";

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export const env = {
  /** The function app. */
  baseUrl: required("NOTIFIER_BASE_URL").replace(/\/+$/, ""),
  apiKey: required("NOTIFIER_API_KEY"),
  /** The emulator's own connection string (not through the proxy), for server-side actions. */
  emulatorConnectionString: required("EMULATOR_CONNECTION_STRING"),
  emulatorPort: Number(required("EMULATOR_PORT")),
  /** The port the function app's Web PubSub endpoint names: the proxy listens here. */
  proxyPort: Number(required("PROXY_PORT")),
  hub: required("WEBPUBSUB_HUB"),
  /** The app's Notifier:Transport: `WebPubSub` (NotifierClient) or `SignalR` (SignalRNotifierClient). */
  transport: process.env.NOTIFIER_TRANSPORT === "SignalR" ? "SignalR" : "WebPubSub",
};

/** Whether the scenario runs against the SignalR transport, where a few observations differ (no session resume). */
export const onSignalR = env.transport === "SignalR";

export const accessKey = /AccessKey=([^;]+)/i.exec(env.emulatorConnectionString)[1];

/** Starts the client's network: every script does, since negotiate hands out URLs that point at it. */
export function startNetwork() {
  return startProxy({ port: env.proxyPort, targetHost: "127.0.0.1", targetPort: env.emulatorPort });
}

/** A fresh user id, so scenarios sharing the stack never see each other's notifications. */
export function newUser(name) {
  return `${name}-${randomBytes(6).toString("hex")}`;
}

export function newId(prefix = "n") {
  return `${prefix}-${randomBytes(8).toString("hex")}`;
}

/**
 * Publishes one notification (an object) or a batch (an array) as a backend service does; asserts 202.
 * @returns {Promise<any>}
 */
export async function publish(body) {
  const response = await fetch(`${env.baseUrl}/api/notifications`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Api-Key": env.apiKey },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  assert.equal(response.status, 202, `publish answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/** GET /api/notifications/{id} as the publisher: state and delivered/read counts. */
export async function status(id) {
  const response = await fetch(`${env.baseUrl}/api/notifications/${encodeURIComponent(id)}`, {
    headers: { "X-Api-Key": env.apiKey },
  });
  const text = await response.text();
  assert.equal(response.status, 200, `status answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/**
 * Closes every connection of a user from the server side (REST), ending their logical connections for good. SignalR
 * Service's REST API closes one connection at a time: pass the clients whose connections to close.
 * @param {string} userId
 * @param {...{ connectionId: string | null }} clients
 */
export async function closeUserConnections(userId, ...clients) {
  const urls = onSignalR
    ? clients.map((c) => `http://127.0.0.1:${env.emulatorPort}/api/v1/hubs/${env.hub}/connections/${encodeURIComponent(String(c.connectionId))}`)
    : [`http://127.0.0.1:${env.emulatorPort}/api/hubs/${env.hub}/users/${encodeURIComponent(userId)}/:closeConnections?api-version=2024-01-01`];
  assert.ok(urls.length > 0, "no connection to close");
  for (const url of urls) {
    const response = await fetch(url, { method: onSignalR ? "DELETE" : "POST", headers: { Authorization: `Bearer ${sign({ aud: url, exp: now() + 300 })}` } });
    assert.ok(response.status < 300, `closing connections answered ${response.status}`);
  }
}

export const now = () => Math.floor(Date.now() / 1000);

/** An HS256 JWT signed with the emulator's access key, as the service's tokens are. */
export function sign(payload) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${part({ alg: "HS256", typ: "JWT" })}.${part(payload)}`;
  return `${unsigned}.${createHmac("sha256", accessKey).update(unsigned).digest("base64url")}`;
}

/** The access token a negotiate answer hands out: SignalR's accessToken, or the one in Web PubSub's client URL. */
export function negotiatedToken(body) {
  return body.accessToken ?? new URL(body.url).searchParams.get("access_token");
}

/** The claims of an access token, or of a client URL's. */
export function tokenClaims(urlOrToken) {
  const token = urlOrToken.includes("://") ? new URL(urlOrToken).searchParams.get("access_token") : urlOrToken;
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
}

/**
 * A client for `userId` (development mode: the X-Notifier-User header) over the stack's transport (NotifierClient, or
 * SignalRNotifierClient with @microsoft/signalr), with a record of everything it emits, every negotiate call and every
 * WebSocket it opens (with the access token it presented).
 * @param {string} userId
 * @param {object} [options] extra client options; `roles` for X-Notifier-Roles; `rewriteNegotiate(body, callNumber)` may
 *   change negotiate answers
 */
export function createClient(userId, options = {}) {
  const { rewriteNegotiate, roles, ...clientOptions } = options;
  const log = {
    notifications: [],
    connected: [],
    disconnected: [],
    read: [],
    unread: [],
    archived: [],
    unarchived: [],
    deleted: [],
    preferences: [],
    receipt: [],
    synced: [],
    errors: [],
    negotiations: [],
    inboxCalls: [],
    sockets: [],
  };

  /** @type {typeof fetch} */
  const recordingFetch = async (input, init) => {
    const url = new URL(String(input));
    if (url.pathname === "/api/negotiate") {
      const response = await fetch(input, init);
      const body = await response.json();
      log.negotiations.push(body);
      const answer = rewriteNegotiate ? rewriteNegotiate(body, log.negotiations.length) : body;
      const headers = { "Content-Type": "application/json" };
      if (response.headers.has("Date")) headers.Date = response.headers.get("Date");
      return new Response(JSON.stringify(answer), { status: response.status, headers });
    }
    if (url.pathname === "/api/inbox") log.inboxCalls.push(Object.fromEntries(url.searchParams));
    return fetch(input, init);
  };

  class RecordingWebSocket extends WebSocket {
    constructor(url, protocols, options) {
      super(url, protocols, options);
      // Web PubSub's token is in the URL; @microsoft/signalr sends it as a header on Node.
      const bearer = /^Bearer (.+)$/.exec(options?.headers?.Authorization ?? "")?.[1];
      const record = { url: String(url), token: bearer ?? new URL(String(url)).searchParams.get("access_token"), opened: false, code: null };
      log.sockets.push(record);
      this.addEventListener("open", () => { record.opened = true; });
      this.addEventListener("close", (e) => { record.code = e.code; });
    }
  }

  const common = {
    baseUrl: env.baseUrl,
    auth: { headers: () => (roles ? { "X-Notifier-User": userId, "X-Notifier-Roles": roles } : { "X-Notifier-User": userId }) },
    WebSocket: RecordingWebSocket,
    fetch: recordingFetch,
    reconnect: { initialDelayMs: 100, maxDelayMs: 1000 },
  };
  const client = onSignalR ? new SignalRNotifierClient({ signalR, ...common, ...clientOptions }) : new NotifierClient({ ...common, ...clientOptions });
  client.on("notification", (item) => log.notifications.push(item));
  client.on("connected", (e) => log.connected.push(e));
  client.on("disconnected", (e) => log.disconnected.push(e));
  client.on("read", (e) => log.read.push(e));
  for (const type of ["unread", "archived", "unarchived", "deleted", "preferences"]) client.on(type, (e) => log[type].push(e));
  client.on("receipt", (e) => log.receipt.push(e));
  client.on("synced", (e) => log.synced.push(e));
  client.on("error", (e) => log.errors.push(e));
  return { client, log, ids: () => log.notifications.map((n) => n.notification.id) };
}

/** Resolves when predicate() is true; rejects after timeoutMs. Polls: no fixed sleeps. */
export async function until(predicate, what, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Asserts that every id arrived exactly once, in the order given, with strictly increasing sequences. */
export function assertExactlyOnceInOrder(log, expectedIds) {
  const ids = log.notifications.map((n) => n.notification.id);
  assert.equal(new Set(ids).size, ids.length, `duplicates delivered: ${ids.length - new Set(ids).size}`);
  assert.deepEqual(ids, expectedIds, "every notification once, in publication order");
  const sequences = log.notifications.map((n) => n.sequence);
  for (let i = 1; i < sequences.length; i++) {
    assert.ok(sequences[i] > sequences[i - 1], `sequence order broken at ${i}: ${sequences[i - 1]} then ${sequences[i]}`);
  }
}

/** Runs the named steps in order, printing each; exits non-zero on the first failure or after timeoutMs. */
export async function run(steps, { timeoutMs = 25000, cleanup } = {}) {
  const watchdog = setTimeout(() => {
    console.error(`script timed out after ${timeoutMs} ms`);
    process.exit(3);
  }, timeoutMs);
  const started = Date.now();
  let failed = null;
  for (const [name, step] of Object.entries(steps)) {
    console.log(`- ${name} (+${Date.now() - started} ms)`);
    try {
      await step();
    } catch (error) {
      failed = error;
      break;
    }
  }
  try {
    await cleanup?.();
  } catch (error) {
    failed ??= error;
  }
  clearTimeout(watchdog);
  if (failed) {
    console.error(failed);
    process.exit(1);
  }
  console.log(`ok (${Date.now() - started} ms)`);
  process.exit(0);
}

export { assert };
