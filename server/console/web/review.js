// SPDX-License-Identifier: GPL-3.0-or-later
// The review queue: visits a rule flags (approve, or return to the field with a comment the
// device shows on the visit), same-field conflicts, duplicate pairs (merge, or keep apart), and
// changes the server refused. Each action goes to /console/api/review/… and is audited there.
'use strict';

Object.assign(T.zh, {
  flaggedVisits: '需要查看的走访', conflicts: '数据冲突', duplicates: '疑似同一人', refused: '未能保存的上传',
  approve: '通过', returnIt: '退回并说明', returnWhy: '退回原因（会显示在走访记录上）', resolve: '保留现值', done: '已处理',
  mergeLeft: '合并到左边这条', mergeRight: '合并到右边这条', apart: '不是同一人', mergeWhy: '原因（必填）',
  field: '字段', kept: '现值', lost: '另一处改成', by: '由', rules: '规则：无定位、模拟定位、入户或工地走访未拍照、慰问金达 1000 元。',
  queueEmpty: '这里没有待办。', device: '设备', what: '内容', reason: '原因', time: '时间', person: '人员', more: '还有更多，处理完这些后再看',
  no_location: '无定位', mock_location: '模拟定位', no_photo: '未拍照', cashFlag: '慰问金较多',
  name: '姓名', gender: '性别', birth_date: '出生日期', id_number: '身份证号', phone: '手机', status: '务工状态', employer: '单位',
  occupation: '职业', address: '住址', head_name: '户主', create: '新建', update: '修改', delete: '删除',
  kind: '方式', flags: '提示', photos: '照片', decide: '处理',
});
Object.assign(WORDS.zh, { M: '男', F: '女' });
Object.assign(WORDS.en, { M: 'male', F: 'female' });
Object.assign(T.en, {
  flaggedVisits: 'Visits to look at', conflicts: 'Conflicting edits', duplicates: 'Possibly the same person', refused: 'Uploads the server refused',
  approve: 'Approve', returnIt: 'Return with a comment', returnWhy: 'Why it is returned (shown on the visit)', resolve: 'Keep the current value', done: 'Dealt with',
  mergeLeft: 'Merge into the left one', mergeRight: 'Merge into the right one', apart: 'Two people', mergeWhy: 'Reason (required)',
  field: 'Field', kept: 'Current value', lost: 'Also changed to', by: 'by', rules: 'Rules: no location, a mock location, a home or work-site visit without a photo, cash of ¥1,000 or more.',
  queueEmpty: 'Nothing waiting here.', device: 'Device', what: 'What', reason: 'Reason', time: 'Time', person: 'Person', more: 'More wait: deal with these first',
  no_location: 'no location', mock_location: 'mock location', no_photo: 'no photo', cashFlag: 'large cash',
  name: 'name', gender: 'gender', birth_date: 'birth date', id_number: 'ID number', phone: 'phone', status: 'status', employer: 'employer',
  occupation: 'occupation', address: 'address', head_name: 'head of household', create: 'new', update: 'edit', delete: 'delete',
  kind: 'Kind', flags: 'Flags', photos: 'Photos', decide: 'Decision',
});

const flagWord = (f) => t(f === 'cash' ? 'cashFlag' : f);
const post = (what, body) => api(`/console/api/review/${what}`, { method: 'POST', body: JSON.stringify(body) });

function flaggedSection(list) {
  const rows = list.items.map((v) => `<tr id="visit-${esc(v.id)}"><td>${esc(v.time)}</td><td>${esc(v.place)}</td><td>${esc(v.person)}</td>
    <td>${esc(word(v.kind))}</td><td class="n">¥${num(v.cash_fen / 100)}</td>
    <td>${(v.flags || []).map((f) => `<span class="chip">${esc(flagWord(f))}</span>`).join('')}</td>
    <td class="thumbs">${(v.photos || []).map((p) => `<img loading="lazy" alt="" src="/console/api/photo/${esc(p.thumb || p.hash)}">`).join('')}</td>
    <td>${rowForm('visit:' + v.id, [['approved', t('approve')], ['returned', t('returnIt'), 'primary']], t('returnWhy'))}</td></tr>`).join('');
  return `<h2>${esc(t('flaggedVisits'))} <small class="muted">${esc(t('rules'))}</small></h2>` + (list.items.length
    ? `<div class="tablewrap"><table class="queue cards" id="flagged"><thead><tr>${[t('time'), t('area'), t('person'), t('kind'), t('cash'), t('flags'), t('photos'), t('decide')]
      .map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></div>` + (list.more ? `<p class="muted">${esc(t('more'))}</p>` : '')
    : `<p class="muted">${esc(t('queueEmpty'))}</p>`);
}

