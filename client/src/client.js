// The Notifier client: negotiate, a reliable Web PubSub connection, catch-up through the inbox, acks and read state.
// Plain ESM with no imports outside this folder, so browsers load it unmodified.

import { backoffDelay } from './backoff.js';
import { NotifierHttpError } from './http.js';
import { chunksOf, createClientApi, InboxClient } from './inbox.js';
import { SeenIds } from './seen.js';

/** The reliable JSON subprotocol: the service buffers what it sent until we acknowledge it, so a short drop loses nothing. */
export const SUBPROTOCOL = 'json.reliable.webpubsub.azure.v1';
/** The service closes with this when the session cannot go on (a failed resume, a full buffer): start a new one. */
const CLOSE_SESSION_ENDED = 1008;
/** The service closes with this when the connection was closed on purpose (a REST close): start a new session. */
const CLOSE_CLOSED = 1000;
/** The ack error for an event the service had processed already. */
const ACK_DUPLICATE = 'Duplicate';

/** How long the service keeps a dropped reliable connection for its client to resume (it promises at least 30 s). */
const RECOVERY_WINDOW_MS = 30_000;
/** The inbox page size the catch-up asks for (the function app's maximum). */
const CATCH_UP_PAGE = 100;
/** How many delivered notification ids are remembered for de-duplication. */
const SEEN_CAPACITY = 1000;
/** The reliable protocol's cumulative sequenceAck is sent at most this often. */
const SEQUENCE_ACK_DELAY_MS = 250;
/** Delivered ids are gathered this long and acknowledged in one event. */
const ACK_BATCH_DELAY_MS = 50;
/** How long markRead waits for the service to acknowledge a `read` event before falling back to HTTP. */
const EVENT_ACK_TIMEOUT_MS = 10_000;

/**
 * @typedef {import('./index.js').NotifierClientOptions} NotifierClientOptions
 * @typedef {import('./index.js').InboxItem} InboxItem
 * @typedef {import('./index.js').DeliveredNotification} DeliveredNotification
 * @typedef {import('./index.js').ConnectionState} ConnectionState
 * @typedef {import('./http.js').Negotiated} Negotiated
 * @typedef {{ connectionId: string, reconnectionToken: string, url: string, droppedAt: number }} Session
 * @typedef {{ frame: string, resolve: () => void, reject: (e: Error) => void, timer?: ReturnType<typeof setTimeout> }} PendingEvent
 */

/**
 * A real-time notification client for one signed-in user.
 *
 * ```js
 * const client = new NotifierClient({ baseUrl: 'http://localhost:7071', auth: { headers: () => ({ 'X-Notifier-User': 'alice' }) } });
 * client.on('notification', (item) => console.log(item.sequence, item.notification.title));
 * await client.start();
 * ```
 */
export class NotifierClient extends InboxClient {
  #api;
  /** @type {any} */
  #WebSocket;
  #reconnect;
  #ping;
  #storage;
  #since;

  /** @type {ConnectionState} */
  #state = 'stopped';
  /** Incremented by start() and stop(): async work started under an older run gives up. */
  #run = 0;
  /** @type {any} the current WebSocket, or null */
  #socket = null;
  #live = false;
  /** @type {Negotiated | null} */
  #negotiated = null;
  /** @type {Session | null} */
  #session = null;
  /** The server said the logical connection ended (system/disconnected): do not try to resume it. */
  #sessionEnded = false;
  /** The reliable protocol's last sequenceId received on the current logical connection. */
  #transportSequence = 0;
  #attempt = 0;
  #offline = false;
  #lastMessageAt = 0;

  /** @type {number | null} */
  #lastSequence = null;
  #seen = new SeenIds(SEEN_CAPACITY);
  /** Pushes with a sequence that cannot be delivered yet (a gap before them, or a catch-up running). @type {Map<number, InboxItem>} */
  #pending = new Map();
  /** The catch-up in flight, and the run it belongs to. @type {{ run: number, promise: Promise<void> } | null} */
  #catchUpRunning = null;
  #catchUpAgain = false;
  #storageLoadedFor = '';

  /** @type {Set<string>} delivered ids not yet sent in an `ack` event */
  #ackQueue = new Set();
  #nextAckId = 0;
  /** Events sent (or to send) and not yet acknowledged by the service, by ackId. @type {Map<number, PendingEvent>} */
  #events = new Map();

