// A run's examples: the phrase inside its caption with the masked tokens marked, and the loss and prediction
// under each condition; in dataset order or by the size of the ablation effect (all − none).
import {api, query} from '../api.js';
import {clear, errorBox, field, fmt, h, pager} from '../dom.js';
import {params, setParams} from '../app.js';

const PAGE = 25;

export async function examplesPage(main, runId) {
  const p = params();
  const state = {sort: p.get('sort') || 'example', page: Number(p.get('page') || 0)};
  const summary = await api.get(`/api/runs/${runId}/summary`);
  const body = h('div', {id: 'examples-body'});
  clear(main,
    h('h1', {}, `${summary.model} · ${summary.direction} · run #${runId}`),
    h('p', {}, h('a', {href: `#/sweeps/${summary.sweepId}`}, `← sweep #${summary.sweepId}`), ' · ',
      h('a', {href: `/api/runs/${runId}/results.csv`}, 'all rows as CSV'), ' · ', h('a', {href: `/api/runs/${runId}/results.tsv`}, 'TSV')),
    h('div', {class: 'filters'}, field('Order', h('select', {name: 'sort', onchange: e => { state.sort = e.target.value; state.page = 0; load(); }},
      h('option', {value: 'example', selected: state.sort === 'example'}, 'dataset order'),
      h('option', {value: 'effect', selected: state.sort === 'effect'}, 'largest ablation effect (all − none) first')))),
    body, summary.skipped ? await skippedSection(runId, summary.skipped) : null);

  async function load() {
    setParams({sort: state.sort === 'example' ? '' : state.sort, page: state.page || ''});
    try {
      const data = await api.get(`/api/runs/${runId}/examples` + query({sort: state.sort, page: state.page, size: PAGE}));
      clear(body, h('div', {class: 'scroll'}, table(data.items)),
        pager(data, state.page, p => { state.page = p; load(); }, ['← Previous', 'Next →'], 'examples'));
    } catch (e) {
      clear(body, errorBox(e));
    }
  }

  function table(items) {
    if (!items.length) return h('p', {class: 'muted'}, 'No stored results yet.');
    const conditions = items[0].conditions.map(c => c.condition);
    const lang = summary.direction === 'lang4vis';
    return h('table', {class: 'examples'},
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Example'), h('th', {scope: 'col'}, 'Caption (masked phrase marked)'),
        lang ? h('th', {scope: 'col'}, 'Target region') : null,
        conditions.map(c => h('th', {scope: 'col', class: 'num'}, c)))),
      h('tbody', {}, items.map(x => h('tr', {},
        h('td', {class: 'num'}, `#${x.example}`, h('div', {class: 'muted'}, `image ${x.imageId}`)),
        h('td', {class: 'tokens'}, x.captionTokens.map((t, i) => [i ? ' ' : '', i >= x.phraseFrom && i < x.phraseTo
          ? h('mark', {title: 'masked'}, t) : h('span', {}, t)]), h('div', {class: 'muted'}, `phrase: ${x.phrase}`)),
        lang ? h('td', {}, x.targetRegion === null ? '' : `region ${x.targetRegion}`, h('div', {class: 'muted'}, x.targetClass || '')) : null,
        x.conditions.map(c => h('td', {class: 'num', title: `${c.ablatedRegions} regions ablated`},
          fmt.bits(c.lossBits), h('div', {class: 'muted'}, c.predicted.join(' '))))))));
  }

  await load();
}

/** The entries the run left out of n because they have nothing to score in its direction (the first 100). */
async function skippedSection(runId, count) {
  const page = await api.get(`/api/runs/${runId}/skipped` + query({size: 100}));
  return h('section', {id: 'skipped', 'aria-label': 'Skipped entries'},
    h('h2', {}, `Skipped entries: ${fmt.int(count)}`),
    h('p', {class: 'muted'}, 'These entries have no target in this direction, so they are left out of the results and of n',
      count > page.items.length ? ` (the first ${page.items.length} are listed; GET /api/runs/${runId}/skipped pages through all).` : '.'),
    h('table', {class: 'skipped'},
      h('thead', {}, h('tr', {}, ['Example', 'Image', 'Phrase', 'Why'].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, page.items.map(s => h('tr', {}, h('td', {class: 'num'}, String(s.example)), h('td', {class: 'num'}, String(s.imageId)),
        h('td', {}, s.phrase), h('td', {}, s.reason))))));
}
