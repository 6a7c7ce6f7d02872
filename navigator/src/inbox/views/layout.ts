import type { User } from '../../auth/users';
import { html, type SafeHtml } from '../html';
import type { Lang, T } from '../i18n';

export type Section = 'referrals' | 'programs' | 'feedback' | 'audit' | 'none';

export interface PageContext {
  lang: Lang;
  t: T;
  user: User | null;
  csrf: string | null;
  /** The current path and query without `lang`, for the language switch. */
  here: string;
}

export interface Flash {
  kind: 'notice' | 'alert';
  text: string;
}

function langSwitchHref(here: string, lang: Lang): string {
  const u = new URL(here, 'http://x');
  u.searchParams.set('lang', lang);
  return `${u.pathname}${u.search}`;
}

export function csrfField(ctx: PageContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrf ?? ''}" />`;
}

/** Page shell: landmarks, skip link, navigation, language switch, one h1 per page (given by the body). */
export function layout(
  ctx: PageContext,
  title: string,
  section: Section,
  body: SafeHtml,
  flash?: Flash,
): string {
  const { t, user } = ctx;
  const other = t('otherLanguageCode') as Lang;
  const nav = (key: Section, href: string, label: string) =>
    html`<li><a href="${href}" ${section === key ? html`aria-current="page"` : ''}>${label}</a></li>`;
  return html`<!doctype html>
    <html lang="${ctx.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} – ${t('appName')}</title>
        <link rel="stylesheet" href="/inbox/assets/inbox.css" />
      </head>
      <body>
        <a class="skip" href="#main">${t('skipToContent')}</a>
        <header class="site">
          <div class="brand">${t('appName')}</div>
          ${
            user
              ? html`<nav class="main" aria-label="${t('mainNav')}">
                  <ul>
                    ${nav('referrals', '/inbox', t('navReferrals'))}
                    ${nav('programs', '/inbox/programs', t('navPrograms'))}
                    ${nav('feedback', '/inbox/feedback', t('navFeedback'))}
                    ${user.role === 'admin' ? nav('audit', '/inbox/audit', t('navAudit')) : ''}
                  </ul>
                </nav>`
              : ''
          }
          <div class="session">
            <a
              href="${langSwitchHref(ctx.here, other)}"
              lang="${other}"
              hreflang="${other}"
              data-testid="language-switch"
              >${t('otherLanguage')}</a
            >
            ${
              user
                ? html`<span
                      >${t('signedInAs', { user: user.username, role: user.role === 'admin' ? t('roleAdmin') : t('roleLinkWorker') })}</span
                    >
                    <form method="post" action="/inbox/logout" class="inline-form">
                      ${csrfField(ctx)}<button type="submit" class="secondary" data-testid="sign-out">
                        ${t('signOut')}
                      </button>
                    </form>`
                : ''
            }
          </div>
        </header>
        <main id="main" tabindex="-1">
          ${flash ? html`<div class="${flash.kind}" role="${flash.kind === 'alert' ? 'alert' : 'status'}" data-testid="flash">${flash.text}</div>` : ''}
          ${body}
        </main>
      </body>
    </html>`.value;
}

export function messagePage(ctx: PageContext, title: string, text: string): string {
  return layout(
    ctx,
    title,
    'none',
    html`<h1>${title}</h1>
      <p>${text}</p>
      <p><a href="/inbox">${ctx.t('backToList')}</a></p>`,
  );
}
