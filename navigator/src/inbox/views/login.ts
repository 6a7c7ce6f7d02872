import { html } from '../html';
import { type Flash, layout, type PageContext } from './layout';

export function loginPage(
  ctx: PageContext,
  loginCsrf: string,
  next: string,
  flash?: Flash,
  username = '',
): string {
  const { t } = ctx;
  return layout(
    ctx,
    t('signInTitle'),
    'none',
    html`<h1>${t('signInTitle')}</h1>
      <p>${t('signInIntro')}</p>
      <form method="post" action="/inbox/login" class="action" data-testid="login-form">
        <input type="hidden" name="_csrf" value="${loginCsrf}" />
        <input type="hidden" name="next" value="${next}" />
        <label for="username">${t('username')}</label>
        <input
          type="text"
          id="username"
          name="username"
          autocomplete="username"
          required
          value="${username}"
          data-testid="login-username"
        />
        <label for="password">${t('password')}</label>
        <input
          type="password"
          id="password"
          name="password"
          autocomplete="current-password"
          required
          data-testid="login-password"
        />
        <button type="submit" data-testid="login-submit">${t('signIn')}</button>
      </form>`,
    flash,
  );
}
