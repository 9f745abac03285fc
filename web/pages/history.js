// History: sweeps (or experiments) found by name, tag, model, dataset, state and date; sorted, paged, in SQL.
import {api, query} from '../api.js';
import {clear, errorBox, field, fmt, h, pager, stateBadge} from '../dom.js';
import {params, setParams} from '../app.js';

const PAGE = 50;

export async function historyPage(main) {
  const p = params();
  const [models, datasets] = await Promise.all([api.get('/api/models'), api.get('/api/datasets')]);
  const state = {
    view: p.get('view') || 'sweeps', q: p.get('q') || '', tag: p.get('tag') || '', model: p.get('model') || '',
    dataset: p.get('dataset') || '', status: p.get('state') || '', since: p.get('since') || '', until: p.get('until') || '',
    sort: p.get('sort') || 'submitted', page: Number(p.get('page') || 0),
  };
  const selected = new Set();
  const results = h('div', {id: 'history-results'});
  const compareButton = h('button', {type: 'button', disabled: true, onclick: () => {
    location.hash = `#/compare?sweeps=${[...selected].join(',')}`;
  }}, 'Compare selected');

  const input = (name, label, type = 'search') => field(label, h('input', {type, name, value: state[name],
    oninput: e => { state[name] = e.target.value; state.page = 0; load(); }}));
  const select = (name, label, options) => field(label, h('select', {name, onchange: e => { state[name] = e.target.value; state.page = 0; load(); }},
    options.map(([value, text]) => h('option', {value, selected: state[name] === value}, text))));

  clear(main,
    h('h1', {}, 'History'),
    h('form', {class: 'filters', role: 'search', onsubmit: e => e.preventDefault()},
      select('view', 'Show', [['sweeps', 'Sweeps'], ['experiments', 'Experiments']]),
      input('q', 'Name contains'),
      input('tag', 'Tag'),
      select('model', 'Model', [['', 'any'], ...models.map(m => [m.name, m.name])]),
      select('dataset', 'Dataset', [['', 'any'], ...[...new Set(datasets.map(d => d.name))].map(n => [n, n])]),
      select('status', 'State', [['', 'any'], ...['queued', 'running', 'succeeded', 'failed', 'cancelled'].map(s => [s, s])]),
      input('since', 'Submitted from', 'date'),
      input('until', 'before', 'date'),
      select('sort', 'Sort by', [['submitted', 'newest first'], ['-submitted', 'oldest first'], ['name', 'name A–Z'], ['-name', 'name Z–A'], ['state', 'state']]),
      compareButton),
    results);

  let pending = 0;
  async function load() {
    const mine = ++pending;
    setParams({view: state.view === 'sweeps' ? '' : state.view, q: state.q, tag: state.tag, model: state.model, dataset: state.dataset,
      state: state.status, since: state.since, until: state.until, sort: state.sort === 'submitted' ? '' : state.sort,
      page: state.page || ''});
    try {
      const data = state.view === 'experiments'
        ? await api.get('/api/experiments' + query({q: state.q, tag: state.tag, model: state.model, dataset: state.dataset, page: state.page, size: PAGE}))
        : await api.get('/api/sweeps' + query({q: state.q, tag: state.tag, model: state.model, dataset: state.dataset, state: state.status,
            since: state.since, until: state.until, sort: state.sort, page: state.page, size: PAGE}));
      if (mine !== pending) return;
      clear(results, state.view === 'experiments' ? experimentTable(data.items) : sweepTable(data.items),
        pager(data, state.page, p => { state.page = p; load(); }, ['← Newer', 'Older →'], 'in all'));
      results.dataset.total = data.total;
    } catch (e) {
      if (mine === pending) clear(results, errorBox(e));
    }
  }

  function sweepTable(items) {
    if (!items.length) return h('p', {class: 'muted'}, 'No sweeps match.');
    return h('table', {class: 'sweeps'},
      h('caption', {class: 'muted'}, 'Sweeps'),
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, h('span', {class: 'skip'}, 'Select')), ['Sweep', 'Experiment', 'Dataset', 'Models', 'Tags', 'State', 'Progress', 'Submitted']
        .map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, items.map(s => h('tr', {dataset: {sweep: s.id}},
        h('td', {}, h('input', {type: 'checkbox', 'aria-label': `Select sweep ${s.id} for comparison`, onchange: e => {
          e.target.checked ? selected.add(s.id) : selected.delete(s.id);
          compareButton.disabled = selected.size === 0;
        }})),
        h('td', {}, h('a', {href: `#/sweeps/${s.id}`}, `#${s.id}`)),
        h('td', {class: 'name'}, h('a', {href: `#/sweeps/${s.id}`}, s.experimentName), h('span', {class: 'muted'}, ` v${s.version}`)),
        h('td', {}, s.dataset),
        h('td', {}, s.models.join(', ')),
        h('td', {}, s.tags.join(', ')),
        h('td', {}, stateBadge(s.state)),
        h('td', {class: 'num'}, s.examplesTotal ? `${(100 * s.examplesDone / s.examplesTotal).toFixed(0)}%` : ''),
        h('td', {}, fmt.date(s.submittedAt))))));
  }

  function experimentTable(items) {
    if (!items.length) return h('p', {class: 'muted'}, 'No experiments match.');
    return h('table', {class: 'experiments'},
      h('thead', {}, h('tr', {}, ['Experiment', 'Versions', 'Dataset', 'Models', 'Tags', 'Created', 'Sweeps'].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, items.map(x => h('tr', {},
        h('td', {class: 'name'}, x.name),
        h('td', {class: 'num'}, x.versions.length),
        h('td', {}, x.definition.dataset),
        h('td', {}, x.definition.models.join(', ')),
        h('td', {}, x.definition.tags.join(', ')),
        h('td', {}, fmt.date(x.createdAt)),
        h('td', {}, h('a', {href: `#/history?q=${encodeURIComponent(x.name)}`}, 'its sweeps'))))));
  }

  await load();
}
