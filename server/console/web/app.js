// SPDX-License-Identifier: GPL-3.0-or-later
// The supervisors' console: sign-in (password and TOTP), the five practical things by month
// and area with charts (ECharts, served by hearth-server), the records behind each figure, and
// exports. Simplified Chinese first; English on request. Everything comes from /console/api.
'use strict';

const T = {
  zh: {
    console: '管理台', signIn: '登录', signOut: '退出', user: '用户名', password: '密码', code: '动态验证码（手机应用上的 6 位数字）',
    enrolTitle: '绑定手机验证器', enrolText: '首次登录：请用手机上的验证器应用（如“腾讯身份验证器”、Google Authenticator）扫描二维码，再输入它显示的 6 位数字。',
    enrolSecret: '无法扫码时手动输入密钥：', confirm: '确认并登录', month: '月份', from: '从', to: '至', show: '查询',
    monthXlsx: '下载月报（Excel）', monthPrint: '打印月报', vsBefore: '较上期', trend: '近 12 个月', breakdown: '下级区划',
    area: '区划', ownLevel: '本级', records: '明细', back: '返回', more: '更多', csv: '导出 CSV', csvGb: '导出 CSV（GB18030）', xlsx: '导出 Excel',
    none: '没有记录。', noLocation: '无定位', expired: '登录已过期，请重新登录。', loading: '正在加载…', people: '人次', yuan: '元',
    fairs: '场', placed: '人就业', workers: '人', items: '件', stationScope: '站点',
    visit: '走访慰问', job_fair: '就业招聘', wage: '根治欠薪', certificate: '证照办理', service: '旅途暖冬',
    cash: '慰问金', goods: '物资',
  },
  en: {
    console: 'console', signIn: 'Sign in', signOut: 'Sign out', user: 'User name', password: 'Password', code: 'Code (6 digits from your authenticator app)',
    enrolTitle: 'Set up your authenticator', enrolText: 'First sign-in: scan the QR code with an authenticator app on your phone, then enter the 6 digits it shows.',
    enrolSecret: 'If you cannot scan, enter this key:', confirm: 'Confirm and sign in', month: 'Month', from: 'From', to: 'to', show: 'Show',
    monthXlsx: 'Monthly report (Excel)', monthPrint: 'Print the monthly report', vsBefore: 'vs. period before', trend: 'Last 12 months', breakdown: 'Areas below',
    area: 'Area', ownLevel: 'This level itself', records: 'Records', back: 'Back', more: 'More', csv: 'Export CSV', csvGb: 'CSV (GB18030)', xlsx: 'Export Excel',
    none: 'No records.', noLocation: 'no fix', expired: 'Your session ended: sign in again.', loading: 'Loading…', people: 'person-times', yuan: 'yuan',
    fairs: 'fairs', placed: 'placed', workers: 'workers', items: 'items', stationScope: 'station',
    visit: 'Visits', job_fair: 'Job fairs', wage: 'Wage arrears settled', certificate: 'Certificates', service: 'Travel-point services',
    cash: 'cash', goods: 'goods',
  },
};
const THINGS = ['visit', 'job_fair', 'wage', 'certificate', 'service'];
// The words for the keys records keep (the app's labels, app/controllers/labels.cpp).
const WORDS = {
  zh: {
    home: '入户走访', worksite: '工地走访', phone: '电话联系', group: '座谈会',
    ticket: '购票帮助', guidance: '引导咨询', hardship_aid: '困难帮扶', health: '医疗防疫', order: '秩序维护', luggage: '行李搬运',
    warmth_rest: '休息取暖', jobs: '就业信息', other: '其他',
    id_card: '身份证', social_security: '社保卡', residence_permit: '居住证', household_register: '户口', driving_licence: '驾驶证',
    done: '已办结', accepted: '已受理', referred: '已转办', not_possible: '无法办理', station: '工作站', township: '乡镇', travel_point: '驿站',
    wage_arrears: '欠薪', certificates: '证照', children: '子女教育', housing: '住房', legal: '法律援助', business: '返乡创业',
    no_fix: '未收到卫星定位', inaccurate: '定位精度不够', stale: '定位已过时', mock: '模拟定位', accuracy_unknown: '精度未知',
    no_source: '没有定位设备', permission_denied: '没有定位权限',
  },
  en: {
    home: 'home visit', worksite: 'at work', phone: 'by phone', group: 'group meeting',
    ticket: 'tickets', guidance: 'guidance', hardship_aid: 'hardship aid', health: 'health', order: 'keeping order', luggage: 'luggage',
    warmth_rest: 'warmth and rest', jobs: 'job information', other: 'other',
    id_card: 'ID card', social_security: 'social security card', residence_permit: 'residence permit', household_register: 'household register',
    driving_licence: 'driving licence', done: 'done', accepted: 'accepted', referred: 'referred', not_possible: 'not possible',
    station: 'station', township: 'township', travel_point: 'travel point', wage_arrears: 'unpaid wages', certificates: 'certificates',
    children: 'children', housing: 'housing', legal: 'legal aid', business: 'starting a business',
    no_fix: 'no fix received', inaccurate: 'not accurate enough', stale: 'fix too old', mock: 'mock location', accuracy_unknown: 'accuracy unknown',
    no_source: 'no position source', permission_denied: 'location permission refused',
  },
};
const word = (key) => (key && WORDS[lang][key]) || key || '';
let lang = localStorage.getItem('hearth.lang') || 'zh';
let me = null;
const t = (key) => T[lang][key] || key;
const $ = (sel) => document.querySelector(sel);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const num = (v, digits = 0) => Number(v || 0).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const thisMonth = () => new Date().toISOString().slice(0, 7);

