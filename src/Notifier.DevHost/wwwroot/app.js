// The Notifier demo page, served by the local stack (src/Notifier.DevHost). It signs in as any user (development mode),
// keeps a bell with the unread count (also in the tab's title), lists the inbox in All / Unread / Archived tabs, marks
// notifications read or unread and archives them, raises a browser notification while the tab is hidden (once the user
// allowed it), shows an offline banner within two seconds of losing the connection, and sends notifications through the
// publish API. Everything real-time goes through the client library, loaded as an ES module from the repository's
// client/src (served at /client/). The page works on either transport the stack runs (`--transport`): at sign-in it asks
// negotiate, and takes NotifierClient for Web PubSub or SignalRNotifierClient, on @microsoft/signalr's browser build
// (served at /lib/signalr/), for SignalR Service.
import { NotifierClient, SignalRNotifierClient, backoffDelay } from '/client/index.js';

const USER_KEY = 'notifier-demo:user';
const ROLES_KEY = 'notifier-demo:roles';
const USER_PATTERN = /^[A-Za-z0-9._:@-]{1,128}$/;
const PAGE_SIZE = 20;
const TOAST_MS = 6000;

// A dead connection is noticed within interval + timeout: the banner must show within two seconds. On SignalR the
// stack's emulator pings instead, and its config says how long a silence may last (signalRServerTimeoutMs).
const PING = { intervalMs: 700, timeoutMs: 800 };
const SIGNALR_SCRIPT = '/lib/signalr/signalr.min.js';
const TRANSPORT_NAMES = { WebPubSub: 'Web PubSub', SignalR: 'SignalR' };

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

const ui = {
  session: $('session'),
  connection: $('connection'),
  connectionLabel: $('connection-label'),
  transport: $('transport'),
  transportName: $('transport-name'),
  bell: /** @type {HTMLButtonElement} */ ($('bell')),
  badge: $('badge'),
  panel: $('inbox-panel'),
  inbox: $('inbox'),
  inboxView: $('inbox-view'),
  inboxEmpty: $('inbox-empty'),
  tabs: /** @type {HTMLButtonElement[]} */ ([...document.querySelectorAll('.tab')]),
  alerts: $('alerts'),
  enableAlerts: /** @type {HTMLButtonElement} */ ($('enable-alerts')),
  alertsStatus: $('alerts-status'),
  offlineBanner: $('offline-banner'),
  retry: /** @type {HTMLButtonElement} */ ($('retry')),
  markAll: /** @type {HTMLButtonElement} */ ($('mark-all')),
  loadMore: /** @type {HTMLButtonElement} */ ($('load-more')),
  avatar: $('avatar'),
  userName: $('user-name'),
  signOut: $('sign-out'),
  signIn: $('sign-in'),
  signInForm: /** @type {HTMLFormElement} */ ($('sign-in-form')),
  signInUser: /** @type {HTMLInputElement} */ ($('sign-in-user')),
  signInRoles: /** @type {HTMLInputElement} */ ($('sign-in-roles')),
  signInError: $('sign-in-error'),
  modeNotice: $('mode-notice'),
  workspace: $('workspace'),
  composeForm: /** @type {HTMLFormElement} */ ($('compose-form')),
  recipient: /** @type {HTMLInputElement} */ ($('recipient')),
  recipientField: $('recipient-field'),
  recipientLabel: $('recipient-label'),
  recipientHint: $('recipient-hint'),
  recipientOptions: $('recipient-options'),
  title: /** @type {HTMLInputElement} */ ($('title')),
  body: /** @type {HTMLTextAreaElement} */ ($('body')),
  link: /** @type {HTMLInputElement} */ ($('link')),
  type: /** @type {HTMLInputElement} */ ($('type')),
  receipt: /** @type {HTMLInputElement} */ ($('receipt')),
  send: /** @type {HTMLButtonElement} */ ($('send')),
  composeError: $('compose-error'),
  composeStatus: $('compose-status'),
  activity: $('activity'),
  toasts: $('toasts'),
};

/**
 * What this stack tells the page (GET /demo/config.json): the users mode, the topic groups, the publisher key and how
 * long a SignalR connection may be silent here.
 * @type {{ apiKey?: string, usersMode?: string, userHeader: string, rolesHeader: string, groups: string[], signalRServerTimeoutMs?: number }}
 */
let config = { userHeader: 'X-Notifier-User', rolesHeader: 'X-Notifier-Roles', groups: [] };

/**
 * The signed-in user's state, from the moment the page knows the transport. Items are kept newest first, as the inbox
 * returns them; `byId` finds them and their list elements.
 * @typedef {'WebPubSub' | 'SignalR'} Transport
 * @typedef {{ id: string, read: boolean, readAt?: string, archived: boolean, muted: boolean, sequence?: number, notification: any, receivedAt?: number }} Item
 * @type {null | {
 *   user: string, roles: string, transport: Transport, client: NotifierClient | SignalRNotifierClient, view: 'all' | 'unread' | 'archived', items: Item[], byId: Map<string, Item>,
 *   elements: Map<string, HTMLLIElement>, cursor: number | null, hasMore: boolean, unread: number,
 *   countEpoch: number, countTimer?: ReturnType<typeof setTimeout>, sent: Map<string, string>, stopped: boolean
 * }}
 */
