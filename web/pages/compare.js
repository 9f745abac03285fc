// Runs on one dataset compared in the manner of the paper's figures: MLM under none / object@0.5 / all,
// MRC-KL under none / phrase / all, MLM against the IoT threshold, and the asymmetry of the two directions.
import {api, query} from '../api.js';
import {clear, errorBox, field, fmt, h} from '../dom.js';
import {params, setParams} from '../app.js';
import {asymmetry, figure, groupedBars, loadCharts, save, thresholdLines} from '../charts.js';
import {toCsv} from '../csv.js';
import {barErrors, crossErrors, exportNote, lineErrors, meanBounds, pValue, relativeBounds} from '../uncertainty.js';
import {subsetControls} from './subsets.js';
import {seedGroups} from './groups.js';

const THRESHOLDS = ['0.9', '0.8', '0.7', '0.6', '0.5', '0.4', '0.3', '0.2', '0.1', '0.0'];

export async function comparePage(main) {
  const p = params();
  const state = {sweeps: p.get('sweeps') || '', runs: p.get('runs') || '', baseline: p.get('baseline') || ''};
  const body = h('div', {id: 'compare-body'});
  const subsets = subsetControls(() => load());
  const sweepsInput = h('input', {type: 'text', name: 'sweeps', value: state.sweeps, placeholder: 'e.g. 12,14', inputmode: 'numeric'});
  clear(main, h('h1', {}, 'Compare'),
    h('form', {class: 'filters', onsubmit: e => { e.preventDefault(); state.sweeps = sweepsInput.value.trim(); state.baseline = ''; load(); }},
      field('Sweeps (ids, comma-separated)', sweepsInput), h('button', {type: 'submit'}, 'Compare')),
    subsets.element, body);
  const charts = [];

  async function load() {
    charts.splice(0).forEach(c => c.dispose());
    setParams({sweeps: state.sweeps, runs: state.runs, baseline: state.baseline});
    if (!state.sweeps && !state.runs) {
      clear(body, h('p', {class: 'muted'}, 'Choose sweeps here, or tick them in the ', h('a', {href: '#/history'}, 'history'), ' and press “Compare selected”.'));
      return;
    }
    let data;
    try {
      [data] = await Promise.all([api.get('/api/compare' + query({sweeps: state.sweeps, runs: state.runs}) + subsets.query()), loadCharts()]);
    } catch (e) {
      clear(body, errorBox(e));
      return;
    }
    if (!await subsets.render(body, data)) render(data);
  }

  function render(data) {
    const rows = data.rows;
    // a label per (sweep, model); the sweep is named only where a model appears in several
    const sweepsOf = {};
    rows.forEach(r => (sweepsOf[r.model] ||= new Set()).add(r.sweepId));
    const label = r => sweepsOf[r.model].size > 1 ? `${r.model} #${r.sweepId}` : r.model;
    const labels = [...new Set(rows.map(label))];
    const find = (l, direction, condition, metric) => rows.find(r => label(r) === l && r.direction === direction
      && r.condition === condition && r.metric === metric) || null;
    const baselineOf = (r) => state.baseline ? find(state.baseline, r.direction, r.condition, r.metric) : find(label(r), r.direction, 'none', r.metric);
    const delta = r => {
      const b = baselineOf(r);
      if (!b || b === r) return null;
      return {delta: r.meanBits - b.meanBits, relative: b.meanBits ? (r.meanBits - b.meanBits) / b.meanBits : null};
    };
    const value = (direction, metric) => (l, c) => { const r = find(l, direction, c, metric); return r ? r.meanBits : null; };
    const deltaOf = (direction, metric) => (l, c) => { const r = find(l, direction, c, metric); return r ? delta(r) : null; };

    const baselineSelect = h('select', {name: 'baseline', onchange: e => { state.baseline = e.target.value; load(); }},
      h('option', {value: ''}, 'each run’s own none'),
      labels.map(l => h('option', {value: l, selected: state.baseline === l}, `${l}, same condition`)));

    const vis = labels.filter(l => rows.some(r => label(r) === l && r.direction === 'vis4lang'));
    const lang = labels.filter(l => rows.some(r => label(r) === l && r.direction === 'lang4vis'));
    const figures = [];
    const note = exportNote(data);
    const add = (...args) => { const f = figure(...args, note); charts.push(f.chart); figures.push(f.figure); };
    const boundsOf = (direction, metric) => (l, c) => meanBounds(find(l, direction, c, metric));
    const rowOf = (direction, metric) => (l, c) => find(l, direction, c, metric);
    if (vis.length) {
      const conditions = ['none', 'object@0.5', 'all'].filter(c => vis.some(l => find(l, 'vis4lang', c, 'mlm')));
      add('mlm-bars', 'MLM loss (bits) when vision is ablated', barErrors(groupedBars(vis, conditions,
        value('vis4lang', 'mlm'), deltaOf('vis4lang', 'mlm'), 'bits'), vis, conditions, boundsOf('vis4lang', 'mlm'), rowOf('vis4lang', 'mlm')),
      'Grouped bars of masked-phrase MLM loss per model under none, object@0.5 and all, with their confidence intervals; labels give the relative change.');
      if (vis.some(l => THRESHOLDS.some(t => find(l, 'vis4lang', `object@${t}`, 'mlm')))) {
        add('mlm-threshold', 'MLM loss against the IoT threshold', lineErrors(thresholdLines(vis, THRESHOLDS, value('vis4lang', 'mlm')),
          vis, THRESHOLDS, boundsOf('vis4lang', 'mlm')),
          'Lines of MLM bits per model for object@t from t = 0.9 to 0.0, with dashed lines at none and all.');
      }
    }
    if (lang.length) {
      const conditions = ['none', 'phrase', 'all'].filter(c => lang.some(l => find(l, 'lang4vis', c, 'mrc-kl')));
      add('kl-bars', 'MRC-KL (bits) when text is ablated', barErrors(groupedBars(lang, conditions,
        value('lang4vis', 'mrc-kl'), deltaOf('lang4vis', 'mrc-kl'), 'bits'), lang, conditions, boundsOf('lang4vis', 'mrc-kl'), rowOf('lang4vis', 'mrc-kl')),
      'Grouped bars of masked-region MRC-KL per model under none, phrase and all, with their confidence intervals.');
    }
    const both = labels.filter(l => find(l, 'vis4lang', 'all', 'mlm') && find(l, 'lang4vis', 'all', 'mrc-kl'));
    if (both.length) {
      const rise = (l, direction, metric) => {
        const a = find(l, direction, 'all', metric);
        const n = find(l, direction, 'none', metric);
        return a && n && n.meanBits ? (a.meanBits - n.meanBits) / n.meanBits : null;
      };
      add('asymmetry', 'Asymmetry: vision removed vs text removed', crossErrors(asymmetry(both.map(l => ({name: l, x: rise(l, 'vis4lang', 'mlm'), y: rise(l, 'lang4vis', 'mrc-kl')}))),
        l => ({x: relativeBounds(find(l, 'vis4lang', 'all', 'mlm')), y: relativeBounds(find(l, 'lang4vis', 'all', 'mrc-kl'))})),
        'Each model as a point: relative MLM rise when all vision is removed (x) against relative MRC-KL rise when all text is removed (y).');
    }
    const tableRows = rows.map(r => ({r, d: delta(r)}));
    clear(body,
      h('p', {class: 'muted'}, `${data.dataset} · ${data.runs.length} runs`),
      h('p', {class: 'muted', id: 'uncertainty'}, data.uncertainty ? `Error bars and CI: ${data.uncertainty}.` : 'These runs have no intervals (means only).'),
      h('div', {class: 'filters'}, field('Δ relative to', baselineSelect),
        h('button', {type: 'button', class: 'secondary', onclick: () => downloadCsv(tableRows, label)}, 'Table as CSV')),
      h('div', {class: 'charts'}, figures),
      h('h2', {}, 'Table'),
      h('table', {class: 'comparison'},
        h('thead', {}, h('tr', {}, ['Model', 'Direction', 'Condition', 'Metric', 'n', 'Mean bits', 'Std bits', 'Δ', 'Relative Δ', 'Mean CI', 'Δ CI', 'p (Holm)']
          .map((t, i) => h('th', {scope: 'col', class: i >= 4 ? 'num' : null}, t)))),
        h('tbody', {}, tableRows.map(({r, d}) => h('tr', {dataset: {run: r.runId}},
          h('td', {}, label(r)), h('td', {}, r.direction), h('td', {}, r.condition), h('td', {}, r.metric),
          h('td', {class: 'num'}, fmt.int(r.n)), h('td', {class: 'num'}, fmt.bits(r.meanBits)), h('td', {class: 'num'}, fmt.bits(r.stdBits)),
          h('td', {class: 'num'}, d ? fmt.delta(d.delta) : ''), h('td', {class: 'num'}, d ? fmt.pct(d.relative) : ''),
          h('td', {class: 'num'}, meanBounds(r) ? `[${fmt.bits(r.meanLowBits)}, ${fmt.bits(r.meanHighBits)}]` : ''),
          h('td', {class: 'num'}, ownDelta(r, d) ? `[${fmt.delta(r.deltaLowBits)}, ${fmt.delta(r.deltaHighBits)}]` : ''),
          h('td', {class: 'num'}, ownDelta(r, d) ? pValue(r.pHolm) : ''))))),
      seedGroups(data, charts));
    body.dataset.rows = rows.length;
  }

  // the stored Δ intervals and p-values are against the run's own none: shown only while Δ is too
  const ownDelta = (r, d) => d && !state.baseline && r.deltaLowBits != null;

  function downloadCsv(tableRows, label) {
    const lines = [['model', 'sweep', 'run', 'direction', 'condition', 'metric', 'n', 'mean_bits', 'std_bits', 'delta_bits', 'relative_delta',
      'mean_low_bits', 'mean_high_bits', 'delta_low_bits', 'delta_high_bits', 'p_holm']]
      .concat(tableRows.map(({r, d}) => [label(r), r.sweepId, r.runId, r.direction, r.condition, r.metric, r.n, r.meanBits, r.stdBits,
        d ? d.delta : '', d && d.relative !== null ? d.relative : '', r.meanLowBits ?? '', r.meanHighBits ?? '',
        ownDelta(r, d) ? r.deltaLowBits : '', ownDelta(r, d) ? r.deltaHighBits : '', ownDelta(r, d) ? r.pHolm : '']));
    save(new Blob([toCsv(lines)], {type: 'text/csv'}), 'comparison.csv');
  }

  await load();
  return () => charts.forEach(c => c.dispose());
}
