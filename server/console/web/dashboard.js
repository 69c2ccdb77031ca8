// SPDX-License-Identifier: GPL-3.0-or-later
// The dashboard (the five practical things of an area and months, with charts) and the records
// behind each figure, with their photos and locations, and the list exports.
'use strict';

async function dashboardView(q) {
  const from = q.get('from') || thisMonth(), to = q.get('to') || from;
  const area = q.get('area') || me.scopes[0].code;
  const range = new URLSearchParams({ area, from, to }).toString();
  const d = await api(`/console/api/dashboard?${range}`);
  bar(d.area, 'dashboard', { from, to });
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
  bar(d.area, 'records', { from, to });
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

