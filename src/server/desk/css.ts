/** The desk's stylesheet (served at /assets/desk.css). Plain CSS, no external fonts or assets. */
export const DESK_CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#f6f7f9}
a{color:#1f5fbf}
kbd{font:11px ui-monospace,monospace;border:1px solid #c5cad3;border-bottom-width:2px;border-radius:3px;padding:0 4px;background:#fff;color:#333}
header.top{position:sticky;top:0;z-index:5;display:flex;align-items:center;gap:1.25rem;padding:.5rem 1rem;background:#1d2330;color:#fff}
header.top a{color:#d9e3f5;text-decoration:none;padding:.25rem .5rem;border-radius:4px}
header.top a[aria-current=page]{background:#35415a;color:#fff}
header.top nav{display:flex;gap:.5rem;flex:1;flex-wrap:wrap}
header.top form{margin:0}
.brand{font-weight:600;white-space:nowrap}
.badge{display:inline-block;min-width:1.5em;padding:0 .4em;border-radius:9px;background:#c2410c;color:#fff;font-size:12px;text-align:center}
.counts{font-size:12px;color:#b8c3d6}
.live{color:#6b7280;font-size:12px}.live.on{color:#22c55e}
button,.button{font:inherit;padding:.3rem .7rem;border:1px solid #b8bfcc;border-radius:4px;background:#fff;color:#1d2330;cursor:pointer;text-decoration:none;display:inline-block}
button:hover,.button:hover{background:#eef2f8}
button.link{background:none;border:none;color:#d9e3f5;padding:.25rem .5rem}
button.primary-action{background:#1f5fbf;border-color:#1f5fbf;color:#fff}
main{padding:1rem 1.25rem 3rem;overflow-wrap:break-word}
.toolbar{display:flex;flex-wrap:wrap;gap:.75rem 1.5rem;align-items:center;margin-bottom:1rem}
.toolbar form{display:flex;gap:.5rem;align-items:center;margin:0}
.toolbar input[type=search]{width:22rem;max-width:60vw;padding:.3rem .5rem;font:inherit}
select,input,textarea{font:inherit}
.report{background:#fff;border:1px solid #dde1e8;border-radius:6px;padding:1rem 1.5rem;max-width:72rem}
.report h1{margin:.2rem 0;font-size:1.5rem}
.subtitle{color:#555;margin:.2rem 0 1rem}
.toc ol{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;margin:0 0 1rem}
.count{display:inline-block;font-size:12px;font-weight:normal;color:#555;background:#eef0f4;border-radius:8px;padding:0 .45em;vertical-align:middle}
.report-section h2{font-size:1.2rem;border-bottom:2px solid #1d2330;padding-bottom:.2rem;margin:1.4rem 0 .5rem}
.report-section h3{font-size:1.02rem;margin:.9rem 0 .3rem;color:#2c3a55}
.report-section h4{font-size:.95rem;margin:.5rem 0 .2rem 1rem;font-weight:600}
.report-section h5{font-size:.9rem;margin:.3rem 0 .2rem 2rem;font-style:italic;font-weight:normal}
ul.entries{margin:.2rem 0 .4rem;padding-left:2.2rem}
li.entry{margin:.15rem 0}
li.entry .edit{font-size:12px;color:#1f5fbf;margin-left:.4rem}
li.entry.done,.queue-item.done{opacity:.55}
input.pick{margin:0 .3rem 0 0;vertical-align:middle}
.queue-item{display:flex;align-items:flex-start;gap:.2rem;padding-left:.5rem;border-bottom:1px solid #eceef2}.queue-item input.pick{margin-top:.7rem}.queue-item a{flex:1;min-width:0}
form.filters.more{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center;margin:0 0 .75rem;font-size:13px}
form.filters.more label{max-width:100%}form.filters.more select{max-width:100%}
.bulk{display:flex;flex-wrap:wrap;gap:.4rem .6rem;align-items:center;margin:0 0 .75rem;padding:.4rem .6rem;background:#fff;border:1px solid #dde1e8;border-radius:6px;max-width:72rem;font-size:13px}
.bulk select{max-width:18rem}
.bulk-done{flex-basis:100%;margin:0;padding-left:1.2rem}.bulk-done:empty{display:none}
.record-actions{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:.5rem 0}
button.danger{border-color:#b91c1c;color:#b91c1c}
.mark{font-size:11px;color:#fff;background:#15803d;border-radius:3px;padding:0 .3em}
.deleted-note{color:#b91c1c;font-weight:600}
.story-panel{border:1px solid #e3e6ea;border-radius:6px;padding:.4rem .8rem;margin:.6rem 0}.story-panel h3{margin:.2rem 0 .4rem;font-size:14px}.story-sources{margin:.2rem 0 .5rem;padding-left:1.2rem;font-size:13px}.story-actions select{max-width:100%}.story-actions label{display:inline-block;max-width:100%}.also{color:#5b6270;font-size:12px}
.history table{border-collapse:collapse;width:100%;font-size:13px}.history th,.history td{text-align:left;padding:.2rem .4rem;border-bottom:1px solid #eceef2;vertical-align:top}.history tr.current{background:#f3f7ff}
details.full-text{margin:.5rem 0}details.full-text summary{cursor:pointer;color:#1f5fbf}.article-body{max-height:24rem;overflow:auto;overflow-wrap:anywhere;padding:.25rem .75rem;border-left:3px solid #c5cad3;background:#f8f9fb}
.of{font-size:12px;color:#555;font-weight:normal}
.flag{font-size:11px;color:#fff;background:#c2410c;border-radius:3px;padding:0 .3em;margin-left:.3rem}
ul.notes{margin:.1rem 0;padding-left:1.2rem;color:#444}
.empty{color:#777;font-style:italic}
.results{background:#fff;border:1px solid #dde1e8;border-radius:6px;padding:.5rem 1.25rem;margin-bottom:1rem;max-width:72rem}
.results h2{font-size:1.05rem}
.results .meta,.queue-item .meta{color:#666;font-size:12px}
.results ul.lines{margin:.1rem 0 .5rem;color:#333}
.queue{display:grid;grid-template-columns:minmax(300px,36%) minmax(0,1fr);gap:1rem;align-items:start}
.queue-pane h1{font-size:1.2rem;margin:.2rem 0}
.hint{color:#555;font-size:12px;margin:.2rem 0 .6rem}
.queue-list{list-style:none;margin:0;padding:0;max-height:calc(100vh - 9rem);overflow:auto;border:1px solid #dde1e8;border-radius:6px;background:#fff}
.queue-item a{display:block;padding:.5rem .75rem;color:inherit;text-decoration:none}
.queue-item.selected a{background:#e6efff;border-left:3px solid #1f5fbf}
.queue-item .title{display:block;font-weight:600;overflow-wrap:anywhere}
.queue-item .reason{display:block;color:#9a3412;font-size:12px}
.detail-pane,.single{background:#fff;border:1px solid #dde1e8;border-radius:6px;padding:1rem 1.25rem;position:sticky;top:3.5rem;max-height:calc(100vh - 5rem);overflow:auto}
.single{position:static;max-height:none;max-width:64rem}
.record-title{font-size:1.2rem;margin:0 0 .3rem;overflow-wrap:anywhere}
.record .meta{color:#555;font-size:12px;margin:0 0 .5rem}
.reasons{margin:.3rem 0;padding-left:1.2rem;color:#9a3412}
blockquote.lead{overflow-wrap:anywhere;margin:.5rem 0;padding:.5rem .75rem;border-left:3px solid #c5cad3;background:#f8f9fb;color:#333;max-height:9rem;overflow:auto}
.alternatives{margin:.6rem 0;display:flex;flex-wrap:wrap;gap:.4rem;align-items:center}
.alt .conf{color:#666;font-size:12px}
form.correction label{display:block;margin:.35rem 0}
form.correction select#category{display:block;width:100%;max-width:40rem;margin-top:.15rem}
fieldset{border:1px solid #dde1e8;border-radius:6px;margin:.6rem 0;padding:.4rem .75rem}
fieldset.buyers{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,20rem),1fr));gap:.1rem 1rem;min-width:0}
fieldset.buyers legend{grid-column:1/-1}
.buyer-row{display:grid;grid-template-columns:minmax(5rem,1fr) 7.5rem max-content;align-items:center;gap:.4rem;min-width:0}
.buyer-row .buyer-name{margin:0!important;overflow-wrap:anywhere;line-height:1.15}
.buyer-row.attached .buyer-name{font-weight:600}
.buyer-row label.primary{margin:0!important;font-size:12px;color:#555}
label.primary.none{grid-column:1/-1;font-size:12px;color:#555}
.when{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:end}
.when label{display:inline-block!important}
.fact{border-top:1px dashed #dde1e8;padding-top:.3rem}.fact:first-of-type{border-top:none}
.fact-category{font-size:12px;color:#555}
.fact textarea{display:block;width:100%;margin-top:.1rem}
.actions{display:flex;gap:.6rem;align-items:center;margin-top:.6rem;flex-wrap:wrap;position:sticky;bottom:-1rem;background:#fff;padding:.5rem 0 .6rem;border-top:1px solid #eceef2}
.status{font-size:13px}.status.error{color:#b91c1c}.status.ok{color:#15803d}
.inbox{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,1fr);gap:1rem;align-items:start}
.inbox section{background:#fff;border:1px solid #dde1e8;border-radius:6px;padding:.5rem 1rem}
table.failed{width:100%;border-collapse:collapse}
table.failed th,table.failed td{text-align:left;vertical-align:top;padding:.35rem .4rem;border-bottom:1px solid #eceef2}
table.failed td.file{overflow-wrap:anywhere;max-width:16rem}
table.failed td.reason{color:#9a3412;overflow-wrap:anywhere}
.row-actions{white-space:nowrap}
.row-status{display:block;font-size:12px;color:#1f5fbf;white-space:normal}
.live-log{padding-left:1.2rem;font-size:13px}
.live-log .stored{color:#15803d}.live-log .failed{color:#b91c1c}.live-log .duplicate{color:#555}
@media (max-width:900px){.queue,.inbox{grid-template-columns:1fr}.detail-pane{position:static;max-height:none}.queue-list{max-height:40vh}}
`;

/** The sign-in page's stylesheet (served at /assets/login.css: the pages carry no inline style, see SECURITY_HEADERS). */
export const LOGIN_CSS = `body{font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}
input{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}
label{display:block;margin-top:.75rem}
button{margin-top:1rem;padding:.5rem 1rem;font:inherit}
.error{color:#a00}
details{margin-top:2rem;color:#444}
`;
