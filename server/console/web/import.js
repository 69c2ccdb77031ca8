// SPDX-License-Identifier: GPL-3.0-or-later
// The county office's ledger, imported by a supervisor into an area of their scope (a county or
// below): an .xlsx workbook's first sheet or a CSV file, the same headers and rules as
// `hearthctl people import`. The import runs on the server; this page follows it, then lists
// the rows it did not import, by row and reason.
'use strict';

Object.assign(T.zh, {
  tabImport: '导入台账', importInto: '导入到', chooseFile: '台账文件（.xlsx 或 .csv）', startImport: '开始导入',
  importHelp: '读取 Excel 文件的第一张工作表，或 CSV 文件（UTF-8 或 GB18030 编码）。第一行是表头：必须有“姓名”，以及“所在村”或“户籍地”；'
    + '可以有性别、出生日期、身份证号、联系电话、户主、与户主关系、外出状态、务工省份、务工城市、工作单位、职业、是否党员、标签。'
    + '同一户主、同一村的人归为一户。内容有误、身份证号已在系统中、或不在所选区划内的行不导入，下面会列出行号和原因。'
    + '导入的人员在本区划的设备下次同步时收到。',
  chooseArea: '请先选择导入到哪个县（区）：', importing: '正在导入…', rowsDone: '已处理到第 %1 行', importedN: '已导入', rejectedN: '未导入',
  recentImports: '最近的导入', when: '时间', file: '文件', importState: '状态', running: '正在导入', done: '已完成', failed: '出错停止',
  interrupted: '中断（重新选择同一文件即可从中断处继续）', row: '行', field: '内容', reason: '原因', wholeRow: '整行',
  rejectsOf: '未导入的行', rejectsCapped: '只列出前 1,000 行。', alreadyImported: '这份文件已经导入过，以下是当时的结果。', ignoredColumns: '未识别的列（已忽略）：',
  noImports: '还没有导入过台账。', chooseFileFirst: '请先选择文件。',
  f_name: '姓名', f_gender: '性别', f_birth_date: '出生日期', f_id_number: '身份证号', f_phone: '联系电话', f_area_code: '所在村',
  f_status: '外出状态', f_party_member: '是否党员', f_relation: '与户主关系',
});
Object.assign(T.en, {
  tabImport: 'Import a ledger', importInto: 'Import into', chooseFile: 'Ledger file (.xlsx or .csv)', startImport: 'Import',
  importHelp: 'Reads the first sheet of an Excel workbook, or a CSV file (UTF-8 or GB18030). The first row is the header: 姓名 (name) is required, '
    + 'and 所在村 (village) or 户籍地 (registered place); optional: gender, birth date, ID number, phone, head of household, relation, status, '
    + 'work province and city, employer, occupation, party member, tags. People with the same head in the same village form one household. '
    + 'Rows with a mistake, an ID number already kept, or a village outside the chosen area are not imported; they are listed below by row and reason. '
    + 'The devices of the area receive the people at their next sync.',
  chooseArea: 'First choose the county to import into:', importing: 'Importing…', rowsDone: 'Through row %1', importedN: 'Imported', rejectedN: 'Not imported',
  recentImports: 'Recent imports', when: 'Started', file: 'File', importState: 'State', running: 'running', done: 'done', failed: 'stopped by an error',
  interrupted: 'interrupted (choose the same file again to continue where it stopped)', row: 'Row', field: 'Field', reason: 'Reason', wholeRow: 'whole row',
  rejectsOf: 'Rows not imported', rejectsCapped: 'Only the first 1,000 rows are listed.', alreadyImported: 'This file was imported before; this is how it went.',
  ignoredColumns: 'Columns not recognised (ignored): ', noImports: 'No ledger imported yet.', chooseFileFirst: 'Choose a file first.',
  f_name: 'name', f_gender: 'gender', f_birth_date: 'birth date', f_id_number: 'ID number', f_phone: 'phone', f_area_code: 'village',
  f_status: 'status', f_party_member: 'party member', f_relation: 'relation',
});

