// SPDX-License-Identifier: GPL-3.0-or-later
// Campaign coverage: the households a campaign targets against those visited in it, by
// township and village (a chart and a table), and the households not yet visited. Above a
// county the page lists the counties to open.
'use strict';

Object.assign(T.zh, {
  campaign: '活动', noCampaign: '这个区划没有走访活动。', targets: '目标户数', visitedHouseholds: '已走访', rate: '覆盖率',
  notVisited: '尚未走访的户', head: '户主', address: '住址', chooseCounty: '请选择一个县（区）查看覆盖情况：', running: '进行中',
  coverageOf: '户已走访', households: '户', targetRule: '对象', emptyAreas: '另有 %1 个下级区划没有目标户。',
});
Object.assign(T.en, {
  campaign: 'Campaign', noCampaign: 'No campaign reaches this area.', targets: 'Households targeted', visitedHouseholds: 'Visited', rate: 'Coverage',
  notVisited: 'Households not yet visited', head: 'Head of household', address: 'Address', chooseCounty: 'Choose a county to see its coverage:', running: 'running',
  coverageOf: 'households visited', households: 'households', targetRule: 'Targets', emptyAreas: '%1 more areas below have no household targeted.',
});
Object.assign(WORDS.zh, { away: '外出务工', returned: '返乡', local: '本地' });
Object.assign(WORDS.en, { away: 'away', returned: 'returned', local: 'local' });

const percent = (part, whole) => (whole ? Math.round(part / whole * 100) : 0);

async function coverageView(q) {
  const area = q.get('area') || me.scopes[0].code;
  const campaign = /^[0-9A-Za-z_-]{1,64}$/.test(q.get('campaign') || '') ? q.get('campaign') : '';
  const d = await api(`/console/api/coverage?${new URLSearchParams(campaign ? { area, campaign } : { area })}`);
  const keep = d.campaign && d.campaign.id ? { campaign: d.campaign.id } : {};
  const info = d.area || (await api(`/console/api/dashboard?${new URLSearchParams({ area })}`)).area;
  bar(info, 'coverage', keep);
  const options = (d.campaigns || []).map((c) => `<option value="${esc(c.id)}" ${c.id === (d.campaign || {}).id ? 'selected' : ''}>` +
    `${esc(c.name)}（${esc(c.starts_on)} – ${esc(c.ends_on)}${c.running ? ' · ' + esc(t('running')) : ''}）</option>`).join('');
  const head = `<div class="controls"><label>${esc(t('campaign'))} <select id="campaign">${options}</select></label></div>
    <h1 class="page">${esc(info.name)} · ${esc(t('tabCoverage'))}</h1>`;
  if (!d.campaign || !d.campaign.id) { $('#view').innerHTML = head + `<p class="muted">${esc(t('noCampaign'))}</p>`; return; }
  const rule = [d.campaign.target_status ? word(d.campaign.target_status) : '', ...(d.campaign.target_tags || [])].filter((s) => s).join('、');
  const link = (code) => `#/coverage?${esc(new URLSearchParams({ area: code, ...keep }).toString())}`;
  let body;
  if (d.choose) {
    body = `<p>${esc(t('chooseCounty'))}</p><div class="chips">${d.rows.map((r) => `<a class="button" href="${link(r.code)}">${esc(r.name)}</a>`).join(' ')}</div>`;
  } else {
    // Areas the campaign targets no household in are left out of the chart and table (counted below).
    const empty = d.rows.filter((r) => !r.targets).length;
    d.rows = d.rows.filter((r) => r.targets);
    const rows = d.rows.map((r) => `<tr class="go" data-code="${esc(r.code)}"><td>${esc(r.name)}</td><td class="n">${num(r.targets)}</td>
      <td class="n">${num(r.visited)}</td><td><div class="meter"><span style="width:${percent(r.visited, r.targets)}%"></span></div></td>
      <td class="n">${percent(r.visited, r.targets)}%</td></tr>`).join('');
    const left = d.unvisited.map((h) => `<tr><td>${esc(h.place)}</td><td>${esc(h.head)}</td><td>${esc(h.address)}</td></tr>`).join('');
    body = `<div class="card summary"><div class="value">${num(d.visited)} <span class="unit">/ ${num(d.targets)} ${esc(t('coverageOf'))}</span></div>
        <div class="meter big"><span style="width:${percent(d.visited, d.targets)}%"></span></div>
        <div class="sub">${esc(t('rate'))} ${percent(d.visited, d.targets)}% ${rule ? '· ' + esc(t('targetRule')) + '：' + esc(rule) : ''}</div></div>
      ${d.rows.length > 1 ? `<div class="card"><div class="chart" id="coverageChart"></div></div>` : ''}
      <div class="tablewrap"><table class="cards" id="coverage"><thead><tr><th>${esc(t('area'))}</th><th class="n">${esc(t('targets'))}</th>
        <th class="n">${esc(t('visitedHouseholds'))}</th><th></th><th class="n">${esc(t('rate'))}</th></tr></thead><tbody>${rows}</tbody></table></div>
      ${empty ? `<p class="muted">${esc(t('emptyAreas').replace('%1', empty))}</p>` : ''}
      <h2>${esc(t('notVisited'))} (${num(d.targets - d.visited)})</h2>
      ${left ? `<div class="tablewrap"><table class="cards" id="unvisited"><thead><tr><th>${esc(t('area'))}</th><th>${esc(t('head'))}</th><th>${esc(t('address'))}</th></tr></thead>
        <tbody>${left}</tbody></table></div>${d.more ? `<p class="muted">${esc(t('more'))}</p>` : ''}` : `<p class="muted">${esc(t('none'))}</p>`}`;
  }
  $('#view').innerHTML = head + body;
  cardify();
  $('#campaign').onchange = () => go('coverage', { area, campaign: $('#campaign').value });
  document.querySelectorAll('#coverage tr.go').forEach((el) => {
    if (el.dataset.code !== area) el.onclick = () => go('coverage', { area: el.dataset.code, ...keep });
  });
  if (window.echarts && $('#coverageChart')) {
    const chart = echarts.init($('#coverageChart'));
    chart.setOption({
      color: ['#E7D8CF', '#B7412F'], animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0, data: [t('targets'), t('visitedHouseholds')] },
      grid: { left: 50, right: 16, top: 36, bottom: 60 },
      xAxis: { type: 'category', data: d.rows.map((r) => r.name), axisLabel: { rotate: d.rows.length > 6 ? 35 : 0, interval: 0 } },
      yAxis: { type: 'value', minInterval: 1, name: t('households') },
      series: [{ name: t('targets'), type: 'bar', barGap: '-100%', barMaxWidth: 48, data: d.rows.map((r) => r.targets) },
        { name: t('visitedHouseholds'), type: 'bar', barMaxWidth: 48, data: d.rows.map((r) => r.visited) }],
    });
    window.onresize = () => chart.resize();
  }
}