let session = null;

/** Counts sign-ins and sign-outs, so that a sign-in still asking for the transport knows when it has been abandoned. */
let signInRun = 0;

/** @type {Promise<any> | undefined} @microsoft/signalr, once its script is loaded */
let signalRModule;

main();

async function main() {
  try {
    const response = await fetch('/demo/config.json', { cache: 'no-store' });
    if (response.ok) config = { ...config, ...(await response.json()) };
  } catch {
    // The page still works against a function app without the local stack's config endpoint, minus sending.
  }

  if (config.usersMode && config.usersMode.toLowerCase() !== 'development') {
    ui.modeNotice.textContent = `The function app identifies users in ${config.usersMode} mode, so this page cannot sign you in. ` +
      'Run the local stack with Notifier:Users:Mode=Development (the default in local.settings.sample.json).';
    ui.modeNotice.hidden = false;
  }

  for (const group of config.groups ?? []) {
    const option = document.createElement('option');
    option.value = group;
    ui.recipientOptions.append(option);
  }

  wireSignIn();
  wirePanel();
  wireTabs();
  wireAlerts();
  ui.retry.addEventListener('click', retryNow);
  wireCompose();
  setInterval(updateTimes, 30_000);

  // ?user=alice (and &roles=ops) signs in directly; otherwise the last user of this browser is signed in again.
  const params = new URLSearchParams(location.search);
  const user = params.get('user') ?? localStorage.getItem(USER_KEY);
  const roles = params.get('roles') ?? (params.has('user') ? '' : localStorage.getItem(ROLES_KEY) ?? '');
  if (params.has('user') || params.has('roles')) history.replaceState(null, '', location.pathname);
  if (user && USER_PATTERN.test(user)) {
    signIn(user, roles);
  } else {
    showSignIn();
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Signing in and out

function wireSignIn() {
  ui.signInForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const user = ui.signInUser.value.trim();
    if (!USER_PATTERN.test(user)) {
      ui.signInUser.setAttribute('aria-invalid', 'true');
      showError(ui.signInError, user ? 'A user name is 1 to 128 letters, digits or . _ : @ -' : 'Enter a user name.');
      ui.signInUser.focus();
      return;
    }
    ui.signInUser.removeAttribute('aria-invalid');
    ui.signInError.hidden = true;
    signIn(user, ui.signInRoles.value);
  });
  ui.signOut.addEventListener('click', signOut);
}

function showSignIn() {
  ui.session.hidden = true;
  ui.workspace.hidden = true;
  ui.signIn.hidden = false;
  ui.offlineBanner.hidden = true;
  document.title = 'Sign in · Notifier local demo';
  ui.signInUser.value = '';
  ui.signInUser.focus();
}

/**
 * @param {string} user
 * @param {string} roles
 */
function signIn(user, roles) {
  roles = roles.split(',').map((r) => r.trim()).filter(Boolean).join(',');
  localStorage.setItem(USER_KEY, user);
  localStorage.setItem(ROLES_KEY, roles);

  /** @type {Record<string, string>} */
  const headers = { [config.userHeader]: user };
  if (roles) headers[config.rolesHeader] = roles;
  const run = ++signInRun;

  ui.signIn.hidden = true;
  ui.session.hidden = false;
  ui.workspace.hidden = false;
  ui.userName.textContent = user;
  ui.avatar.textContent = user.slice(0, 1).toUpperCase();
  ui.avatar.style.setProperty('--avatar', `hsl(${hue(user)} 62% 48%)`);
  ui.recipient.value = user;
  ui.inbox.replaceChildren();
  ui.activity.replaceChildren();
  showTransport(null);
  selectTab('all', false);
  setConnection('connecting');
  setUnread(0);
  document.title = `${user} · Notifier local demo`;
  renderList();

  void startSession(run, user, roles, headers);
}

/**
 * Asks which transport the app runs, then starts the matching client. Until then the page shows "Connecting…".
 * @param {number} run
 * @param {string} user
 * @param {string} roles
 * @param {Record<string, string>} headers
 */
