// archive, unarchive, markUnread and remove change the inbox and reach the user's other device as events; the
// preferences round-trip, reach the other device, and a muted type arrives quietly (no live push, not counted) while a
// critical one still pushes; errors are NotifierHttpErrors naming the field.
import { assert, createClient, newId, newUser, publish, run, startNetwork, until } from "./harness.mjs";

const network = await startNetwork();
const alice = newUser("alice");
const phone = createClient(alice);
const laptop = createClient(alice);
const ids = [newId(), newId(), newId()];

await run({
  "two devices connect and receive three notifications": async () => {
    await Promise.all([phone.client.start(), laptop.client.start()]);
    await publish(ids.map((id) => ({ id, to: { users: [alice] }, type: "comment.added", title: id })));
    await until(() => laptop.log.notifications.length === 3, "the laptop receives them");
    assert.equal(await phone.client.unreadCount(), 3);
  },
  "archive on the phone: the laptop hears of it, the list and the count leave it out": async () => {
    assert.deepEqual(await phone.client.archive([ids[0], ids[0], "not-there"]), [ids[0]]);
    await until(() => laptop.log.archived.length === 1, "the laptop hears of the archive");
    assert.deepEqual(laptop.log.archived[0].ids, [ids[0]]);
    assert.ok(Date.parse(laptop.log.archived[0].archivedAt) > 0);
    assert.equal(await laptop.client.unreadCount(), 2);
    assert.deepEqual((await laptop.client.list()).items.map((i) => i.notification.id), [ids[2], ids[1]]);
    const archive = await laptop.client.list({ archived: true });
    assert.deepEqual(archive.items.map((i) => [i.notification.id, i.archived]), [[ids[0], true]]);
  },
  "unarchive, read and markUnread round-trip with events": async () => {
    assert.deepEqual(await phone.client.unarchive(ids[0]), [ids[0]]);
    await until(() => laptop.log.unarchived.length === 1, "unarchived reaches the laptop");
    await phone.client.markRead(ids);
    assert.equal(await phone.client.unreadCount(), 0);
    assert.deepEqual(await phone.client.markUnread([ids[1]]), [ids[1]]);
    await until(() => laptop.log.unread.length === 1, "unread reaches the laptop");
    assert.deepEqual(laptop.log.unread[0].ids, [ids[1]]);
    assert.equal(await laptop.client.unreadCount(), 1);
  },
  "remove deletes for this user; { all: true } applies to every entry": async () => {
    assert.deepEqual(await phone.client.remove([ids[2]]), [ids[2]]);
    await until(() => laptop.log.deleted.length === 1, "deleted reaches the laptop");
    assert.deepEqual((await phone.client.archive({ all: true })).sort(), [ids[0], ids[1]].sort());
    assert.equal((await phone.client.list()).items.length, 0);
    assert.equal(await phone.client.unreadCount(), 0);
  },
  "preferences: set on the phone, read back, heard by the laptop": async () => {
    assert.deepEqual(await phone.client.getPreferences(), { muted: { types: [], groups: [] } });
    const stored = await phone.client.setPreferences({ muted: { types: ["digest"], groups: [] } });
    assert.deepEqual(stored, { muted: { types: ["digest"], groups: [] } });
    await until(() => laptop.log.preferences.length >= 1, "the laptop hears of the preferences");
    assert.deepEqual(laptop.log.preferences.at(-1), { muted: { types: ["digest"], groups: [] } });
    assert.deepEqual(await laptop.client.getPreferences(), stored);
  },
  "a muted type is not pushed live nor counted; a critical one is": async () => {
    const quiet = newId();
    const loud = newId();
    const before = laptop.log.notifications.length;
    await publish({ id: quiet, to: { users: [alice] }, type: "digest", title: "weekly" });
    await publish({ id: loud, to: { users: [alice] }, type: "digest", title: "urgent", critical: true });
    await until(() => laptop.log.notifications.some((n) => n.notification.id === loud), "the critical one is pushed");
    // The muted one reaches the device only through catch-up (the sequence gap), marked muted.
    await until(() => laptop.log.notifications.some((n) => n.notification.id === quiet), "the muted one is caught up");
    const caught = laptop.log.notifications.slice(before).find((n) => n.notification.id === quiet);
    assert.equal(caught.source, "catch-up");
    assert.equal(caught.muted, true);
    assert.equal(await laptop.client.unreadCount(), 1);
  },
  "bad input is a NotifierHttpError naming the field": async () => {
    await assert.rejects(() => phone.client.setPreferences({ muted: { types: ["not valid"] } }), (error) => {
      assert.equal(error.name, "NotifierHttpError");
      assert.equal(error.status, 400);
      assert.equal(error.problem.errors[0].field, "muted.types[0]");
      return true;
    });
    await assert.rejects(() => phone.client.archive({ all: false }), TypeError);
  },
  "nothing went wrong on the way": async () => {
    for (const device of [phone, laptop]) assert.deepEqual(device.log.errors, []);
  },
}, {
  cleanup: async () => {
    for (const device of [phone, laptop]) device.client.stop();
    await network.close();
  },
});