const when = (ms) => (ms ? new Date(ms).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' }) : '');

// One import: its counts, and the rows it did not import.
function importReport(i, again) {
  const field = (f) => (f ? t('f_' + f) : t('wholeRow'));
  const reason = (r) => (lang === 'zh' ? r.reason_zh : r.reason_en);
  const rejects = (i.rejects || []).map((r) => `<tr><td class="n">${num(r.row)}</td><td>${esc(field(r.field))}</td><td>${esc(reason(r))}</td></tr>`).join('');
  const error = i.error_zh ? `<p class="error">${esc(lang === 'zh' ? i.error_zh : i.error_en)}</p>` : '';
  return `<div class="card summary" id="importReport" data-state="${esc(i.state)}">
      ${again ? `<p class="muted">${esc(t('alreadyImported'))}</p>` : ''}
      <div class="value">${num(i.imported)} <span class="unit">${esc(t('importedN'))}</span> · ${num(i.rejected)} <span class="unit">${esc(t('rejectedN'))}</span></div>
      <div class="sub"><span class="chip ${esc(i.state)}">${esc(t(i.state))}</span> ${esc(t('rowsDone').replace('%1', num(i.rows_done)))} · ${esc(i.file_name)}</div>
      ${i.ignored && i.ignored.length ? `<div class="sub">${esc(t('ignoredColumns'))}${esc(i.ignored.join('、'))}</div>` : ''}${error}</div>
    ${rejects ? `<h2>${esc(t('rejectsOf'))}</h2><div class="tablewrap"><table class="cards" id="rejects"><thead><tr><th class="n">${esc(t('row'))}</th>
      <th>${esc(t('field'))}</th><th>${esc(t('reason'))}</th></tr></thead><tbody>${rejects}</tbody></table></div>
      ${i.rejected > i.rejects.length ? `<p class="muted">${esc(t('rejectsCapped'))}</p>` : ''}` : ''}`;
}

async function importView(q) {
  const area = q.get('area') || me.scopes[0].code;
  const d = await api(`/console/api/imports?${new URLSearchParams({ area })}`);
  bar(d.area, 'import');
  const link = (code) => `#/import?${esc(new URLSearchParams({ area: code }).toString())}`;
  let form;
  if (d.below) {
    form = `<p>${esc(t('chooseArea'))}</p><div class="chips">${d.below.map((a) => `<a class="button" href="${link(a.code)}">${esc(a.name)}</a>`).join(' ')}</div>`;
  } else {
    form = `<form id="importForm" class="importform">
        <p class="muted">${esc(t('importHelp'))}</p>
        <p>${esc(t('importInto'))}：<strong>${esc(d.area.path.map((p) => p.name).join(' › '))}</strong></p>
        <label>${esc(t('chooseFile'))}<input type="file" id="ledgerFile" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"></label>
        <button class="primary" type="submit" id="importButton">${esc(t('startImport'))}</button>
        <p class="error" id="problem"></p></form>`;
  }
  const shown = q.get('id') ? d.imports.find((i) => String(i.id) === q.get('id')) : null;
  const rows = d.imports.map((i) => `<tr class="go" data-id="${esc(i.id)}"><td>${esc(when(i.started_at))}</td><td>${esc(i.file_name)}</td><td>${esc(i.area_name)}</td>
      <td><span class="chip ${esc(i.state)}">${esc(t(i.state))}</span></td><td class="n">${num(i.imported)}</td><td class="n">${num(i.rejected)}</td></tr>`).join('');
  $('#view').innerHTML = `<h1 class="page">${esc(d.area.name)} · ${esc(t('tabImport'))}</h1>
    <div class="card">${form}</div><div id="progress"></div>
    <h2>${esc(t('recentImports'))}</h2>
    ${rows ? `<div class="tablewrap"><table class="cards" id="imports"><thead><tr><th>${esc(t('when'))}</th><th>${esc(t('file'))}</th><th>${esc(t('area'))}</th>
      <th>${esc(t('importState'))}</th><th class="n">${esc(t('importedN'))}</th><th class="n">${esc(t('rejectedN'))}</th></tr></thead><tbody>${rows}</tbody></table></div>`
      : `<p class="muted">${esc(t('noImports'))}</p>`}`;
  cardify();
  document.querySelectorAll('#imports tr[data-id]').forEach((tr) => { tr.onclick = () => followImport(tr.dataset.id, false); });
  if (shown) followImport(shown.id, false);
  const formEl = $('#importForm');
  if (!formEl) return;
  formEl.onsubmit = async (e) => {
    e.preventDefault();
    const file = $('#ledgerFile').files[0];
    $('#problem').textContent = '';
    if (!file) { $('#problem').textContent = t('chooseFileFirst'); return; }
    $('#importButton').disabled = true;
    $('#progress').innerHTML = `<p class="loading">${esc(t('importing'))}</p>`;
    try {
      const r = await api(`/console/api/import?${new URLSearchParams({ area, name: file.name })}`, { method: 'POST', body: file });
      await followImport(r.import.id, r.again);
      // The list again, with this import's report under it.
      const here = '#/import?' + new URLSearchParams({ area, id: r.import.id });
      if (location.hash === here) render(); else location.hash = here;
    } catch (err) {
      $('#progress').innerHTML = '';
      $('#problem').textContent = err.message;
    } finally { $('#importButton').disabled = false; }
  };
}

// Shows an import, polling once a second while it runs; the list is drawn again when it ends.
async function followImport(id, again) {
  for (;;) {
    const { import: i } = await api(`/console/api/imports?${new URLSearchParams({ id })}`);
    if (!$('#progress')) return; // the user went to another page
    $('#progress').innerHTML = importReport(i, again);
    cardify();
    if (i.state !== 'running') return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