async function startSession(run, user, roles, headers) {
  const abandoned = () => run !== signInRun;
  const transport = await detectTransport(headers, abandoned);
  if (!transport) return;
  /** @type {NotifierClient | SignalRNotifierClient} */
  let client;
  try {
    client = transport === 'SignalR'
      ? new SignalRNotifierClient({ signalR: await loadSignalR(), baseUrl: '', auth: { headers: () => headers }, serverTimeoutMs: config.signalRServerTimeoutMs })
      : new NotifierClient({ baseUrl: '', auth: { headers: () => headers }, ping: PING });
  } catch (error) {
    if (abandoned()) return;
    setConnection('offline');
    reportError(`Could not start the ${TRANSPORT_NAMES[transport]} client`, error);
    return;
  }
  if (abandoned()) return;

  // A tab chosen while the page asked for the transport is the view to load.
  const view = /** @type {'all' | 'unread' | 'archived'} */ (ui.tabs.find((t) => t.getAttribute('aria-selected') === 'true')?.dataset.view ?? 'all');
  session = {
    user, roles, transport, client, view, items: [], byId: new Map(), elements: new Map(), cursor: null, hasMore: false, unread: 0,
    countEpoch: 0, sent: new Map(), stopped: false,
  };
  showTransport(transport);

  const current = session;
  client.on('connected', () => {
    if (session !== current) return;
    setConnection('connected');
    // After every (re)connect the inbox is the truth: what arrived meanwhile, and what other devices read.
    void refresh(current);
  });
  client.on('disconnected', (event) => {
    if (session !== current) return;
    setConnection(event.willReconnect ? 'reconnecting' : 'offline');
  });
  client.on('notification', (delivered) => {
    if (session !== current) return;
    onNotification(current, delivered);
  });
  client.on('read', (event) => {
    if (session !== current) return;
    applyRead(current, event.ids ?? [], event.readAt);
    syncCount(current);
  });
  client.on('unread', (event) => {
    if (session !== current) return;
    applyUnread(current, event.ids ?? []);
    syncCount(current);
  });
  // Archived elsewhere: it leaves the All and Unread views; back in the inbox: it leaves the Archived view.
  client.on('archived', (event) => {
    if (session !== current) return;
    if (current.view === 'archived') void refresh(current);
    else removeItems(current, event.ids ?? []);
    syncCount(current);
  });
  client.on('unarchived', (event) => {
    if (session !== current) return;
    if (current.view === 'archived') removeItems(current, event.ids ?? []);
    else void refresh(current);
    syncCount(current);
  });
  client.on('deleted', (event) => {
    if (session !== current) return;
    removeItems(current, event.ids ?? []);
    syncCount(current);
  });
  client.on('receipt', (event) => {
    if (session !== current) return;
    const title = current.sent.get(event.id);
    addActivity('receipt', `${event.userId} read ${title ? `“${title}”` : 'your notification'}`, event.readAt);
  });
  client.on('error', (error) => {
    if (session !== current) return;
    console.warn('Notifier client:', error);
    if (error?.status === 401 || error?.status === 403) {
      toast('Signed out by the server', error.problem?.detail ?? error.message, 'error');
    }
  });

  // The first page and the count load while the connection opens; `connected` refreshes them once it is up.
  void refresh(current);
  client.start().catch(() => {
    // Rejects only when stopped first (signing out).
  });
}

function signOut() {
  signInRun++;
  if (session) {
    session.stopped = true;
    session.client.stop();
    clearTimeout(session.countTimer);
    session = null;
  }
  localStorage.removeItem(USER_KEY);
  localStorage.removeItem(ROLES_KEY);
  closePanel(false);
  ui.toasts.replaceChildren();
  showSignIn();
}

// ---------------------------------------------------------------------------------------------------------------------
// The transport

/**
 * Which transport the function app runs, from its negotiate answer: SignalR Service's serverless negotiate carries an
 * `accessToken` for the hub's URL, Web PubSub's puts the token in the URL. Asked at every sign-in, so the page follows
 * a stack restarted with the other transport without a rebuild. Tries again with back-off until the app answers.
 * @param {Record<string, string>} headers
 * @param {() => boolean} abandoned
 * @returns {Promise<Transport | null>} null when the sign-in was abandoned meanwhile
 */
async function detectTransport(headers, abandoned) {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch('/api/negotiate', { method: 'POST', headers: { Accept: 'application/json', ...headers } });
      const body = await response.json().catch(() => null);
      if (abandoned()) return null;
      if (response.ok && typeof body?.url === 'string') return typeof body.accessToken === 'string' ? 'SignalR' : 'WebPubSub';
      if (attempt === 0 && (response.status === 401 || response.status === 403)) {
        toast('Signed out by the server', body?.detail ?? `Negotiate answered ${response.status}.`, 'error');
      }
    } catch (error) {
      if (abandoned()) return null;
      console.warn('Negotiate failed:', error);
    }
    await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, 500, 30_000)));
    if (abandoned()) return null;
  }
}

/**
 * Loads @microsoft/signalr's browser build once (it defines `signalR` on the window); a failed load is tried again at
 * the next sign-in.
 * @returns {Promise<any>}
 */
function loadSignalR() {
  signalRModule ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = SIGNALR_SCRIPT;
    script.addEventListener('load', () => {
      const loaded = /** @type {any} */ (globalThis).signalR;
      if (loaded) resolve(loaded);
      else reject(new Error(`${SIGNALR_SCRIPT} defined no signalR.`));
    });
    script.addEventListener('error', () => reject(new Error(`${SIGNALR_SCRIPT} did not load: run npm ci at the repository root.`)));
    document.head.append(script);
  });
  signalRModule.catch(() => {
    signalRModule = undefined;
  });
  return signalRModule;
}

/** @param {Transport | null} transport */
function showTransport(transport) {
  ui.transport.hidden = transport === null;
  ui.transport.dataset.transport = transport ?? '';
  ui.transportName.textContent = transport ? TRANSPORT_NAMES[transport] : '';
}

// ---------------------------------------------------------------------------------------------------------------------
// Inbox state

/**
 * Reloads the newest page and the unread count, keeping anything pushed while the request was in flight.
 * @param {NonNullable<typeof session>} current
 */
