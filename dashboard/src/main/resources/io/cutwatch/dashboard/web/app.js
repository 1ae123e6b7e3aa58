/* Cutwatch dashboard: plain JavaScript and SVG, bundled in the jar; no library, nothing from the internet. */
var CW = (function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var COLORS = ['#0969da', '#cf222e', '#1a7f37', '#8250df', '#bf8700', '#1b7c83', '#bc4c00', '#6e7781'];

  function h(tag, attrs) {
    var e = document.createElement(tag);
    setAttrs(e, attrs);
    for (var i = 2; i < arguments.length; i++) { add(e, arguments[i]); }
    return e;
  }
  function s(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    setAttrs(e, attrs);
    for (var i = 2; i < arguments.length; i++) { add(e, arguments[i]); }
    return e;
  }
  function setAttrs(e, attrs) {
    for (var k in (attrs || {})) {
      if (attrs[k] === null || attrs[k] === undefined) { continue; }
      if (k === 'onclick') { e.addEventListener('click', attrs[k]); } else { e.setAttribute(k, attrs[k]); }
    }
  }
  function add(e, c) {
    if (c === null || c === undefined) { return; }
    if (Array.isArray(c)) { c.forEach(function (x) { add(e, x); }); return; }
    e.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
  function fill(id, content) {
    var e = document.getElementById(id);
    if (!e) { return; }
    e.textContent = '';
    add(e, content);
  }
  function table(headers, rows, opts) {
    opts = opts || {};
    return h('table', {id: opts.id || null},
      h('thead', null, h('tr', null, headers.map(function (x) {
        return h('th', {'class': /^#|num$/.test(x) ? 'num' : null}, x.replace(/ num$/, ''));
      }))),
      h('tbody', null, rows));
  }
  function ms(v) { return v === null || v === undefined ? '–' : (v < 10 ? v.toFixed(2) : v.toFixed(0)) + ' ms'; }
  function param(name) { return new URLSearchParams(location.search).get(name); }
  function getJson(url) {
    return fetch(url).then(function (r) {
      return r.json().then(function (body) { if (!r.ok) { throw new Error(body.error || r.statusText); } return body; });
    });
  }

  /* ---------- overview ---------- */

  function overviewPage() {
    var live = document.getElementById('live');
    getJson('/api/overview').then(renderOverview).catch(function () {});
    var es = new EventSource('/events');
    es.addEventListener('overview', function (ev) {
      live.textContent = 'live · updated ' + new Date().toLocaleTimeString();
      renderOverview(JSON.parse(ev.data));
    });
    es.onerror = function () { live.textContent = 'disconnected (retrying)'; };
  }

  function renderOverview(d) {
    document.getElementById('title').textContent = d.title;
    fill('completed', d.counts.completed);
    fill('failed', d.counts.failed);
    fill('inflight-count', d.counts.inFlight);
    fill('initiated', d.counts.initiated);
    var hs = document.getElementById('health-status');
    hs.textContent = d.health.status;
    hs.className = 'badge ' + d.health.status;
    fill('health', d.health.reasons.length === 0 ? h('p', {'class': 'muted'}, 'no reason to worry')
      : h('ul', null, d.health.reasons.map(function (r) {
        return h('li', null, h('b', {'class': r.status}, r.check), ': ', r.message);
      })));
    fill('timeline', timelineSvg(d.timeline));
    var failed = d.timeline.filter(function (t) { return t.status === 'FAILED'; }).reverse().slice(0, 8);
    fill('failures', failed.length === 0 ? null : [h('h2', null, 'Recent failures'),
      table(['snapshot', 'reason', 'member', 'why'], failed.map(function (t) {
        return h('tr', {'class': 'failure'}, h('td', null, h('a', {href: '/snapshot?id=' + t.id}, t.id)),
          h('td', {'class': 'FAILED'}, t.failure.reason), h('td', null, t.failure.member || '–'),
          h('td', null, t.failure.detail));
      }), {id: 'failures-table'})]);
    fill('inflight', d.inFlight.length === 0 ? h('p', {'class': 'muted'}, 'none')
      : table(['snapshot', 'age', 'recorded', 'not yet recorded', 'channels still awaited', 'envelopes waiting'],
        d.inFlight.map(function (f) {
        var awaited = Object.keys(f.awaiting).map(function (p) {
          return p + ': ' + (f.awaiting[p].length ? f.awaiting[p].join(', ') : 'no marker yet');
        });
        var waiting = (f.backlogs || []).map(function (b) {
          return b.channel + ': ' + b.queuedAtSender + ' queued, ' + b.unprocessedItems + ' unprocessed';
        });
        return h('tr', null, h('td', null, f.id), h('td', null, ms(f.ageMillis)),
          h('td', null, f.recorded.length + ' of ' + (f.recorded.length + f.missing.length)),
          h('td', {'class': 'IN_FLIGHT'}, f.missing.join(', ')),
          h('td', null, awaited.join('; ') || (f.acrossCluster ? 'none' : 'hosted elsewhere')),
          h('td', {'class': 'backlogs'}, waiting.join('; ') || 'none'));
      }), {id: 'inflight-table'}));
    fill('members', table(['member', 'processes'], d.members.map(function (m) {
      return h('tr', null, h('td', null, m.member, m.local ? h('span', {'class': 'muted'}, ' (this member)') : null),
        h('td', null, m.processes.join(', ')));
    })));
    var lost = Object.keys(d.lost);
    fill('lost', lost.length === 0 ? h('p', {'class': 'muted'}, 'no lost process')
      : [h('h2', {'class': 'FAILED'}, 'Lost processes'), table(['process', 'why'], lost.map(function (p) {
        return h('tr', null, h('td', {'class': 'FAILED'}, p), h('td', null, d.lost[p]));
      }))]);
    fill('jobs', jobsTable(d.jobs));
    fill('charts', d.charts.map(chartSvg));
    fill('channels', d.channels === null
      ? h('p', {'class': 'muted'}, 'channel counters are kept by the Hazelcast backend; this member runs on ' + d.backend)
      : table(['channel', 'sent num', 'delivered num', 'backlog num', 'window waits num', 'rejected num', 'lost num'],
        d.channels.map(function (c) {
          return h('tr', null, h('td', null, c.channel), [c.sent, c.delivered, c.backlog, c.windowWaits, c.rejected, c.lost]
            .map(function (v, i) { return h('td', {'class': 'num' + (i >= 3 && v > 0 ? ' DEGRADED' : '')}, v); }));
        })));
  }

  function jobsTable(jobs) {
    if (jobs.length === 0) { return h('p', {'class': 'muted'}, 'no reports yet'); }
    return table(['job', 'detector', 'reports num', 'found num', 'clean num', 'failed num', 'last'], jobs.map(function (j) {
      return h('tr', {'class': 'job'}, h('td', null, h('a', {href: '/reports?job=' + encodeURIComponent(j.job)}, j.job)),
        h('td', null, j.detector), h('td', {'class': 'num'}, j.reports), h('td', {'class': 'num FOUND'}, j.found),
        h('td', {'class': 'num CLEAN'}, j.clean), h('td', {'class': 'num FAILED'}, j.failed),
        h('td', null, h('span', {'class': j.lastVerdict}, j.lastVerdict), ' ', j.lastSummary));
    }), {id: 'jobs-table'});
  }

  function timelineSvg(points) {
    var W = 1100, H = 150, L = 54, B = 20;
    var svg = s('svg', {width: '100%', viewBox: '0 0 ' + W + ' ' + H, id: 'timeline-svg', 'data-count': points.length});
    if (points.length === 0) {
      svg.appendChild(s('text', {x: L, y: 60, fill: '#656d76'}, 'no snapshot yet'));
      return svg;
    }
    var max = 0;
    points.forEach(function (p) { if (p.latencyMillis !== null) { max = Math.max(max, p.latencyMillis); } });
    max = max <= 0 ? 1 : max * 1.15;
    var step = (W - L - 10) / Math.max(points.length, 20);
    svg.appendChild(s('line', {x1: L, y1: H - B, x2: W, y2: H - B, stroke: '#d0d7de'}));
    svg.appendChild(s('text', {x: 4, y: 14, fill: '#656d76'}, ms(max)));
    svg.appendChild(s('text', {x: 4, y: H - B, fill: '#656d76'}, '0 ms'));
    points.forEach(function (p, i) {
      var x = L + step * (i + 0.5);
      var y = H - B - (p.latencyMillis === null ? 0 : p.latencyMillis / max * (H - B - 10));
      var tip = 'snapshot ' + p.id + ' ' + p.status + (p.latencyMillis !== null ? ', ' + ms(p.latencyMillis) : '')
        + (p.failure ? ': ' + p.failure.message : '') + (p.messagesInTransit !== undefined ? ', ' + p.messagesInTransit + ' messages in transit' : '');
      var a = s('a', {href: '/snapshot?id=' + p.id});
      a.appendChild(s('line', {x1: x, y1: H - B, x2: x, y2: y, stroke: '#d0d7de'}));
      if (p.status === 'FAILED') {
        a.appendChild(s('path', {d: 'M' + (x - 5) + ' ' + (y - 5) + 'l10 10m0 -10l-10 10', stroke: '#cf222e', 'stroke-width': 2.5,
          'class': 'snap snap-failed', 'data-id': p.id}, s('title', null, tip)));
      } else {
        a.appendChild(s('circle', {cx: x, cy: y, r: 4.5, fill: p.status === 'COMPLETED' ? '#1a7f37' : '#bf8700',
          'class': 'snap ' + (p.status === 'COMPLETED' ? 'snap-ok' : 'snap-inflight'), 'data-id': p.id}, s('title', null, tip)));
      }
      svg.appendChild(a);
    });
    return svg;
  }

  /* ---------- charts of measures ---------- */

  function chartSvg(c) {
    var names = [];
    c.points.forEach(function (p) { Object.keys(p.values).forEach(function (k) { if (names.indexOf(k) < 0) { names.push(k); } }); });
    var W = 540, L = 70, R = 10, T = 26, B = 20 + 16 * Math.ceil(names.length / 3), H = 176 + B;
    var lo = Infinity, hi = -Infinity;
    c.points.forEach(function (p) { names.forEach(function (k) { var v = p.values[k]; if (v !== undefined) { lo = Math.min(lo, v); hi = Math.max(hi, v); } }); });
    if (lo === hi) { lo -= 1; hi += 1; }
    var pad = (hi - lo) * 0.1; lo -= pad; hi += pad;
    var n = c.points.length;
    var x = function (i) { return L + (n === 1 ? (W - L - R) / 2 : i * (W - L - R) / (n - 1)); };
    var y = function (v) { return T + (hi - v) / (hi - lo) * (H - T - B); };
    var svg = s('svg', {width: W, height: H, 'class': 'chart', 'data-job': c.job, 'data-detector': c.detector,
      'data-points': n, style: 'margin-right:12px'});
    svg.appendChild(s('text', {x: L, y: 16, 'font-weight': 600}, c.job + ' · ' + c.detector + ' (' + n + ' snapshots)'));
    svg.appendChild(s('rect', {x: L, y: T, width: W - L - R, height: H - T - B, fill: 'none', stroke: '#d0d7de'}));
    svg.appendChild(s('text', {x: L - 4, y: T + 10, 'text-anchor': 'end', fill: '#656d76'}, fmt(hi)));
    svg.appendChild(s('text', {x: L - 4, y: H - B, 'text-anchor': 'end', fill: '#656d76'}, fmt(lo)));
    names.slice().reverse().forEach(function (k, ri) {
      var si = names.length - 1 - ri;
      var color = COLORS[si % COLORS.length];
      var pts = [];
      c.points.forEach(function (p, i) { if (p.values[k] !== undefined) { pts.push(x(i) + ',' + y(p.values[k])); } });
      svg.appendChild(s('polyline', {points: pts.join(' '), fill: 'none', stroke: color, 'stroke-width': 1.5,
        'stroke-dasharray': si === 1 ? '5 3' : null}));
      c.points.forEach(function (p, i) {
        if (p.values[k] === undefined) { return; }
        svg.appendChild(s('circle', {cx: x(i), cy: y(p.values[k]), r: n > 100 ? 1.5 : 3, fill: color, 'class': 'point',
          'data-series': k, 'data-snapshot': p.snapshotId},
          s('title', null, 'snapshot ' + p.snapshotId + ': ' + k + ' = ' + fmt(p.values[k]))));
      });
      var lx = L + (si % 3) * 160, ly = H - B + 22 + Math.floor(si / 3) * 16;
      svg.appendChild(s('line', {x1: lx, y1: ly - 4, x2: lx + 18, y2: ly - 4, stroke: color, 'stroke-width': 3}));
      svg.appendChild(s('text', {x: lx + 22, y: ly}, k));
    });
    return svg;
  }
  function fmt(v) { return Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en') : String(Math.round(v * 100) / 100); }

  /* ---------- graphs of results ---------- */

  function graphSvg(g) {
    var nodes = g.nodes.slice();
    nodes.sort(function (a, b) { return a.group === b.group ? 0 : (a.group < b.group ? -1 : 1); });
    var n = nodes.length;
    var pos = {};
    var byGroup = [];
    nodes.forEach(function (v) {
      var last = byGroup[byGroup.length - 1];
      if (!last || last.name !== v.group) { byGroup.push({name: v.group, nodes: [v]}); } else { last.nodes.push(v); }
    });
    var W, H;
    if (byGroup.length <= 1) {
      /* one circle, in the order given (a cycle reads round it) */
      var R = Math.max(110, 34 * n / Math.PI);
      W = 2 * R + 240; H = 2 * R + 120;
      nodes.forEach(function (v, i) {
        var a = -Math.PI / 2 + 2 * Math.PI * i / Math.max(n, 1);
        pos[v.id] = {x: W / 2 + R * Math.cos(a), y: H / 2 + 6 + R * Math.sin(a)};
      });
    } else {
      /* a small circle per group (process), the groups round a large circle: boxes never overlap */
      var radii = byGroup.map(function (grp) { return grp.nodes.length === 1 ? 0 : Math.max(34, 30 * grp.nodes.length / Math.PI); });
      var maxR = Math.max.apply(null, radii) + 40;
      var RB = maxR * Math.max(1.25, 1.45 / Math.sin(Math.PI / byGroup.length));
      W = 2 * (RB + maxR) + 60; H = 2 * (RB + maxR) + 50;
      byGroup.forEach(function (grp, gi) {
        var a = -Math.PI / 2 + 2 * Math.PI * gi / byGroup.length;
        var cx = W / 2 + RB * Math.cos(a), cy = H / 2 + 14 + RB * Math.sin(a);
        grp.nodes.forEach(function (v, i) {
          var b = -Math.PI / 2 + 2 * Math.PI * i / grp.nodes.length;
          pos[v.id] = {x: cx + radii[gi] * Math.cos(b), y: cy + radii[gi] * Math.sin(b)};
        });
      });
    }
    W = Math.max(W, 640, 7 * g.caption.length + 20);
    var svg = s('svg', {width: W, height: H, 'class': 'graph', id: 'result-graph'});
    var defs = s('defs');
    [['arrow', '#57606a'], ['arrow-cycle', '#cf222e'], ['arrow-added', '#0969da'], ['arrow-ended', '#8c959f']].forEach(function (m) {
      defs.appendChild(s('marker', {id: m[0], viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse'},
        s('path', {d: 'M0 0L10 5L0 10z', fill: m[1]})));
    });
    svg.appendChild(defs);
    svg.appendChild(s('text', {x: 10, y: 18, 'font-weight': 600}, g.caption));
    var groups = {};
    nodes.forEach(function (v) { if (v.group) { groups[v.group] = groups[v.group] || []; groups[v.group].push(v); } });
    Object.keys(groups).forEach(function (grp, gi) {
      var xs = groups[grp].map(function (v) { return pos[v.id].x; }), ys = groups[grp].map(function (v) { return pos[v.id].y; });
      var x0 = Math.min.apply(null, xs) - 34, y0 = Math.min.apply(null, ys) - 34;
      var x1 = Math.max.apply(null, xs) + 34, y1 = Math.max.apply(null, ys) + 34;
      svg.appendChild(s('rect', {x: x0, y: y0, width: x1 - x0, height: y1 - y0, rx: 10, fill: COLORS[gi % COLORS.length],
        'fill-opacity': 0.07, stroke: COLORS[gi % COLORS.length], 'stroke-opacity': 0.5, 'class': 'group'}));
      svg.appendChild(s('text', {x: x0 + 6, y: y0 + 14, fill: COLORS[gi % COLORS.length], 'class': 'group-label'}, grp));
    });
    var seen = {};
    g.edges.forEach(function (e) {
      var key = e.from + '\u0000' + e.to;
      seen[key] = (seen[key] || 0) + 1;
      var back = g.edges.some(function (o) { return o.from === e.to && o.to === e.from; });
      var a = pos[e.from], b = pos[e.to];
      var dx = b.x - a.x, dy = b.y - a.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
      var ux = dx / len, uy = dy / len, r = 24;
      var sx = a.x + ux * r, sy = a.y + uy * r, tx = b.x - ux * r, ty = b.y - uy * r;
      var bend = (back ? 28 : 0) + (seen[key] - 1) * 22;
      var mx = (sx + tx) / 2 - uy * bend, my = (sy + ty) / 2 + ux * bend;
      var cls = e.change === 'ADDED_IN_TRANSIT' ? 'edge-added' : e.change === 'ENDED_IN_TRANSIT' ? 'edge-ended' : e.highlighted ? 'edge-cycle' : 'edge';
      var stroke = {'edge-added': '#0969da', 'edge-ended': '#8c959f', 'edge-cycle': '#cf222e', edge: '#57606a'}[cls];
      var marker = {'edge-added': 'arrow-added', 'edge-ended': 'arrow-ended', 'edge-cycle': 'arrow-cycle', edge: 'arrow'}[cls];
      svg.appendChild(s('path', {d: 'M' + sx + ' ' + sy + 'Q' + mx + ' ' + my + ' ' + tx + ' ' + ty, fill: 'none', stroke: stroke,
        'stroke-width': e.highlighted ? 3 : 1.6, 'stroke-dasharray': cls === 'edge-added' ? '7 4' : cls === 'edge-ended' ? '2 4' : null,
        'marker-end': 'url(#' + marker + ')', 'class': cls + (e.highlighted ? ' highlighted' : ''),
        'data-from': e.from, 'data-to': e.to}, s('title', null, e.from + ' → ' + e.to + (e.label ? ' (' + e.label + ')' : '') + ' ' + e.change)));
      if (e.label) {
        var lx = (sx + 2 * mx + tx) / 4, ly = (sy + 2 * my + ty) / 4;
        svg.appendChild(s('text', {x: lx, y: ly - 4, 'text-anchor': 'middle', fill: stroke, 'class': 'edge-label'}, e.label));
      }
    });
    nodes.forEach(function (v) {
      var p = pos[v.id];
      var victim = v.badge === 'victim';
      svg.appendChild(s('circle', {cx: p.x, cy: p.y, r: 22, fill: victim ? '#ffebe9' : '#fff', stroke: v.highlighted ? '#cf222e' : '#57606a',
        'stroke-width': v.highlighted ? 3 : 1.5, 'class': 'node' + (v.highlighted ? ' highlighted' : '') + (victim ? ' victim' : ''),
        'data-id': v.id}));
      svg.appendChild(s('text', {x: p.x, y: p.y + 4, 'text-anchor': 'middle', 'class': 'node-label', 'font-weight': 600}, v.id));
      if (v.badge) {
        svg.appendChild(s('text', {x: p.x, y: p.y + 38, 'text-anchor': 'middle', fill: '#cf222e', 'class': 'badge-label', 'font-weight': 600}, v.badge));
      }
    });
    return svg;
  }

  function legend() {
    return h('div', {'class': 'legend'},
      h('span', null, h('i', {'class': 'swatch', style: 'border-color:#cf222e'}), 'cycle'),
      h('span', null, h('i', {'class': 'swatch', style: 'border-color:#57606a'}), 'other edge'),
      h('span', null, h('i', {'class': 'swatch', style: 'border-color:#0969da;border-top-style:dashed'}), 'added by a message in transit'),
      h('span', null, h('i', {'class': 'swatch', style: 'border-color:#8c959f;border-top-style:dotted'}), 'ended by a message in transit'),
      h('span', null, '● pink: victim'));
  }

  /* ---------- reports ---------- */

  function reportsPage() {
    var job = param('job');
    var selected = null;
    function load() {
      getJson('/api/reports' + (job ? '?job=' + encodeURIComponent(job) : '')).then(function (d) {
        fill('jobs', jobsTable(d.jobs));
        document.getElementById('history-title').textContent = 'Verdict history' + (job ? ' of ' + job : '') + ' (newest first)';
        if (selected === null || !d.reports.some(function (r) { return r.seq === selected; })) {
          var pick = d.reports.filter(function (r) { return r.graph && r.verdict === 'FOUND'; })[0]
            || d.reports.filter(function (r) { return r.graph; })[0];
          selected = pick ? pick.seq : null;
        }
        var chosen = d.reports.filter(function (r) { return r.seq === selected; })[0];
        drawReport(chosen);
        var charts = {};
        d.reports.slice().reverse().forEach(function (r) {
          if (!r.measures || Object.keys(r.measures).length === 0) { return; }
          var k = r.job + ' · ' + r.detector;
          charts[k] = charts[k] || {job: r.job, detector: r.detector, points: []};
          charts[k].points.push({snapshotId: r.snapshotId, values: r.measures});
        });
        var keys = Object.keys(charts).sort();
        fill('charts', keys.length === 0 ? h('p', {'class': 'muted'}, 'these results have no measures to chart')
          : keys.map(function (k) { return chartSvg(charts[k]); }));
        fill('history', table(['snapshot', 'job', 'detector', 'verdict', 'summary'], d.reports.slice(0, 300).map(function (r) {
          return h('tr', {'class': 'clickable report' + (r.seq === selected ? ' selected' : ''), onclick: function () {
            selected = r.seq; load();
          }}, h('td', null, h('a', {href: '/snapshot?id=' + r.snapshotId}, r.snapshotId)), h('td', null, r.job),
            h('td', null, r.detector), h('td', {'class': r.verdict}, r.verdict), h('td', null, r.summary));
        }), {id: 'history-table'}));
      }).catch(function (err) { fill('history', h('p', {'class': 'FAILED', id: 'error'}, String(err.message))); });
    }
    load();
    setInterval(load, 2000);
  }

  function drawReport(r) {
    if (!r) {
      fill('drawing', h('p', {'class': 'muted'}, 'no report with a drawing yet'));
      fill('measures', null);
      return;
    }
    document.getElementById('drawing-title').textContent = 'Snapshot ' + r.snapshotId + ' · ' + r.job + ' · ' + r.detector + ' · ' + r.verdict;
    fill('drawing', [h('p', null, r.summary), graphSvg(r.graph), legend()]);
    var m = r.measures || {};
    fill('measures', Object.keys(m).length === 0 ? null : table(['measure', 'value num'], Object.keys(m).map(function (k) {
      return h('tr', null, h('td', null, k), h('td', {'class': 'num'}, fmt(m[k])));
    }), {id: 'measures-table'}));
  }

  /* ---------- one snapshot ---------- */

  function snapshotPage() {
    var id = param('id');
    document.getElementById('heading').textContent = 'Snapshot ' + id;
    document.getElementById('download').href = '/api/snapshots/' + encodeURIComponent(id) + '?download=true';
    getJson('/api/snapshots/' + encodeURIComponent(id)).then(function (d) {
      fill('summary', h('p', null, h('b', {'class': d.status}, d.status), ' · latency ', ms(d.latencyMillis),
        d.messagesInTransit !== undefined ? ' · ' + d.messagesInTransit + ' messages in transit' : '',
        d.failure ? h('div', {'class': 'FAILED'}, d.failure.message) : null,
        d.note ? h('div', {'class': 'muted'}, d.note) : null));
      if (!d.processes) { return; }
      var names = d.processes.map(function (p) { return p.process; });
      fill('processes', table(['process', 'state', 'frontier (' + names.join(', ') + ')'], d.processes.map(function (p) {
        return h('tr', null, h('td', null, p.process), h('td', null, h('pre', null, p.state)),
          h('td', null, '[' + names.map(function (n) { return p.frontier[n]; }).join(', ') + ']'));
      }), {id: 'processes-table'}));
      var busy = d.channels.filter(function (c) { return c.messages > 0; });
      fill('channels', [h('p', {'class': 'muted'}, busy.length + ' of ' + d.channels.length + ' channels carried messages across the cut'),
        table(['channel', 'messages num', 'bytes num', 'messages (first 20)'], busy.map(function (c) {
          return h('tr', null, h('td', null, c.channel), h('td', {'class': 'num'}, c.messages),
            h('td', {'class': 'num'}, c.bytes === null ? 'n/a' : c.bytes), h('td', null, h('pre', null, c.shown.join('\n'))));
        }), {id: 'channels-table'})]);
    }).catch(function (err) { fill('summary', h('p', {'class': 'FAILED', id: 'error'}, err.message)); });
  }

  return {overviewPage: overviewPage, reportsPage: reportsPage, snapshotPage: snapshotPage, graphSvg: graphSvg};
}());
