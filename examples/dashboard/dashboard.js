// The demo's live dashboard: readings per sensor as line charts, this page's connection
// state over time, and the outage the demo causes. Plain DOM and SVG, no framework.
import { createClient } from '/rxmqtt.browser.js';

const WINDOW_MS = 40000; // the charts show the last 40 s
const WIDTH = 900;
const SVG = 'http://www.w3.org/2000/svg';
const decoder = new TextDecoder();

/** What the page saw, for people (the DOM) and for its spec (window.dashboard). */
const seen = { readings: {}, states: [], outages: 0, reconnects: 0, statuses: [], ready: false };
window.dashboard = seen;

const rooms = {}; // room -> { points: [{t, v}], svg, value }
const spans = []; // this page's connection: { status, from, to, attempt, nextDelay }
const marks = []; // moments: { t, text } (publisher offline, ...)

function el(name, attrs, parent) {
  const node = document.createElementNS(SVG, name);
  for (const key of Object.keys(attrs)) node.setAttribute(key, String(attrs[key]));
  if (parent) parent.appendChild(node);
  return node;
}

function log(text) {
  const line = new Date().toLocaleTimeString() + '  ' + text + '\n';
  const box = document.getElementById('log');
  box.textContent = line + box.textContent;
}

const x = (t, now) => WIDTH - ((now - t) / WINDOW_MS) * WIDTH;

function roomPanel(room) {
  if (rooms[room]) return rooms[room];
  const panel = document.createElement('div');
  panel.className = 'panel';
  panel.dataset.room = room;
  const title = document.createElement('h2');
  title.textContent = room.replace(/_/g, ' ');
  const value = document.createElement('span');
  value.className = 'value';
  title.appendChild(value);
  panel.appendChild(title);
  const svg = el('svg', { viewBox: '0 0 ' + WIDTH + ' 120', preserveAspectRatio: 'none', height: 120, class: 'chart' }, panel);
  document.getElementById('charts').appendChild(panel);
  rooms[room] = { points: [], svg, value };
  return rooms[room];
}

/** Shaded bands where this page was not connected, red ticks at the marks. */
function drawOutages(svg, height, now) {
  for (const span of spans) {
    if (span.status === 'connected') continue;
    const from = Math.max(0, x(span.from, now));
    const to = x(span.to || now, now);
    if (to < 0) continue;
    el('rect', { x: from, y: 0, width: Math.max(2, to - from), height, fill: span.status === 'reconnecting' ? '#ffe0b2' : '#eeeeee', class: 'outage' }, svg);
  }
  for (const mark of marks) {
    const at = x(mark.t, now);
    if (at >= 0) el('line', { x1: at, x2: at, y1: 0, y2: height, stroke: '#b71c1c', 'stroke-dasharray': '4 3' }, svg);
  }
}

function drawChart(room, now) {
  const { points, svg } = rooms[room];
  svg.textContent = '';
  drawOutages(svg, 120, now);
  const visible = points.filter((p) => now - p.t <= WINDOW_MS);
  if (visible.length === 0) return;
  let min = Math.min(...visible.map((p) => p.v));
  let max = Math.max(...visible.map((p) => p.v));
  if (max - min < 1) { min -= 0.5; max += 0.5; }
  const y = (v) => 110 - ((v - min) / (max - min)) * 100;
  for (const v of [min, max]) {
    el('line', { x1: 0, x2: WIDTH, y1: y(v), y2: y(v), stroke: '#eee' }, svg);
    el('text', { x: 4, y: y(v) + (v === max ? 12 : -3), fill: '#999', 'font-size': 11 }, svg).textContent = v.toFixed(1) + ' °C';
  }
  el('polyline', { points: visible.map((p) => x(p.t, now).toFixed(1) + ',' + y(p.v).toFixed(1)).join(' '), fill: 'none', stroke: '#1565c0', 'stroke-width': 2, class: 'line' }, svg);
  for (const p of visible) el('circle', { cx: x(p.t, now), cy: y(p.v), r: 2.5, fill: '#1565c0' }, svg);
}

