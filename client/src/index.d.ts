// Type declarations of @notifier/client (hand-written; the implementation is plain JavaScript with JSDoc).

/** A notification as stored and pushed: the publisher's content plus the id, time and sender the service adds. */
export interface Notification {
  id: string;
  createdAt: string;
  sender?: string;
  type: string;
  title?: string;
  body?: string;
  url?: string;
  data?: unknown;
}

/** One entry of the user's inbox (GET /api/inbox). */
export interface InboxItem {
  /** The entry's place in this user's inbox: 1, 2, 3… without gaps. */
  sequence: number;
  read: boolean;
  readAt?: string;
  archived: boolean;
  archivedAt?: string;
  /** The user's preferences muted it when it arrived: kept and listed, but not pushed live and not counted unread. */
  muted: boolean;
  notification: Notification;
}

/** A notification handed to `notification` listeners: an inbox item, or a live push. */
export interface DeliveredNotification {
  /** The inbox sequence; absent on live group and broadcast pushes (they get one when the inbox takes them in). */
  sequence?: number;
  read: boolean;
  readAt?: string;
  /** Caught-up entries say whether the user muted them (live pushes never are): show them quietly. */
  muted?: boolean;
  notification: Notification;
  /** `live`: pushed over the connection; `catch-up`: read from the inbox after a (re)connect or a gap. */
  source: 'live' | 'catch-up';
}

/** A page of GET /api/inbox. */
export interface InboxPage {
  items: InboxItem[];
  /** Pass as `before` for the next (older) page of `list()`. */
  cursor: number;
  hasMore: boolean;
  /** The inbox's latest sequence. */
  latest: number;
}

/** How the client proves who the user is to the function app. */
export type NotifierAuth =
  | {
      /** Headers for every call; in development mode `{ 'X-Notifier-User': 'alice' }`. */
      headers: () => Record<string, string> | Promise<Record<string, string>>;
      getToken?: never;
    }
  | {
      /** A bearer token (Entra ID) for every call; called each time, so return a cached token while it is valid. */
      getToken: () => Promise<string>;
      headers?: never;
    };

/** Where the last sequence and the ids seen survive a reload. localStorage works as is. */
export type NotifierStorage =
  | { get(key: string): string | null | undefined | Promise<string | null | undefined>; set(key: string, value: string): void | Promise<void> }
  | { getItem(key: string): string | null; setItem(key: string, value: string): void };

/** The constructor of a browser-compatible WebSocket (the global one, or the `ws` package's on Node). */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: any) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: any) => void) | null;
};

export interface NotifierClientOptions {
  /** The function app, e.g. `https://notifier.example.com` or `http://localhost:7071`; empty for the page's origin. */
  baseUrl?: string;
  auth?: NotifierAuth;
  /** Defaults to `globalThis.WebSocket`. */
  WebSocket?: WebSocketConstructor;
  /** Defaults to `globalThis.fetch`. */
  fetch?: typeof fetch;
  reconnect?: {
    /** The first backoff step; delays are random in [0, min(max, initial * 2^attempt)). Default 500. */
    initialDelayMs?: number;
    /** The backoff cap. Default 30000. */
    maxDelayMs?: number;
    /** An attempt that is not connected by then is abandoned. Default 15000. */
    connectTimeoutMs?: number;
  };
  ping?: {
    /** How often the connection is probed with a ping. Default 20000. */
    intervalMs?: number;
    /** A connection that sends nothing back this long after a ping is dead, and is replaced. Default 10000. */
    timeoutMs?: number;
  };
  /** Persists the last sequence and the ids seen, so a reload neither repeats nor misses notifications. */
  storage?: NotifierStorage;
  /**
   * Where delivery starts when nothing is stored: `'latest'` (default) delivers only what arrives after `start()` (show
   * older ones with `list()`); a number delivers everything after that sequence (0: the whole inbox).
   */
  since?: 'latest' | number;
}

export type ConnectionState = 'stopped' | 'connecting' | 'connected' | 'reconnecting';

export interface ConnectedEvent {
  connectionId: string;
  userId: string | null;
  /** The reliable session was resumed: the service replayed what it had not delivered. */
  recovered: boolean;
}

export interface DisconnectedEvent {
  code: number;
  reason: string;
  willReconnect: boolean;
}

/** Another device of this user read these notifications (or this one did, through HTTP). */
export interface ReadEvent {
  ids: string[];
  readAt: string;
}

/** Another device of this user (or an HTTP call) marked these unread, moved them back into the inbox, or deleted them. */
export interface IdsEvent {
  ids: string[];
}

/** Another device of this user (or an HTTP call) archived these notifications. */
export interface ArchivedEvent {
  ids: string[];
  archivedAt: string;
}

/** What a user muted: a muted notification stays in the inbox but is not pushed live and not counted unread; `critical` ones ignore mutes. */
export interface Preferences {
  muted: {
    /** Notification types, e.g. `marketing.digest`; at most 100. */
    types: string[];
    /** Topic groups; at most 100. */
    groups: string[];
  };
}

/** Which entries a change applies to: ids, or every entry it applies to. */
export type IdsOrAll = string | string[] | { all: true };

/** A recipient read a notification this user sent with `receipt: true`. */
export interface ReceiptEvent {
  id: string;
  userId: string;
  readAt: string;
}

export interface SyncedEvent {
  lastSequence: number | null;
}

