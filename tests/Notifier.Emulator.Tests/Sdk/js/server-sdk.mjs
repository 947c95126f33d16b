// @azure/web-pubsub (Microsoft's server SDK) against the emulator's REST API, observed by @azure/web-pubsub-client.
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import { WebPubSubClient } from "@azure/web-pubsub-client";
import { assert, connectionString, run, until } from "./harness.mjs";

const hub = "chat";
const service = new WebPubSubServiceClient(connectionString, hub, { allowInsecureConnection: true });
const received = [];
let client;
let connectionId;
// One read position for the whole script: a message may arrive before the REST call that caused it returns.
let cursor = 0;

async function expectNext(check, what) {
  const index = cursor++;
  await until(() => received.length > index, what);
  check(received[index]);
}

async function marker(text) {
  await service.sendToConnection(connectionId, text, { contentType: "text/plain" });
  await expectNext((m) => assert.equal(m.data, text), `marker ${text}`);
}

await run({
  "client token from the server SDK connects with the reliable protocol": async () => {
    client = new WebPubSubClient({
      getClientAccessUrl: async () => (await service.getClientAccessToken({ userId: "alice", roles: ["webpubsub.joinLeaveGroup"] })).url,
    }, { autoReconnect: false });
    client.on("connected", (e) => { connectionId = e.connectionId; });
    client.on("server-message", (e) => received.push({ kind: "server", data: e.message.data, dataType: e.message.dataType }));
    client.on("group-message", (e) => received.push({ kind: "group", group: e.message.group, data: e.message.data, dataType: e.message.dataType, fromUserId: e.message.fromUserId }));
    await client.start();
    await until(() => connectionId !== undefined, "the connected event");
    assert.equal(connectionId.length, 32);
  },
  "sendToAll: text and JSON": async () => {
    await service.sendToAll("hello", { contentType: "text/plain" });
    await expectNext((m) => { assert.equal(m.kind, "server"); assert.equal(m.dataType, "text"); assert.equal(m.data, "hello"); }, "text broadcast");
    await service.sendToAll({ n: 1, s: "x" });
    await expectNext((m) => { assert.equal(m.dataType, "json"); assert.deepEqual(m.data, { n: 1, s: "x" }); }, "json broadcast");
  },
  "sendToAll honours filter and excluded connections": async () => {
    await service.sendToAll("for bob", { contentType: "text/plain", filter: "userId eq 'bob'" });
    await service.sendToAll("not for me", { contentType: "text/plain", excludedConnections: [connectionId] });
    await service.sendToAll("for alice", { contentType: "text/plain", filter: "userId eq 'alice' and not ('vip' in groups)" });
    await expectNext((m) => assert.equal(m.data, "for alice"), "filtered broadcast");
  },
  "sendToUser and sendToConnection": async () => {
    await service.sendToUser("nobody", "lost", { contentType: "text/plain" });
    await service.sendToUser("alice", "to alice", { contentType: "text/plain" });
    await expectNext((m) => assert.equal(m.data, "to alice"), "user message");
    await marker("to the connection");
  },
  "exists checks": async () => {
    assert.equal(await service.userExists("alice"), true);
    assert.equal(await service.userExists("nobody"), false);
    assert.equal(await service.connectionExists(connectionId), true);
    assert.equal(await service.groupExists("news"), false);
  },
  "group membership by connection and by user": async () => {
    const news = service.group("news");
    await news.addConnection(connectionId);
    assert.equal(await service.groupExists("news"), true);
    await news.sendToAll("headline", { contentType: "text/plain" });
    await expectNext((m) => { assert.equal(m.kind, "group"); assert.equal(m.group, "news"); assert.equal(m.data, "headline"); assert.equal(m.fromUserId, undefined); }, "group message");
    await news.removeConnection(connectionId);
    assert.equal(await service.groupExists("news"), false);
    await news.sendToAll("after leaving", { contentType: "text/plain" });
    await marker("m1");

    const sports = service.group("sports");
    await sports.addUser("alice");
    await sports.sendToAll({ score: 3 });
    await expectNext((m) => assert.deepEqual(m.data, { score: 3 }), "group message to the user's group");
    assert.equal(await sports.hasUser?.("alice") ?? true, true);
    await service.removeUserFromAllGroups("alice");
    await sports.sendToAll("gone", { contentType: "text/plain" });
    await marker("m2");
  },
  "a client joins a group it has the role for": async () => {
    await client.joinGroup("lobby");
    await service.group("lobby").sendToAll("in the lobby", { contentType: "text/plain" });
    await expectNext((m) => assert.equal(m.group, "lobby"), "lobby message");
  },
  "permissions: grant, check, revoke": async () => {
    assert.equal(await service.hasPermission(connectionId, "sendToGroup", { targetName: "lobby" }), false);
    await service.grantPermission(connectionId, "sendToGroup", { targetName: "lobby" });
    assert.equal(await service.hasPermission(connectionId, "sendToGroup", { targetName: "lobby" }), true);
    await client.sendToGroup("lobby", "from alice", "text");
    await expectNext((m) => { assert.equal(m.data, "from alice"); assert.equal(m.fromUserId, "alice"); }, "own group message");
    await service.revokePermission(connectionId, "sendToGroup", { targetName: "lobby" });
    assert.equal(await service.hasPermission(connectionId, "sendToGroup", { targetName: "lobby" }), false);
  },
  "errors come back as RestError with the service's status": async () => {
    await assert.rejects(service.group("news").addConnection("no-such-connection"), (e) => e.statusCode === 404);
  },
  "closeConnection delivers the reason and ends the connection": async () => {
    let disconnected;
    client.on("disconnected", (e) => { disconnected = e; });
    await service.closeConnection(connectionId, { reason: "maintenance" });
    await until(() => disconnected !== undefined, "the client sees the disconnect");
    await until(async () => !(await service.connectionExists(connectionId)), "the connection is gone");
    client.stop();
  },
});