async function api(path, options = {}) {
  const headers = { 'accept': 'application/json' };
  if (options.body) headers['content-type'] = 'application/json';
  if (me && me.csrf && options.method === 'POST') headers['x-csrf-token'] = me.csrf;
  const r = await fetch(path, { credentials: 'same-origin', ...options, headers });
  const body = await r.json().catch(() => ({}));
  if (r.status === 401 && path !== '/console/api/signin') { me = null; signInView(t('expired')); throw new Error('signed out'); }
  if (!r.ok) throw new Error(lang === 'zh' ? body.reason_zh || r.status : body.reason_en || r.status);
  return body;
}

// What the address says, checked: a link someone sent cannot put markup or other parameters
// into the page or its requests.
function params() {
  const [view, query] = location.hash.slice(2).split('?');
  const q = new URLSearchParams(query || '');
  const month = (key) => { if (q.has(key) && !/^\d{4}-\d{2}$/.test(q.get(key))) q.delete(key); };
  month('from');
  month('to');
  if (q.has('area') && !/^(\d{2,12}|[0-9a-f-]{36})$/.test(q.get('area'))) q.delete('area');
  if (q.has('thing') && !THINGS.includes(q.get('thing'))) q.set('thing', 'visit');
  if (q.has('offset') && !/^\d{1,7}$/.test(q.get('offset'))) q.delete('offset');
  return { view: view || 'dashboard', q };
}
function go(view, q) { location.hash = '#/' + view + '?' + new URLSearchParams(q).toString(); }

// What a figure says, by thing: the main number and its unit, then a second line.
function headline(thing, f) {
  f = f || {};
  switch (thing) {
    case 'visit': return [num(f.people), t('people'), `${t('cash')} ¥${num(f.fen / 100)} · ${t('goods')} ${num(f.goods)} ${t('items')}`];
    case 'job_fair': return [num(f.n), t('fairs'), `${num(f.people)} ${t('placed')}`];
    case 'wage': return [num(f.fen / 100), t('yuan'), `${num(f.people)} ${t('workers')}`];
    default: return [num(f.people), t('people'), ''];
  }
}
const mainValue = (thing, f) => (f ? (thing === 'wage' ? f.fen / 100 : thing === 'job_fair' ? f.n : f.people) || 0 : 0);

function signInView(message) {
  $('#bar').hidden = true;
  $('#view').innerHTML = `<form class="signin card" id="signin">
    <h1>暖心走访 · ${esc(t('console'))}</h1>
    <div id="enrol"></div>
    <label>${esc(t('user'))}<input name="user" autocomplete="username" required></label>
    <label>${esc(t('password'))}<input name="password" type="password" autocomplete="current-password" required></label>
    <label>${esc(t('code'))}<input name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" pattern="[0-9]{6}"></label>
    <p class="error" id="problem">${esc(message || '')}</p>
    <button class="primary" type="submit" id="signinButton">${esc(t('signIn'))}</button>
    <p class="muted"><button class="link" type="button" id="langSignin">${lang === 'zh' ? 'English' : '中文'}</button></p>
  </form>`;
  $('#langSignin').onclick = () => { setLang(lang === 'zh' ? 'en' : 'zh'); signInView(); };
  $('#signin').onsubmit = async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    $('#problem').textContent = '';
    try {
      const r = await api('/console/api/signin', { method: 'POST', body: JSON.stringify({ user: f.get('user'), password: f.get('password'), code: f.get('code') }) });
      if (r.enrol) {
        $('#enrol').innerHTML = `<h2>${esc(t('enrolTitle'))}</h2><p>${esc(t('enrolText'))}</p>
          <img class="qr" alt="QR" src="data:image/svg+xml;base64,${btoa(r.qr_svg)}">
          <p class="muted">${esc(t('enrolSecret'))} <code id="secret">${esc(r.secret)}</code></p>`;
        $('#signinButton').textContent = t('confirm');
        e.target.code.focus();
        return;
      }
      await start();
    } catch (err) { $('#problem').textContent = err.message; }
  };
}

