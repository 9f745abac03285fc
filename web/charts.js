// Paper-style charts drawn with ECharts (SVG renderer, so they export as SVG as drawn; PNG is rasterised
// from that SVG). Series colours are the Okabe–Ito palette, and every chart also has a table beside it.
import {fmt, h} from './dom.js';

const ECHARTS = '/_static/echarts/5.6.0/dist/echarts.min.js';
let loading = null;

/** Loads ECharts (1 MB) the first time a page draws a chart, so the other pages never pay for it. */
export function loadCharts() {
  if (window.echarts) return Promise.resolve();
  loading ||= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = ECHARTS;
    script.onload = resolve;
    script.onerror = () => reject(new Error('the charting library could not be loaded from ' + ECHARTS));
    document.head.append(script);
  });
  return loading;
}

/**
 * Tooltips are the one place ECharts parses text as HTML, so every name from data is escaped there;
 * labels, legends and axes are drawn as SVG text and need no escaping.
 */
const text = v => echarts.format.encodeHTML(String(v));

export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#F0E442', '#000000'];

/**
 * A figure with a caption, export buttons and the chart; returns {figure, chart}. With a {@code note} (dataset, n,
 * runs, kind of interval), the exported SVG and PNG carry the title and the note above the chart.
 */
export function figure(id, title, option, description, note) {
  const box = h('div', {class: 'chart', id, role: 'img', 'aria-label': `${title}. ${description}`});
  const chart = echarts.init(box, null, {renderer: 'svg'});
  const full = {color: PALETTE, animation: false, textStyle: {fontFamily: 'system-ui, sans-serif'}, ...option};
  chart.setOption(full);
  const exported = () => titled(chart, full, title, note);
  const fig = h('figure', {},
    h('figcaption', {}, h('span', {}, title),
      h('span', {},
        h('button', {type: 'button', class: 'secondary', onclick: () => downloadSvg(exported(), id)}, 'SVG'), ' ',
        h('button', {type: 'button', class: 'secondary', onclick: () => downloadPng(exported(), id)}, 'PNG'))),
    box);
  new ResizeObserver(() => chart.resize()).observe(box);
  return {figure: fig, chart};
}

/** What an export draws: the chart as shown, with its title and note above it ({svg, width, height}). */
export function titled(chart, option, title, note) {
  const width = chart.getWidth();
  const height = chart.getHeight() + 48;
  const box = h('div', {style: {position: 'absolute', left: '-10000px', top: '0', width: `${width}px`, height: `${height}px`}});
  document.body.append(box);
  const copy = echarts.init(box, null, {renderer: 'svg', width, height});
  const shift = v => (typeof v === 'number' ? v : 0) + 48;
  copy.setOption({...option,
    title: {text: title, subtext: note || '', left: 8, top: 4, textStyle: {fontSize: 14}, subtextStyle: {fontSize: 11, color: '#3b4250'}},
    grid: option.grid ? {...option.grid, top: shift(option.grid.top)} : option.grid,
    legend: option.legend ? {...option.legend, top: shift(option.legend.top)} : option.legend});
  const svg = copy.renderToSVGString();
  copy.dispose();
  box.remove();
  return {svg, width, height};
}

function downloadSvg(drawn, name) {
  save(new Blob([drawn.svg], {type: 'image/svg+xml'}), `${name}.svg`);
}

function downloadPng(drawn, name) {
  const {svg} = drawn;
  const image = new Image();
  const url = URL.createObjectURL(new Blob([svg], {type: 'image/svg+xml'}));
  image.onload = () => {
    const scale = 2;
    const canvas = document.createElement('canvas');
    canvas.width = drawn.width * scale;
    canvas.height = drawn.height * scale;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    URL.revokeObjectURL(url);
    canvas.toBlob(blob => save(blob, `${name}.png`), 'image/png');
  };
  image.src = url;
}

export function save(blob, filename) {
  const a = h('a', {href: URL.createObjectURL(blob), download: filename});
  document.body.append(a);
  a.click();
  a.remove();
}

