/**
 * The report's style sheet: readable on screen, and on paper (A4 or
 * Letter, black on white, charts and table rows never split across pages,
 * long quotes wrapped). System fonts only: the page makes no request.
 * @module
 */

/** The CSS of every report. */
export const STYLE = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #555; --rule: #d0d0d0; --hold: #4c78a8; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; margin: 0; }
main { max-width: 62rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; line-height: 1.2; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; padding-bottom: .2rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1rem; margin: 0 0 .35rem; }
p.meta, p.desc, .note { color: var(--muted); font-size: .9rem; }
p.desc { margin: .35rem 0 0; max-width: 48rem; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; margin: .5rem 0; }
th, td { text-align: left; vertical-align: top; padding: .3rem .45rem; border-bottom: 1px solid var(--rule); overflow-wrap: anywhere; }
th { background: #f3f3f3; font-weight: 600; }
table.parameters td:first-child { min-width: 12rem; }
table.parameters td:nth-child(5) { min-width: 11rem; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.headline { display: flex; flex-wrap: wrap; gap: .75rem; margin: .75rem 0; padding: 0; list-style: none; }
.headline li { flex: 1 1 12rem; border: 1px solid var(--rule); border-left: 4px solid var(--hold); border-radius: 4px; padding: .6rem .75rem; }
.headline .label { font-weight: 600; display: block; }
.headline .value { font-size: 1.6rem; font-variant-numeric: tabular-nums; display: block; }
.headline .interval { color: var(--muted); font-size: .85rem; display: block; }
figure.chart { margin: 1rem 0 1.5rem; break-inside: avoid; page-break-inside: avoid; }
figure.chart .svg svg { max-width: 100%; height: auto; display: block; }
q { quotes: "\\201C" "\\201D"; font-style: italic; }
.source { display: block; margin-top: .2rem; }
.override { font-weight: 700; }
.status-holds { color: #1a7f37; font-weight: 600; }
.status-fails { color: #b42318; font-weight: 600; }
.status-unchecked { color: var(--muted); }
dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; font-size: .88rem; }
dl.provenance dt { font-weight: 600; }
dl.provenance dd { margin: 0; overflow-wrap: anywhere; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
@page { margin: 14mm 12mm; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr, .headline li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  th { background: none; }
  a { color: inherit; text-decoration: none; }
}
`;