function setLang(l) { lang = l; localStorage.setItem('hearth.lang', l); document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en'; }

function bar(area) {
  $('#bar').hidden = false;
  $('#who').textContent = me.name;
  $('#lang').textContent = lang === 'zh' ? 'English' : '中文';
  document.querySelectorAll('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t); });
  // The path from the user's own scope down: higher areas are not theirs to open.
  const mine = (code) => me.scopes.some((s) => code.startsWith(s.code) || code === s.code);
  $('#crumbs').innerHTML = (area.path || []).filter((p) => mine(p.code)).map((p, i, all) =>
    (i ? '<span class="sep">›</span>' : '') + (i === all.length - 1 ? `<span class="here">${esc(p.name)}</span>`
      : `<a href="#/dashboard?area=${encodeURIComponent(p.code)}">${esc(p.name)}</a>`)).join('');
}

async function dashboardView(q) {
  const from = q.get('from') || thisMonth(), to = q.get('to') || from;
  const area = q.get('area') || me.scopes[0].code;
  const range = new URLSearchParams({ area, from, to }).toString();
  const d = await api(`/console/api/dashboard?${range}`);
  bar(d.area);
  const kpis = THINGS.map((thing) => {
    const [value, unit, sub] = headline(thing, d.things[thing]);
    const now = mainValue(thing, d.things[thing]), before = mainValue(thing, d.before[thing]);
    const change = before ? Math.round((now - before) / before * 100) : null;
    const delta = change === null ? '' : `<span class="${change >= 0 ? 'up' : 'down'}">${change >= 0 ? '▲' : '▼'} ${Math.abs(change)}%</span> ${esc(t('vsBefore'))}`;
    return `<div class="card kpi" data-thing="${thing}" id="kpi-${thing}" tabindex="0">
      <div class="name">${esc(t(thing))}</div><div class="value">${value}<span class="unit">${esc(unit)}</span></div>
      <div class="sub">${esc(sub)}</div><div class="sub">${delta}</div></div>`;
  }).join('');
  const rows = d.children.map((c) => `<tr class="${c.code ? 'go' : ''}" data-code="${esc(c.code)}"><td>${esc(c.code ? c.name : t('ownLevel'))}</td>` +
    THINGS.map((thing) => `<td class="n">${esc(headline(thing, c.things[thing])[0])}</td>`).join('') + '</tr>').join('');
  $('#view').innerHTML = `<div class="controls">
      <label>${esc(t('from'))} <input type="month" id="from" value="${esc(from)}"></label>
      <label>${esc(t('to'))} <input type="month" id="to" value="${esc(to)}"></label>
      <button class="primary" id="show">${esc(t('show'))}</button>
      <span class="spacer"></span>
      <a class="button" id="monthXlsx" href="/console/export/month.xlsx?${esc(range)}">${esc(t('monthXlsx'))}</a>
      <a class="button" id="monthPrint" target="_blank" href="/console/export/month.html?${esc(range)}">${esc(t('monthPrint'))}</a>
    </div>
    <h2>${esc(d.area.name)} · ${esc(from)}${to !== from ? ' – ' + esc(to) : ''}</h2>
    <div class="kpis">${kpis}</div>
    <div class="charts"><div class="card"><h2>${esc(t('trend'))}</h2><div class="chart" id="trendChart"></div></div>
      <div class="card"><h2>${esc(t('breakdown'))}</h2><div class="chart" id="childChart"></div></div></div>
    ${d.children.length ? `<h2>${esc(t('breakdown'))}</h2><div class="tablewrap"><table id="children"><thead><tr><th>${esc(t('area'))}</th>` +
      THINGS.map((thing) => `<th class="n">${esc(t(thing))}</th>`).join('') + `</tr></thead><tbody>${rows}</tbody></table></div>` : ''}`;
  $('#show').onclick = () => go('dashboard', { area, from: $('#from').value || from, to: $('#to').value || $('#from').value || to });
  document.querySelectorAll('.kpi').forEach((el) => { el.onclick = () => go('records', { thing: el.dataset.thing, area, from, to }); });
  document.querySelectorAll('#children tr.go').forEach((el) => { el.onclick = () => go('dashboard', { area: el.dataset.code, from, to }); });
  drawCharts(d);
  performance.mark('hearth-drawn'); // the dashboard is on screen (bench_console reads it)
}

function drawCharts(d) {
  if (!window.echarts) return;
  const colors = ['#B7412F', '#E0923B', '#3C7EA6', '#4F9A63', '#8A5A9E'];
  // People on the left axis; wages recovered (yuan) as bars on the right: one scale would flatten the rest.
  const trend = echarts.init($('#trendChart'));
  trend.setOption({
    color: colors, animation: false, tooltip: { trigger: 'axis' }, legend: { type: 'scroll', top: 0, data: THINGS.map(t) },
    grid: { left: 44, right: 56, top: 52, bottom: 28 },
    xAxis: { type: 'category', data: d.months.map((m) => m.month.slice(2)) },
    yAxis: [{ type: 'value', name: t('people'), minInterval: 1 }, { type: 'value', name: t('yuan'), splitLine: { show: false } }],
    series: THINGS.map((thing) => (thing === 'wage'
      ? { name: t(thing), type: 'bar', yAxisIndex: 1, barMaxWidth: 14, data: d.months.map((m) => mainValue(thing, m.things[thing])) }
      : { name: t(thing), type: 'line', data: d.months.map((m) => mainValue(thing, m.things[thing])) })),
  });
  const children = d.children.filter((c) => c.code);
  const byChild = echarts.init($('#childChart'));
  byChild.setOption({
    color: colors, animation: false, tooltip: { trigger: 'axis' }, legend: { type: 'scroll', top: 0, data: [t('visit'), t('certificate'), t('service')] },
    grid: { left: 50, right: 16, top: 36, bottom: 60 },
    xAxis: { type: 'category', data: children.map((c) => c.name), axisLabel: { rotate: children.length > 6 ? 35 : 0, interval: 0 } },
    yAxis: { type: 'value' },
    series: ['visit', 'certificate', 'service'].map((thing) => ({ name: t(thing), type: 'bar', data: children.map((c) => mainValue(thing, c.things[thing])) })),
  });
  window.onresize = () => { trend.resize(); byChild.resize(); };
}

function recordCells(thing, r) {
  const time = `<td>${esc(r.time)}</td>`;
  if (thing === 'visit') {
    const where = r.location && r.location.lat !== undefined
      ? `${Number(r.location.lat).toFixed(5)}, ${Number(r.location.lon).toFixed(5)} ±${Math.round(r.location.accuracy_m)} m`
      : `${t('noLocation')}（${esc(word(r.location && r.location.reason))}）`;
    const photos = (r.photos || []).map((p) => `<img loading="lazy" alt="" data-full="${esc(p.hash)}" src="/console/api/photo/${esc(p.thumb || p.hash)}">`).join('');
    return [time, `<td>${esc(r.place)}</td><td>${esc(r.person)}</td><td>${esc(word(r.kind))}</td><td class="n">¥${num(r.cash_fen / 100)}</td>`,
      `<td>${esc(String(r.needs || '').split('、').map(word).join('、'))}</td><td>${where}</td><td class="thumbs">${photos}</td>`].join('');
  }
  if (thing === 'job_fair') return time + `<td>${esc(r.place)}</td><td>${esc(r.organiser)}</td><td>${esc(r.where)}</td><td class="n">${num(r.attendees)}</td><td class="n">${num(r.contracts)}</td><td class="n">${num(r.placed)}</td>`;
  if (thing === 'certificate') return time + `<td>${esc(r.place)}</td><td>${esc(word(r.kind))}</td><td>${esc(word(r.outcome))}</td><td>${esc(word(r.where))}</td><td>${esc(r.person)}</td>`;
  if (thing === 'service') return time + `<td>${esc(r.place)}</td><td>${esc(word(r.category))}</td><td class="n">${num(r.count)}</td>`;
  return time + `<td>${esc(r.place)}</td><td>${esc(r.person)}</td><td class="n">¥${num(r.recovered_fen / 100, 2)}</td><td>${esc(r.text)}</td>`;
}
const HEADS = {
  visit: { zh: ['时间', '所在地', '走访对象', '方式', '慰问金', '诉求', '定位', '照片'], en: ['Time', 'Place', 'Person', 'Kind', 'Cash', 'Needs', 'Location', 'Photos'] },
  job_fair: { zh: ['日期', '所在地', '举办单位', '地点', '参会', '签约意向', '就业'], en: ['Date', 'Area', 'Organiser', 'Place', 'Attending', 'Contracts', 'Placed'] },
  certificate: { zh: ['时间', '所在地', '证照', '结果', '办理地点', '人员'], en: ['Time', 'Area', 'Certificate', 'Outcome', 'Where', 'Person'] },
  service: { zh: ['时间', '驿站', '类别', '人数'], en: ['Time', 'Travel point', 'Category', 'People'] },
  wage: { zh: ['结案时间', '所在地', '务工人员', '追回金额', '说明'], en: ['Settled', 'Area', 'Worker', 'Recovered', 'Note'] },
};

async function recordsView(q) {
  const thing = q.get('thing') || 'visit', area = q.get('area') || me.scopes[0].code, from = q.get('from') || thisMonth();
  const to = q.get('to') || from;
  const offset = Number(q.get('offset') || 0);
  const base = new URLSearchParams({ thing, area, from, to }).toString();
  const [d, list] = await Promise.all([api(`/console/api/dashboard?${new URLSearchParams({ area, from, to })}`),
    api(`/console/api/records?${base}&offset=${offset}`)]);
  bar(d.area);
  const rows = list.records.map((r) => `<tr>${recordCells(thing, r)}</tr>`).join('');
  const labelCells = () => document.querySelectorAll('#records tbody tr').forEach((tr) =>
    [...tr.children].forEach((td, i) => { td.dataset.label = HEADS[thing][lang][i]; })); // phones: label: value
  $('#view').innerHTML = `<div class="controls">
      <a class="button" href="#/dashboard?${esc(new URLSearchParams({ area, from, to }).toString())}">‹ ${esc(t('back'))}</a>
      <span class="spacer"></span>
      <a class="button" href="/console/export/records.csv?${esc(base)}&amp;lang=${lang}">${esc(t('csv'))}</a>
      <a class="button" href="/console/export/records.csv?${esc(base)}&amp;encoding=gb18030&amp;lang=${lang}">${esc(t('csvGb'))}</a>
      <a class="button" href="/console/export/records.xlsx?${esc(base)}&amp;lang=${lang}">${esc(t('xlsx'))}</a></div>
    <h2>${esc(d.area.name)} · ${esc(t(thing))} · ${esc(from)}${to !== from ? ' – ' + esc(to) : ''}</h2>
    ${list.records.length ? `<div class="tablewrap"><table id="records"><thead><tr>${HEADS[thing][lang].map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>
      <tbody>${rows}</tbody></table></div>` : `<p class="muted">${esc(t('none'))}</p>`}
    ${list.more ? `<p><a class="button" href="#/records?${esc(base)}&amp;offset=${offset + 50}">${esc(t('more'))} ›</a></p>` : ''}`;
  labelCells();
  document.querySelectorAll('.thumbs img').forEach((img) => {
    img.onclick = () => {
      const v = document.createElement('div');
      v.className = 'viewer';
      v.innerHTML = `<img alt="" src="/console/api/photo/${encodeURIComponent(img.dataset.full)}">`;
      v.onclick = () => v.remove();
      document.body.appendChild(v);
    };
  });
}

async function render() {
  const { view, q } = params();
  try {
    if (view === 'records') await recordsView(q);
    else await dashboardView(q);
  } catch (err) {
    if (me) $('#view').innerHTML = `<p class="error" id="problem">${esc(err.message)}</p>`;
  }
}

async function start() {
  try { me = await api('/console/api/me'); } catch (err) { if (!$('#signin')) signInView(); return; }
  render();
}

document.addEventListener('DOMContentLoaded', () => {
  setLang(lang);
  $('#lang').onclick = () => { setLang(lang === 'zh' ? 'en' : 'zh'); render(); };
  $('#signout').onclick = async () => { try { await api('/console/api/signout', { method: 'POST' }); } catch (e) { /* signed out anyway */ } me = null; signInView(); };
  window.addEventListener('hashchange', () => { if (me) render(); });
  start();
});