async function refresh(current) {
  const epoch = ++current.countEpoch;
  const started = performance.now();
  try {
    const view = current.view;
    const [page, unread] = await Promise.all([current.client.list({ limit: PAGE_SIZE, ...viewQuery(view) }), current.client.unreadCount()]);
    if (current.view !== view) return;
    if (session !== current) return;
    // The page replaces the list (older pages load again on demand), except what was pushed while it loaded.
    const pageIds = new Set(page.items.map((i) => i.notification.id));
    const pushed = current.items.filter((i) => !pageIds.has(i.id) && (i.receivedAt ?? 0) >= started);
    const items = [...pushed, ...page.items.map(toItem)];
    for (const item of items) {
      // A read pushed while the page loaded is newer than the page.
      if (current.byId.get(item.id)?.read) item.read = true;
    }
    current.items = items;
    current.byId = new Map(items.map((i) => [i.id, i]));
    current.cursor = page.cursor;
    current.hasMore = page.hasMore;
    renderList();
    if (epoch === current.countEpoch) setUnread(unread);
    else syncCount(current, 0);
  } catch (error) {
    if (session === current) reportError('Could not load your notifications', error);
  }
}

/**
 * @param {NonNullable<typeof session>} current
 * @param {any} delivered
 */
function onNotification(current, delivered) {
  const item = toItem(delivered);
  const existing = current.byId.get(item.id);
  if (existing) {
    if (item.read && !existing.read) applyRead(current, [item.id], item.readAt);
    return;
  }

  current.countEpoch++;
  if (!item.read && !item.muted) setUnread(current.unread + 1);
  if (current.view !== 'archived') {
    item.receivedAt = performance.now();
    current.items.unshift(item);
    current.byId.set(item.id, item);
    renderList(item.id);
  }
  syncCount(current);

  // Muted notifications arrive quietly (only through catch-up); a live one rings, toasts and, while the tab is
  // hidden, raises a browser notification if the user allowed them.
  if (delivered.source !== 'catch-up' && !item.muted) {
    ring();
    if (document.hidden) {
      showBrowserNotification(item);
    } else if (ui.panel.hidden) {
      toast(item.notification.title ?? item.notification.type ?? 'New notification', item.notification.body ?? '', 'info', () => openPanel());
    }
  }
}

/**
 * @param {NonNullable<typeof session>} current
 * @param {string[]} ids
 * @param {string} [readAt]
 */
function applyRead(current, ids, readAt) {
  let changed = 0;
  for (const id of ids) {
    const item = current.byId.get(id);
    if (item && !item.read) {
      item.read = true;
      item.readAt = readAt ?? new Date().toISOString();
      changed++;
    }
  }
  if (changed > 0) {
    current.countEpoch++;
    if (current.view !== 'archived') setUnread(Math.max(0, current.unread - changed));
    renderList();
  }
}

/**
 * Asks the server for the unread count soon; a local change in the meantime makes the answer stale, so it asks again.
 * @param {NonNullable<typeof session>} current
 * @param {number} [delay]
 */
function syncCount(current, delay = 150) {
  clearTimeout(current.countTimer);
  current.countTimer = setTimeout(async () => {
    const epoch = current.countEpoch;
    try {
      const unread = await current.client.unreadCount();
      if (session !== current) return;
      if (epoch === current.countEpoch) setUnread(unread);
      else syncCount(current);
    } catch {
      // The next change or reconnect corrects the count.
    }
  }, delay);
}

/**
 * @param {string} id
 */
async function markRead(id) {
  const current = session;
  if (!current) return;
  const item = current.byId.get(id);
  if (!item || item.read) return;
  applyRead(current, [id]);
  try {
    await current.client.markRead([id]);
  } catch (error) {
    reportError('Could not mark it read', error);
    void refresh(current);
    return;
  }
  syncCount(current);
}

/**
 * Marks one notification unread again.
 * @param {string} id
 */
async function markUnread(id) {
  const current = session;
  if (!current) return;
  const item = current.byId.get(id);
  if (!item || !item.read) return;
  applyUnread(current, [id]);
  try {
    await current.client.markUnread([id]);
  } catch (error) {
    reportError('Could not mark it unread', error);
    void refresh(current);
    return;
  }
  syncCount(current);
}

/**
 * Archives a notification (or, in the Archived tab, moves it back to the inbox); it leaves the current view.
 * @param {string} id
 */
async function toggleArchive(id) {
  const current = session;
  if (!current) return;
  const item = current.byId.get(id);
  if (!item) return;
  const archiving = current.view !== 'archived';
  removeItems(current, [id]);
  current.countEpoch++;
  if (archiving && !item.read && !item.muted) setUnread(Math.max(0, current.unread - 1));
  try {
    await (archiving ? current.client.archive([id]) : current.client.unarchive([id]));
  } catch (error) {
    reportError(archiving ? 'Could not archive it' : 'Could not move it back to the inbox', error);
    void refresh(current);
    return;
  }
  syncCount(current);
}

/**
 * @param {NonNullable<typeof session>} current
 * @param {string[]} ids
 */
function applyUnread(current, ids) {
  let changed = 0;
  for (const id of ids) {
    const item = current.byId.get(id);
    if (item && item.read) {
      item.read = false;
      item.readAt = undefined;
      if (!item.muted && !item.archived) changed++;
    }
  }
  current.countEpoch++;
  if (changed > 0) setUnread(current.unread + changed);
  renderList();
}

