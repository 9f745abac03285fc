// The single-page shell: a hash router that renders one page into <main> and stops the previous page's timers.
import {clear, errorBox, h} from './dom.js';
import {historyPage} from './pages/history.js';
import {sweepPage} from './pages/sweep.js';
import {comparePage} from './pages/compare.js';
import {reproducePage} from './pages/reproduce.js';
import {examplesPage} from './pages/examples.js';
import {modelsPage, datasetsPage} from './pages/registry.js';
import {accountPage, auditPage, loginPage, signOut, usersPage} from './pages/team.js';
import {session} from './session.js';

const routes = [
  [/^#\/history$/, 'history', () => historyPage],
  [/^#\/sweeps\/(\d+)$/, 'history', m => el => sweepPage(el, Number(m[1]))],
  [/^#\/compare$/, 'compare', () => comparePage],
  [/^#\/reproduce$/, 'reproduce', () => reproducePage],
  [/^#\/runs\/(\d+)\/examples$/, 'history', m => el => examplesPage(el, Number(m[1]))],
  [/^#\/models$/, 'models', () => modelsPage],
  [/^#\/datasets$/, 'datasets', () => datasetsPage],
  [/^#\/login$/, 'login', () => loginPage],
  [/^#\/account$/, 'account', () => accountPage],
  [/^#\/audit$/, 'account', () => el => auditPage(el, params())],
  [/^#\/users$/, 'users', () => usersPage],
];

/** The signed-in user (or the sign-in link) in the header, and the administrators' Users link. */
async function showCaller() {
  const me = await session();
  const slot = document.getElementById('caller');
  document.querySelector('[data-nav=users]').hidden = !me.admin || me.mode === 'personal';
  if (me.mode === 'personal') {
    clear(slot, h('a', {href: '#/account', 'data-nav': 'account'}, 'Personal node'));
  } else if (me.signedIn) {
    clear(slot, h('a', {href: '#/account', 'data-nav': 'account'}, me.username), ' ',
      h('button', {type: 'button', class: 'link', onclick: signOut}, 'Sign out'));
  } else {
    clear(slot, h('a', {href: '#/login', 'data-nav': 'login'}, 'Sign in'));
  }
  return me;
}

let stopCurrent = null;

export function params() {
  const i = location.hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : location.hash.slice(i + 1));
}

/** Replaces the query part of the current route without adding history entries for every keystroke. */
export function setParams(values) {
  const p = params();
  for (const [k, v] of Object.entries(values)) (v === '' || v === null || v === undefined) ? p.delete(k) : p.set(k, v);
  const path = location.hash.split('?')[0] || '#/history';
  const s = p.toString();
  history.replaceState(null, '', s ? `${path}?${s}` : path);
}

async function render() {
  if (stopCurrent) stopCurrent();
  stopCurrent = null;
  const hash = location.hash || '#/history';
  const path = hash.split('?')[0];
  const main = document.getElementById('main');
  const route = routes.find(([re]) => re.test(path));
  document.querySelectorAll('[data-nav]').forEach(a =>
    a.toggleAttribute('aria-current', route && a.dataset.nav === route[1]));
  if (!route) {
    clear(main, h('h1', {}, 'Not found'), h('p', {}, 'No page at ', h('code', {}, hash), '. ', h('a', {href: '#/history'}, 'Go to the history.')));
    return;
  }
  main.dataset.ready = 'false';
  const me = await showCaller();
  if (me.mode === 'team' && !me.signedIn && route[1] !== 'login') {
    location.hash = '#/login';
    return;
  }
  try {
    stopCurrent = await route[2](path.match(route[0]))(main) || null;
  } catch (e) {
    clear(main, errorBox(e));
  }
  main.dataset.readyAt = String(Math.round(performance.now()));
  main.dataset.ready = 'true';
}

window.addEventListener('hashchange', render);
if (!location.hash) history.replaceState(null, '', '#/history');
render();
