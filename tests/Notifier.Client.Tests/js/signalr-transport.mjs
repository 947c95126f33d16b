// The SignalR transport (Notifier:Transport=SignalR, the emulator as SignalR Service) with @microsoft/signalr in Node:
// a direct, a group and a broadcast notification arrive; acks count them delivered; a read on one device syncs the
// other, and so do archive, unarchive, markUnread, remove and preferences; then the network is cut twice in the middle of a stream and every notification still arrives exactly once,
// in order, through reconnect with back-off and catch-up from the inbox.
import * as signalR from "@microsoft/signalr";
import { SignalRNotifierClient } from "../../../client/src/index.js";
import { assert, env, newId, newUser, publish, run, startNetwork, status, until } from "./harness.mjs";

const COUNT = 60;
const network = await startNetwork();
const alice = newUser("alice");

function device(userId, roles) {
  const log = { notifications: [], connected: [], disconnected: [], read: [], unread: [], archived: [], unarchived: [], deleted: [], preferences: [], errors: [] };
  const client = new SignalRNotifierClient({
    signalR,
    baseUrl: env.baseUrl,
    auth: { headers: () => (roles ? { "X-Notifier-User": userId, "X-Notifier-Roles": roles } : { "X-Notifier-User": userId }) },
    reconnect: { initialDelayMs: 100, maxDelayMs: 1000 },
  });
  client.on("notification", (item) => log.notifications.push(item));
  client.on("connected", (e) => log.connected.push(e));
  client.on("disconnected", (e) => log.disconnected.push(e));
  for (const event of ["read", "unread", "archived", "unarchived", "deleted", "preferences"]) client.on(event, (e) => log[event].push(e));
  client.on("error", (e) => log.errors.push(e));
  return { client, log, ids: () => log.notifications.map((n) => n.notification.id) };
}

const phone = device(alice, "ops");
const laptop = device(alice, "ops");
const direct = newId("direct");
const group = newId("group");
const broadcast = newId("all");
const stream = [];

await run({
  "both devices connect over SignalR": async () => {
    await phone.client.start();
    await laptop.client.start();
    assert.equal(phone.client.state, "connected");
    assert.ok(phone.client.connectionId);
    assert.notEqual(phone.client.connectionId, laptop.client.connectionId);
  },
  "a direct, a group and a broadcast notification reach both devices": async () => {
    await publish({ id: direct, to: { users: [alice] }, type: "t", title: "direct" });
    await publish({ id: group, to: { groups: ["ops"] }, type: "t", title: "group" });
    await publish({ id: broadcast, to: { all: true }, type: "t", title: "all" });
    for (const d of [phone, laptop]) {
      await until(() => [direct, group, broadcast].every((id) => d.ids().includes(id)), "all three arrive");
    }
    await until(async () => (await status(direct))?.delivered === 1, "the direct one counts delivered (acks over SignalR)");
  },
  "reading on the phone syncs the laptop": async () => {
    await phone.client.markRead(direct);
    await until(() => laptop.log.read.some((e) => e.ids.includes(direct)), "the laptop hears of the read");
    assert.ok(!phone.log.read.some((e) => e.ids.includes(direct)), "the phone is not told of its own read");
    assert.equal((await status(direct))?.read, 1);
  },
  "archive and markUnread on the phone reach the laptop as archived and unread": async () => {
    assert.deepEqual(await phone.client.archive([direct, "not-there"]), [direct]);
    await until(() => laptop.log.archived.some((e) => e.ids.includes(direct)), "the laptop hears of the archive");
    const archived = laptop.log.archived.find((e) => e.ids.includes(direct));
    assert.deepEqual(archived.ids, [direct]);
    assert.ok(Date.parse(archived.archivedAt) > 0);
    assert.deepEqual((await laptop.client.list({ archived: true })).items.map((i) => i.notification.id), [direct]);
    assert.ok(!(await laptop.client.list()).items.some((i) => i.notification.id === direct), "out of the default list");
    assert.deepEqual(await phone.client.unarchive(direct), [direct]);
    await until(() => laptop.log.unarchived.some((e) => e.ids.includes(direct)), "the laptop hears of the unarchive");
    assert.deepEqual(await phone.client.markUnread([direct]), [direct]);
    await until(() => laptop.log.unread.some((e) => e.ids.includes(direct)), "the laptop hears of the unread");
    assert.deepEqual(laptop.log.unread.find((e) => e.ids.includes(direct)).ids, [direct]);
    assert.equal((await laptop.client.list({ unread: true })).items.filter((i) => i.notification.id === direct).length, 1);
  },
  "remove and preferences on the phone reach the laptop as deleted and preferences": async () => {
    assert.deepEqual(await phone.client.remove(broadcast), [broadcast]);
    await until(() => laptop.log.deleted.some((e) => e.ids.includes(broadcast)), "the laptop hears of the delete");
    const preferences = { muted: { types: ["marketing.digest"], groups: [] } };
    assert.deepEqual(await phone.client.setPreferences(preferences), preferences);
    await until(() => laptop.log.preferences.length >= 1, "the laptop hears of the preferences");
    assert.deepEqual(laptop.log.preferences.at(-1), preferences);
    assert.deepEqual(await laptop.client.getPreferences(), preferences);
    await assert.rejects(() => phone.client.archive({ all: false }), TypeError);
    for (const d of [phone, laptop]) assert.deepEqual(d.log.errors, []);
  },
  "a stream survives two network cuts with nothing lost or repeated": async () => {
    const publishing = (async () => {
      for (let i = 1; i <= COUNT; i++) {
        const id = newId(`tick${i}`);
        await publish({ id, to: { users: [alice] }, type: "tick", title: String(i) });
        stream.push(id);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await until(() => phone.ids().filter((id) => stream.includes(id)).length >= 10, "the first ones arrive");
    network.cut();
    await until(() => phone.log.disconnected.length >= 1 && phone.client.state === "connected", "the phone is back");
    network.cut();
    await publishing;
    await until(() => stream.every((id) => phone.ids().includes(id)), `all ${COUNT} arrive`, 20000);
    const got = phone.ids().filter((id) => stream.includes(id));
    assert.deepEqual(got, stream, "exactly once, in order");
    assert.ok(network.accepted >= 3, `connections through the network: ${network.accepted}`);
  },
}, {
  timeoutMs: 60000,
  cleanup: async () => {
    phone.client.stop();
    laptop.client.stop();
    await network.close();
  },
});