  /** @type {Record<string, ReturnType<typeof setTimeout> | undefined>} */
  #timers = {};
  /** @type {{ resolve: () => void, reject: (e: Error) => void, promise: Promise<void> } | null} */
  #starting = null;
  /** @type {(() => void) | null} */
  #removeNetworkListeners = null;

  /** @param {NotifierClientOptions} options */
  constructor(options) {
    const api = createClientApi(options);
    // The callback runs only once constructed, when `this` is there.
    super(api, (ids) => this.#sendRead(ids));
    this.#api = api;
    this.#WebSocket = options.WebSocket ?? globalThis.WebSocket;
    if (typeof this.#WebSocket !== 'function') {
      throw new TypeError("No WebSocket: pass options.WebSocket (on Node before 22, the 'ws' package's WebSocket).");
    }
    this.#reconnect = {
      initialDelayMs: options.reconnect?.initialDelayMs ?? 500,
      maxDelayMs: options.reconnect?.maxDelayMs ?? 30_000,
      connectTimeoutMs: options.reconnect?.connectTimeoutMs ?? 15_000,
    };
    this.#ping = {
      intervalMs: options.ping?.intervalMs ?? 20_000,
      timeoutMs: options.ping?.timeoutMs ?? 10_000,
    };
    this.#storage = normalizeStorage(options.storage);
    this.#since = options.since ?? 'latest';
    if (this.#since !== 'latest' && !(Number.isInteger(this.#since) && this.#since >= 0)) {
      throw new TypeError("since must be 'latest' or a sequence number (0 or more).");
    }
  }

  /** The sequence of the last notification delivered in order (null until known). */
  get lastSequence() {
    return this.#lastSequence;
  }

  /** @returns {ConnectionState} */
  get state() {
    return this.#state;
  }

  /** The signed-in user, once negotiated. */
  get userId() {
    return this.#negotiated?.userId ?? null;
  }

  /** The Web PubSub connection id of the current logical connection. */
  get connectionId() {
    return this.#live ? this.#session?.connectionId ?? null : null;
  }

  /**
   * Starts connecting (and reconnecting for as long as the client runs). The promise resolves once connected and
   * caught up for the first time; it does not reject on network errors (the client keeps retrying and emits
   * `error`), only when stop() is called first.
   * @returns {Promise<void>}
   */
  start() {
    if (this.#state !== 'stopped') return this.#starting?.promise ?? Promise.resolve();
    this.#run++;
    this.#state = 'connecting';
    this.#attempt = 0;
    /** @type {any} */
    const starting = {};
    starting.promise = new Promise((resolve, reject) => Object.assign(starting, { resolve, reject }));
    starting.promise.catch(() => {});
    this.#starting = starting;
    this.#listenToNetwork();
    void this.#connect(this.#run);
    return starting.promise;
  }

  /**
   * Closes the connection (ending it on the service) and stops reconnecting. State (the last sequence and the ids
   * seen) is kept, so a later start() catches up on what arrived meanwhile.
   */
  stop() {
    if (this.#state === 'stopped') return;
    this.#run++;
    const wasLive = this.#live;
    this.#state = 'stopped';
    for (const name of Object.keys(this.#timers)) this.#clearTimer(name);
    this.#removeNetworkListeners?.();
    this.#removeNetworkListeners = null;
    const socket = this.#socket;
    this.#detach();
    if (socket) {
      try {
        socket.close(1000, 'client stopped');
      } catch {
        // Closing a socket that never opened can throw; it is gone either way.
      }
    }
    this.#session = null;
    this.#pending.clear();
    this.#catchUpRunning = null;
    for (const [ackId, event] of this.#events) {
      if (event.timer) {
        // A markRead waiting for its ack: let it fall back to HTTP.
        clearTimeout(event.timer);
        this.#events.delete(ackId);
        event.reject(new Error('The client stopped.'));
      }
    }
    this.#starting?.reject(new Error('The client stopped before it connected.'));
    this.#starting = null;
    void this.#persistNow();
    if (wasLive) this.emit('disconnected', { code: 1000, reason: 'client stopped', willReconnect: false });
  }

  /**
   * A `read` event on the connection, when it is up: the service updates the inbox, tells the user's other devices
   * and sends receipts to senders who asked.
   * @param {string[]} ids
   * @returns {Promise<boolean>} false when it must go over HTTP (refused, no ack in time, disconnected)
   */
  async #sendRead(ids) {
    if (!this.#live) return false;
    try {
      await this.#sendEvent('read', ids, EVENT_ACK_TIMEOUT_MS);
      return true;
    } catch {
      return false;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Connecting

  /**
   * One connection attempt: resume the reliable session if there is one, else negotiate (when the URL is missing or
   * expired) and open a new connection.
   * @param {number} run
   */
  async #connect(run) {
    if (run !== this.#run) return;
    this.#clearTimer('reconnect');
    let url;
    let resuming = false;
    try {
      const session = this.#session;
      if (session && !this.#sessionEnded && Date.now() - session.droppedAt < RECOVERY_WINDOW_MS) {
        const recovery = new URL(session.url);
        recovery.searchParams.set('awps_connection_id', session.connectionId);
        recovery.searchParams.set('awps_reconnection_token', session.reconnectionToken);
        url = recovery.toString();
        resuming = true;
      } else {
        this.#session = null;
        if (!this.#negotiated || this.#expired(this.#negotiated)) {
          const negotiated = await this.#api.negotiate();
          if (run !== this.#run) return;
          this.#negotiated = negotiated;
        }
        await this.#loadStorage();
        if (run !== this.#run) return;
        if (this.#lastSequence === null && this.#since === 'latest') {
          // Only what arrives from now on is delivered as it comes; list() shows what came before.
          const page = await this.#api.inbox({ limit: 1 });
          if (run !== this.#run) return;
          if (this.#lastSequence === null) this.#setLastSequence(page.latest ?? 0);
        } else if (this.#lastSequence === null) {
          this.#setLastSequence(/** @type {number} */ (this.#since));
        }
        url = this.#negotiated.url;
      }
    } catch (error) {
      if (run !== this.#run) return;
      this.#emitError(error);
      this.#scheduleReconnect(false, error instanceof NotifierHttpError ? error.retryAfterMs : undefined);
      return;
    }
    this.#open(url, resuming, run);
  }

  /**
   * @param {string} url
   * @param {boolean} resuming
   * @param {number} run
   */
  #open(url, resuming, run) {
    this.#sessionEnded = false;
    let socket;
    try {
      socket = new this.#WebSocket(url, SUBPROTOCOL);
    } catch (error) {
      this.#emitError(error);
      this.#attemptFailed(resuming);
      return;
    }
    this.#socket = socket;
    this.#live = false;
    this.#setTimer('connect', this.#reconnect.connectTimeoutMs, () => {
      if (this.#socket === socket) this.#abandon(socket, 4000, 'connect timed out', resuming);
    });
    socket.onopen = () => {
      if (this.#socket !== socket) return;
      this.#lastMessageAt = Date.now();
      // A resumed connection gets no `connected` message; the pong (or a replayed message) shows it is ours again.
      // A failed resume is closed by the service with 1008 before anything arrives.
      if (resuming) this.#sendRaw(socket, '{"type":"ping"}');
    };
    socket.onmessage = (/** @type {{ data: unknown }} */ event) => {
      if (this.#socket !== socket || run !== this.#run) return;
      this.#lastMessageAt = Date.now();
      if (typeof event.data !== 'string') return;
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      this.#onMessage(socket, message, resuming);
    };
    socket.onerror = () => {
      // The close event follows with the details a browser is allowed to give (none, for a failed handshake).
    };
    socket.onclose = (/** @type {{ code: number, reason: string }} */ event) => {
      if (this.#socket !== socket) return;
      this.#onClosed(event.code, event.reason, resuming);
    };
  }

  /**
   * @param {any} socket
   * @param {any} message
   * @param {boolean} resuming
   */
  #onMessage(socket, message, resuming) {
    switch (message?.type) {
      case 'system':
        if (message.event === 'connected') {
          if (resuming && this.#session && message.connectionId === this.#session.connectionId) {
            // Some services send a fresh token on recovery.
            if (message.reconnectionToken) this.#session.reconnectionToken = message.reconnectionToken;
            if (!this.#live) this.#onLive(true);
          } else if (!this.#live) {
            this.#session = {
              connectionId: message.connectionId,
              reconnectionToken: message.reconnectionToken,
              url: /** @type {Negotiated} */ (this.#negotiated).url,
              droppedAt: 0,
            };
            this.#transportSequence = 0;
            this.#onLive(false);
          }
        } else if (message.event === 'disconnected') {
          this.#sessionEnded = true;
        }
        return;
      case 'message':
        if (!this.#live && resuming) this.#onLive(true);
        if (typeof message.sequenceId === 'number') {
          if (message.sequenceId <= this.#transportSequence) return; // replayed after a resume: seen already
          this.#transportSequence = message.sequenceId;
          if (!this.#timers.sequenceAck) {
            this.#setTimer('sequenceAck', SEQUENCE_ACK_DELAY_MS, () => {
              if (this.#socket === socket && this.#live) {
                this.#sendRaw(socket, JSON.stringify({ type: 'sequenceAck', sequenceId: this.#transportSequence }));
              }
            });
          }
        }
        this.#onEnvelope(message.dataType === 'json' ? message.data : parseJson(message.data));
        return;
      case 'ack':
        if (!this.#live && resuming) this.#onLive(true);
        this.#onEventAck(message);
        return;
      case 'pong':
        if (!this.#live && resuming) this.#onLive(true);
        return;
      default:
        // Newer message types: ignored (forward compatible).
        if (!this.#live && resuming) this.#onLive(true);
    }
  }

  /** @param {boolean} recovered */
  #onLive(recovered) {
    this.#live = true;
    this.#state = 'connected';
    this.#attempt = 0;
    this.#clearTimer('connect');
    this.#schedulePing();
    const session = /** @type {Session} */ (this.#session);
    this.emit('connected', { connectionId: session.connectionId, userId: this.userId, recovered });
    // Events the service has not acknowledged go again; ack ids make a repeat on the same connection a no-op, and
    // both events are idempotent anyway.
    for (const event of this.#events.values()) this.#sendRaw(this.#socket, event.frame);
    this.#flushAcks();
    void this.#catchUp();
  }

  /**
   * @param {number} code
   * @param {string} reason
   * @param {boolean} resuming
   */
  #onClosed(code, reason, resuming) {
    const wasLive = this.#live;
    this.#detach();
    if (this.#state === 'stopped') return;
    // The service ended the logical connection (a REST close, a full buffer, a failed recovery): start a new one.
    if (this.#sessionEnded || code === CLOSE_SESSION_ENDED || code === CLOSE_CLOSED) this.#session = null;
    if (wasLive) {
      this.#state = 'reconnecting';
      // The session's recovery window started no earlier than the last sign of life: after a sleep of hours the
      // service has long forgotten it, and trying to resume would only cost an attempt.
      if (this.#session) this.#session.droppedAt = Math.min(Date.now(), this.#lastMessageAt || Date.now());
      this.emit('disconnected', { code, reason: reason ?? '', willReconnect: true });
      this.#scheduleReconnect(true);
      return;
    }
    this.#attemptFailed(resuming);
  }

  /**
   * The attempt ended before the connection was ours. A failed resume means the session is gone; a failed new
   * connection most likely means the URL's token expired or was refused. Either way the next attempt negotiates.
   * @param {boolean} resuming
   */
  #attemptFailed(resuming) {
    if (resuming) this.#session = null;
    this.#negotiated = this.#negotiated && { ...this.#negotiated, expiresAtLocal: 0 };
    this.#state = 'reconnecting';
    this.#scheduleReconnect(false);
  }

  /**
   * Gives up on a socket without waiting for a close handshake that may never come (a dead network), then
   * reconnects.
   * @param {any} socket
   * @param {number} code
   * @param {string} reason
   * @param {boolean} resuming
   */
  #abandon(socket, code, reason, resuming) {
    try {
      if (typeof socket.terminate === 'function') socket.terminate();
      else socket.close(4000, reason);
    } catch {
      // Already closed.
    }
    this.#onClosed(code, reason, resuming);
  }

  /** Forgets the current socket: its later events are ignored. */
  #detach() {
    const socket = this.#socket;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = null;
      socket.onerror = () => {};
    }
    this.#socket = null;
    this.#live = false;
    this.#clearTimer('connect');
    this.#clearTimer('ping');
    this.#clearTimer('pong');
    this.#clearTimer('sequenceAck');
  }

  /**
   * @param {boolean} afterDrop the connection was up: retry soon, from the first backoff step
   * @param {number} [minimumMs] the server asked to wait this long
   */
  #scheduleReconnect(afterDrop, minimumMs) {
    if (this.#state === 'stopped') return;
    if (afterDrop) this.#attempt = 0;
    let delay = backoffDelay(this.#attempt++, this.#reconnect.initialDelayMs, this.#reconnect.maxDelayMs);
    if (minimumMs !== undefined) delay = Math.max(delay, minimumMs);
    // Offline: wait for the `online` event, but try now and then in case it never comes.
    if (this.#offline) delay = Math.max(delay, this.#reconnect.maxDelayMs);
    const run = this.#run;
    this.#setTimer('reconnect', delay, () => void this.#connect(run));
  }

  /** @param {Negotiated} negotiated */
  #expired(negotiated) {
    const margin = Math.min(30_000, negotiated.lifetimeMs / 10);
    return Date.now() >= negotiated.expiresAtLocal - margin;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Liveness: pings, and the browser's online/offline events

  #schedulePing() {
    this.#setTimer('ping', this.#ping.intervalMs, () => this.#probe());
  }

  /** Sends a ping; if nothing at all arrives within the timeout, the connection is dead. */
  #probe() {
    const socket = this.#socket;
    if (!socket || !this.#live) return;
    const sentAt = Date.now();
    this.#sendRaw(socket, '{"type":"ping"}');
    this.#setTimer('pong', this.#ping.timeoutMs, () => {
      if (this.#socket !== socket) return;
      if (this.#lastMessageAt >= sentAt) {
        // An answer proves the network is there, whatever an earlier `offline` event said.
        this.#offline = false;
        this.#schedulePing();
        return;
      }
      this.#abandon(socket, 4001, `no pong within ${this.#ping.timeoutMs} ms`, false);
    });
  }

  #listenToNetwork() {
    const target = globalThis;
    if (typeof target.addEventListener !== 'function') return;
    const onOnline = () => {
      this.#offline = false;
      if (this.#state === 'stopped') return;
      if (this.#live) {
        this.#probe();
      } else if (this.#timers.reconnect) {
        // Back online: try now rather than at the end of a long backoff.
        this.#attempt = 0;
        void this.#connect(this.#run);
      }
    };
    const onOffline = () => {
      this.#offline = true;
      // The socket may be dead or may survive (a brief blip); a ping settles it without a needless reconnect.
      if (this.#live) this.#probe();
    };
    target.addEventListener('online', onOnline);
    target.addEventListener('offline', onOffline);
    this.#offline = globalThis.navigator?.onLine === false;
    this.#removeNetworkListeners = () => {
      target.removeEventListener?.('online', onOnline);
      target.removeEventListener?.('offline', onOffline);
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Delivery: live pushes, catch-up, order and de-duplication

  /** @param {any} envelope */
  #onEnvelope(envelope) {
    if (!envelope || typeof envelope !== 'object') return;
    // Unknown envelope types are ignored.
    if (envelope.type === 'notification') this.#onPush(envelope);
    else this.emitUpdate(envelope);
  }

  /** @param {any} envelope */
  #onPush(envelope) {
    const notification = envelope.payload;
    if (!notification || typeof notification.id !== 'string') return;
    const sequence = envelope.sequence;
    if (typeof sequence !== 'number') {
      // Group and broadcast pushes carry no sequence of this user's inbox: deliver now; the catch-up that later
      // lists them with a sequence skips them by id.
      this.#deliver({ read: false, notification }, 'live');
      return;
    }
    const last = this.#lastSequence;
    if (last !== null && sequence <= last) return;
    if (last !== null && sequence === last + 1 && !this.#catchUpRunning && this.#pending.size === 0) {
      this.#deliver({ sequence, read: false, notification }, 'live');
      this.#setLastSequence(sequence);
      return;
    }
    // A gap (something was missed) or a catch-up in flight: never deliver out of order.
    this.#pending.set(sequence, { sequence, read: false, notification });
    void this.#catchUp();
  }

  /**
   * Reads the inbox after the last sequence, page by page until it has no more, then delivers the pushes that
   * arrived meanwhile if they follow on. Runs again while gaps remain.
   * @returns {Promise<void>}
   */
  #catchUp() {
    const run = this.#run;
    if (this.#catchUpRunning?.run === run) {
      this.#catchUpAgain = true;
      return this.#catchUpRunning.promise;
    }
    const work = async () => {
      try {
        do {
          this.#catchUpAgain = false;
          const before = this.#lastSequence;
          let more = true;
          while (more) {
            const after = this.#lastSequence ?? 0;
            const page = await this.#api.inbox({ after, limit: CATCH_UP_PAGE });
            if (run !== this.#run) return;
            const items = [...(page.items ?? [])].sort((a, b) => a.sequence - b.sequence);
            for (const item of items) {
              if (this.#lastSequence !== null && item.sequence <= this.#lastSequence) continue;
              this.#pending.delete(item.sequence);
              this.#deliver(item, 'catch-up');
              this.#setLastSequence(item.sequence);
            }
            // The cursor also covers expired entries the page skipped.
            if (typeof page.cursor === 'number' && page.cursor > (this.#lastSequence ?? 0)) this.#setLastSequence(page.cursor);
            more = page.hasMore === true && (this.#lastSequence ?? 0) > after;
          }
          const gap = this.#drainPending();
          if (gap && this.#lastSequence === before && !this.#catchUpAgain) {
            // The inbox does not (yet) hold what the push promised; look again shortly instead of spinning.
            this.#setTimer('catchUp', 1000, () => void this.#catchUp());
            break;
          }
          if (gap) this.#catchUpAgain = true;
        } while (this.#catchUpAgain && run === this.#run);
        if (run !== this.#run) return;
        this.emit('synced', { lastSequence: this.#lastSequence });
        if (this.#starting && this.#live) {
          this.#starting.resolve();
          this.#starting = null;
        }
      } catch (error) {
        if (run !== this.#run) return;
        this.#emitError(error);
        // Try again while connected; a reconnect catches up anyway.
        const delay = backoffDelay(2, this.#reconnect.initialDelayMs, this.#reconnect.maxDelayMs) + 250;
        this.#setTimer('catchUp', delay, () => {
          if (this.#live) void this.#catchUp();
        });
      }
    };
    /** @type {{ run: number, promise: Promise<void> }} */
    const running = { run, promise: Promise.resolve() };
    this.#catchUpRunning = running;
    running.promise = work().finally(() => {
      if (this.#catchUpRunning === running) this.#catchUpRunning = null;
    });
    return running.promise;
  }

  /**
   * Delivers the pushes that follow the last sequence without a gap and drops those already covered.
   * @returns {boolean} whether a gap remains
   */
  #drainPending() {
    for (const sequence of [...this.#pending.keys()].sort((a, b) => a - b)) {
      const last = this.#lastSequence ?? 0;
      if (sequence <= last) {
        this.#pending.delete(sequence);
      } else if (sequence === last + 1) {
        const item = /** @type {InboxItem} */ (this.#pending.get(sequence));
        this.#pending.delete(sequence);
        this.#deliver(item, 'live');
        this.#setLastSequence(sequence);
      } else {
        return true;
      }
    }
    return false;
  }

  /**
   * Emits a notification unless its id was delivered before, and queues its ack.
   * @param {Omit<DeliveredNotification, 'source'>} item
   * @param {'live' | 'catch-up'} source
   */
  #deliver(item, source) {
    const id = item.notification?.id;
    if (typeof id !== 'string' || this.#seen.has(id)) return;
    this.#seen.add(id);
    this.#ackQueue.add(id);
    this.#persistSoon();
    if (!this.#timers.ack) this.#setTimer('ack', ACK_BATCH_DELAY_MS, () => this.#flushAcks());
    /** @type {DeliveredNotification} */
    const delivered = { ...item, source };
    this.emit('notification', delivered);
  }

  /** @param {number} sequence */
  #setLastSequence(sequence) {
    if (this.#lastSequence !== null && sequence <= this.#lastSequence) return;
    this.#lastSequence = sequence;
    this.#persistSoon();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Client events: ack and read

  #flushAcks() {
    this.#clearTimer('ack');
    if (!this.#live || this.#ackQueue.size === 0) return;
    const ids = [...this.#ackQueue];
    this.#ackQueue.clear();
    for (const chunk of chunksOf(ids)) {
      this.#sendEvent('ack', chunk).catch((error) => {
        // The service could not record them (its handler failed): try once more with the next batch.
        for (const id of chunk) this.#ackQueue.add(id);
        this.#emitError(error);
      });
    }
  }

  /**
   * Sends an `event` with an ackId; resolves when the service acknowledges it. Unacknowledged events are sent again
   * after a reconnect.
   * @param {'ack' | 'read'} name
   * @param {string[]} ids
   * @param {number} [timeoutMs] reject (and forget the event) if no ack arrives in time
   * @returns {Promise<void>}
   */
  #sendEvent(name, ids, timeoutMs) {
    const ackId = ++this.#nextAckId;
    const frame = JSON.stringify({ type: 'event', event: name, dataType: 'json', data: { ids }, ackId });
    return new Promise((resolve, reject) => {
      /** @type {PendingEvent} */
      const pending = { frame, resolve, reject };
      if (timeoutMs !== undefined) {
        pending.timer = setTimeout(() => {
          this.#events.delete(ackId);
          reject(new Error(`No ack for the '${name}' event within ${timeoutMs} ms.`));
        }, timeoutMs);
      }
      this.#events.set(ackId, pending);
      if (this.#live) this.#sendRaw(this.#socket, frame);
    });
  }

  /** @param {any} message */
  #onEventAck(message) {
    const pending = this.#events.get(message.ackId);
    if (!pending) return;
    this.#events.delete(message.ackId);
    if (pending.timer) clearTimeout(pending.timer);
    // Duplicate: the service had processed it already (we sent it again after a reconnect).
    if (message.success || message.error?.name === ACK_DUPLICATE) pending.resolve();
    else pending.reject(new Error(`The service refused the event: ${message.error?.name ?? 'error'} ${message.error?.message ?? ''}`.trim()));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Storage: the last sequence and the ids seen, across reloads

  #storageKey() {
    return `notifier:${this.userId}`;
  }

  async #loadStorage() {
    const userId = this.userId;
    if (!this.#storage || !userId || this.#storageLoadedFor === userId) return;
    this.#storageLoadedFor = userId;
    try {
      const text = await this.#storage.get(this.#storageKey());
      if (!text) return;
      const saved = JSON.parse(text);
      if (Array.isArray(saved.seen)) this.#seen.load(saved.seen);
      if (Number.isInteger(saved.lastSequence)) this.#setLastSequence(saved.lastSequence);
    } catch (error) {
      this.#emitError(error);
    }
  }

  #persistSoon() {
    if (!this.#storage || this.#timers.persist) return;
    this.#setTimer('persist', 100, () => void this.#persistNow());
  }

  async #persistNow() {
    this.#clearTimer('persist');
    if (!this.#storage || !this.userId || this.#storageLoadedFor !== this.userId) return;
    try {
      await this.#storage.set(this.#storageKey(), JSON.stringify({ lastSequence: this.#lastSequence, seen: this.#seen.toArray() }));
    } catch (error) {
      this.#emitError(error);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Helpers

  /**
   * @param {any} socket
   * @param {string} text
   */
  #sendRaw(socket, text) {
    try {
      if (socket && socket.readyState === 1) socket.send(text);
    } catch {
      // The close event follows.
    }
  }

  /**
   * @param {string} name
   * @param {number} ms
   * @param {() => void} callback
   */
  #setTimer(name, ms, callback) {
    this.#clearTimer(name);
    this.#timers[name] = setTimeout(() => {
      this.#timers[name] = undefined;
      callback();
    }, ms);
  }

  /** @param {string} name */
  #clearTimer(name) {
    const timer = this.#timers[name];
    if (timer !== undefined) clearTimeout(timer);
    this.#timers[name] = undefined;
  }

  /** @param {unknown} error */
  #emitError(error) {
    this.emit('error', error instanceof Error ? error : new Error(String(error)));
  }
}

/** @param {unknown} data */
function parseJson(data) {
  if (typeof data !== 'string') return null;
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

/**
 * Accepts { get, set } or a Web Storage object (localStorage).
 * @param {any} storage
 * @returns {{ get: (key: string) => any, set: (key: string, value: string) => any } | null}
 */
function normalizeStorage(storage) {
  if (!storage) return null;
  if (typeof storage.get === 'function' && typeof storage.set === 'function') {
    return { get: (key) => storage.get(key), set: (key, value) => storage.set(key, value) };
  }
  if (typeof storage.getItem === 'function' && typeof storage.setItem === 'function') {
    return { get: (key) => storage.getItem(key), set: (key, value) => storage.setItem(key, value) };
  }
  throw new TypeError('storage needs get(key) and set(key, value) (or getItem/setItem).');
}