function drawTimeline(now) {
  const svg = document.getElementById('timeline');
  svg.textContent = '';
  const colors = { connected: '#2e7d32', reconnecting: '#e65100', connecting: '#9e9e9e', idle: '#bdbdbd', disconnected: '#b71c1c' };
  for (const span of spans) {
    const from = Math.max(0, x(span.from, now));
    const to = x(span.to || now, now);
    if (to < 0) continue;
    el('rect', { x: from, y: 6, width: Math.max(2, to - from), height: 20, fill: colors[span.status], class: 'span ' + span.status }, svg);
    if (span.status === 'reconnecting' && to - from > 150) {
      el('text', { x: from + 2, y: 40, fill: '#e65100', 'font-size': 11 }, svg).textContent = 'attempt ' + span.attempt + ', retry in ' + Math.round(span.nextDelay) + ' ms';
    }
  }
  for (const mark of marks) {
    const at = x(mark.t, now);
    if (at >= 0) el('line', { x1: at, x2: at, y1: 0, y2: 30, stroke: '#b71c1c', 'stroke-width': 2 }, svg);
  }
}

function render() {
  const now = Date.now();
  drawTimeline(now);
  for (const room of Object.keys(rooms)) drawChart(room, now);
}

function showState(state) {
  const now = Date.now();
  if (spans.length > 0) spans[spans.length - 1].to = now;
  spans.push({ status: state.status, from: now, to: 0, attempt: state.attempt, nextDelay: state.nextDelay });
  const badge = document.getElementById('state');
  badge.className = 'state ' + state.status;
  badge.textContent = state.status;
  let detail = '';
  if (state.status === 'reconnecting') {
    detail = 'attempt ' + state.attempt + ', next try in ' + Math.round(state.nextDelay) + ' ms (' + state.lastError.message + ')';
    seen.outages++;
    if (spans.length < 2 || spans[spans.length - 2].status === 'connected') marks.push({ t: now, text: 'connection lost' });
  } else if (state.status === 'connected') {
    detail = 'attempt ' + state.attempt + (state.sessionPresent ? ', session resumed' : '');
    if (state.attempt > 1 || seen.outages > 0) seen.reconnects++;
  } else if (state.status === 'connecting') {
    detail = 'attempt ' + state.attempt;
  }
  document.getElementById('state-detail').textContent = detail;
  seen.states.push(state.status + (detail ? ' (' + detail + ')' : ''));
  log('connection: ' + state.status + (detail ? ', ' + detail : ''));
  render();
}

async function start() {
  const config = await (await fetch('/config.json')).json();
  const client = createClient({
    url: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/mqtt',
    clientId: 'dashboard-' + Math.random().toString(36).slice(2, 10),
    keepalive: 10,
    // A session kept across outages (fresh at the first connect): the QoS 1 readings published
    // while this page was cut off arrive after the reconnect, as they do for the demo's subscriber.
    clean: false,
    cleanInit: true,
    reconnect: { initialDelay: 200, maxDelay: 1000 },
  });
  client.state$.subscribe(showState);
  client.connect().subscribe({ error: (error) => log('could not connect: ' + error.message) });
  client.topic(config.base + '/#', { qos: 1 }).subscribe({
    next: (message) => {
      const parts = message.topic.slice(config.base.length + 1).split('/');
      const text = decoder.decode(message.payload);
      if (parts[0] === 'sensors') {
        const room = parts[1];
        const reading = JSON.parse(text);
        const panel = roomPanel(room);
        // Drawn at the time it was published: readings queued through the outage fill the gap when they arrive.
        panel.points.push({ t: typeof reading.at === 'number' ? reading.at : Date.now(), v: reading.celsius });
        panel.points.sort((a, b) => a.t - b.t);
        if (panel.points.length > 2000) panel.points.shift();
        panel.value.textContent = reading.celsius.toFixed(1) + ' °C  (#' + reading.seq + ')';
        seen.readings[room] = (seen.readings[room] || 0) + 1;
      } else if (parts[0] === 'status') {
        seen.statuses.push(text);
        log('publisher: ' + (text === '' ? '(status cleared)' : text) + (message.retain ? ' (retained)' : ''));
        if (/offline/.test(text)) marks.push({ t: Date.now(), text });
      }
    },
    error: (error) => log('subscription failed: ' + error.message),
  });
  setInterval(render, 250);
  seen.ready = true;
}

start().catch((error) => log('dashboard failed: ' + error.message));
