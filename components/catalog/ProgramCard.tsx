import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WhyReason } from '@/lib/catalog/match';
import { taxonomyLabel, type Program } from '@/lib/catalog/program';
import { languageName } from '@/lib/catalog/languages';
import { formatHours, formatKm, formatWhy, safeHttpUrl, type Lang } from './format';
import { ReportProblem, type ReportKind } from './ReportProblem';

export interface ProgramCardProps {
  program: Program;
  lang: Lang;
  distanceKm: number | null;
  why?: readonly WhyReason[];
  chosen: boolean;
  /** False when the prescription already has the maximum number of programs (and this one is not chosen). */
  canChoose: boolean;
  onToggle: () => void;
  verifiedDaysAgo: number | null;
  stale: boolean;
  staleDays: number;
  onReport?: (kind: ReportKind, comment: string) => Promise<void>;
}

const SHORT = 240;

/**
 * One program: name, organisation, description, eligibility, cost, languages, hours, distance, contact, freshness
 * and capacity — capacity and closures shown before the choose button. Test contract: data-testid="program-result".
 */
export function ProgramCard(p: ProgramCardProps) {
  const { t } = useTranslation('catalog');
  const [expanded, setExpanded] = useState(false);
  const prog = p.program;
  const headingId = `program-${prog.id}`;
  const physical = prog.locations.find((l) => l.type === 'physical');
  const website = safeHttpUrl(prog.url);
  const description =
    expanded || prog.description.length <= SHORT
      ? prog.description
      : `${prog.description.slice(0, SHORT).trimEnd()}…`;
  const ages =
    prog.minAge !== null || prog.maxAge !== null
      ? prog.maxAge === null
        ? `${prog.minAge}+`
        : `${prog.minAge ?? 0}–${prog.maxAge}`
      : null;
  const cost =
    prog.free === true
      ? t('card.free')
      : prog.fees ||
        prog.costs
          .map((c) => [c.amount !== null ? `$${c.amount}` : '', c.label].filter(Boolean).join(' '))
          .join('; ') ||
        t('card.costUnknown');
  const fresh =
    p.verifiedDaysAgo === null
      ? t('fresh.unknown')
      : p.verifiedDaysAgo === 0
        ? t('fresh.today')
        : t('fresh.days', { count: p.verifiedDaysAgo });
  const full = prog.capacity.status === 'full';
  return (
    <article
      className={`program-card${p.chosen ? ' is-chosen' : ''}`}
      data-testid="program-result"
      aria-labelledby={headingId}
    >
      <h3 id={headingId} className="program-name">
        {prog.name}
      </h3>
      {prog.organization.name && (
        <p className="program-org">
          <span className="visually-hidden">{t('card.organization')} </span>
          {prog.organization.name}
        </p>
      )}
      {p.why && p.why.length > 0 && (
        <p className="program-why" data-testid="program-why">
          <span className="visually-hidden">{t('why.label')}: </span>
          {formatWhy(p.why, t, p.lang)}
        </p>
      )}
      <p className="program-badges">
        {prog.status !== 'active' && <span className="badge badge-danger">{t(`status.${prog.status}`)}</span>}
        {prog.capacity.status === 'full' && <span className="badge badge-danger">{t('capacity.full')}</span>}
        {prog.capacity.status === 'waitlist' && (
          <span className="badge badge-warn">{t('capacity.waitlist')}</span>
        )}
        {prog.capacity.status === 'available' && prog.capacity.available !== null && (
          <span className="badge badge-ok">
            {t('capacity.availableCount', { count: prog.capacity.available })}
          </span>
        )}
        <span className={`badge ${p.stale ? 'badge-warn' : 'badge-muted'}`} data-testid="program-freshness">
          {fresh}
        </span>
        {p.stale && <span className="stale-note">{t('fresh.stale', { days: p.staleDays })}</span>}
      </p>
      {prog.alert && (
        <p className="program-alert" role="note">
          <strong>{t('card.alert')}: </strong>
          {prog.alert}
        </p>
      )}
      {description && (
        <p className="program-description">
          {description}{' '}
          {prog.description.length > SHORT && (
            <button
              type="button"
              className="link-button"
              aria-expanded={expanded}
              onClick={() => setExpanded(!expanded)}
            >
              {expanded ? t('card.less') : t('card.more')}
            </button>
          )}
        </p>
      )}
      <dl className="program-facts">
        {(prog.eligibility || ages) && (
          <div>
            <dt>{t('card.eligibility')}</dt>
            <dd>
              {prog.eligibility}
              {ages &&
                !prog.eligibility.includes(String(prog.minAge ?? prog.maxAge)) &&
                ` (${t('card.ages', { range: ages })})`}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('card.cost')}</dt>
          <dd>{cost}</dd>
        </div>
        {prog.languages.length > 0 && (
          <div>
            <dt>{t('card.languages')}</dt>
            <dd>
              {prog.languages.map((l) => languageName(l, p.lang)).join(', ')}
              {prog.interpretation && ` — ${prog.interpretation}`}
            </dd>
          </div>
        )}
        {prog.hours.length > 0 && (
          <div>
            <dt>{t('card.hours')}</dt>
            <dd>
              {prog.hours
                .slice(0, 3)
                .map((h) => formatHours(h, p.lang))
                .join('; ')}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('card.where')}</dt>
          <dd>
            {physical
              ? [physical.address, physical.city].filter(Boolean).join(', ')
              : prog.delivery.phone
                ? t('card.phoneOnly')
                : prog.delivery.virtual
                  ? t('card.online')
                  : '—'}
            {p.distanceKm !== null && (
              <span className="program-distance">
                {' '}
                · {t('card.distance', { km: formatKm(p.distanceKm, p.lang) })}
              </span>
            )}
          </dd>
        </div>
        {(prog.phones.length > 0 || prog.email || website) && (
          <div>
            <dt>{t('card.contact')}</dt>
            <dd className="program-contact">
              {prog.phones.slice(0, 2).map((ph) => (
                <a key={ph.number} href={`tel:${ph.number.replace(/[^\d+]/g, '')}`}>
                  {ph.number}
                  {ph.extension && ` x${ph.extension}`}
                </a>
              ))}
              {prog.email && <a href={`mailto:${prog.email}`}>{prog.email}</a>}
              {website && (
                <a href={website} target="_blank" rel="noopener noreferrer">
                  {t('card.website')}
                </a>
              )}
            </dd>
          </div>
        )}
        {expanded && prog.applicationProcess && (
          <div>
            <dt>{t('card.howToJoin')}</dt>
            <dd>{prog.applicationProcess}</dd>
          </div>
        )}
      </dl>
      {prog.taxonomy.length > 0 && (
        <p className="program-tags">
          {prog.taxonomy
            .slice(0, 4)
            .map((x) => taxonomyLabel(x.code, x.name, p.lang))
            .join(' · ')}
        </p>
      )}
      <div className="program-actions">
        <button
          type="button"
          className={p.chosen ? 'secondary' : ''}
          aria-pressed={p.chosen}
          disabled={!p.chosen && !p.canChoose}
          onClick={p.onToggle}
        >
          {p.chosen ? t('card.unchoose') : full ? t('card.chooseFull') : t('card.choose')}
        </button>
        {p.onReport && <ReportProblem onReport={p.onReport} />}
      </div>
    </article>
  );
}
