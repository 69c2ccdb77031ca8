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
    cash: '慰问金', goods: '物资', note: '备注（可选）',
    tabDashboard: '五件实事', tabCoverage: '走访覆盖', tabReview: '审核待办', tabFleet: '设备与用户',
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
    cash: 'cash', goods: 'goods', note: 'Note (optional)',
    tabDashboard: 'Five things', tabCoverage: 'Coverage', tabReview: 'Review', tabFleet: 'Devices & users',
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
  if (options.body) headers['content-type'] = options.body instanceof Blob ? 'application/octet-stream' : 'application/json';
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

// The pages a role has: everyone the dashboard and coverage; reviewers the queue; supervisors the
// ledger import; administrators devices and users (the server checks each again).
const TABS = [['dashboard', 'tabDashboard'], ['coverage', 'tabCoverage'], ['review', 'tabReview'], ['import', 'tabImport'], ['fleet', 'tabFleet']];
const hasTab = (view) => view === 'review' ? ['supervisor', 'admin'].includes(me.role)
  : view === 'import' ? me.role === 'supervisor' : view === 'fleet' ? me.role === 'admin' : true;

function bar(area, view = 'dashboard', keep = {}) {
  $('#bar').hidden = false;
  $('#who').textContent = me.name;
  $('#lang').textContent = lang === 'zh' ? 'English' : '中文';
  document.querySelectorAll('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t); });
  const here = new URLSearchParams(keep);
  $('#tabs').innerHTML = TABS.filter(([v]) => hasTab(v)).map(([v, label]) =>
    `<a href="#/${v}?${esc(here.toString())}" class="${v === view || (view === 'records' && v === 'dashboard') ? 'on' : ''}" id="tab-${v}">${esc(t(label))}</a>`).join('');
  // The path from the user's own scope down: higher areas are not theirs to open.
  const mine = (code) => me.scopes.some((s) => code.startsWith(s.code) || code === s.code);
  const link = (code) => { const q = new URLSearchParams(keep); q.set('area', code); return `#/${view === 'records' ? 'dashboard' : view}?${q}`; };
  $('#crumbs').innerHTML = ((area && area.path) || []).filter((p) => mine(p.code)).map((p, i, all) =>
    (i ? '<span class="sep">›</span>' : '') + (i === all.length - 1 ? `<span class="here">${esc(p.name)}</span>`
      : `<a href="${esc(link(p.code))}">${esc(p.name)}</a>`)).join('');
}

// Tables that become cards on a phone: each cell a "label  value" line, the label its column's.
function cardify() {
  document.querySelectorAll('table.cards').forEach((table) => {
    const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
    table.querySelectorAll('tbody tr').forEach((tr) => [...tr.children].forEach((td, i) => { td.dataset.label = heads[i] || ''; }));
  });
}

// A small form in a row: a note and buttons; `act` gets the button's value and the note.
function rowForm(id, buttons, placeholder) {
  return `<div class="rowform" data-id="${esc(id)}"><input class="note" placeholder="${esc(placeholder || t('note'))}" maxlength="500">` +
    buttons.map(([value, label, cls]) => `<button type="button" class="${cls || ''}" value="${esc(value)}">${esc(label)}</button>`).join('') + '</div>';
}
function onRowForms(act) {
  document.querySelectorAll('.rowform button').forEach((button) => {
    button.onclick = async () => {
      const form = button.closest('.rowform');
      const problem = form.querySelector('.error') || form.appendChild(Object.assign(document.createElement('span'), { className: 'error' }));
      problem.textContent = '';
      form.querySelectorAll('button').forEach((b) => { b.disabled = true; });
      try { await act(form.dataset.id, button.value, form.querySelector('.note').value); render(); } catch (err) {
        problem.textContent = err.message;
        form.querySelectorAll('button').forEach((b) => { b.disabled = false; });
      }
    };
  });
}

async function render() {
  const { view, q } = params();
  try {
    const views = { records: recordsView, coverage: coverageView, review: reviewView, import: importView, fleet: fleetView };
    await (views[view] || dashboardView)(q);
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