function conflictSection(list) {
  const rows = list.items.map((c) => `<tr><td>${esc(c.name)}<div class="muted">${esc(c.place)}</div></td><td>${esc(t(c.field))}</td>
    <td>${esc(c.kept)} <span class="muted">${esc(t('by'))} ${esc(c.kept_by)}</span></td>
    <td>${esc(c.lost)} <span class="muted">${esc(t('by'))} ${esc(c.lost_by)}</span></td><td>${esc(c.time)}</td>
    <td>${rowForm('conflict:' + c.id, [['resolve', t('resolve')]])}</td></tr>`).join('');
  return `<h2>${esc(t('conflicts'))}</h2>` + (list.items.length
    ? `<div class="tablewrap"><table class="queue cards" id="conflicts"><thead><tr>${[t('person'), t('field'), t('kept'), t('lost'), t('time'), '']
      .map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></div>`
    : `<p class="muted">${esc(t('queueEmpty'))}</p>`);
}

function duplicateSection(list) {
  const side = (p) => `<dl>${['name', 'gender', 'birth_date', 'id_number', 'phone', 'status', 'employer']
    .map((k) => `<dt>${esc(t(k))}</dt><dd>${esc(['status', 'gender'].includes(k) ? word(p[k]) : p[k]) || '—'}</dd>`).join('')}<dt>${esc(t('area'))}</dt><dd>${esc(p.place)}</dd></dl>`;
  const cards = list.items.map((d) => `<div class="card pair"><div class="sides">${side(d.first)}${side(d.second)}</div>
    <p class="muted">${esc(d.reason)} · ${esc(d.time)}</p>
    ${rowForm(`pair:${d.id}:${d.first.id}:${d.second.id}`, [['left', t('mergeLeft')], ['right', t('mergeRight')], ['apart', t('apart')]], t('mergeWhy'))}</div>`).join('');
  return `<h2>${esc(t('duplicates'))}</h2>` + (list.items.length ? `<div class="pairs" id="duplicates">${cards}</div>` : `<p class="muted">${esc(t('queueEmpty'))}</p>`);
}

function refusedSection(list) {
  const rows = list.items.map((x) => `<tr><td>${esc(x.user)}<div class="muted">${esc(x.device_name)}</div></td>
    <td>${esc(t(x.op))} · ${esc(x.entity)} ${esc(x.name || '')}</td><td>${esc(x.reason)}</td><td>${esc(x.time)}</td>
    <td>${rowForm(`refused:${x.device}:${x.seq}`, [['done', t('done')]])}</td></tr>`).join('');
  return `<h2>${esc(t('refused'))}</h2>` + (list.items.length
    ? `<div class="tablewrap"><table class="queue cards" id="refused"><thead><tr>${[t('device'), t('what'), t('reason'), t('time'), '']
      .map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></div>`
    : `<p class="muted">${esc(t('queueEmpty'))}</p>`);
}

async function reviewView(q) {
  const area = q.get('area') || me.scopes[0].code, from = q.get('from') || thisMonth(), to = q.get('to') || from;
  const [info, d] = await Promise.all([api(`/console/api/dashboard?${new URLSearchParams({ area, from, to })}`),
    api(`/console/api/review?${new URLSearchParams({ area, from, to })}`)]);
  bar(info.area, 'review', { from, to });
  $('#view').innerHTML = `<div class="controls">
      <label>${esc(t('from'))} <input type="month" id="from" value="${esc(from)}"></label>
      <label>${esc(t('to'))} <input type="month" id="to" value="${esc(to)}"></label>
      <button class="primary" id="show">${esc(t('show'))}</button></div>
    <h1 class="page">${esc(info.area.name)} · ${esc(t('tabReview'))}</h1>
    ${flaggedSection(d.visits)}${duplicateSection(d.duplicates)}${conflictSection(d.conflicts)}${refusedSection(d.refused)}`;
  $('#show').onclick = () => go('review', { area, from: $('#from').value || from, to: $('#to').value || $('#from').value || to });
  cardify();
  onRowForms(async (id, value, note) => {
    const [kind, ...rest] = id.split(':');
    if (kind === 'visit') return post('visit', { visit: rest[0], decision: value, comment: note });
    if (kind === 'conflict') return post('conflict', { id: Number(rest[0]), note });
    if (kind === 'refused') return post('refused', { device: rest[0], seq: Number(rest[1]), note });
    const [pairId, first, second] = rest;
    if (value === 'apart') return post('apart', { id: Number(pairId), reason: note });
    return post('merge', value === 'left' ? { keep: first, other: second, reason: note } : { keep: second, other: first, reason: note });
  });
}
