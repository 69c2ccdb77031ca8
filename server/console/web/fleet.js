// SPDX-License-Identifier: GPL-3.0-or-later
// Devices and users, for administrators: last contact and what waits on each device; revoke,
// wipe at next contact; a user's scopes, offline lease, and a reset of their second factor.
'use strict';

Object.assign(T.zh, {
  users: '用户', devices: '设备', role: '身份', scopes: '负责范围', lease: '离线期限（天）', secondFactor: '验证器', lastContact: '最近联系',
  waiting: '待上传（条 / 照片）', state: '状态', version: '版本', revoke: '停用', wipe: '擦除数据', resetTotp: '重置验证器', save: '保存',
  active: '正常', revoked: '已停用', lease_out: '超期未联系', asked: '待擦除', wiped: '已擦除', yes: '已绑定', no: '未绑定', daysLeft: '天后锁定',
  confirmRevoke: '停用这台设备？它将无法再同步。', confirmWipe: '下次联系时先上传再擦除这台设备上的数据？', confirmReset: '重置后该用户下次登录时需重新绑定验证器。继续？',
  cadre: '村（社区）干部', volunteer: '志愿者', station: '工作站', supervisor: '督导', admin: '管理员', never: '从未',
});
Object.assign(T.en, {
  users: 'Users', devices: 'Devices', role: 'Role', scopes: 'Scope', lease: 'Offline lease (days)', secondFactor: 'Authenticator', lastContact: 'Last contact',
  waiting: 'Waiting (records / photos)', state: 'State', version: 'Version', revoke: 'Revoke', wipe: 'Wipe', resetTotp: 'Reset authenticator', save: 'Save',
  active: 'active', revoked: 'revoked', lease_out: 'lease ran out', asked: 'wipe asked', wiped: 'wiped', yes: 'set up', no: 'not set up', daysLeft: 'days left',
  confirmRevoke: 'Revoke this device? It will not sync again.', confirmWipe: 'At its next contact, push what it holds, then erase this device?', confirmReset: 'The user sets up the authenticator again at the next sign-in. Continue?',
  cadre: 'village cadre', volunteer: 'volunteer', station: 'branch station', supervisor: 'supervisor', admin: 'administrator', never: 'never',
});

const fleetPost = (what, body) => api(`/console/api/fleet/${what}`, { method: 'POST', body: JSON.stringify(body) });

async function fleetView() {
  const [f, info] = await Promise.all([api('/console/api/fleet'), api(`/console/api/dashboard?${new URLSearchParams({ area: me.scopes[0].code })}`)]);
  bar(info.area, 'fleet');
  const users = f.users.map((u) => `<tr data-user="${esc(u.name)}"><td>${esc(u.name)}</td><td>${esc(t(u.role))}</td>
    <td><input class="scopes" value="${esc(u.scopes.join(','))}" aria-label="${esc(t('scopes'))}"></td>
    <td><input class="days" type="number" min="1" max="365" value="${esc(u.lease_days)}" aria-label="${esc(t('lease'))}"></td>
    <td>${esc(t(u.totp ? 'yes' : 'no'))}</td><td class="n">${num(u.devices)}</td><td>${esc(u.last_contact || t('never'))}</td>
    <td class="actions"><button type="button" class="save">${esc(t('save'))}</button>
      ${u.totp ? `<button type="button" class="reset">${esc(t('resetTotp'))}</button>` : ''}<span class="error"></span></td></tr>`).join('');
  const devices = f.devices.map((d) => `<tr data-device="${esc(d.id)}"><td>${esc(d.user)}</td><td>${esc(d.name)}<div class="muted">${esc(d.id.slice(-8))}</div></td>
    <td>${esc(d.version)}</td><td>${esc(d.last_contact || t('never'))}</td>
    <td class="n">${d.waiting_records === null ? '—' : num(d.waiting_records)} / ${d.waiting_photos === null ? '—' : num(d.waiting_photos)}</td>
    <td><span class="chip ${esc(d.state)}">${esc(t(d.state))}</span>${d.state === 'active' ? ` <span class="muted">${num(d.lease_days_left)} ${esc(t('daysLeft'))}</span>` : ''}
      ${d.wipe ? `<span class="chip">${esc(t(d.wipe))}</span>` : ''}</td>
    <td class="actions">${d.state !== 'revoked' ? `<button type="button" class="revoke">${esc(t('revoke'))}</button>` : ''}
      ${!d.wipe && d.state !== 'revoked' ? `<button type="button" class="wipe">${esc(t('wipe'))}</button>` : ''}<span class="error"></span></td></tr>`).join('');
  $('#view').innerHTML = `<h1 class="page">${esc(t('tabFleet'))}</h1>
    <h2>${esc(t('devices'))}</h2><div class="tablewrap"><table class="cards" id="devices"><thead><tr>${[t('users'), t('devices'), t('version'), t('lastContact'), t('waiting'), t('state'), '']
      .map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${devices}</tbody></table></div>
    <h2>${esc(t('users'))}</h2><div class="tablewrap"><table class="cards" id="users"><thead><tr>${[t('user'), t('role'), t('scopes'), t('lease'), t('secondFactor'), t('devices'), t('lastContact'), '']
      .map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${users}</tbody></table></div>`;
  cardify();
  const run = async (button, call) => {
    const problem = button.parentElement.querySelector('.error');
    problem.textContent = '';
    try { await call(); render(); } catch (err) { problem.textContent = err.message; }
  };
  document.querySelectorAll('#devices tr[data-device]').forEach((tr) => {
    const device = tr.dataset.device;
    const revoke = tr.querySelector('.revoke'), wipe = tr.querySelector('.wipe');
    if (revoke) revoke.onclick = () => confirm(t('confirmRevoke')) && run(revoke, () => fleetPost('revoke', { device, reason: 'console' }));
    if (wipe) wipe.onclick = () => confirm(t('confirmWipe')) && run(wipe, () => fleetPost('wipe', { device }));
  });
  document.querySelectorAll('#users tr[data-user]').forEach((tr) => {
    const user = tr.dataset.user;
    tr.querySelector('.save').onclick = (e) => run(e.target, async () => {
      const scopes = tr.querySelector('.scopes'), days = tr.querySelector('.days');
      if (scopes.value !== scopes.defaultValue) await fleetPost('scopes', { user, scopes: scopes.value.split(/[,，\s]+/).filter((s) => s) });
      if (days.value !== days.defaultValue) await fleetPost('lease', { user, days: Number(days.value) });
    });
    const reset = tr.querySelector('.reset');
    if (reset) reset.onclick = () => confirm(t('confirmReset')) && run(reset, () => fleetPost('totp_reset', { user }));
  });
}
