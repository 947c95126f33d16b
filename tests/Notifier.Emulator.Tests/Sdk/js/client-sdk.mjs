// @azure/web-pubsub-client (Microsoft's client SDK): groups, permissions, acks, noEcho and events without a handler.
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import { WebPubSubClient, WebPubSubJsonProtocol } from "@azure/web-pubsub-client";
import { assert, connectionString, run, until } from "./harness.mjs";

const service = new WebPubSubServiceClient(connectionString, "chat", { allowInsecureConnection: true });

function newClient(userId, roles, protocol) {
  const client = new WebPubSubClient({
    getClientAccessUrl: async () => (await service.getClientAccessToken({ userId, roles })).url,
  // No message retries: a refused message must fail at once, not after the SDK's backoff.
  }, { autoReconnect: false, messageRetryOptions: { maxRetries: 0 }, ...(protocol ? { protocol } : {}) });
  client.messages = [];
  client.on("group-message", (e) => client.messages.push(e.message));
  client.on("server-message", (e) => client.messages.push(e.message));
  return client;
}

const writer = newClient("writer", ["webpubsub.joinLeaveGroup", "webpubsub.sendToGroup"]);
const reader = newClient("reader", ["webpubsub.joinLeaveGroup.room"], WebPubSubJsonProtocol());
const outsider = newClient("outsider", []);

await run({
  "three clients connect (reliable and plain JSON protocols)": async () => {
    await Promise.all([writer.start(), reader.start(), outsider.start()]);
  },
  "joining with a matching role succeeds; without one it is Forbidden": async () => {
    await reader.joinGroup("room");
    await writer.joinGroup("room");
    await assert.rejects(outsider.joinGroup("room"), (e) => e.errorDetail?.name === "Forbidden");
    await assert.rejects(reader.joinGroup("other"), (e) => e.errorDetail?.name === "Forbidden");
  },
  "sendToGroup reaches members in order, text, JSON and binary": async () => {
    await writer.sendToGroup("room", "one", "text");
    await writer.sendToGroup("room", { two: 2 }, "json");
    await writer.sendToGroup("room", new Uint8Array([3, 3, 3]).buffer, "binary");
    await until(() => reader.messages.length === 3, "the reader has three messages");
    assert.equal(reader.messages[0].data, "one");
    assert.deepEqual(reader.messages[1].data, { two: 2 });
    assert.deepEqual([...new Uint8Array(reader.messages[2].data)], [3, 3, 3]);
    assert.equal(reader.messages[0].fromUserId, "writer");
  },
  "noEcho keeps a publisher's own message away from it": async () => {
    await until(() => writer.messages.length === 3, "the writer got its own three messages");
    await writer.sendToGroup("room", "quiet", "text", { noEcho: true });
    await writer.sendToGroup("room", "loud", "text");
    await until(() => reader.messages.length === 5, "the reader got both");
    await until(() => writer.messages.length === 4, "the writer got the echoed one");
    assert.equal(writer.messages[3].data, "loud");
  },
  "a client without the send role is refused": async () => {
    await assert.rejects(reader.sendToGroup("room", "nope", "text"), (e) => e.errorDetail?.name === "Forbidden");
  },
  "an event with no handler configured fails with InternalServerError": async () => {
    await assert.rejects(writer.sendEvent("audit", { a: 1 }, "json"), (e) => e.errorDetail?.name === "InternalServerError");
  },
  "leaving stops delivery": async () => {
    await reader.leaveGroup("room");
    await writer.sendToGroup("room", "after", "text");
    await service.sendToUser("reader", "marker", { contentType: "text/plain" });
    await until(() => reader.messages.length === 6, "the marker arrives");
    assert.equal(reader.messages[5].data, "marker");
  },
  "stop ends the connections": async () => {
    writer.stop();
    reader.stop();
    outsider.stop();
    await until(async () => !(await service.userExists("writer")) && !(await service.userExists("reader")), "the users are gone");
  },
});
