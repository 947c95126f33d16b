// The Notifier client over Azure SignalR Service (serverless mode): the sibling of client.js for apps that run
// Notifier:Transport=SignalR. Same events and inbox methods; the connection is Microsoft's @microsoft/signalr
// HubConnection, which the caller passes in (this folder imports nothing from outside, so browsers load it as is).

import { backoffDelay } from './backoff.js';
import { chunksOf, createClientApi, InboxClient } from './inbox.js';
import { SeenIds } from './seen.js';

const CATCH_UP_PAGE = 100;
const SEEN_CAPACITY = 1000;
const ACK_BATCH_DELAY_MS = 50;

/**
 * @typedef {import('./index.js').SignalRNotifierClientOptions} SignalRNotifierClientOptions
 * @typedef {import('./index.js').ConnectionState} ConnectionState
 * @typedef {import('./index.js').DeliveredNotification} DeliveredNotification
 * @typedef {import('./http.js').Negotiated} Negotiated
 */

/**
 * A real-time notification client for one signed-in user, over SignalR Service.
 *
 * ```js
 * import * as signalR from '@microsoft/signalr';
 * const client = new SignalRNotifierClient({ signalR, baseUrl: 'http://localhost:7071', auth: { headers: () => ({ 'X-Notifier-User': 'alice' }) } });
 * client.on('notification', (item) => console.log(item.notification.title));
 * await client.start();
 * ```
 *
 * After every (re)connect the app says `ready` once the connection is in its groups; the client then reads the inbox
 * after the last sequence it delivered, so nothing pushed while it was away (or before it joined) is missed.
 */
export class SignalRNotifierClient extends InboxClient {
  #api;
  #signalR;
  #WebSocket;
  #reconnect;
  #serverTimeoutMs;
  #since;
  /** @type {ConnectionState} */
  #state = 'stopped';
  #run = 0;
  /** @type {any} */
  #connection = null;
  /** @type {Negotiated | null} */
  #negotiated = null;
  /** @type {number | null} */
  #lastSequence = null;
  #seen = new SeenIds(SEEN_CAPACITY);
  /** @type {Promise<void> | null} */
  #catchUpRunning = null;
  #catchUpAgain = false;
  /** @type {Set<string>} */
  #ackQueue = new Set();
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #ackTimer;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #retryTimer;
  /** @type {{ resolve: () => void, reject: (e: Error) => void, promise: Promise<void> } | null} */
  #starting = null;

  /** @param {SignalRNotifierClientOptions} options */
  constructor(options) {
    const api = createClientApi(options);
    // The callback runs only once constructed, when `this` is there.
    super(api, (ids) => this.#sendRead(ids));
    this.#api = api;
    if (typeof options.signalR?.HubConnectionBuilder !== 'function') {
      throw new TypeError("Pass the @microsoft/signalr module as options.signalR (import * as signalR from '@microsoft/signalr').");
    }
    this.#signalR = options.signalR;
    this.#WebSocket = options.WebSocket;
    this.#reconnect = {
      initialDelayMs: options.reconnect?.initialDelayMs ?? 500,
      maxDelayMs: options.reconnect?.maxDelayMs ?? 30_000,
    };
    // How long the connection may stay silent before it counts as dead: @microsoft/signalr's default (30 s) unless
    // the service pings more often than Azure SignalR Service's 15 s (the local stack's emulator can).
    const serverTimeoutMs = options.serverTimeoutMs;
    if (serverTimeoutMs !== undefined && !(Number.isFinite(serverTimeoutMs) && serverTimeoutMs > 0)) {
      throw new TypeError('serverTimeoutMs must be a positive number of milliseconds.');
    }
    this.#serverTimeoutMs = serverTimeoutMs;
    this.#since = options.since ?? 'latest';
  }

  get lastSequence() {
    return this.#lastSequence;
  }

  /** @returns {ConnectionState} */
  get state() {
    return this.#state;
  }

  get userId() {
    return this.#negotiated?.userId ?? null;
  }

  get connectionId() {
    return this.#connection?.connectionId ?? null;
  }

