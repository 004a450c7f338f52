/* Wharf dashboard client code: theme switch, log viewer, console. No framework besides PrimeFaces' jQuery. */
var Wharf = Wharf || {};

/** Switches light/dark and remembers it for a year (the server reads the cookie to render the first paint). */
Wharf.toggleTheme = function () {
  var dark = !document.body.classList.contains('wharf-dark');
  document.body.classList.toggle('wharf-dark', dark);
  document.body.classList.toggle('wharf-light', !dark);
  document.cookie = 'wharf-theme=' + (dark ? 'dark' : 'light') + '; path=/; max-age=31536000; SameSite=Lax';
};

/** Chart.js extender: legend and axis text readable on either theme. */
Wharf.chartExtender = function () {
  var dark = document.body.classList.contains('wharf-dark');
  var colour = dark ? '#e2e8f0' : '#334155';
  this.cfg.config.options = this.cfg.config.options || {};
  var o = this.cfg.config.options;
  o.color = colour;
  if (o.scales) {
    Object.keys(o.scales).forEach(function (k) {
      o.scales[k].ticks = Object.assign({color: colour}, o.scales[k].ticks || {});
      o.scales[k].grid = Object.assign({color: dark ? '#334155' : '#e5e7eb'}, o.scales[k].grid || {});
    });
  }
};

/**
 * The log viewer: streams /app/logs as Server-Sent Events and shows each line as text (never as markup).
 * Search highlights matches (and can hide the rest); the settings are remembered in localStorage. At most
 * MAX_LINES lines stay on the page, so a long followed log never freezes the browser.
 */
Wharf.logs = (function () {
  var MAX_LINES = 5000;
  var root, view, status, source, query = '', onlyMatches = false;

  function $(id) { return document.getElementById(id); }

  function settings() {
    try { return JSON.parse(localStorage.getItem('wharf.logs') || '{}'); } catch (e) { return {}; }
  }

  function save() {
    localStorage.setItem('wharf.logs', JSON.stringify({tail: $('log-tail').value, since: $('log-since').value,
      follow: $('log-follow').checked, timestamps: $('log-timestamps').checked}));
  }

  function url(download) {
    var p = 'id=' + encodeURIComponent(root.dataset.container) + '&tail=' + encodeURIComponent($('log-tail').value);
    if ($('log-since').value) { p += '&since=' + $('log-since').value; }
    if ($('log-timestamps').checked) { p += '&timestamps=1'; }
    if (download) { return root.dataset.base + '?' + p + '&download=1'; }
    if ($('log-follow').checked) { p += '&follow=1'; }
    return root.dataset.base + '?' + p;
  }

  function show(text, error) {
    status.textContent = text;
    status.style.color = error ? '#ef4444' : '';
  }

  function render(line) {
    var text = line.dataset.text;
    while (line.firstChild) { line.removeChild(line.firstChild); }
    var match = query && text.toLowerCase().indexOf(query) >= 0;
    if (!match) {
      line.appendChild(document.createTextNode(text));
    } else {
      var lower = text.toLowerCase(), at = 0, i;
      while ((i = lower.indexOf(query, at)) >= 0) {
        line.appendChild(document.createTextNode(text.substring(at, i)));
        var mark = document.createElement('mark');
        mark.textContent = text.substring(i, i + query.length);
        line.appendChild(mark);
        at = i + query.length;
      }
      line.appendChild(document.createTextNode(text.substring(at)));
    }
    line.classList.toggle('wharf-hidden', onlyMatches && !!query && !match);
  }

  function append(kind, text) {
    var stick = view.scrollTop + view.clientHeight >= view.scrollHeight - 20;
    var line = document.createElement('div');
    line.className = 'wharf-logline' + (kind === 'e' ? ' wharf-stderr' : '');
    line.dataset.text = text;
    render(line);
    view.appendChild(line);
    while (view.childNodes.length > MAX_LINES) { view.removeChild(view.firstChild); }
    if (stick) { view.scrollTop = view.scrollHeight; }
  }

  function stop() {
    if (source) { source.close(); source = null; }
  }

  function start() {
    stop();
    save();
    while (view.firstChild) { view.removeChild(view.firstChild); }
    $('log-download').href = url(true);
    show('connecting…');
    source = new EventSource(url(false));
    source.onopen = function () { show($('log-follow').checked ? 'following' : 'loading'); };
    source.addEventListener('line', function (e) { append(e.data.charAt(0), e.data.substring(1)); });
    source.addEventListener('failure', function (e) { stop(); show(e.data, true); });
    source.addEventListener('end', function () { stop(); show('end of log (' + view.childNodes.length + ' lines)'); });
    source.onerror = function () { if (source) { stop(); show('disconnected from the server; Reload to retry', true); } };
  }

  function init() {
    root = $('logs');
    if (!root) { return; }
    view = $('log-view');
    status = $('log-status');
    var s = settings();
    $('log-tail').value = s.tail || '500';
    $('log-since').value = s.since || '';
    $('log-follow').checked = s.follow !== false;
    $('log-timestamps').checked = !!s.timestamps;
    ['log-tail', 'log-since', 'log-follow', 'log-timestamps'].forEach(function (id) { $(id).onchange = start; });
    $('log-reload').onclick = start;
    $('log-search').oninput = function () {
      query = this.value.toLowerCase();
      Array.prototype.forEach.call(view.childNodes, render);
    };
    $('log-only').onchange = function () {
      onlyMatches = this.checked;
      Array.prototype.forEach.call(view.childNodes, render);
    };
    window.addEventListener('beforeunload', stop);
    start();
  }

  return {init: init, start: start, stop: stop};
})();

