// @ts-check
// The notebook's kernel: a session (POST /api/sessions, which reuses the notebook's kernel on a
// reload or in a second tab) and its WebSocket, speaking Jupyter's message shapes. Replies and
// outputs are routed to the request they belong to by parent_header.msg_id; everything else
// (the kernel dying, restarting, printing from a background thread) is news for the page.
//
// Code run while there is no kernel to run it on (it is starting, restarting, waiting for a
// place, or the socket is reconnecting) waits here and is sent once the kernel is ready: the
// learner never has to press Run again because the kernel was not there yet.
import { post, HttpError, retryAfter } from './http.js';

const RECONNECT_DELAYS = [500, 1000, 2000, 4000, 8000];

/**
 * What the page says about its kernel:
 *   starting      a session is being asked for (the server may hold the request while a JVM starts)
 *   waiting       the server said to ask again later (503 with Retry-After): the page does, by itself
 *   queued        every kernel of a dojo room is taken: waiting in line (503 with the place)
 *   idle, busy    ready
 *   restarting    a fresh process is replacing the old one
 *   disconnected  the socket dropped: reconnecting
 *   dead          the kernel is gone (shut down for idleness, or no fresh one could start): the next run starts one
 *   unavailable   this server cannot run code (or refused for good): the reason says why
 * @typedef {'starting' | 'waiting' | 'queued' | 'idle' | 'busy' | 'restarting' | 'disconnected' | 'dead' | 'unavailable'} KernelState
 */

/** The states in which a request waits for the kernel instead of failing. */
const WAITING_STATES = new Set(['starting', 'waiting', 'queued', 'restarting', 'disconnected']);

/**
 * A request sent and not answered yet.
 * @typedef {object} Pending
 * @property {string} type the request's msg_type
 * @property {(msgType: string, content: any, message: any) => void} on
 * @property {(error: Error) => void} fail
 */

/**
 * A request that waits for the kernel to be ready.
 * @typedef {object} Waiter
 * @property {() => void} go sends it
 * @property {(error: Error) => void} fail
 */

export class Kernel extends EventTarget {
  /** @param {string} notebookPath */
  constructor(notebookPath) {
    super();
    this.path = notebookPath;
    /** @type {string | null} */
    this.id = null;
    /** @type {KernelState} */
    this.state = 'starting';
    /** @type {WebSocket | null} */
    this.socket = null;
    /** @type {Map<string, Pending>} */
    this.pending = new Map();
    /** @type {Waiter[]} */
    this.waiters = [];
    this.attempt = 0;
    this.closing = false;
    this.reason = '';
    /** The place in a dojo room's queue, while queued. */
    this.queue = 0;
    /** When the page began to wait for a kernel (ms since the epoch), for "waiting for 25 s". */
    this.waitingSince = Date.now();
    /** How many times the page asked for a session since it last had a kernel. */
    this.tries = 0;
    this.restartRequested = false;
    /** @type {number | undefined} */
    this.retryTimer = undefined;
  }

  /** Starts (or finds) the notebook's kernel and connects to it; asks again by itself while the server says to. */
  async start() {
    window.clearTimeout(this.retryTimer);
    this.tries += 1;
    if (this.state !== 'waiting' && this.state !== 'queued') { this.setState('starting'); }
    let session;
    try {
      session = (await post('/api/sessions', { path: this.path, name: this.path.split('/').pop(), type: 'notebook' })).body;
    } catch (error) {
      if (this.closing) { return; }
      this.reason = error.message;
      const retry = retryAfter(error);
      if (retry !== null) {
        // The server is busy (its kernels are starting, or every one of a room is taken): it says
        // when to ask again, and the page does, however long it takes, saying so meanwhile.
        this.queue = error.body.queue || 0;
        this.setState(this.queue ? 'queued' : 'waiting');
        this.retryTimer = window.setTimeout(() => { if (!this.closing) { this.start(); } }, retry * 1000);
        return;
      }
      if (error instanceof HttpError) {
        this.setState('unavailable');
        this.failWaiters(new Error(this.unreadyReason()));
        return;
      }
      // The server could not be reached: try again, more and more slowly.
      this.setState('disconnected');
      this.retryTimer = window.setTimeout(() => { if (!this.closing) { this.start(); } }, this.nextDelay());
      return;
    }
    this.id = session.kernel.id;
    this.queue = 0;
    this.connect();
  }