/**
 * @param {NonNullable<typeof session>} current
 * @param {string[]} ids
 */
function removeItems(current, ids) {
  const gone = new Set(ids);
  if (!current.items.some((i) => gone.has(i.id))) return;
  current.items = current.items.filter((i) => !gone.has(i.id));
  for (const id of gone) current.byId.delete(id);
  renderList();
}

/** @param {'all' | 'unread' | 'archived'} view */
function viewQuery(view) {
  return view === 'unread' ? { unread: true } : view === 'archived' ? { archived: true } : {};
}

async function markAllRead() {
  const current = session;
  if (!current) return;
  ui.markAll.disabled = true;
  applyRead(current, current.items.filter((i) => !i.read).map((i) => i.id));
  setUnread(0);
  try {
    const ids = await current.client.markAllRead();
    applyRead(current, ids ?? []);
  } catch (error) {
    reportError('Could not mark everything read', error);
    void refresh(current);
  } finally {
    syncCount(current);
    updateMarkAll();
  }
}

async function loadOlder() {
  const current = session;
  if (!current || current.cursor === null) return;
  ui.loadMore.disabled = true;
  try {
    const page = await current.client.list({ before: current.cursor, limit: PAGE_SIZE, ...viewQuery(current.view) });
    if (session !== current) return;
    for (const raw of page.items) {
      const item = toItem(raw);
      if (current.byId.has(item.id)) continue;
      current.items.push(item);
      current.byId.set(item.id, item);
    }
    current.cursor = page.cursor;
    current.hasMore = page.hasMore;
    renderList();
  } catch (error) {
    reportError('Could not load older notifications', error);
  } finally {
    ui.loadMore.disabled = false;
  }
}

/**
 * An inbox item or a delivered notification, in one shape.
 * @param {any} source
 * @returns {Item}
 */
