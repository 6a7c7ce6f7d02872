import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProgramCard } from '@/components/catalog/ProgramCard';
import { SyncStatus } from '@/components/catalog/SyncStatus';
import type { ReportKind } from '@/components/catalog/ReportProblem';
import { ageFromBirthDate, freshness, matchPrograms, type Suggestion } from '@/lib/catalog/match';
import { dayNumber } from '@/lib/catalog/search/docs';
import { fsaCentroid } from '@/lib/catalog/geo/fsa';
import { TAXONOMY_CODES } from '@/lib/catalog/taxonomy';
import type { Program } from '@/lib/catalog/program';
import type { Db } from '@/lib/catalog/store';
import type { MessageClient } from '@/lib/messaging/client';
import type { PatientContext } from '@/lib/patient/context';
import type { Settings } from '@/lib/settings/schema';
import type { Visit } from '@/lib/visit/schema';
import { Filters, NO_FILTERS, toSearchFilters, type FilterState } from './Filters';
import { useCards } from './useCards';
import { useCatalog } from './useCatalog';
import './programs.css';

export interface ProgramsScreenProps {
  patient: PatientContext;
  visit: Visit;
  onVisitChange: (v: Visit) => Promise<void>;
  lang: 'en' | 'fr';
  settings: Settings;
  /** Messages to the background ('catalog.sync', 'listing.report'); without it those actions are hidden. */
  send?: MessageClient;
  /** Tests: the database to read (defaults to the extension's). */
  openDb?: () => Promise<Db>;
}

const MAX_CHOSEN = 20;
const SUGGESTIONS = 10;
const RESULTS = 20;

/** The current time, refreshed every `ms` (freshness labels and "updated N minutes ago"). */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/**
 * Programs: needs-based suggestions with their reasons, offline search with filters over the local catalog, program
 * cards (freshness and capacity before choosing), choosing programs for the prescription, reporting a listing, and
 * the catalog's sync status. All search work is in memory over the restored index; only cards are read per query.
 */