export interface NotifierClientEvents {
  notification: (item: DeliveredNotification) => void;
  read: (event: ReadEvent) => void;
  unread: (event: IdsEvent) => void;
  archived: (event: ArchivedEvent) => void;
  unarchived: (event: IdsEvent) => void;
  deleted: (event: IdsEvent) => void;
  /** The user's preferences changed (on this device or another). */
  preferences: (event: Preferences) => void;
  receipt: (event: ReceiptEvent) => void;
  connected: (event: ConnectedEvent) => void;
  disconnected: (event: DisconnectedEvent) => void;
  /** A catch-up finished: everything up to `lastSequence` has been delivered. */
  synced: (event: SyncedEvent) => void;
  /** Something failed; the client keeps running and retries where it can. */
  error: (error: Error) => void;
}

export declare const SUBPROTOCOL: 'json.reliable.webpubsub.azure.v1';

/** What both clients offer whatever the transport: the connection's state, the inbox, preferences and events. */
export interface NotifierInbox {
  /** The sequence of the last notification delivered in order; null until known. */
  readonly lastSequence: number | null;
  readonly state: ConnectionState;
  /** The signed-in user, once negotiated. */
  readonly userId: string | null;
  /** The current connection's id (Web PubSub or SignalR), while connected. */
  readonly connectionId: string | null;

  /** Starts (and keeps) the connection; resolves once connected and caught up. Rejects only if stop() comes first. */
  start(): Promise<void>;
  /** Closes the connection and stops reconnecting; a later start() catches up on what arrived meanwhile. */
  stop(): void;

  /** Marks notifications read (live on the connection, or HTTP when it is down). */
  markRead(ids: string | string[]): Promise<void>;
  /** Marks the whole inbox read; resolves to the ids this call marked. */
  markAllRead(): Promise<string[]>;
  /** Marks notifications unread again; resolves to the ids this call changed. */
  markUnread(ids: IdsOrAll): Promise<string[]>;
  /** Archives notifications: out of the default list and the unread count. */
  archive(ids: IdsOrAll): Promise<string[]>;
  /** Moves archived notifications back into the inbox. */
  unarchive(ids: IdsOrAll): Promise<string[]>;
  /** Deletes notifications from this user's inbox. */
  remove(ids: IdsOrAll): Promise<string[]>;
  getPreferences(): Promise<Preferences>;
  /** Replaces what the user muted; applies to the next notification, no reconnect needed. */
  setPreferences(preferences: Preferences): Promise<Preferences>;
  /** The inbox, newest first: pass the previous page's cursor as `before` for older entries; `archived: true` lists the archive. */
  list(options?: { before?: number; limit?: number; unread?: boolean; archived?: boolean }): Promise<InboxPage>;
  unreadCount(): Promise<number>;

  /** Adds a listener; returns a function that removes it. */
  on<E extends keyof NotifierClientEvents>(event: E, listener: NotifierClientEvents[E]): () => void;
  once<E extends keyof NotifierClientEvents>(event: E, listener: NotifierClientEvents[E]): () => void;
  off<E extends keyof NotifierClientEvents>(event: E, listener: NotifierClientEvents[E]): void;
}

/** The client over Azure Web PubSub's reliable protocol (the default transport). */
export declare class NotifierClient {
  constructor(options: NotifierClientOptions);
}
export interface NotifierClient extends NotifierInbox {}

export interface SignalRNotifierClientOptions {
  /** The `@microsoft/signalr` module (`import * as signalR from '@microsoft/signalr'`); this package does not bundle it. */
  signalR: any;
  /** The function app, e.g. `https://notifier.example.com`; empty for the page's origin. */
  baseUrl?: string;
  auth?: NotifierAuth;
  /** Defaults to `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** The WebSocket constructor `@microsoft/signalr` opens connections with; defaults to its own (the browser's, or `ws` on Node). */
  WebSocket?: any;
  /** Back-off between reconnect attempts: random in [0, min(max, initial * 2^attempt)). Defaults 500 and 30000. */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number };
  /** Where delivery starts: `'latest'` (default) or a sequence number (0: the whole inbox). */
  since?: 'latest' | number;
  /**
   * How long the connection may go without a message (the service's pings included) before it counts as dead and the
   * client reconnects. Defaults to `@microsoft/signalr`'s 30000; keep it at least twice the service's keep-alive
   * interval (15 s on Azure SignalR Service).
   */
  serverTimeoutMs?: number;
}

/**
 * The client for an app that runs `Notifier:Transport=SignalR` (Azure SignalR Service, serverless): the same events
 * and inbox methods as `NotifierClient`, over a `@microsoft/signalr` HubConnection. It reconnects with back-off for
 * as long as it runs and, after every (re)connect, reads the inbox after the last sequence it delivered.
 */
export declare class SignalRNotifierClient {
  constructor(options: SignalRNotifierClientOptions);
}
export interface SignalRNotifierClient extends NotifierInbox {}

/** An HTTP call to the Notifier API failed. */
export declare class NotifierHttpError extends Error {
  readonly status: number;
  /** The RFC 9457 problem-details body, when there was one. */
  readonly problem: unknown;
  /** How long the server asked the client to wait (429, 503). */
  readonly retryAfterMs: number | undefined;
}

/** The reconnect delay for an attempt: random in [0, min(maxDelayMs, initialDelayMs * 2^attempt)). */
export declare function backoffDelay(attempt: number, initialDelayMs: number, maxDelayMs: number, random?: () => number): number;
