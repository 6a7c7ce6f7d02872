// A React-rendered EMR chart for the observer benchmark: the OpenMRS 3 patient chart shape (single-spa app shells,
// `header[aria-label="patient banner"]` with CSS-module class names carrying a build hash) driven the way a
// framework-driven chart is while the clinician works: a vitals/observations table of keyed rows re-rendered with
// new values, rows scrolling in and out, a medication list re-sorted, a header clock, the patient search overlay
// listing other patients now and then, and in-place patient switches (pushState + banner re-render, no reload) when asked.
// All patients are fictional.
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

const P = '-esm-styleguide__patient-banner-patient-info-module__';
const PATIENTS = [
  {
    uuid: '8673ee4f-e2ab-4077-ba55-4980f408773e',
    name: 'Jordan Sampleperson',
    dob: '21-Jul-1990',
    id: '100GEJ',
  },
  {
    uuid: '1b2c3d4e-0000-4aaa-8bbb-0123456789ab',
    name: 'Camille Exemple-Fictif',
    dob: '02-Mar-1968',
    id: '100HKL',
  },
  {
    uuid: '5e6f7a8b-1111-4ccc-9ddd-abcdefabcdef',
    name: 'Alex Testpatient',
    dob: '14-Mar-1956',
    id: '100JMN',
  },
];
const chartPath = (uuid: string) => `/openmrs/spa/patient/${uuid}/chart/Patient%20Summary`;

export interface Workload {
  /**
   * Runs the workload for `ms` (one state update every `stepMs`, an in-place patient switch every `switchEvery` steps,
   * none when 0); resolves with the number of steps.
   */
  run(ms: number, stepMs: number, switchEvery: number): Promise<number>;
  /** Switches to the next patient in place now; resolves with the index of the patient shown. */
  switchNext(): Promise<number>;
}

type State = { step: number; patient: number; overlay: boolean };
let setState: ((s: State) => void) | null = null;

function Banner({ p }: { p: (typeof PATIENTS)[number] }) {
  return (
    <header
      aria-label="patient banner"
      role="banner"
      className="-esm-patient-banner__patient-banner__container___aB12c"
    >
      <div className="-esm-patient-banner__patient-banner__patientBanner___Zz9Yx">
        <div className={`${P}patientInfo___Mn7b6`}>
          <div className={`${P}row___Lk8j7`}>
            <div className={`${P}flexRow___Gf5d4`}>
              <span className={`${P}patientName___Ds4a3`}>{p.name}</span>
              <div className={`${P}gender___Sa3q2`}>
                <span>Female</span>
              </div>
            </div>
          </div>
          <div className={`${P}demographics___We1r0`}>
            <span>{p.dob.slice(-4) === '1990' ? '36 yrs' : '58 yrs'}</span>
            <span className={`${P}separator___Er0t9`}>·</span>
            <span>{p.dob}</span>
            <span className={`${P}separator___Er0t9`}>·</span>
            <span className={`${P}identifier___Rt9y8`}>
              <span className={`${P}label___Ui6o5`}>OpenMRS ID: </span>
              <span className={`${P}value___Io5p4`}>{p.id}</span>
            </span>
          </div>
        </div>
      </div>
    </header>
  );
}

function Vitals({ step }: { step: number }) {
  // 60 keyed rows; the window slides by one row per step (one row leaves, one arrives) and every value changes.
  const rows = [];
  for (let r = 0; r < 60; r++) {
    const n = step + r;
    rows.push(
      <tr key={n}>
        <td>{`2026-11-${String((n % 28) + 1).padStart(2, '0')} 09:${String(n % 60).padStart(2, '0')}`}</td>
        <td>
          {110 + ((n * 7 + step) % 40)}/{70 + ((n * 3 + step) % 20)}
        </td>
        <td>{60 + ((n * 5 + step) % 40)} bpm</td>
        <td>{(36 + ((n + step) % 20) / 10).toFixed(1)} °C</td>
        <td>{step % 2 ? 'Reviewed' : 'Pending'}</td>
      </tr>,
    );
  }
  return (
    <table className="cds--data-table">
      <thead>
        <tr>
          <th>Date</th>
          <th>BP</th>
          <th>Pulse</th>
          <th>Temp</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>{rows}</tbody>
    </table>
  );
}

const MEDS = Array.from(
  { length: 20 },
  (_, i) => `Medication ${String.fromCharCode(65 + i)} ${(i + 1) * 5} mg`,
);
function Meds({ step }: { step: number }) {
  const order = step % 10 === 0 ? [...MEDS].reverse() : MEDS;
  return (
    <ul className="-esm-patient-medications__medications-table___Hh4j3">
      {order.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  );
}

/** The search overlay: other patients in the banner component, but without the chart banner's aria-label. */
function Overlay() {
  return (
    <div className="-esm-patient-search__patient-search__searchResults___Xc2v1">
      {PATIENTS.map((p) => (
        <div role="banner" key={p.uuid} className="-esm-patient-banner__patient-banner__container___aB12c">
          <span className={`${P}patientName___Ds4a3`}>{p.name}</span>
          <span>{p.dob}</span>
        </div>
      ))}
    </div>
  );
}

function App() {
  const [s, set] = useState<State>({ step: 0, patient: 0, overlay: false });
  useEffect(() => {
    setState = set;
  }, []);
  const p = PATIENTS[s.patient]!;
  return (
    <>
      <div id="single-spa-application:@openmrs/esm-primary-navigation-app-page-0">
        <header className="cds--header" aria-label="OpenMRS">
          <a className="cds--header__name" href="/openmrs/spa/home">
            OpenMRS
          </a>
          <span className="cds--header__clock">
            {new Date(1_790_000_000_000 + s.step * 1000).toISOString()}
          </span>
        </header>
        {s.overlay && <Overlay />}
      </div>
      <div id="single-spa-application:@openmrs/esm-patient-chart-app-page-0">
        <main className="-esm-patient-chart__patient-chart-module__chartContainer___Kx3fQ">
          <Banner p={p} />
          <section className="-esm-patient-chart__chart-review__widgetCard___Df2g1">
            <h4>Vitals</h4>
            <Vitals step={s.step} />
          </section>
          <section className="-esm-patient-chart__chart-review__widgetCard___Df2g1">
            <h4>Medications</h4>
            <Meds step={s.step} />
          </section>
        </main>
      </div>
    </>
  );
}

const mount = document.createElement('div');
mount.id = 'root';
document.body.append(mount);
createRoot(mount).render(<App />);

let step = 0;
let patient = 0;
const render = () => setState?.({ step, patient, overlay: step % 40 >= 30 });
const nextPatient = () => {
  patient = (patient + 1) % PATIENTS.length;
  history.pushState({}, '', chartPath(PATIENTS[patient]!.uuid));
};

const workload: Workload = {
  async run(ms, stepMs, switchEvery) {
    const end = performance.now() + ms;
    const start = step;
    while (performance.now() < end) {
      step++;
      // In place, as OpenMRS 3 does: pushState, then the banner re-renders with the new patient.
      if (switchEvery > 0 && (step - start) % switchEvery === 0) nextPatient();
      render();
      await new Promise((r) => setTimeout(r, stepMs));
    }
    return step - start;
  },
  async switchNext() {
    step++;
    nextPatient();
    render();
    await new Promise((r) => setTimeout(r, 0));
    return patient;
  },
};
(globalThis as unknown as { __workload: Workload }).__workload = workload;
