// The emulator's SignalR mode judged by @microsoft/signalr in Node: a serverless negotiate through the test app
// (APP_URL), sends to user, group and all through our REST client, invocations answered by the app's upstream, a
// network cut that automatic reconnect survives, and a close from REST that reaches the client with its reason.
import * as signalR from "@microsoft/signalr";
import { assert, run, until } from "./harness.mjs";

const appUrl = process.env.APP_URL;
if (!appUrl) throw new Error("APP_URL is not set");

const received = [];
let client;
let reconnectedId;

function connect(userId, reconnect) {
  let builder = new signalR.HubConnectionBuilder()
    .withUrl(`${appUrl}api?userId=${encodeURIComponent(userId)}`, { transport: signalR.HttpTransportType.WebSockets })
    .configureLogging(signalR.LogLevel.Warning);
  if (reconnect) builder = builder.withAutomaticReconnect([0, 100, 250, 500, 1000, 1000, 2000]);
  return builder.build();
}

async function app(method, path) {
  const response = await fetch(`${appUrl}${path}`, { method });
  assert.ok(response.ok, `${method} ${path} answered ${response.status}`);
}

await run({
  "connect through the app's negotiate": async () => {
    client = connect("node-alice", true);
    client.on("notify", (text) => received.push(text));
    client.onreconnected((id) => { reconnectedId = id; });
    await client.start();
    assert.equal(client.state, signalR.HubConnectionState.Connected);
    assert.ok(client.connectionId);
  },
  "sends to the user, a group the user joined, and everyone arrive in order": async () => {
    await app("POST", "api/send/user/node-alice?text=one");
    await app("PUT", "api/groups/news/users/node-alice");
    await app("POST", "api/send/group/news?text=two");
    await app("POST", "api/send/group/other?text=not-for-us");
    await app("POST", "api/send/all?text=three");
    await until(() => received.length >= 3, "three messages arrive");
    assert.deepEqual(received, ["one", "two", "three"]);
  },
  "invocations are answered by the app's upstream": async () => {
    assert.equal(await client.invoke("echo", "from node"), "from node");
    assert.deepEqual(await client.invoke("echo", { a: [1, 2] }), { a: [1, 2] });
    await assert.rejects(client.invoke("reject"), /not allowed/);
  },
  "a network cut is survived by automatic reconnect": async () => {
    const before = client.connectionId;
    await app("POST", "api/test/cut");
    await until(() => reconnectedId !== undefined, "the client reconnects", 20000);
    assert.notEqual(reconnectedId, before);
    await app("POST", "api/send/user/node-alice?text=four");
    await until(() => received.length >= 4, "the message after the cut arrives");
    assert.deepEqual(received, ["one", "two", "three", "four"]);
  },
  "a close from REST reaches the client with its reason": async () => {
    const other = connect("node-bob", false);
    const closed = new Promise((resolve) => other.onclose(resolve));
    await other.start();
    await app("DELETE", `api/connections/${encodeURIComponent(other.connectionId)}?reason=${encodeURIComponent("bye from rest")}`);
    const error = await closed;
    assert.match(String(error), /bye from rest/);
  },
  "stop": async () => {
    await client.stop();
  },
});