export default function ProgramsScreen(props: ProgramsScreenProps) {
  const { patient, visit, onVisitChange, lang, settings, send } = props;
  const { t } = useTranslation('catalog');
  const headingId = useId();
  const { catalog, overview, mapping, loading } = useCatalog(props.openDb);
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<FilterState>(NO_FILTERS);
  const [syncNote, setSyncNote] = useState<string | null>(null);
  const debounced = useDebounced(query, 120);
  const now = useNow(60_000);

  const age = ageFromBirthDate(patient.birthDate, now);
  const clinicLat = settings.clinicLatitude;
  const clinicLon = settings.clinicLongitude;
  const staleDays = settings.staleListingDays;
  const postal = visit.whatMatters.postalCode;
  // Distances are measured from the patient's postal code when we can place it, else from the clinic.
  const origin = useMemo(() => {
    const fromPostal = postal ? fsaCentroid(postal) : null;
    if (fromPostal) return { ...fromPostal, fromPostal: true };
    return clinicLat !== null && clinicLon !== null
      ? { lat: clinicLat, lon: clinicLon, fromPostal: false }
      : null;
  }, [postal, clinicLat, clinicLon]);

  const searching = debounced.trim() !== '' || JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);
  const result = useMemo(() => {
    if (!catalog || !searching) return null;
    const ref = origin ? { lat: origin.lat, lon: origin.lon } : null;
    return catalog.search.search(debounced, {
      filters: toSearchFilters(filters, age, ref),
      origin: ref,
      limit: RESULTS,
    });
  }, [catalog, searching, debounced, filters, age, origin]);

  const suggestions: Suggestion[] = useMemo(() => {
    if (!catalog) return [];
    return matchPrograms(catalog.search, {
      visit,
      age,
      clinic: clinicLat !== null && clinicLon !== null ? { lat: clinicLat, lon: clinicLon } : null,
      staleListingDays: staleDays,
      mapping: mapping ?? undefined,
      limit: SUGGESTIONS,
    });
  }, [catalog, visit, age, clinicLat, clinicLon, staleDays, mapping]);

  const chosenDocs = useMemo(
    () =>
      catalog
        ? visit.chosenProgramIds.map((id) => catalog.search.docOf(id)).filter((d): d is number => d !== null)
        : [],
    [catalog, visit.chosenProgramIds],
  );
  const docs = [...suggestions.map((s) => s.doc), ...(result?.hits.map((h) => h.doc) ?? []), ...chosenDocs];
  const cards = useCards(catalog, docs);

  const languages = catalog?.search.docs.langCodes ?? [];
  const otherCategories = useMemo(() => {
    if (!catalog) return [];
    const { termCodes, termNames } = catalog.search.docs;
    return termCodes
      .map((code, i) => ({ code, name: termNames[i] ?? code }))
      .filter((c) => !TAXONOMY_CODES.has(c.code))
      .slice(0, 200);
  }, [catalog]);

  const toggle = (id: string) => {
    const chosen = visit.chosenProgramIds.includes(id);
    if (!chosen && visit.chosenProgramIds.length >= MAX_CHOSEN) return;
    const ids = chosen ? visit.chosenProgramIds.filter((x) => x !== id) : [...visit.chosenProgramIds, id];
    void onVisitChange({ ...visit, chosenProgramIds: ids });
  };
  const report = send
    ? async (serviceId: string, kind: ReportKind, comment: string) => {
        const r = await send('listing.report', { serviceId, kind, comment });
        if (!r.queued) throw new Error('not-queued');
      }
    : undefined;
  const syncNow = send
    ? () => {
        send('catalog.sync', { mode: 'auto' }).then(
          (r) => setSyncNote(r.started ? t('sync.started') : t('sync.busy')),
          (e: unknown) => setSyncNote(e instanceof Error ? e.message : 'error'),
        );
      }
    : undefined;

  const cardFor = (
    doc: number,
    program: Program,
    extra: { why?: Suggestion['why']; distanceKm: number | null },
  ) => {
    const fresh = freshness(dayNumber(program.assuredDate || program.lastModified), staleDays, now);
    const chosen = visit.chosenProgramIds.includes(program.id);
    return (
      <li key={`${doc}`}>
        <ProgramCard
          program={program}
          lang={lang}
          distanceKm={extra.distanceKm}
          why={extra.why}
          chosen={chosen}
          canChoose={chosen || visit.chosenProgramIds.length < MAX_CHOSEN}
          onToggle={() => toggle(program.id)}
          verifiedDaysAgo={fresh.verifiedDaysAgo}
          stale={fresh.stale}
          staleDays={staleDays}
          onReport={report ? (kind, comment) => report(program.id, kind, comment) : undefined}
        />
      </li>
    );
  };

  const distanceOf = (doc: number) =>
    catalog && origin ? catalog.search.distanceKm(doc, origin.lat, origin.lon) : null;
  const needsOrInterests =
    visit.confirmedNeeds.length > 0 ||
    visit.whatMatters.interests.length > 0 ||
    visit.whatMatters.goals.length > 0 ||
    visit.whatMatters.interestsText.trim() !== '';

  return (
    <section className="programs" aria-labelledby={headingId} data-lang={lang}>
      <h2 id={headingId}>{t('title')}</h2>
      <SyncStatus overview={overview} lang={lang} now={now} onSyncNow={syncNow} syncNote={syncNote} />

      {visit.chosenProgramIds.length > 0 && (
        <section className="chosen" aria-label={t('chosen.title', { count: visit.chosenProgramIds.length })}>
          <h3>{t('chosen.title', { count: visit.chosenProgramIds.length })}</h3>
          <ul className="chosen-list">
            {visit.chosenProgramIds.map((id) => {
              const doc = catalog?.search.docOf(id) ?? null;
              const card = doc !== null ? cards.get(doc) : undefined;
              return (
                <li key={id}>
                  <span>{card?.name ?? (catalog && doc === null ? t('chosen.missing') : '…')}</span>{' '}
                  <button type="button" className="link-button" onClick={() => toggle(id)}>
                    {t('card.unchoose')}
                  </button>
                </li>
              );
            })}
          </ul>
          {visit.chosenProgramIds.length >= MAX_CHOSEN && (
            <p className="hint">{t('chosen.max', { max: MAX_CHOSEN })}</p>
          )}
        </section>
      )}

      <div className="program-search" role="search">
        <label htmlFor={`${headingId}-q`}>{t('search.label')}</label>
        <input
          id={`${headingId}-q`}
          type="search"
          value={query}
          placeholder={t('search.placeholder')}
          autoComplete="off"
          spellCheck={false}
          maxLength={200}
          onChange={(e) => setQuery(e.target.value)}
          disabled={!catalog}
        />
        <details className="filters-details">
          <summary>{t('filters.legend')}</summary>
          <Filters
            value={filters}
            onChange={setFilters}
            lang={lang}
            languages={languages}
            otherCategories={otherCategories}
            age={age}
            hasOrigin={origin !== null}
          />
        </details>
      </div>

      {loading && !catalog && <p className="hint">{t('sync.loading')}</p>}

      {catalog && searching && result && (
        <section className="results" aria-label={t('search.heading')}>
          <p className="results-count" aria-live="polite" data-testid="program-count">
            {result.total === 0
              ? t('search.none')
              : result.mode === 'browse'
                ? `${t(origin && filters.km ? 'search.browseNear' : 'search.browse')} — ${t('search.results', { count: result.total })}`
                : t('search.results', { count: result.total })}
            {result.fuzzy && result.total > 0 && ` (${t('search.fuzzy')})`}
          </p>
          <ul className="program-list">
            {result.hits.map((h) => {
              const card = cards.get(h.doc);
              return card ? cardFor(h.doc, card, { distanceKm: h.distanceKm }) : null;
            })}
          </ul>
          {result.total > result.hits.length && (
            <p className="hint">{t('search.showing', { shown: result.hits.length, total: result.total })}</p>
          )}
        </section>
      )}

      {catalog && !searching && (
        <section className="suggestions" aria-labelledby={`${headingId}-s`}>
          <h3 id={`${headingId}-s`}>{t('suggest.title')}</h3>
          {!needsOrInterests ? (
            <p className="hint">{t('suggest.none')}</p>
          ) : suggestions.length === 0 ? (
            <p className="hint">{t('suggest.empty')}</p>
          ) : (
            <>
              <p className="hint">
                {t('suggest.hint')}{' '}
                {origin
                  ? t('suggest.from', {
                      place: origin.fromPostal ? t('suggest.fromPostal') : t('suggest.fromClinic'),
                    })
                  : t('suggest.noOrigin')}
              </p>
              <ul className="program-list">
                {suggestions.map((s) => {
                  const card = cards.get(s.doc);
                  return card
                    ? cardFor(s.doc, card, { why: s.why, distanceKm: s.distanceKm ?? distanceOf(s.doc) })
                    : null;
                })}
              </ul>
            </>
          )}
        </section>
      )}
      <p className="hint offline-note">{catalog ? t('sync.offline') : ''}</p>
    </section>
  );
}
