// Team server pages: sign in, your API tokens, projects and their members, the audit log, users (administrators).
import {api, ApiError} from '../api.js';
import {clear, errorBox, field, fmt, h, pager} from '../dom.js';
import {forget, remember, session} from '../session.js';

export async function loginPage(main) {
  const me = await session();
  if (me.signedIn || me.mode === 'personal') {
    location.hash = '#/history';
    return;
  }
  const user = h('input', {name: 'username', autocomplete: 'username', required: true});
  const password = h('input', {name: 'password', type: 'password', autocomplete: 'current-password', required: true});
  const message = h('div', {id: 'login-message'});
  const form = h('form', {class: 'login', onsubmit: async e => {
    e.preventDefault();
    try {
      remember(await api.post('/api/session', {username: user.value, password: password.value}));
      location.hash = '#/history';
    } catch (error) {
      clear(message, errorBox(error));
    }
  }}, field('User name', user), field('Password', password), h('button', {type: 'submit'}, 'Sign in'), message);
  clear(main, h('h1', {}, 'Sign in'), h('p', {}, 'This xmodal server is shared by a team: sign in to see your projects.'), form,
    me.sso ? h('p', {}, h('a', {href: '/api/session/oidc', id: 'sso'}, 'Sign in with your organisation’s account')) : null);
}

export async function signOut() {
  await api.post('/api/session/logout');
  forget();
  location.hash = '#/login';
}

export async function accountPage(main) {
  const me = await session();
  const tokens = h('section', {'aria-labelledby': 'tokens-h'});
  const projects = h('section', {'aria-labelledby': 'projects-h'});
  clear(main, h('h1', {}, me.mode === 'personal' ? 'Personal node' : `Signed in as ${me.username}`),
    me.mode === 'personal' ? h('p', {}, 'This node listens on this machine only and trusts its local user: no sign-in or token is needed.') : null,
    tokens, projects);
  if (me.mode !== 'personal') await renderTokens(tokens, me);
  await renderProjects(projects, me);
}

