// What both clients share whatever the transport: the inbox and preferences over HTTP, and the sync envelopes the
// service pushes to all of a user's connections.

import { Emitter } from './emitter.js';
import { createApi } from './http.js';

/** @typedef {ReturnType<typeof createApi>} Api */

/** The most ids per `ack`/`read` event and per inbox request, as the function app accepts. */
const MAX_IDS_PER_CALL = 100;

/**
 * A client's inbox operations. The transport's class extends it, sharing the API it builds with createClientApi (for
 * negotiate and catch-up), and supplies how a `read` goes out live.
 */
export class InboxClient extends Emitter {
  #api;
  #sendRead;

  /**
   * @param {Api} api
   * @param {(ids: string[]) => Promise<boolean>} sendRead sends a `read` over the connection; false when that could
   *   not be done (not connected, refused, no answer), so the ids go over HTTP instead
   */
  constructor(api, sendRead) {
    super();
    this.#api = api;
    this.#sendRead = sendRead;
  }

  /**
   * Marks notifications read: live on the connection when it can (the user's other devices get a `read` update,
   * senders who asked get a receipt), else through POST /api/inbox/read.
   * @param {string[] | string} ids
   * @returns {Promise<void>}
   */
  async markRead(ids) {
    for (const chunk of chunksOf(ids)) {
      if (!(await this.#sendRead(chunk))) await this.#api.markRead({ ids: chunk });
    }
  }

  /**
   * Marks everything in the inbox read (POST /api/inbox/read with all: true).
   * @returns {Promise<string[]>} the ids this call marked read
   */
  markAllRead() {
    return this.#api.markRead({ all: true });
  }

  /**
   * Marks notifications unread again (POST /api/inbox/unread); the user's other devices get an `unread` event.
   * @param {string[] | string | { all: true }} ids
   * @returns {Promise<string[]>} the ids this call changed
   */
  markUnread(ids) {
    return this.#change('unread', ids);
  }

  /**
   * Archives notifications: they leave the inbox (list them with `archived: true`) and stop counting as unread.
   * @param {string[] | string | { all: true }} ids
   * @returns {Promise<string[]>} the ids this call changed
   */
  archive(ids) {
    return this.#change('archive', ids);
  }

  /**
   * Moves archived notifications back into the inbox.
   * @param {string[] | string | { all: true }} ids
   * @returns {Promise<string[]>} the ids this call changed
   */
  unarchive(ids) {
    return this.#change('unarchive', ids);
  }

  /**
   * Deletes notifications from this user's inbox (other recipients keep theirs).
   * @param {string[] | string | { all: true }} ids
   * @returns {Promise<string[]>} the ids this call changed
   */
  remove(ids) {
    return this.#change('delete', ids);
  }

  /** @returns {Promise<import('./index.js').Preferences>} what the user muted */
  getPreferences() {
    return this.#api.preferences();
  }

  /**
   * Replaces what the user muted; applies to the next notification. Other devices get a `preferences` event.
   * @param {import('./index.js').Preferences} preferences
   * @returns {Promise<import('./index.js').Preferences>} what was stored
   */
  setPreferences(preferences) {
    return this.#api.setPreferences(preferences);
  }

  /**
   * A page of the inbox, newest first, for the bell: pass the previous page's `cursor` as `before` for the next.
   * `archived: true` lists the archive instead; archived entries are never in the default list.
   * @param {{ before?: number, limit?: number, unread?: boolean, archived?: boolean }} [options]
   */
  list({ before, limit, unread, archived } = {}) {
    return this.#api.inbox({ before, limit, unread: unread ? true : undefined, archived: archived ? true : undefined });
  }

  /** @returns {Promise<number>} how many unread, unexpired notifications the inbox holds */
  unreadCount() {
    return this.#api.unreadCount();
  }

  /**
   * Emits the envelopes that tell of a change made elsewhere (another device, an HTTP call, a recipient's read) and
   * the service's errors. Notifications are the transport's to deliver.
   * @param {any} envelope
   * @returns {boolean} whether it was one of them
   */
  emitUpdate(envelope) {
    switch (envelope?.type) {
      case 'read':
      case 'unread':
      case 'archived':
      case 'unarchived':
      case 'deleted':
      case 'preferences':
      case 'receipt':
        this.emit(envelope.type, envelope.payload);
        return true;
      case 'error':
        this.emit('error', Object.assign(new Error(envelope.payload?.message ?? 'The service reported an error.'), { payload: envelope.payload }));
        return true;
      default:
        return false;
    }
  }

  /**
   * @param {'unread' | 'archive' | 'unarchive' | 'delete'} action
   * @param {string[] | string | { all: true }} ids
   */
  async #change(action, ids) {
    if (ids && typeof ids === 'object' && !Array.isArray(ids)) {
      if (ids.all !== true) throw new TypeError('Pass ids, or { all: true }.');
      return this.#api.change(action, { all: true });
    }
    const changed = [];
    for (const chunk of chunksOf(ids)) changed.push(...(await this.#api.change(action, { ids: chunk })));
    return changed;
  }
}

/**
 * The distinct ids in calls of at most MAX_IDS_PER_CALL.
 * @param {string[] | string} ids
 * @returns {string[][]}
 */
export function chunksOf(ids) {
  const list = [...new Set(Array.isArray(ids) ? ids : [ids])];
  const chunks = [];
  for (let i = 0; i < list.length; i += MAX_IDS_PER_CALL) chunks.push(list.slice(i, i + MAX_IDS_PER_CALL));
  return chunks;
}

/**
 * Checks the options both clients take (fetch, auth, baseUrl) and builds the HTTP API on them.
 * @param {any} options
 * @returns {Api}
 */
export function createClientApi(options) {
  if (!options || typeof options !== 'object') throw new TypeError('options are required');
  const fetchImpl = options.fetch ?? globalThis.fetch?.bind(globalThis);
  if (typeof fetchImpl !== 'function') throw new TypeError('No fetch: pass options.fetch.');
  const auth = options.auth;
  if (auth && typeof auth.headers !== 'function' && typeof auth.getToken !== 'function') {
    throw new TypeError('auth needs headers() or getToken().');
  }
  return createApi({ baseUrl: options.baseUrl ?? '', auth, fetch: fetchImpl });
}
