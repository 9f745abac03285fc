// "Reproduce the paper": runs set against a published table, per model, condition and metric: the published mean,
// this platform's mean, their difference in bits and whether it is within the tolerance.
import {api, query} from '../api.js';
import {clear, errorBox, field, fmt, h} from '../dom.js';
import {params, setParams} from '../app.js';

const VERDICTS = {true: ['within', '✓ within'], false: ['beyond', '✗ beyond'], null: ['not-comparable', 'not comparable']};

export async function reproducePage(main) {
  const p = params();
  const state = {sweeps: p.get('sweeps') || '', runs: p.get('runs') || '', published: p.get('published') || '',
    tolerance: p.get('tolerance') || '', map: p.get('map') || ''};
  let tables = [];
  try {
    tables = await api.get('/api/published');
  } catch (e) {
    clear(main, h('h1', {}, 'Reproduce the paper'), errorBox(e));
    return;
  }
  const input = (name, placeholder, extra = {}) => h('input', {type: 'text', name, value: state[name], placeholder, ...extra});
  const sweeps = input('sweeps', 'e.g. 12,14', {inputmode: 'numeric'});
  const tolerance = input('tolerance', '0.001', {inputmode: 'decimal'});
  const map = input('map', 'e.g. my-uniter=UNITER');
  const published = h('select', {name: 'published'}, tables.map(t => h('option', {value: t.name, selected: t.name === state.published}, t.name)));
  const body = h('div', {id: 'reproduce-body'});
  clear(main, h('h1', {}, 'Reproduce the paper'),
    h('form', {class: 'filters', onsubmit: e => {
      e.preventDefault();
      Object.assign(state, {sweeps: sweeps.value.trim(), published: published.value, tolerance: tolerance.value.trim(), map: map.value.trim()});
      load();
    }},
    field('Sweeps (ids, comma-separated)', sweeps), field('Published table', published),
    field('Tolerance (bits)', tolerance), field('Matches (model=published model, …)', map),
    h('button', {type: 'submit'}, 'Compare')),
    body);

  async function load() {
    setParams(state);
    if (!state.sweeps && !state.runs) {
      clear(body, h('p', {class: 'muted'}, 'Choose the sweeps to set against a published table.'));
      return;
    }
    try {
      render(await api.get('/api/reproduce' + query(state)));
    } catch (e) {
      clear(body, errorBox(e));
    }
  }

  function render(data) {
    clear(body,
      h('p', {class: 'muted'}, `${data.published}: ${data.citation}`),
      h('p', {class: 'muted'}, 'Published tables hold means only: no per-example rows, so no spread across examples and no intervals.'),
      h('ul', {class: 'matches'}, data.models.map(m => h('li', {dataset: {model: m.model}},
        m.publishedModel ? `${m.model} → ${m.publishedModel} (by ${m.matchedBy})` : `${m.model}: no published model; name one under “Matches”`))),
      h('p', {id: 'reproduce-summary', dataset: {within: data.within, beyond: data.beyond}},
        `${data.within} within and ${data.beyond} beyond ±${data.toleranceBits} bits`),
      h('table', {class: 'reproduce'},
        h('thead', {}, h('tr', {}, ['Model', 'Published model', 'Direction', 'Condition', 'Metric', 'Published bits', 'xmodal bits', 'Δ bits', 'Within tolerance']
          .map((t, i) => h('th', {scope: 'col', class: i >= 5 && i < 8 ? 'num' : null}, t)))),
        h('tbody', {}, data.rows.map(r => {
          const [key, text] = VERDICTS[r.within];
          return h('tr', {dataset: {model: r.model, condition: r.condition, metric: r.metric, verdict: key}},
            h('td', {}, r.model), h('td', {}, r.publishedModel), h('td', {}, r.direction), h('td', {}, r.condition), h('td', {}, r.metric),
            h('td', {class: 'num'}, fmt.bits(r.publishedBits)), h('td', {class: 'num'}, fmt.bits(r.measuredBits)),
            h('td', {class: 'num'}, fmt.delta(r.differenceBits)),
            h('td', {class: `verdict verdict-${key}`, title: r.caveat || null}, text));
        }))));
  }

  await load();
}
