// Demo single-page chart: swaps the banner contents in place and updates the URL with pushState.
const PATIENTS = {
  1001: {
    name: 'TESTPATIENT, ALEX',
    iso: '1956-03-14',
    shown: '14-Mar-1956',
    sex: 'F',
    hcn: '9876 543 217 AB',
  },
  1002: {
    name: 'EXEMPLE-FICTIF, CAMILLE',
    iso: '1948-11-02',
    shown: '02-Nov-1948',
    sex: 'F',
    hcn: '1234 567 897',
  },
  1003: {
    name: 'SAMPLEPERSON, JORDAN',
    iso: '1990-07-21',
    shown: '21-Jul-1990',
    sex: 'M',
    hcn: '5554 443 332 XY',
  },
};
const banner = document.getElementById('patient-banner');
function show(id) {
  const p = PATIENTS[id];
  banner.replaceChildren();
  if (!p) {
    banner.removeAttribute('data-record-no');
    history.pushState({}, '', location.pathname);
    return;
  }
  banner.setAttribute('data-record-no', String(id));
  const span = (cls, text) => {
    const s = document.createElement('span');
    s.className = cls;
    s.textContent = text;
    return s;
  };
  const dob = span('pt-dob', 'DOB: ');
  const time = document.createElement('time');
  time.dateTime = p.iso;
  time.textContent = p.shown;
  dob.append(time);
  banner.append(
    span('pt-name', p.name),
    ' ',
    dob,
    ' ',
    span('pt-sex', 'Sex: ' + p.sex),
    ' ',
    span('pt-hcn', 'HCN: ' + p.hcn),
  );
  history.pushState({ id }, '', location.pathname + '?patient=' + id);
}
for (const b of document.querySelectorAll('button[data-patient]'))
  b.addEventListener('click', () => show(b.dataset.patient));
document.getElementById('close-chart').addEventListener('click', () => show(null));
addEventListener('popstate', () => show(new URLSearchParams(location.search).get('patient')));
show(new URLSearchParams(location.search).get('patient') ?? '1001');