async function renderTokens(section, me) {
  const list = await api.get('/api/tokens');
  const name = h('input', {name: 'token-name', required: true, maxlength: 100, value: 'scripts'});
  const scopes = (me.admin ? ['read', 'write', 'admin'] : ['read', 'write']).map(s => h('input', {type: 'checkbox', name: `scope-${s}`, value: s, checked: s !== 'admin'}));
  const days = h('input', {name: 'days', type: 'number', min: 1, max: 365, value: 90});
  const shown = h('div', {id: 'new-token'});
  clear(section, h('h2', {id: 'tokens-h'}, 'API tokens'),
    h('p', {}, 'For the CLI (', h('code', {}, 'xmodal login'), ' makes one for you) and scripts: send it as ', h('code', {}, 'Authorization: Bearer …'), '.'),
    h('table', {class: 'tokens'}, h('thead', {}, h('tr', {}, ['Name', 'Starts with', 'Scopes', 'Created', 'Expires', 'Last used', ''].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, list.map(t => h('tr', {dataset: {token: t.id}}, h('td', {}, t.name), h('td', {class: 'mono'}, `${t.prefix}…`),
        h('td', {}, t.scopes.join(', ')), h('td', {}, fmt.date(t.createdAt)), h('td', {}, fmt.date(t.expiresAt)),
        h('td', {}, t.lastUsedAt ? fmt.date(t.lastUsedAt) : 'never'),
        h('td', {}, t.revokedAt ? `revoked ${fmt.date(t.revokedAt)}` : h('button', {type: 'button', class: 'secondary', onclick: async () => {
          if (!confirm(`Revoke the token ${t.name}? Scripts using it stop working.`)) return;
          await api.post(`/api/tokens/${t.id}/revoke`);
          await renderTokens(section, me);
        }}, 'Revoke')))))),
    h('form', {class: 'inline', onsubmit: async e => {
      e.preventDefault();
      try {
        const created = await api.post('/api/tokens', {name: name.value, scopes: scopes.filter(s => s.checked).map(s => s.value),
          expiresInDays: Number(days.value)});
        await renderTokens(section, me);
        clear(section.querySelector('#new-token'), h('p', {role: 'status'}, 'Your new token, shown this once: ',
          h('code', {class: 'secret'}, created.token)));
      } catch (error) {
        clear(shown, errorBox(error));
      }
    }}, field('Name', name), h('fieldset', {}, h('legend', {}, 'Scopes'), scopes.map(s => h('label', {}, s, ` ${s.value}`))),
      field('Days valid', days), h('button', {type: 'submit'}, 'Create token')), shown);
}

async function renderProjects(section, me) {
  const list = await api.get('/api/projects');
  const blocks = [];
  for (const p of list) {
    const members = await api.get(`/api/projects/${p.id}/members`);
    blocks.push(projectBlock(p, members, me, () => renderProjects(section, me)));
  }
  clear(section, h('h2', {id: 'projects-h'}, 'Projects'), list.length ? blocks
    : h('p', {}, 'You are not a member of any project yet: ask a project owner to add you.'), me.admin ? newProject(() => renderProjects(section, me)) : null);
}

function projectBlock(p, members, me, refresh) {
  const owner = p.role === 'owner';
  const who = h('input', {name: 'member', required: true, placeholder: 'user name'});
  const role = roleSelect('viewer');
  const message = h('div', {});
  const act = fn => async () => {
    try {
      await fn();
      await refresh();
    } catch (error) {
      clear(message, errorBox(error));
    }
  };
  return h('article', {class: 'project', dataset: {project: p.name}},
    h('h3', {}, p.name, ' ', h('span', {class: 'role'}, p.role || '')), p.description ? h('p', {}, p.description) : null,
    h('p', {}, 'Registry roots: ', p.registryRoots.length ? p.registryRoots.map(r => h('code', {}, r)) : 'the server’s own'),
    h('table', {class: 'members'}, h('tbody', {}, members.map(m => h('tr', {}, h('td', {}, m.username),
      h('td', {}, owner ? roleSelect(m.role, v => act(() => api.put(`/api/projects/${p.id}/members/${encodeURIComponent(m.username)}`, {role: v}))())
        : m.role),
      h('td', {}, owner ? h('button', {type: 'button', class: 'secondary',
        onclick: act(() => api.delete(`/api/projects/${p.id}/members/${encodeURIComponent(m.username)}`))}, 'Remove') : null))))),
    owner ? h('form', {class: 'inline', onsubmit: e => {
      e.preventDefault();
      act(() => api.put(`/api/projects/${p.id}/members/${encodeURIComponent(who.value)}`, {role: role.value}))();
    }}, field('Add member', who), field('Role', role), h('button', {type: 'submit'}, 'Add')) : null,
    owner ? h('p', {}, h('a', {href: `#/audit?project=${p.id}`}, 'Audit log of this project')) : null, message);
}

function roleSelect(value, onchange) {
  return h('select', {name: 'role', onchange: onchange ? e => onchange(e.target.value) : null},
    ['viewer', 'editor', 'owner'].map(r => h('option', {value: r, selected: r === value}, r)));
}

function newProject(refresh) {
  const name = h('input', {name: 'project-name', required: true, pattern: '[A-Za-z0-9][A-Za-z0-9._-]{0,63}'});
  const owner = h('input', {name: 'project-owner', placeholder: 'user name (default: you)'});
  const roots = h('input', {name: 'project-roots', placeholder: '/data/lab-a,/models/lab-a'});
  const message = h('div', {});
  return h('form', {class: 'inline', onsubmit: async e => {
    e.preventDefault();
    try {
      await api.post('/api/projects', {name: name.value, owner: owner.value || null,
        registryRoots: roots.value ? roots.value.split(',').map(s => s.trim()).filter(Boolean) : null});
      await refresh();
    } catch (error) {
      clear(message, errorBox(error));
    }
  }}, h('h3', {}, 'New project'), field('Name', name), field('Owner', owner), field('Registry roots', roots),
    h('button', {type: 'submit'}, 'Create project'), message);
}

export async function auditPage(main, params) {
  const project = params.get('project');
  const page = Number(params.get('page') || 0);
  const data = await api.get(`/api/audit?page=${page}&size=50${project ? `&project=${encodeURIComponent(project)}` : ''}`);
  const go = p => { location.hash = `#/audit?${project ? `project=${project}&` : ''}page=${p}`; };
  clear(main, h('h1', {}, 'Audit log'), h('table', {class: 'audit'},
    h('thead', {}, h('tr', {}, ['When', 'Who', 'Action', 'Project', 'Target', 'Answer', 'From', 'Via'].map(t => h('th', {scope: 'col'}, t)))),
    h('tbody', {}, data.items.map(e => h('tr', {class: e.status >= 400 ? 'refused' : null}, h('td', {}, fmt.date(e.at)), h('td', {}, e.actor),
      h('td', {}, e.action), h('td', {}, e.project || ''), h('td', {}, e.target), h('td', {class: 'num'}, e.status),
      h('td', {}, e.address || ''), h('td', {}, e.via))))), pager(data, page, go, ['Newer', 'Older'], 'events'));
}

export async function usersPage(main) {
  const users = await api.get('/api/users');
  const name = h('input', {name: 'new-user', required: true});
  const password = h('input', {name: 'new-password', type: 'password', minlength: 10, autocomplete: 'new-password'});
  const admin = h('input', {type: 'checkbox', name: 'new-admin'});
  const message = h('div', {});
  clear(main, h('h1', {}, 'Users'), h('table', {class: 'users'},
    h('thead', {}, h('tr', {}, ['User', 'Name', 'Administrator', 'Sign-in', 'Created', ''].map(t => h('th', {scope: 'col'}, t)))),
    h('tbody', {}, users.map(u => h('tr', {class: u.disabled ? 'disabled' : null}, h('td', {}, u.username), h('td', {}, u.displayName),
      h('td', {}, u.admin ? 'yes' : 'no'), h('td', {}, u.sso ? 'single sign-on' : 'password'), h('td', {}, fmt.date(u.createdAt)),
      h('td', {}, h('button', {type: 'button', class: 'secondary', onclick: async () => {
        await api.put(`/api/users/${u.id}`, {disabled: !u.disabled});
        await usersPage(main);
      }}, u.disabled ? 'Enable' : 'Disable')))))),
  h('form', {class: 'inline', onsubmit: async e => {
    e.preventDefault();
    try {
      await api.post('/api/users', {username: name.value, password: password.value || null, admin: admin.checked});
      await usersPage(main);
    } catch (error) {
      clear(message, errorBox(error instanceof ApiError ? error : new Error(String(error))));
    }
  }}, h('h2', {}, 'New user'), field('User name', name), field('Password (or none: single sign-on only)', password),
    h('label', {}, admin, ' administrator'), h('button', {type: 'submit'}, 'Create user'), message));
}
