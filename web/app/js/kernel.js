// The notebook's kernel: a session (POST /api/sessions, which reuses the notebook's kernel on a
// reload or in a second tab) and its WebSocket, speaking Jupyter's message shapes. Replies and
// outputs are routed to the request they belong to by parent_header.msg_id; everything else
// (the kernel dying, restarting, printing from a background thread) is news for the page.
import { post, HttpError } from './http.js';

const RECONNECT_DELAYS = [500, 1000, 2000, 4000, 8000];

export class Kernel extends EventTarget {
  constructor(notebookPath) {
    super();
    this.path = notebookPath;
    this.id = null;
    this.state = 'starting';
    this.socket = null;
    this.pending = new Map();
    this.attempt = 0;
    this.closing = false;
    this.reason = '';
  }

  /** Starts (or finds) the notebook's kernel and connects to it. */
  async start() {
    this.setState('starting');
    try {
      const session = (await post('/api/sessions', { path: this.path, name: this.path.split('/').pop(), type: 'notebook' })).body;
      this.id = session.kernel.id;
    } catch (error) {
      this.reason = error.message;
      this.setState(error instanceof HttpError && error.status === 503 ? 'unavailable' : 'disconnected');
      return;
    }
    this.connect();
  }

  connect() {
    const scheme = window.location.protocol === 'https:' ? 'wss://' : 'ws://';
    const socket = new WebSocket(scheme + window.location.host + '/api/kernels/' + encodeURIComponent(this.id) + '/channels');
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.attempt = 0;
      this.setState('idle');
      this.send('kernel_info_request', {}, 'shell');
    });
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', (event) => this.closed(socket, event));
  }

  closed(socket, event) {
    if (socket !== this.socket || this.closing) { return; }
    this.failPending('The connection to the kernel was lost before this finished.');
    if (event.code === 4004) {
      // The kernel is gone (shut down or reaped): a new session starts a fresh one.
      this.news({ kind: 'lost', text: 'The kernel this notebook used is gone; a fresh one is starting. Variables, methods and imports from earlier cells are lost: run them again.' });
      this.start();
      return;
    }
    this.setState('disconnected');
    const delay = RECONNECT_DELAYS[Math.min(this.attempt, RECONNECT_DELAYS.length - 1)];
    this.attempt += 1;
    window.setTimeout(() => { if (!this.closing) { this.connect(); } }, delay);
  }

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

  onStatus(state, parent) {
    if (state === 'busy' || state === 'idle') {
      // A request's own busy/idle only counts while requests are pending.
      this.setState(state === 'busy' || this.hasRunning() ? 'busy' : 'idle');
    } else if (state === 'restarting') {
      this.setState('restarting');
      this.failPending('The kernel restarted before this finished.', (request) => request.type !== 'shutdown_request');
      if (!parent || !this.restartRequested) {
        this.news({ kind: 'restarting', text: 'The kernel stopped and is restarting. Variables, methods and imports from earlier cells are gone: run them again.' });
      }
    } else if (state === 'dead') {
      this.setState('dead');
      this.failPending('The kernel died before this finished.');
      this.news({ kind: 'dead', text: 'The kernel died. Restart it to run code again; variables, methods and imports from earlier cells are gone.' });
    } else if (state === 'starting') {
      this.setState('starting');
    }
  }

  hasRunning() {
    for (const request of this.pending.values()) {
      if (request.type === 'execute_request') { return true; }
    }
    return false;
  }

  setState(state) {
    if (this.state === state) { return; }
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: state }));
  }

  news(detail) {
    this.dispatchEvent(new CustomEvent('news', { detail }));
  }

  get ready() {
    return this.socket && this.socket.readyState === WebSocket.OPEN && this.state !== 'dead';
  }

  send(type, content, channel = 'shell') {
    const id = crypto.randomUUID();
    this.socket.send(JSON.stringify({
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
   * is gone before it ends.
   */
  execute(code, handlers) {
    return this.request('execute_request', { code, silent: false, store_history: true, allow_stdin: false, stop_on_error: true },
      'execute_reply', handlers);
  }

  complete(code, cursor) {
    return this.request('complete_request', { code, cursor_pos: cursor }, 'complete_reply');
  }

  inspect(code, cursor) {
    return this.request('inspect_request', { code, cursor_pos: cursor, detail_level: 0 }, 'inspect_reply');
  }

  interrupt() {
    if (this.ready) { this.send('interrupt_request', {}, 'control'); }
  }

  /** Asks for a fresh kernel process; resolves when the server says it is done. */
  async restart() {
    this.restartRequested = true;
    try {
      return await this.request('shutdown_request', { restart: true }, 'shutdown_reply', {}, 'control');
    } finally {
      this.restartRequested = false;
      this.setState('idle');
    }
  }

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
      case 'dead': return 'The kernel is dead: restart it to run code.';
      case 'starting': return 'The kernel is still starting: try again in a moment.';
      default: return 'Not connected to the kernel: reconnecting…';
    }
  }

  failPending(why, which = () => true) {
    for (const [id, request] of Array.from(this.pending.entries())) {
      if (which(request)) {
        this.pending.delete(id);
        request.fail(new Error(why));
      }
    }
  }

  /** Leaves the kernel running (a reload finds it again); just closes this page's socket. */
  close() {
    this.closing = true;
    if (this.socket) { this.socket.close(1000, 'page closed'); }
  }
}