  /** Starts (and keeps) the connection; resolves once connected and caught up. */
  start() {
    if (this.#starting) return this.#starting.promise;
    if (this.#state !== 'stopped') return Promise.resolve();
    const run = ++this.#run;
    /** @type {any} */
    const starting = {};
    starting.promise = new Promise((resolve, reject) => Object.assign(starting, { resolve, reject }));
    starting.promise.catch(() => {});
    this.#starting = starting;
    this.#state = 'connecting';
    void this.#connect(run, 0);
    return starting.promise;
  }

  /** Closes the connection and stops reconnecting; a later start() catches up on what arrived meanwhile. */
  stop() {
    if (this.#state === 'stopped') return;
    const wasConnected = this.#state === 'connected';
    this.#run++;
    clearTimeout(this.#retryTimer);
    this.#flushAcks();
    const connection = this.#connection;
    this.#connection = null;
    this.#state = 'stopped';
    this.#starting?.reject(new Error('stopped'));
    this.#starting = null;
    if (connection) void connection.stop().catch(() => {});
    // As NotifierClient does: a page that shows the connection's state hears that it ended, and why.
    if (wasConnected) this.emit('disconnected', { code: 1000, reason: 'client stopped', willReconnect: false });
  }

  /**
   * A `read` invocation on the hub connection, when it is up: the app updates the inbox, tells the user's other
   * devices and sends receipts to senders who asked.
   * @param {string[]} ids
   * @returns {Promise<boolean>} false when it must go over HTTP (disconnected, or the connection went away mid-call)
   */
  async #sendRead(ids) {
    if (this.#connection?.state !== this.#signalR.HubConnectionState.Connected) return false;
    try {
      await this.#connection.invoke('read', { ids });
      return true;
    } catch {
      return false;
    }
  }

  /** Negotiates when the token is missing or near its end; SignalR asks for it on every (re)connect. */
  async #token() {
    const negotiated = this.#negotiated;
    if (!negotiated || Date.now() >= negotiated.expiresAtLocal - Math.min(30_000, negotiated.lifetimeMs / 10)) {
      this.#negotiated = await this.#api.negotiate();
    }
    const token = /** @type {Negotiated} */ (this.#negotiated).accessToken;
    if (!token) throw new Error('negotiate answered without an accessToken: the app runs the Web PubSub transport; use NotifierClient.');
    return token;
  }

  /**
   * @param {number} run
   * @param {number} attempt
   */
  async #connect(run, attempt) {
    try {
      await this.#token();
      if (run !== this.#run) return;
      if (this.#lastSequence === null && this.#since === 'latest') {
        // Only what arrives from now on is delivered as it comes (as NotifierClient does). The mark is taken before
        // the connection opens: taken by the first catch-up, it would count a push that came before `ready` as history.
        const latest = (await this.#api.inbox({ limit: 1 })).latest ?? 0;
        if (run !== this.#run) return;
        this.#lastSequence ??= latest;
      }
      const signalR = this.#signalR;
      const builder = new signalR.HubConnectionBuilder();
      if (this.#serverTimeoutMs !== undefined) builder.withServerTimeout(this.#serverTimeoutMs);
      const connection = builder
        .withUrl(/** @type {Negotiated} */ (this.#negotiated).url, {
          accessTokenFactory: () => this.#token(),
          transport: signalR.HttpTransportType.WebSockets,
          // undefined: @microsoft/signalr's own (the browser's, or the ws package on Node).
          WebSocket: this.#WebSocket,
        })
        // Never give up: back off up to the cap, as the Web PubSub client does.
        .withAutomaticReconnect({
          nextRetryDelayInMilliseconds: (/** @type {{ previousRetryCount: number, retryReason?: Error }} */ context) => {
            // The service refused the token (expired early, revoked, a wrong clock): the next attempt negotiates anew.
            if (isTokenRefused(context.retryReason)) this.#negotiated = null;
            return backoffDelay(context.previousRetryCount, this.#reconnect.initialDelayMs, this.#reconnect.maxDelayMs);
          },
        })
        .configureLogging(signalR.LogLevel.None)
        .build();
      connection.on('notify', (/** @type {any} */ envelope) => this.#onEnvelope(envelope));
      connection.on('ready', () => void this.#catchUp(run));
      connection.onreconnecting((/** @type {Error | undefined} */ error) => {
        if (run !== this.#run) return;
        this.#state = 'reconnecting';
        this.emit('disconnected', { code: 1006, reason: error?.message ?? '', willReconnect: true });
      });
      connection.onreconnected(() => {
        if (run !== this.#run) return;
        this.#state = 'connected';
        this.emit('connected', { connectionId: connection.connectionId ?? '', userId: this.userId, recovered: false });
        this.#scheduleAcks();
      });
      connection.onclose((/** @type {Error | undefined} */ error) => {
        if (run !== this.#run) return;
        // Automatic reconnect ran out (or the service refused it): start over with a new connection.
        this.#connection = null;
        this.#state = 'reconnecting';
        this.emit('disconnected', { code: 1006, reason: error?.message ?? '', willReconnect: true });
        this.#retry(run, 0);
      });
      this.#connection = connection;
      await connection.start();
      if (run !== this.#run) {
        void connection.stop();
        return;
      }
      this.#state = 'connected';
      this.emit('connected', { connectionId: connection.connectionId ?? '', userId: this.userId, recovered: false });
      this.#scheduleAcks();
    } catch (error) {
      if (run !== this.#run) return;
      this.#connection = null;
      if (isTokenRefused(error)) this.#negotiated = null;
      this.emit('error', /** @type {Error} */ (error));
      this.#state = 'reconnecting';
      this.#retry(run, attempt + 1);
    }
  }

  /**
   * @param {number} run
   * @param {number} attempt
   */
  #retry(run, attempt) {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => void this.#connect(run, attempt), backoffDelay(attempt, this.#reconnect.initialDelayMs, this.#reconnect.maxDelayMs));
  }

  /** @param {any} envelope */
  #onEnvelope(envelope) {
    if (!envelope || typeof envelope !== 'object' || this.emitUpdate(envelope)) return;
    if (envelope.type === 'notification' && typeof envelope.payload?.id === 'string') {
      const sequence = envelope.sequence;
      if (typeof sequence !== 'number') {
        // Group and broadcast pushes: no sequence of this inbox; the catch-up that lists them later skips them by id.
        this.#deliver({ read: false, notification: envelope.payload }, 'live');
      } else if (this.#lastSequence !== null && sequence === this.#lastSequence + 1 && !this.#catchUpRunning) {
        this.#deliver({ sequence, read: false, notification: envelope.payload }, 'live');
        this.#lastSequence = sequence;
      } else if (this.#lastSequence === null || sequence > this.#lastSequence) {
        // A gap, or a catch-up in flight: the inbox delivers it in order.
        void this.#catchUp(this.#run);
      }
    }
  }

  /** @param {number} run */
  #catchUp(run) {
    if (this.#catchUpRunning) {
      this.#catchUpAgain = true;
      return this.#catchUpRunning;
    }
    const work = async () => {
      try {
        if (this.#lastSequence === null) {
          this.#lastSequence = this.#since === 'latest' ? (await this.#api.inbox({ limit: 1 })).latest ?? 0 : this.#since;
        }
        do {
          this.#catchUpAgain = false;
          let more = true;
          while (more && run === this.#run) {
            const after = this.#lastSequence ?? 0;
            const page = await this.#api.inbox({ after, limit: CATCH_UP_PAGE });
            for (const item of [...(page.items ?? [])].sort((a, b) => a.sequence - b.sequence)) {
              if (item.sequence <= (this.#lastSequence ?? 0)) continue;
              this.#deliver(item, 'catch-up');
              this.#lastSequence = item.sequence;
            }
            if (typeof page.cursor === 'number' && page.cursor > (this.#lastSequence ?? 0)) this.#lastSequence = page.cursor;
            more = page.hasMore === true && (this.#lastSequence ?? 0) > after;
          }
        } while (this.#catchUpAgain && run === this.#run);
        if (run !== this.#run) return;
        this.emit('synced', { lastSequence: this.#lastSequence });
        this.#starting?.resolve();
        this.#starting = null;
      } catch (error) {
        if (run !== this.#run) return;
        this.emit('error', /** @type {Error} */ (error));
        setTimeout(() => void this.#catchUp(run), backoffDelay(2, this.#reconnect.initialDelayMs, this.#reconnect.maxDelayMs) + 250);
      }
    };
    this.#catchUpRunning = work().finally(() => {
      this.#catchUpRunning = null;
    });
    return this.#catchUpRunning;
  }

  /**
   * @param {Omit<DeliveredNotification, 'source'>} item
   * @param {'live' | 'catch-up'} source
   */
  #deliver(item, source) {
    const id = item.notification.id;
    if (this.#seen.has(id)) return;
    this.#seen.add(id);
    this.#ackQueue.add(id);
    this.#scheduleAcks();
    this.emit('notification', { ...item, source });
  }

  #scheduleAcks() {
    if (this.#ackQueue.size) this.#ackTimer ??= setTimeout(() => this.#flushAcks(), ACK_BATCH_DELAY_MS);
  }

  #flushAcks() {
    clearTimeout(this.#ackTimer);
    this.#ackTimer = undefined;
    const connection = this.#connection;
    // Without a connection the acks stay queued for the next, which flushes them once connected: an ack is what
    // counts a delivery.
    if (!this.#ackQueue.size || connection?.state !== this.#signalR.HubConnectionState.Connected) return;
    const ids = [...this.#ackQueue];
    this.#ackQueue.clear();
    for (const chunk of chunksOf(ids)) {
      connection.invoke('ack', { ids: chunk }).catch((/** @type {Error} */ error) => {
        if (this.#connection === connection && connection.state === this.#signalR.HubConnectionState.Connected) {
          // The app refused it: report, do not resend.
          this.emit('error', error);
        } else {
          // The connection dropped (or stop() closed it) with the ack in flight: not an error, send it again later.
          for (const id of chunk) this.#ackQueue.add(id);
        }
      });
    }
  }
}

/**
 * Whether a failed (re)connect was SignalR Service refusing the access token: its negotiate answers 401, which
 * @microsoft/signalr reports only in the error's text.
 * @param {unknown} error
 */
function isTokenRefused(error) {
  return error instanceof Error && /Status code '401'/.test(error.message);
}