/** The console: xterm.js on a WebSocket to /app/console (an exec with a TTY in the container). */
Wharf.console = (function () {
  var term, socket, resizeTimer;

  function status(text, error) {
    var s = document.getElementById('console-status');
    if (s) { s.textContent = text; s.style.color = error ? '#ef4444' : ''; }
  }

  /** Columns and rows that fit the element, from the size of one character cell. */
  function fit() {
    var dims = term && term._core && term._core._renderService && term._core._renderService.dimensions;
    var el = document.getElementById('console-term');
    if (!dims || !dims.actualCellWidth || !el) { return; }
    var cols = Math.max(20, Math.floor((el.clientWidth - 16) / dims.actualCellWidth));
    var rows = Math.max(5, Math.floor((el.clientHeight - 8) / dims.actualCellHeight));
    if (cols !== term.cols || rows !== term.rows) {
      term.resize(cols, rows);
    }
  }

  function disconnect() {
    if (socket) { socket.close(); socket = null; }
  }

  function connect(ticket) {
    disconnect();
    var el = document.getElementById('console-term');
    if (!term) {
      term = new Terminal({rendererType: 'dom', cursorBlink: true, fontSize: 14, convertEol: false, scrollback: 5000});
      term.open(el);
      term.onData(function (d) { if (socket && socket.readyState === 1) { socket.send('d' + d); } });
      term.onResize(function (size) {
        if (socket && socket.readyState === 1) { socket.send('r' + size.cols + ',' + size.rows); }
      });
      window.addEventListener('resize', function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(fit, 150); });
    }
    fit();
    term.reset();
    var root = document.getElementById('logs');
    var base = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host
      + root.dataset.base.replace(/\/app\/logs$/, '/app/console');
    socket = new WebSocket(base + '?ticket=' + encodeURIComponent(ticket) + '&cols=' + term.cols + '&rows=' + term.rows);
    socket.binaryType = 'arraybuffer';
    status('connecting…');
    socket.onopen = function () { status('connected'); term.focus(); };
    socket.onmessage = function (e) {
      if (typeof e.data === 'string') {
        if (e.data.charAt(0) === 'x') {
          status('the command exited' + (e.data.length > 1 ? ' with code ' + e.data.substring(1) : ''));
          term.write('\r\n[exited' + (e.data.length > 1 ? ' with code ' + e.data.substring(1) : '') + ']\r\n');
        } else if (e.data.charAt(0) === 'f') {
          status(e.data.substring(1), true);
          term.write('\r\n[' + e.data.substring(1) + ']\r\n');
        }
      } else {
        term.write(new Uint8Array(e.data));
      }
    };
    socket.onclose = function () { if (socket) { socket = null; if (!/exited|fail|not/.test(document.getElementById('console-status').textContent)) { status('disconnected'); } } };
  }

  return {connect: connect, disconnect: disconnect, fit: fit};
})();

document.addEventListener('DOMContentLoaded', function () { Wharf.logs.init(); });
