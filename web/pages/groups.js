// Seed groups on the compare page: per group and condition the mean ± sd across seeds, n seeds and the seed spread,
// and each seed as a point (the paper's seed figure). Two uncertainties, named apart: across seeds (sd here) and
// across examples within one seed (each run's std in the table above).
import {fmt, h} from '../dom.js';
import {figure} from '../charts.js';

const PANELS = [
  ['seed-mlm', 'vis4lang', 'mlm', 'MLM (bits) per seed when vision is ablated', ['none', 'object@0.5', 'all']],
  ['seed-kl', 'lang4vis', 'mrc-kl', 'MRC-KL (bits) per seed when text is ablated', ['none', 'phrase', 'all']],
];

/** The groups section, or null when the comparison has no seed groups; charts are pushed to {@code charts}. */
export function seedGroups(data, charts) {
  const groups = data.groups || [];
  if (!groups.length) return null;
  const figures = [];
  for (const [id, direction, metric, title, conditions] of PANELS) {
    const cells = groups.filter(g => g.direction === direction && g.metric === metric && conditions.includes(g.condition));
    if (!cells.length) continue;
    const f = figure(id, title, seedPoints(cells, conditions.filter(c => cells.some(g => g.condition === c))),
      'Each seed of each group as a point per condition, with the mean over seeds as a bar.');
    charts.push(f.chart);
    figures.push(f.figure);
  }
  return h('section', {id: 'seed-groups'},
    h('h2', {}, 'Seed groups'),
    h('p', {class: 'muted'}, 'Replicates of one architecture: mean and sd ', h('strong', {}, 'across seeds'),
      ' (n − 1), n seeds and the smallest and largest seed mean. The std in the table above is the spread ',
      h('strong', {}, 'across examples within one run'), '.'),
    h('div', {class: 'charts'}, figures),
    h('table', {class: 'groups'},
      h('thead', {}, h('tr', {}, ['Group', 'Direction', 'Condition', 'Metric', 'Seeds', 'Mean bits', 'SD across seeds', 'Min', 'Max']
        .map((t, i) => h('th', {scope: 'col', class: i >= 4 ? 'num' : null}, t)))),
      h('tbody', {}, groups.map(g => h('tr', {dataset: {group: g.group, condition: g.condition, metric: g.metric}},
        h('td', {}, g.group), h('td', {}, g.direction), h('td', {}, g.condition), h('td', {}, g.metric),
        h('td', {class: 'num'}, String(g.seeds)), h('td', {class: 'num'}, fmt.bits(g.meanBits)),
        h('td', {class: 'num'}, g.sdAcrossSeedsBits === null ? '' : fmt.bits(g.sdAcrossSeedsBits)),
        h('td', {class: 'num'}, fmt.bits(g.minBits)), h('td', {class: 'num'}, fmt.bits(g.maxBits)))))));
}

/** Per condition a bar at the mean over seeds and a scatter of the seeds, one category per group. */
function seedPoints(cells, conditions) {
  const names = [...new Set(cells.map(g => g.group))];
  const cell = (group, c) => cells.find(g => g.group === group && g.condition === c);
  return {
    tooltip: {trigger: 'item', formatter: p => `${echarts.format.encodeHTML(String(p.data.label ?? p.name))} · ${echarts.format.encodeHTML(p.seriesName)}: ${fmt.bits(p.value[1] ?? p.value)} bits`},
    legend: {top: 0},
    grid: {left: 56, right: 16, top: 36, bottom: 40},
    xAxis: {type: 'category', data: names},
    yAxis: {type: 'value', name: 'bits', nameLocation: 'middle', nameGap: 40, scale: true},
    series: conditions.flatMap(c => [
      {name: c, type: 'bar', barGap: '10%', itemStyle: {opacity: 0.35}, data: names.map(n => cell(n, c) ? cell(n, c).meanBits : null)},
      {name: c, type: 'scatter', symbolSize: 7,
        data: names.flatMap(n => (cell(n, c)?.members || []).map(m => ({value: [n, m.meanBits], label: m.model})))},
    ]),
  };
}