  connect() {
    const scheme = window.location.protocol === 'https:' ? 'wss://' : 'ws://';
    const socket = new WebSocket(scheme + window.location.host + '/api/kernels/' + encodeURIComponent(this.id || '') + '/channels');
    const previous = this.socket;
    this.socket = socket;
    // A socket to a kernel that is gone (a fresh session replaced it) is not needed any more.
    if (previous && previous.readyState === WebSocket.OPEN) { previous.close(1000, 'replaced'); }
    socket.addEventListener('open', () => {
      this.attempt = 0;
      this.tries = 0;
      this.send('kernel_info_request', {}, 'shell');
      this.becameReady();
    });
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', (event) => this.closed(socket, event));
  }

  /**
   * @param {WebSocket} socket
   * @param {CloseEvent} event
   */
  closed(socket, event) {
    if (socket !== this.socket || this.closing) { return; }
    this.failPending('The connection to the kernel was lost before this finished.');
    if (event.code === 4004) {
      // The kernel is gone (shut down or reaped): a new session starts a fresh one.
      this.news({ kind: 'lost', text: 'The kernel this notebook used is gone; a fresh one is starting. Variables, methods and imports from earlier cells are lost: run them again.' });
      this.setState('starting');
      this.start();
      return;
    }
    this.setState('disconnected');
    window.setTimeout(() => { if (!this.closing) { this.connect(); } }, this.nextDelay());
  }

  nextDelay() {
    const delay = RECONNECT_DELAYS[Math.min(this.attempt, RECONNECT_DELAYS.length - 1)];
    this.attempt += 1;
    return delay;
  }

  /** @param {string} data */
  receive(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch (ignored) {
      return;
    }
    const type = message.header && message.header.msg_type;
    const parent = message.parent_header && message.parent_header.msg_id;
    const content = message.content || {};
    if (type === 'status') {
      this.onStatus(content.execution_state, parent);
    }
    const request = parent && this.pending.get(parent);
    if (request) {
      request.on(type, content, message);
      return;
    }
    if (type === 'stream' || type === 'display_data' || type === 'error' || type === 'execute_result') {
      this.news({ kind: 'output', type, content });
    }
  }

  /**
   * @param {string} state the kernel's execution_state
   * @param {string | undefined} parent the request it is about; none for news about the kernel itself
   */
  onStatus(state, parent) {
    if (parent && (state === 'busy' || state === 'idle')) {
      // A request's own busy/idle says nothing about a kernel that is restarting or starting.
      if (this.state === 'busy' || this.state === 'idle') {
        this.setState(state === 'busy' || this.hasRunning() ? 'busy' : 'idle');
      }
    } else if (state === 'idle' || state === 'busy') {
      // Unprompted: a fresh process is ready (after a restart, or after the old one died).
      this.becameReady();
    } else if (state === 'restarting') {
      this.setState('restarting');
      // Nothing pending is failed here: the server answers every request the old process held
      // (with the reason it was lost), and requests sent since wait for the new one on the server.
      if (!this.restartRequested) {
        this.news({ kind: 'restarting', text: 'The kernel stopped and is restarting. Variables, methods and imports from earlier cells are gone: run them again.' });
      }
    } else if (state === 'dead') {
      this.setState('dead');
      this.failPending('The kernel died before this finished.');
      this.failWaiters(new Error('The kernel died before this could run.'));
      this.news({ kind: 'dead', text: 'The kernel died. Running a cell starts a fresh one; variables, methods and imports from earlier cells are gone.' });
    } else if (state === 'starting') {
      this.setState('starting');
    }
  }

  /** The kernel can take requests now: send those that waited, in order. */
  becameReady() {
    this.setState(this.hasRunning() ? 'busy' : 'idle');
    const waiting = this.waiters.splice(0);
    waiting.forEach((waiter) => waiter.go());
  }

  hasRunning() {
    for (const request of this.pending.values()) {
      if (request.type === 'execute_request') { return true; }
    }
    return false;
  }

