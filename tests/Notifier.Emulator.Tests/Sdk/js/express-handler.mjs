// The emulator calling @azure/web-pubsub-express (Microsoft's CloudEvents handler) as a hub's event handler.
import express from "express";
import { WebPubSubEventHandler } from "@azure/web-pubsub-express";
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import { WebPubSubClient } from "@azure/web-pubsub-client";
import { assert, connectionString, endpoint, run, until } from "./harness.mjs";

const handlerPort = Number(process.env.HANDLER_PORT);
const events = [];
const handler = new WebPubSubEventHandler("chat", {
  path: "/eventhandler",
  handleConnect: (req, res) => {
    events.push({ type: "connect", userId: req.context.userId, query: req.queries, subprotocols: req.subprotocols, claims: req.claims });
    if (req.queries?.reject) {
      res.fail(401, "not you");
      return;
    }
    res.setState("tier", "gold");
    res.success({ userId: `${req.context.userId}-verified`, groups: ["vip"], roles: ["webpubsub.sendToGroup.vip"] });
  },
  handleUserEvent: (req, res) => {
    events.push({ type: "event", name: req.context.eventName, data: req.data, dataType: req.dataType, state: req.context.states.tier });
    if (req.context.eventName === "boom") {
      res.fail(500, "handler failure");
      return;
    }
    res.success(`echo:${typeof req.data === "string" ? req.data : JSON.stringify(req.data)}`, "text");
  },
  onConnected: (req) => events.push({ type: "connected", connectionId: req.context.connectionId, userId: req.context.userId }),
  onDisconnected: (req) => events.push({ type: "disconnected", connectionId: req.context.connectionId, reason: req.reason }),
});

const app = express();
app.use(handler.getMiddleware());
const server = await new Promise((resolve) => { const s = app.listen(handlerPort, "127.0.0.1", () => resolve(s)); });
console.log("handler listening");

// The test starts the emulator once the handler listens; wait for it.
await until(async () => {
  try { return (await fetch(new URL("/api/health", endpoint), { method: "HEAD" })).ok; } catch { return false; }
}, "the emulator is up", 30000);

const service = new WebPubSubServiceClient(connectionString, "chat", { allowInsecureConnection: true });
let client;
let connectionId;
const messages = [];

await run({
  "connect runs the handler's connect, which renames the user and adds a group": async () => {
    client = new WebPubSubClient({
      getClientAccessUrl: async () => (await service.getClientAccessToken({ userId: "dora" })).url + "&app=demo",
    }, { autoReconnect: false, messageRetryOptions: { maxRetries: 0 } });
    client.on("connected", (e) => { connectionId = e.connectionId; client.userId = e.userId; });
    client.on("server-message", (e) => messages.push(e.message));
    client.on("group-message", (e) => messages.push(e.message));
    await client.start();
    await until(() => connectionId !== undefined, "the connected event");
    assert.equal(client.userId, "dora-verified");
    const connect = events.find((e) => e.type === "connect");
    assert.equal(connect.userId, "dora");
    assert.deepEqual(connect.query.app, ["demo"]);
    assert.equal(connect.query.access_token, undefined);
    assert.deepEqual(connect.claims.sub, ["dora"]);
    assert.ok(connect.subprotocols.includes("json.reliable.webpubsub.azure.v1"));
  },
  "connected reaches the handler": async () => {
    await until(() => events.some((e) => e.type === "connected" && e.connectionId === connectionId), "connected event");
    assert.equal(events.find((e) => e.type === "connected").userId, "dora-verified");
  },
  "roles and groups from connect apply": async () => {
    await service.group("vip").sendToAll("welcome", { contentType: "text/plain" });
    await until(() => messages.some((m) => m.data === "welcome"), "the group message");
    await client.sendToGroup("vip", "hi vips", "text");
    await assert.rejects(client.sendToGroup("other", "nope", "text"), (e) => e.errorDetail?.name === "Forbidden");
  },
  "a user event gets the handler's reply, with the connection state set on connect": async () => {
    await client.sendEvent("greet", "hello", "text");
    await until(() => messages.some((m) => m.data === "echo:hello"), "the reply");
    const event = events.find((e) => e.type === "event" && e.name === "greet");
    assert.equal(event.data, "hello");
    assert.equal(event.state, "gold");
    await client.sendEvent("greetjson", { a: 1 }, "json");
    await until(() => messages.some((m) => m.data === "echo:{\"a\":1}"), "the json reply");
  },
  "a failing handler fails the event but keeps the connection": async () => {
    await assert.rejects(client.sendEvent("boom", "x", "text"), (e) => e.errorDetail?.name === "InternalServerError");
    assert.equal(await service.connectionExists(connectionId), true);
  },
  "a connect rejected by the handler fails the client's start": async () => {
    const rejected = new WebPubSubClient({
      getClientAccessUrl: async () => (await service.getClientAccessToken({ userId: "eve" })).url + "&reject=1",
    }, { autoReconnect: false });
    await assert.rejects(rejected.start());
    assert.equal(await service.userExists("eve-verified"), false);
  },
  "disconnected reaches the handler once, after stop": async () => {
    client.stop();
    await until(() => events.some((e) => e.type === "disconnected" && e.connectionId === connectionId), "disconnected event");
    assert.equal(events.filter((e) => e.type === "disconnected" && e.connectionId === connectionId).length, 1);
    assert.equal(events.filter((e) => e.type === "connected").length, 1, "the rejected connection raised no connected event");
    server.close();
  },
});