/** Grouped bars: one group per label (model), one bar per condition; the tooltip gives Δ and relative Δ. */
export function groupedBars(labels, conditions, value, delta, unit) {
  return {
    tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}, formatter: params => params.map(p => {
      const d = delta(p.name, p.seriesName);
      return `${p.marker}${text(p.name)} · ${text(p.seriesName)}: ${fmt.bits(p.value)} ${unit}` + (d ? ` (Δ ${fmt.delta(d.delta)}, ${fmt.pct(d.relative)})` : '');
    }).join('<br>')},
    legend: {top: 0},
    grid: {left: 56, right: 16, top: 36, bottom: 40},
    xAxis: {type: 'category', data: labels},
    yAxis: {type: 'value', name: unit, nameLocation: 'middle', nameGap: 40},
    series: conditions.map(c => ({
      name: c, type: 'bar', data: labels.map(l => value(l, c)),
      label: {show: true, position: 'top', fontSize: 10, formatter: p => {
        const d = delta(p.name, c);
        return d && c !== 'none' ? fmt.pct(d.relative) : fmt.bits(p.value);
      }},
    })),
  };
}

/** MLM bits against the IoT threshold, 0.9 → 0.0, with each model's none and all as dashed reference lines. */
export function thresholdLines(labels, thresholds, value) {
  return {
    tooltip: {trigger: 'axis'},
    legend: {top: 0},
    grid: {left: 56, right: 90, top: 36, bottom: 40},
    xAxis: {type: 'category', data: thresholds, name: 'IoT threshold t', nameLocation: 'middle', nameGap: 28},
    yAxis: {type: 'value', name: 'MLM bits', nameLocation: 'middle', nameGap: 40, scale: true},
    series: labels.map(l => ({
      name: l, type: 'line', symbolSize: 6, data: thresholds.map(t => value(l, `object@${t}`)),
      markLine: {symbol: 'none', lineStyle: {type: 'dashed'}, label: {formatter: p => `${p.name} ${fmt.bits(p.value)}`, fontSize: 10},
        data: [['none', value(l, 'none')], ['all', value(l, 'all')]].filter(([, v]) => v !== null).map(([n, v]) => ({name: n, yAxis: v}))},
    })),
  };
}

/** Per model: relative MLM rise when vision is removed against relative MRC-KL rise when text is removed. */
export function asymmetry(points) {
  const max = Math.max(0.05, ...points.flatMap(p => [p.x, p.y]).filter(v => v !== null).map(Math.abs)) * 1.15;
  return {
    tooltip: {formatter: p => `${text(p.data.name)}: vision removed ${fmt.pct(p.data.value[0])} MLM, text removed ${fmt.pct(p.data.value[1])} MRC-KL`},
    grid: {left: 64, right: 24, top: 24, bottom: 48},
    xAxis: {type: 'value', min: 0, max, name: 'relative MLM rise, vis4lang all', nameLocation: 'middle', nameGap: 30,
      axisLabel: {formatter: v => `${(100 * v).toFixed(0)}%`}},
    yAxis: {type: 'value', min: 0, max, name: 'relative MRC-KL rise, lang4vis all', nameLocation: 'middle', nameGap: 44,
      axisLabel: {formatter: v => `${(100 * v).toFixed(0)}%`}},
    series: [{
      type: 'scatter', symbolSize: 14,
      data: points.filter(p => p.x !== null && p.y !== null).map((p, i) => ({name: p.name, value: [p.x, p.y], itemStyle: {color: PALETTE[i % PALETTE.length]}})),
      label: {show: true, position: 'right', formatter: p => p.data.name},
      markLine: {symbol: 'none', silent: true, lineStyle: {type: 'dotted', color: '#5b6470'}, label: {formatter: 'equal use'},
        data: [[{coord: [0, 0]}, {coord: [max, max]}]]},
    }],
  };
}
