// The compare page's subset and breakdown selector: restrict every table and chart to the examples with one
// attribute value (subset=name:value), or break the table down by an attribute (by=name), n in every cell.
// Attributes are the dataset's (GET /api/datasets/{id}/attributes): phrase-type, and any imported ones.
import {api, query} from '../api.js';
import {clear, field, fmt, h} from '../dom.js';
import {params, setParams} from '../app.js';

export function subsetControls(reload) {
  const p = params();
  const state = {subset: p.get('subset') || '', by: p.get('by') || '', dataset: null, attributes: []};
  const attribute = h('select', {name: 'subset-attribute'});
  const value = h('select', {name: 'subset-value'});
  const by = h('select', {name: 'by'});
  const note = h('p', {class: 'muted', id: 'subset-note', role: 'status'});
  const apply = () => {
    state.subset = attribute.value && value.value ? `${attribute.value}:${value.value}` : '';
    state.by = by.value;
    setParams({subset: state.subset, by: state.by});
    reload();
  };
  attribute.addEventListener('change', () => { fillValues(); apply(); });
  value.addEventListener('change', apply);
  by.addEventListener('change', apply);
  const element = h('form', {class: 'filters', id: 'subset-controls', onsubmit: e => e.preventDefault()},
    field('Only examples with attribute', attribute), field('equal to', value), field('Break down by', by), note);

  function fillValues() {
    const a = state.attributes.find(x => x.name === attribute.value);
    const [, chosen] = state.subset.split(/:(.*)/s);
    clear(value, (a ? a.values : []).map(v => h('option', {value: v.value, selected: v.value === chosen}, `${v.value} (${v.examples})`)));
  }

  async function loadAttributes(datasetName) {
    if (state.dataset === datasetName) return;
    state.dataset = datasetName;
    const datasets = (await api.get('/api/datasets')).filter(d => d.name === datasetName);
    const newest = datasets.sort((a, b) => b.id - a.id)[0];
    state.attributes = newest ? await api.get(`/api/datasets/${newest.id}/attributes`) : [];
    const [chosenName] = state.subset.split(':');
    clear(attribute, h('option', {value: ''}, 'all examples'),
      state.attributes.map(a => h('option', {value: a.name, selected: a.name === chosenName}, a.name)));
    clear(by, h('option', {value: ''}, 'no breakdown'),
      state.attributes.map(a => h('option', {value: a.name, selected: a.name === state.by}, a.name)));
    fillValues();
  }

  return {
    element,
    /** The query parameters of the chosen subset and breakdown, for /api/compare. */
    query: () => query({subset: state.subset, by: state.by}).replace(/^\?/, '&'),
    /**
     * Called with each comparison: fills the selectors, says which examples the tables cover, and under a breakdown
     * draws its table (one row per cell) into body. Returns true when it drew the page's content itself.
     */
    async render(body, data) {
      try {
        await loadAttributes(data.dataset);
      } catch (e) {
        note.textContent = `attributes unavailable: ${e.message}`;
      }
      const s = data.subset;
      if (!s) {
        note.textContent = '';
        return false;
      }
      const where = s.subset.length ? `subset ${s.subset.join(' and ')}` : 'all examples';
      note.textContent = `${where} of ${s.dataset}${s.by ? `, by ${s.by}` : ''}: `
        + (s.cells.length ? s.cells.map(c => `${c.group ? c.group + ' ' : ''}n = ${c.examples}`).join('; ') : 'n = 0, no example matches');
      if (!s.by) return false;
      const head = ['model', 'sweep', s.by, 'direction', 'condition', 'metric', 'n', 'mean bits', 'std bits', 'Δ vs none', 'rel. Δ'];
      clear(body, data.rows.length === 0 ? h('p', {class: 'muted'}, 'n = 0: no example of these runs has this attribute.')
        : h('table', {class: 'data', id: 'breakdown-table'},
          h('caption', {}, `Mean bits per ${s.by}, recomputed from the per-example rows`),
          h('thead', {}, h('tr', {}, head.map(c => h('th', {scope: 'col'}, c)))),
          h('tbody', {}, data.rows.map(r => h('tr', {},
            h('td', {}, r.model), h('td', {}, r.sweepId), h('td', {}, r.group), h('td', {}, r.direction), h('td', {}, r.condition),
            h('td', {}, r.metric), h('td', {class: 'num'}, r.n), h('td', {class: 'num'}, fmt.bits(r.meanBits)),
            h('td', {class: 'num'}, fmt.bits(r.stdBits)), h('td', {class: 'num'}, fmt.delta(r.deltaBits)),
            h('td', {class: 'num'}, fmt.pct(r.relativeDelta)))))));
      return true;
    },
  };
}
