/** The inbox stylesheet (served at /inbox/assets/inbox.css; no inline styles, so the CSP can forbid them). */
export const INBOX_CSS = `
:root { --fg:#1b1f24; --muted:#4a5361; --bg:#fff; --line:#c9d1db; --accent:#0b5cad; --accent-bg:#e8f1fb; --ok:#17663a; --warn:#8a4b00; --err:#a4161a; --focus:#ffbf47; }
* { box-sizing: border-box; }
body { margin:0; font:16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--fg); background:var(--bg); }
a { color:var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible { outline:3px solid var(--focus); outline-offset:2px; }
.skip { position:absolute; left:-9999px; top:0; background:var(--fg); color:#fff; padding:.5rem 1rem; z-index:10; }
.skip:focus { left:.5rem; }
header.site { display:flex; flex-wrap:wrap; gap:1rem; align-items:center; justify-content:space-between; padding:.75rem 1.5rem; border-bottom:1px solid var(--line); }
header.site .brand { font-weight:700; }
nav.main ul, nav.tabs ul { list-style:none; margin:0; padding:0; display:flex; flex-wrap:wrap; gap:.25rem 1rem; }
nav.main a[aria-current="page"], nav.tabs a[aria-current="page"] { font-weight:700; text-decoration-thickness:3px; }
.session { display:flex; gap:1rem; align-items:center; flex-wrap:wrap; }
main { padding:1rem 1.5rem 3rem; max-width:72rem; }
h1 { font-size:1.6rem; margin:.5rem 0 1rem; }
h2 { font-size:1.2rem; margin:1.5rem 0 .5rem; border-bottom:1px solid var(--line); padding-bottom:.25rem; }
table { border-collapse:collapse; width:100%; margin:.5rem 0 1rem; }
caption { text-align:left; font-weight:600; padding:.25rem 0; }
th, td { text-align:left; vertical-align:top; padding:.4rem .5rem; border-bottom:1px solid var(--line); }
th[scope="col"] { background:#f3f5f8; }
dl.facts { display:grid; grid-template-columns:minmax(10rem, max-content) 1fr; gap:.25rem 1rem; margin:0; }
dl.facts dt { font-weight:600; color:var(--muted); }
dl.facts dd { margin:0; }
.badge { display:inline-block; padding:0 .45rem; border-radius:.25rem; border:1px solid currentColor; font-size:.875rem; }
.badge.urgent { color:var(--err); font-weight:700; }
.alert { border-left:4px solid var(--err); background:#fdecea; padding:.5rem .75rem; margin:.75rem 0; }
.notice { border-left:4px solid var(--ok); background:#e9f6ee; padding:.5rem .75rem; margin:.75rem 0; }
.warning { border-left:4px solid var(--warn); background:#fff4e5; padding:.5rem .75rem; margin:.75rem 0; font-weight:600; }
.hint { color:var(--muted); font-size:.95rem; }
form.action { border:1px solid var(--line); border-radius:.35rem; padding:.75rem; margin:.75rem 0; max-width:40rem; }
form.action fieldset { border:0; padding:0; margin:0; }
form.action legend { font-weight:700; padding:0; margin-bottom:.25rem; }
label { display:block; font-weight:600; margin:.5rem 0 .15rem; }
input[type="text"], input[type="password"], input[type="number"], input[type="search"], textarea, select { font:inherit; padding:.35rem .5rem; border:1px solid #6b7684; border-radius:.25rem; width:100%; max-width:36rem; }
textarea { min-height:4rem; }
button { font:inherit; padding:.4rem .9rem; border-radius:.3rem; border:1px solid var(--accent); background:var(--accent); color:#fff; cursor:pointer; margin-top:.5rem; }
button.secondary { background:var(--bg); color:var(--accent); }
.actions-grid { display:grid; grid-template-columns:repeat(auto-fit, minmax(18rem, 1fr)); gap:0 1rem; }
ol.timeline { padding-left:1.25rem; }
details { margin:.5rem 0; }
.inline-form { display:inline; }
`;
