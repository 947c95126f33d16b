// The function app's HTTP API as the client uses it: negotiate and the inbox.

/** An HTTP call to the Notifier API failed with a status code; `problem` is the RFC 9457 body when there was one. */
export class NotifierHttpError extends Error {
  /**
   * @param {string} message
   * @param {number} status
   * @param {any} problem
   * @param {number | undefined} retryAfterMs
   */
  constructor(message, status, problem, retryAfterMs) {
    super(message);
    this.name = 'NotifierHttpError';
    /** @type {number} */
    this.status = status;
    /** @type {any} */
    this.problem = problem;
    /** @type {number | undefined} how long the server asked us to wait (429, 503) */
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * @typedef {object} Negotiated
 * @property {string} url the Web PubSub client URL (with its access token), or the SignalR hub's client URL
 * @property {string | undefined} accessToken the SignalR client token (SignalR transport only)
 * @property {string} userId
 * @property {string[]} groups
 * @property {string} expiresAt as the server sent it
 * @property {number} expiresAtLocal when the URL's token expires, on this machine's clock
 * @property {number} lifetimeMs the token's lifetime when it was issued
 */

/**
 * @param {{ baseUrl: string, auth?: import('./index.js').NotifierAuth, fetch: typeof fetch }} options
 */
export function createApi({ baseUrl, auth, fetch }) {
  const root = (baseUrl ?? '').replace(/\/+$/, '');

  /** @returns {Promise<Record<string, string>>} */
  async function authHeaders() {
    if (!auth) return {};
    if (typeof auth.getToken === 'function') {
      const token = await auth.getToken();
      return token ? { Authorization: `Bearer ${token}` } : {};
    }
    if (typeof auth.headers === 'function') return { ...(await auth.headers()) };
    return {};
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @returns {Promise<{ body: any, response: Response }>}
   */
  async function call(method, path, body) {
    /** @type {Record<string, string>} */
    const headers = { Accept: 'application/json', ...(await authHeaders()) };
    /** @type {RequestInit} */
    const init = { method, headers };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(root + path, init);
    const text = await response.text();
    let parsed = null;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (!response.ok) {
      const detail = parsed && typeof parsed === 'object' ? parsed.detail ?? parsed.title : parsed;
      throw new NotifierHttpError(
        `${method} ${path} failed with ${response.status}${detail ? `: ${detail}` : ''}`,
        response.status,
        parsed,
        retryAfter(response.headers.get('Retry-After')),
      );
    }
    return { body: parsed, response };
  }

  return {
    /**
     * POST /api/negotiate. The expiry is converted to this machine's clock through the response's Date header, so a
     * wrong local clock does not make a fresh URL look expired (or an old one look fresh).
     * @returns {Promise<Negotiated>}
     */
    async negotiate() {
      const sent = Date.now();
      const { body, response } = await call('POST', '/api/negotiate');
      if (!body || typeof body.url !== 'string') throw new Error('negotiate answered without a url');
      const received = Date.now();
      const expires = Date.parse(body.expiresAt);
      const serverNow = Date.parse(response.headers.get('Date') ?? '') || (sent + received) / 2;
      const lifetimeMs = Number.isFinite(expires) ? Math.max(0, expires - serverNow) : Number.POSITIVE_INFINITY;
      return {
        url: body.url,
        // Set when the app runs the SignalR transport: the serverless negotiate's token for url.
        accessToken: typeof body.accessToken === 'string' ? body.accessToken : undefined,
        userId: body.userId,
        groups: Array.isArray(body.groups) ? body.groups : [],
        expiresAt: body.expiresAt,
        expiresAtLocal: sent + lifetimeMs,
        lifetimeMs,
      };
    },

    /**
     * GET /api/inbox.
     * @param {{ after?: number, before?: number, limit?: number, unread?: boolean, archived?: boolean }} query
     * @returns {Promise<import('./index.js').InboxPage>}
     */
    async inbox(query) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        if (value !== undefined && value !== null) params.set(key, String(value));
      }
      const qs = params.toString();
      return (await call('GET', `/api/inbox${qs ? `?${qs}` : ''}`)).body;
    },

    /**
     * POST /api/inbox/read.
     * @param {{ ids: string[] } | { all: true }} body
     * @returns {Promise<string[]>} the ids this call marked read
     */
    async markRead(body) {
      return (await call('POST', '/api/inbox/read', body)).body?.marked ?? [];
    },

    /**
     * POST /api/inbox/{unread|archive|unarchive|delete}.
     * @param {'unread' | 'archive' | 'unarchive' | 'delete'} action
     * @param {{ ids: string[] } | { all: true }} body
     * @returns {Promise<string[]>} the ids this call changed
     */
    async change(action, body) {
      return (await call('POST', `/api/inbox/${action}`, body)).body?.changed ?? [];
    },

    /** @returns {Promise<import('./index.js').Preferences>} GET /api/preferences */
    async preferences() {
      return (await call('GET', '/api/preferences')).body;
    },

    /**
     * PUT /api/preferences.
     * @param {import('./index.js').Preferences} preferences
     * @returns {Promise<import('./index.js').Preferences>} what was stored
     */
    async setPreferences(preferences) {
      return (await call('PUT', '/api/preferences', preferences)).body;
    },

    /** @returns {Promise<number>} GET /api/inbox/unread-count */
    async unreadCount() {
      return (await call('GET', '/api/inbox/unread-count')).body?.unread ?? 0;
    },
  };
}

/**
 * @param {string | null} value seconds or an HTTP date
 * @returns {number | undefined}
 */
function retryAfter(value) {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}