  /** @param {KernelState} state */
  setState(state) {
    if (this.state === state) { return; }
    if (!WAITING_STATES.has(this.state) && WAITING_STATES.has(state)) {
      this.waitingSince = Date.now();
    }
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: state }));
  }

  /** @param {any} detail */
  news(detail) {
    this.dispatchEvent(new CustomEvent('news', { detail }));
  }

  /** Whether a request can be sent now. */
  get ready() {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN && (this.state === 'idle' || this.state === 'busy');
  }

  /**
   * @param {string} type
   * @param {object} content
   * @param {string} [channel]
   */
  send(type, content, channel = 'shell') {
    const id = crypto.randomUUID();
    /** @type {WebSocket} */ (this.socket).send(JSON.stringify({
      channel,
      header: { msg_id: id, msg_type: type, session: this.path, username: '', date: new Date().toISOString(), version: '5.3' },
      parent_header: {},
      metadata: {},
      content,
    }));
    return id;
  }

  /**
   * Runs code. handlers.output(type, content) gets stream / execute_result / display_data /
   * error as they come; resolves with the execute_reply's content, or rejects when the kernel
   * is gone before it ends. While the kernel is starting or restarting, the code waits for it;
   * a dead kernel is replaced first.
   * @param {string} code
   * @param {{ output?: (type: string, content: any) => void }} handlers
   * @returns {Promise<any>}
   */
  execute(code, handlers) {
    if (this.state === 'dead') {
      this.news({ kind: 'starting', text: 'Starting a fresh kernel for this cell.' });
      this.setState('starting');
      this.start();
    }
    const run = () => this.request('execute_request', { code, silent: false, store_history: true, allow_stdin: false, stop_on_error: true },
      'execute_reply', handlers);
    if (this.ready || !WAITING_STATES.has(this.state)) { return run(); }
    return new Promise((resolve, reject) => {
      this.waiters.push({ go: () => run().then(resolve, reject), fail: reject });
    });
  }

  /**
   * @param {string} code
   * @param {number} cursor
   */
  complete(code, cursor) {
    return this.request('complete_request', { code, cursor_pos: cursor }, 'complete_reply');
  }

  /**
   * @param {string} code
   * @param {number} cursor
   */
  inspect(code, cursor) {
    return this.request('inspect_request', { code, cursor_pos: cursor, detail_level: 0 }, 'inspect_reply');
  }

  /** Stops the running cell; cells waiting for the kernel are not sent. */
  interrupt() {
    this.failWaiters(new Error('Interrupted before it started.'));
    if (this.ready) { this.send('interrupt_request', {}, 'control'); }
  }

  /**
   * Asks for a fresh kernel process; resolves when it is ready. From the moment it is asked the
   * page says "restarting", and code run meanwhile waits for the new process.
   */
  async restart() {
    if (!this.ready) {
      // A dead kernel (or none at all): a fresh session is the restart. One on its way is awaited as it is.
      if (this.state === 'dead' || this.state === 'unavailable') {
        this.setState('starting');
        this.start();
      }
      return;
    }
    this.restartRequested = true;
    const asked = this.request('shutdown_request', { restart: true }, 'shutdown_reply', {}, 'control');
    this.setState('restarting');
    try {
      await asked;
    } finally {
      this.restartRequested = false;
      if (this.state === 'restarting' && this.socket && this.socket.readyState === WebSocket.OPEN) { this.becameReady(); }
    }
  }

  /**
   * @param {string} type
   * @param {object} content
   * @param {string} replyType
   * @param {{ output?: (type: string, content: any) => void }} [handlers]
   * @param {string} [channel]
   * @returns {Promise<any>}
   */
  request(type, content, replyType, handlers = {}, channel = 'shell') {
    return new Promise((resolve, reject) => {
      if (!this.ready) {
        reject(new Error(this.unreadyReason()));
        return;
      }
      const id = this.send(type, content, channel);
      this.pending.set(id, {
        type,
        on: (msgType, replyContent) => {
          if (msgType === replyType) {
            this.pending.delete(id);
            if (type === 'execute_request' && !this.hasRunning() && this.state === 'busy') { this.setState('idle'); }
            resolve(replyContent);
          } else if (msgType === 'protocol_error') {
            this.pending.delete(id);
            reject(new Error(replyContent.message || 'The kernel did not understand the request.'));
          } else if (handlers.output && msgType !== 'status') {
            handlers.output(msgType, replyContent);
          }
        },
        fail: reject,
      });
      if (type === 'execute_request') { this.setState('busy'); }
    });
  }

  unreadyReason() {
    switch (this.state) {
      case 'unavailable': return 'No kernel: ' + (this.reason || 'this server cannot run code.');
      case 'dead': return 'The kernel is dead: run the cell again to start a fresh one.';
      case 'starting': case 'waiting': return 'The kernel is still starting.';
      case 'restarting': return 'The kernel is restarting.';
      case 'queued': return 'Waiting for a kernel: you are number ' + this.queue + ' in the queue.';
      default: return 'Not connected to the kernel: reconnecting…';
    }
  }

  /**
   * @param {string} why
   * @param {(request: Pending) => boolean} [which]
   */
  failPending(why, which = () => true) {
    for (const [id, request] of Array.from(this.pending.entries())) {
      if (which(request)) {
        this.pending.delete(id);
        request.fail(new Error(why));
      }
    }
  }

  /** @param {Error} error */
  failWaiters(error) {
    this.waiters.splice(0).forEach((waiter) => waiter.fail(error));
  }

  /** Leaves the kernel running (a reload finds it again); just closes this page's socket. */
  close() {
    this.closing = true;
    window.clearTimeout(this.retryTimer);
    if (this.socket) { this.socket.close(1000, 'page closed'); }
  }
}