function toItem(source) {
  const notification = source.notification ?? source;
  return {
    id: notification.id,
    read: Boolean(source.read),
    readAt: source.readAt,
    archived: Boolean(source.archived),
    muted: Boolean(source.muted),
    sequence: source.sequence,
    notification,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Rendering

/** @param {number} count */
function setUnread(count) {
  if (session) session.unread = count;
  ui.badge.dataset.count = String(count);
  ui.badge.textContent = count > 99 ? '99+' : String(count);
  ui.badge.hidden = count === 0;
  ui.bell.setAttribute('aria-label', count === 0 ? 'Notifications, none unread' : `Notifications, ${count} unread`);
  if (session) document.title = `${count > 0 ? `(${count > 99 ? '99+' : count}) ` : ''}${session.user} · Notifier local demo`;
  updateMarkAll();
}

function updateMarkAll() {
  ui.markAll.disabled = !session || (session.unread === 0 && !session.items.some((i) => !i.read));
}

/** @param {string} [freshId] an item to highlight as just arrived */
function renderList(freshId) {
  const items = session?.items ?? [];
  const elements = session?.elements ?? new Map();
  const keep = new Set(items.map((i) => i.id));
  for (const [id, element] of elements) {
    if (!keep.has(id)) {
      element.remove();
      elements.delete(id);
    }
  }

  items.forEach((item, index) => {
    let element = elements.get(item.id);
    if (!element) {
      element = createItem(item);
      elements.set(item.id, element);
    }
    updateItem(element, item);
    // Move only what is out of place, so a focused button keeps its focus.
    if (ui.inbox.children[index] !== element) ui.inbox.insertBefore(element, ui.inbox.children[index] ?? null);
  });

  if (freshId) {
    const element = elements.get(freshId);
    element?.classList.add('fresh');
    setTimeout(() => element?.classList.remove('fresh'), 800);
  }

  ui.inboxEmpty.hidden = items.length > 0;
  ui.inboxEmpty.textContent = {
    all: 'You’re all caught up. New notifications appear here as they arrive.',
    unread: 'Nothing unread.',
    archived: 'Nothing archived. Archive a notification to move it here.',
  }[session?.view ?? 'all'];
  ui.loadMore.hidden = !session?.hasMore;
  updateMarkAll();
}

/** @param {Item} item */
function createItem(item) {
  const n = item.notification;
  const name = n.title ?? n.type ?? 'notification';
  const li = document.createElement('li');
  li.className = 'item';
  li.dataset.id = item.id;

  const dot = document.createElement('span');
  dot.className = 'item-dot';
  dot.setAttribute('aria-hidden', 'true');

  const main = document.createElement('div');
  main.className = 'item-main';
  const title = document.createElement('p');
  title.className = 'item-title';
  const state = document.createElement('span');
  state.className = 'visually-hidden item-state';
  // A link is named by what it opens: the notification's title.
  if (n.url && /^(https?:\/\/|\/)/i.test(n.url)) {
    const link = document.createElement('a');
    link.href = n.url;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    link.textContent = n.title ?? n.type ?? 'Notification';
    link.addEventListener('click', () => void markRead(item.id));
    title.append(state, link);
  } else {
    title.append(state, document.createTextNode(n.title ?? n.type ?? 'Notification'));
  }
  main.append(title);

  if (n.body) {
    const text = document.createElement('p');
    text.className = 'item-text';
    text.textContent = n.body;
    main.append(text);
  }

  const meta = document.createElement('p');
  meta.className = 'item-meta';
  const time = document.createElement('time');
  time.dateTime = n.createdAt ?? '';
  time.title = n.createdAt ? new Date(n.createdAt).toLocaleString() : '';
  time.textContent = relativeTime(n.createdAt);
  meta.append(time);
  if (n.sender) {
    const sender = document.createElement('span');
    sender.textContent = `from ${n.sender}`;
    meta.append(sender);
  }
  if (n.type) {
    const type = document.createElement('span');
    type.className = 'item-type';
    type.textContent = n.type;
    meta.append(type);
  }
  main.append(meta);

  const actions = document.createElement('div');
  actions.className = 'item-actions';
  const read = actionButton('item-read', `Mark “${name}” as read`, 'Mark as read', '<path d="M5 12.5l4.5 4.5L19 7.5"/>', () => markRead(item.id));
  const unread = actionButton('item-action item-unread', `Mark “${name}” as unread`, 'Mark as unread', '<circle cx="12" cy="12" r="4.5"/>', () => markUnread(item.id));
  const archive = actionButton('item-action item-archive', '', '', '<path d="M4 7h16M6 7v11a1 1 0 0 0 1 1h10a1 1 0 0 0 1-1V7M9 11h6M5 4h14"/>', () => toggleArchive(item.id));
  actions.append(read, unread, archive);

  li.append(dot, main, actions);
  return li;

  /**
   * An icon button whose action keeps keyboard focus in the list: on the same control of the next item, else the list.
   * @param {string} className
   * @param {string} label
   * @param {string} tooltip
   * @param {string} icon
   * @param {() => Promise<void>} action
   */
  function actionButton(className, label, tooltip, icon, action) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = className;
    if (label) button.setAttribute('aria-label', label);
    if (tooltip) button.title = tooltip;
    button.innerHTML = `<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">${icon}</svg>`;
    button.addEventListener('click', () => {
      const hadFocus = document.activeElement === button;
      const selector = `.${className.split(' ').at(-1)}`;
      const next = li.nextElementSibling?.querySelector(`${selector}:not([disabled])`) ?? li.previousElementSibling?.querySelector(`${selector}:not([disabled])`);
      void action();
      if (hadFocus || !li.isConnected) {
        const target = next instanceof HTMLElement && next.isConnected && !next.hidden ? next : ui.inbox;
        target.focus();
      }
    });
    return button;
  }
}

/**
 * @param {HTMLLIElement} element
 * @param {Item} item
 */
function updateItem(element, item) {
  element.classList.toggle('unread', !item.read);
  element.classList.toggle('read', item.read);
  element.dataset.read = String(item.read);
  const state = element.querySelector('.item-state');
  if (state) state.textContent = item.read ? '' : 'Unread: ';
  element.classList.toggle('muted', item.muted);
  const button = element.querySelector('.item-read');
  if (button instanceof HTMLButtonElement) {
    button.disabled = item.read;
    button.tabIndex = item.read ? -1 : 0;
  }
  const unread = element.querySelector('.item-unread');
  if (unread instanceof HTMLButtonElement) unread.hidden = !item.read;
  const archive = element.querySelector('.item-archive');
  if (archive instanceof HTMLButtonElement) {
    const name = item.notification.title ?? item.notification.type ?? 'notification';
    const archived = session?.view === 'archived';
    archive.setAttribute('aria-label', archived ? `Move “${name}” back to the inbox` : `Archive “${name}”`);
    archive.title = archived ? 'Move back to the inbox' : 'Archive';
  }
}

function updateTimes() {
  for (const time of ui.inbox.querySelectorAll('time')) time.textContent = relativeTime(time.dateTime);
  for (const time of ui.activity.querySelectorAll('time')) time.textContent = relativeTime(time.dateTime);
}

/** @param {'connecting' | 'connected' | 'reconnecting' | 'offline'} state */
function setConnection(state) {
  ui.connection.dataset.state = state;
  ui.offlineBanner.hidden = !(state === 'reconnecting' || state === 'offline');
  ui.connectionLabel.textContent = {
    connecting: 'Connecting…',
    connected: 'Live',
    reconnecting: 'Reconnecting…',
    offline: 'Offline',
  }[state];
}

function ring() {
  ui.bell.classList.remove('ringing');
  void ui.bell.offsetWidth; // restart the animation
  ui.bell.classList.add('ringing');
}

/**
 * @param {string} title
 * @param {string} text
 * @param {'info' | 'error'} [kind]
 * @param {() => void} [onOpen]
 */
function toast(title, text, kind = 'info', onOpen) {
  const element = document.createElement('div');
  element.className = `toast ${kind}`;
  element.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  const content = document.createElement('div');
  const heading = document.createElement('p');
  heading.className = 'toast-title';
  heading.textContent = title;
  content.append(heading);
  if (text) {
    const body = document.createElement('p');
    body.className = 'toast-text';
    body.textContent = text;
    content.append(body);
  }
  if (onOpen) {
    content.style.cursor = 'pointer';
    content.addEventListener('click', () => {
      element.remove();
      onOpen();
    });
  }
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'toast-close';
  close.setAttribute('aria-label', 'Dismiss');
  close.textContent = '×';
  close.addEventListener('click', () => element.remove());
  element.append(content, close);
  ui.toasts.append(element);
  while (ui.toasts.children.length > 3) ui.toasts.firstElementChild?.remove();
  setTimeout(() => element.remove(), TOAST_MS);
}

/**
 * @param {'sent' | 'receipt'} kind
 * @param {string} text
 * @param {string} [at]
 */
function addActivity(kind, text, at) {
  const li = document.createElement('li');
  li.className = `activity-item ${kind}`;
  const icon = document.createElement('span');
  icon.className = 'activity-icon';
  icon.setAttribute('aria-hidden', 'true');
  icon.textContent = kind === 'receipt' ? '✓' : '↗';
  const body = document.createElement('div');
  const line = document.createElement('span');
  line.textContent = text;
  const time = document.createElement('time');
  time.dateTime = at ?? new Date().toISOString();
  time.textContent = relativeTime(time.dateTime);
  body.append(line, time);
  li.append(icon, body);
  ui.activity.prepend(li);
  while (ui.activity.children.length > 20) ui.activity.lastElementChild?.remove();
}

// ---------------------------------------------------------------------------------------------------------------------
// The bell's panel

function wirePanel() {
  ui.bell.addEventListener('click', () => (ui.panel.hidden ? openPanel() : closePanel(true)));
  ui.markAll.addEventListener('click', () => void markAllRead());
  ui.loadMore.addEventListener('click', () => void loadOlder());
  ui.panel.tabIndex = -1;
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !ui.panel.hidden) closePanel(true);
  });
  document.addEventListener('click', (event) => {
    const target = /** @type {Node} */ (event.target);
    // A control that removed itself (archive) is no click outside the panel.
    if (!target.isConnected) return;
    if (!ui.panel.hidden && !ui.panel.contains(target) && !ui.bell.contains(target) && !ui.toasts.contains(target)) closePanel(false);
  });
}

