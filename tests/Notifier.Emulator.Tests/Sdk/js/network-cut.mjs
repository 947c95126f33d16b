// The reliable protocol through a TCP proxy that cuts the network twice in the middle of a stream:
// @azure/web-pubsub-client recovers the same connection and sees every message once, in order.
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import { WebPubSubClient } from "@azure/web-pubsub-client";
import { startProxy } from "./tcp-proxy.mjs";
import { assert, connectionString, endpoint, run, until } from "./harness.mjs";

const service = new WebPubSubServiceClient(connectionString, "chat", { allowInsecureConnection: true });
const proxy = await startProxy(endpoint.hostname, Number(endpoint.port));
const received = [];
const connectedIds = [];
let client;

async function publish(from, to) {
  for (let i = from; i <= to; i++) {
    await service.sendToUser("streamer", String(i), { contentType: "text/plain" });
  }
}

await run({
  "connect through the proxy": async () => {
    client = new WebPubSubClient({
      getClientAccessUrl: async () => {
        const url = new URL((await service.getClientAccessToken({ userId: "streamer" })).url);
        url.host = `127.0.0.1:${proxy.port}`;
        return url.toString();
      },
    });
    client.on("connected", (e) => connectedIds.push(e.connectionId));
    client.on("server-message", (e) => received.push(Number(e.message.data)));
    await client.start();
  },
  "stream 300 messages with two network cuts": async () => {
    await publish(1, 100);
    await until(() => received.length >= 50, "the first messages arrive");
    proxy.cut();
    await publish(101, 200);
    await until(() => proxy.connections >= 2 && received.length >= 150, "the client recovers and receives more");
    proxy.cut();
    await publish(201, 300);
    await until(() => received.length >= 300, "all 300 arrive", 30000);
  },
  "nothing lost, nothing twice, in order, on the same connection": async () => {
    assert.deepEqual(received, Array.from({ length: 300 }, (_, i) => i + 1));
    assert.equal(connectedIds.length, 1, "recovery keeps the connection: no second connected event");
    assert.ok(proxy.connections >= 3, "the client reconnected through the proxy after each cut");
    assert.equal(await service.connectionExists(connectedIds[0]), true);
  },
  "stop": async () => {
    client.stop();
    await proxy.close();
  },
});
