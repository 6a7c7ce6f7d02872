/**
 * A schedule-like page with N patient rows (~14 DOM nodes per row: 5,000 rows ≈ 70k nodes) for the detection
 * benchmark and the "many patients → no patient" rule. Fictional, generated names.
 */
export function listPage(rows: number): string {
  const parts: string[] = [];
  for (let i = 0; i < rows; i++) {
    const n = String(i).padStart(5, '0');
    parts.push(
      `<tr><td><span class="time">${8 + (i % 10)}:${String(i % 60).padStart(2, '0')}</span></td>` +
        `<td><a class="pt-name" href="chart.html?p=${n}">TESTLIST${n}, PATIENT</a></td>` +
        `<td><span class="dob">01-Jan-19${String(40 + (i % 60)).padStart(2, '0')}</span></td>` +
        `<td><span class="hcn">000000${n.slice(1)}</span></td><td><em>Visit</em> <b>${i % 7}</b></td><td><span class="prov">Dr. Demo</span></td></tr>`,
    );
  }
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Maple Demo EMR — Patient list</title>' +
    '<link rel="stylesheet" href="demo.css"></head><body><nav class="topbar">Maple Demo EMR · Patient list</nav>' +
    `<table class="schedule"><thead><tr><th>Time</th><th>Patient</th><th>DOB</th><th>HCN</th><th>Reason</th><th>Provider</th></tr></thead><tbody>${parts.join('')}</tbody></table></body></html>`
  );
}