function openPanel() {
  ui.toasts.replaceChildren(); // the list shows what they announced
  ui.panel.hidden = false;
  ui.bell.setAttribute('aria-expanded', 'true');
  ui.panel.focus();
}

/** @param {boolean} returnFocus */
function closePanel(returnFocus) {
  if (ui.panel.hidden) return;
  ui.panel.hidden = true;
  ui.bell.setAttribute('aria-expanded', 'false');
  if (returnFocus) ui.bell.focus();
}

// ---------------------------------------------------------------------------------------------------------------------
// Tabs, browser notifications, retry

function wireTabs() {
  for (const tab of ui.tabs) {
    tab.addEventListener('click', () => selectTab(/** @type {any} */ (tab.dataset.view), true));
    tab.addEventListener('keydown', (event) => {
      // Arrow keys move between tabs, as the tabs pattern expects.
      const index = ui.tabs.indexOf(tab);
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      event.preventDefault();
      const next = ui.tabs[(index + step + ui.tabs.length) % ui.tabs.length];
      next.focus();
      selectTab(/** @type {any} */ (next.dataset.view), true);
    });
  }
}

/**
 * @param {'all' | 'unread' | 'archived'} view
 * @param {boolean} load
 */
function selectTab(view, load) {
  for (const tab of ui.tabs) {
    const selected = tab.dataset.view === view;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    if (selected) ui.inboxView.setAttribute('aria-labelledby', tab.id);
  }
  ui.inbox.setAttribute('aria-label', { all: 'Notifications, newest first', unread: 'Unread notifications, newest first', archived: 'Archived notifications, newest first' }[view]);
  if (!session) return;
  session.view = view;
  session.items = [];
  session.byId = new Map();
  session.cursor = null;
  session.hasMore = false;
  renderList();
  if (load) void refresh(session);
}

function wireAlerts() {
  if (typeof Notification === 'undefined') return;
  ui.alerts.hidden = false;
  updateAlerts();
  // Asked only from this click: browsers ignore (or penalise) permission prompts without a user gesture.
  ui.enableAlerts.addEventListener('click', async () => {
    try {
      await Notification.requestPermission();
    } finally {
      updateAlerts();
    }
  });
}

function updateAlerts() {
  const permission = typeof Notification === 'undefined' ? 'denied' : Notification.permission;
  ui.enableAlerts.hidden = permission !== 'default';
  ui.alertsStatus.textContent = permission === 'granted'
    ? 'Alerts are on: you get a browser notification while this tab is in the background.'
    : permission === 'denied' ? 'Browser notifications are blocked for this page; allow them in the site settings to get alerts.' : '';
}

/** @param {Item} item */
function showBrowserNotification(item) {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const n = item.notification;
  const alert = new Notification(n.title ?? n.type ?? 'New notification', { body: n.body ?? '', tag: item.id });
  alert.addEventListener('click', () => {
    window.focus();
    openPanel();
    alert.close();
  });
}

function retryNow() {
  if (!session) return;
  const current = session;
  ui.retry.disabled = true;
  // A fresh start: reconnect now instead of waiting for the next backoff step; catch-up follows on connect.
  current.client.stop();
  setConnection('reconnecting');
  current.client.start().catch(() => {
    // Rejects only when signed out meanwhile.
  }).finally(() => {
    ui.retry.disabled = false;
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// Sending

function wireCompose() {
  for (const radio of ui.composeForm.querySelectorAll('input[name="to"]')) {
    radio.addEventListener('change', updateRecipientField);
  }
  updateRecipientField();

  ui.composeForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!session) return;
    ui.composeError.hidden = true;
    ui.composeStatus.textContent = '';

    const kind = /** @type {HTMLInputElement} */ (ui.composeForm.querySelector('input[name="to"]:checked')).value;
    const names = ui.recipient.value.split(',').map((s) => s.trim()).filter(Boolean);
    if (kind !== 'all' && names.length === 0) {
      showError(ui.composeError, kind === 'user' ? 'Name at least one user.' : 'Name a group.');
      ui.recipient.focus();
      return;
    }
    const title = ui.title.value.trim();
    if (!title) {
      showError(ui.composeError, 'Give the notification a title.');
      ui.title.focus();
      return;
    }

    const to = kind === 'user' ? { users: names } : kind === 'group' ? { groups: names } : { all: true };
    /** @type {Record<string, unknown>} */
    const request = { to, type: ui.type.value.trim() || 'demo.message', title, sender: session.user };
    if (ui.body.value.trim()) request.body = ui.body.value.trim();
    if (ui.link.value.trim()) request.url = ui.link.value.trim();
    if (ui.receipt.checked) request.receipt = true;

    ui.send.disabled = true;
    try {
      const result = await publish(request);
      const audience = kind === 'all' ? 'everyone' : names.join(', ');
      session.sent.set(result.id, title);
      ui.composeStatus.textContent = `Sent to ${audience}.`;
      addActivity('sent', `You sent “${title}” to ${audience}`);
      ui.title.value = '';
      ui.body.value = '';
      ui.link.value = '';
    } catch (error) {
      showError(ui.composeError, error instanceof Error ? error.message : String(error));
    } finally {
      ui.send.disabled = false;
    }
  });
}

function updateRecipientField() {
  const kind = /** @type {HTMLInputElement} */ (ui.composeForm.querySelector('input[name="to"]:checked')).value;
  ui.recipientField.hidden = kind === 'all';
  if (kind === 'user') {
    ui.recipientLabel.textContent = 'User names';
    ui.recipientHint.textContent = 'One or more, comma-separated.';
    ui.recipient.removeAttribute('list');
    ui.recipient.placeholder = 'alice, bob';
    if (session && !ui.recipient.value) ui.recipient.value = session.user;
  } else if (kind === 'group') {
    ui.recipientLabel.textContent = 'Group';
    ui.recipientHint.textContent = config.groups.length
      ? `Topic groups here: ${config.groups.join(', ')}. Members receive it live and in their inbox.`
      : 'Members receive it live and in their inbox.';
    ui.recipient.setAttribute('list', 'recipient-options');
    ui.recipient.placeholder = config.groups[0] ?? 'announcements';
    if (session && ui.recipient.value === session.user) ui.recipient.value = config.groups[0] ?? '';
  }
}

/**
 * POST /api/notifications, as a backend service would.
 *
 * The publisher API key comes from the local stack's /demo/config.json. A browser must never hold a publisher key:
 * this is acceptable ONLY because this page is served by the local development stack, whose key is the well-known
 * `local-development-key` from local.settings.sample.json. In a real product the backend publishes, not the page.
 * @param {Record<string, unknown>} request
 * @returns {Promise<{ id: string }>}
 */
async function publish(request) {
  if (!config.apiKey) throw new Error('This stack has no publisher API key configured (Notifier:Publishers:ApiKeys).');
  const response = await fetch('/api/notifications', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Api-Key': config.apiKey },
    body: JSON.stringify(request),
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(describeProblem(body, response.status));
  return body;
}

/**
 * @param {any} problem an RFC 9457 problem-details body
 * @param {number} status
 */
function describeProblem(problem, status) {
  if (problem?.errors && typeof problem.errors === 'object') {
    const errors = Array.isArray(problem.errors)
      ? problem.errors.map((e) => `${e.field ?? e.name ?? ''} ${e.message ?? e.reason ?? ''}`.trim())
      : Object.entries(problem.errors).map(([field, messages]) => `${field} ${[].concat(messages).join(' ')}`);
    if (errors.length) return errors.join('; ');
  }
  return problem?.detail ?? problem?.title ?? `The service answered ${status}.`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Small helpers

/**
 * @param {HTMLElement} element
 * @param {string} message
 */
function showError(element, message) {
  element.textContent = message;
  element.hidden = false;
}

/**
 * @param {string} what
 * @param {any} error
 */
function reportError(what, error) {
  console.warn(what, error);
  toast(what, error?.problem?.detail ?? error?.message ?? String(error), 'error');
}

/** @param {string | undefined} iso */
function relativeTime(iso) {
  if (!iso) return '';
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return '';
  const seconds = Math.round((Date.now() - then) / 1000);
  if (seconds < 45) return 'just now';
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return format.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 24) return format.format(-hours, 'hour');
  const days = Math.round(hours / 24);
  if (days < 7) return format.format(-days, 'day');
  return new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** @param {string} text */
function hue(text) {
  let hash = 0;
  for (const c of text) hash = (hash * 31 + c.codePointAt(0)) % 360;
  return hash;
}
