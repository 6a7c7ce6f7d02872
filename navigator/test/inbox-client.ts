/** A tiny browser stand-in for inbox tests: keeps cookies, follows nothing automatically, reads form tokens. */
export class InboxClient {
  private cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const k = pair!.slice(0, eq);
      const v = pair!.slice(eq + 1);
      if (/Max-Age=0/.test(c)) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
  }

  async get(
    path: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; html: string; location: string | null; headers: Headers }> {
    const res = await fetch(`${this.base}${path}`, {
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), ...headers },
    });
    this.remember(res);
    return {
      status: res.status,
      html: await res.text(),
      location: res.headers.get('location'),
      headers: res.headers,
    };
  }

  async post(
    path: string,
    form: Record<string, string>,
  ): Promise<{ status: number; html: string; location: string | null }> {
    const res = await fetch(`${this.base}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    this.remember(res);
    return { status: res.status, html: await res.text(), location: res.headers.get('location') };
  }

  async login(
    username: string,
    password: string,
  ): Promise<{ status: number; location: string | null; html: string }> {
    const page = await this.get('/inbox/login');
    return this.post('/inbox/login', {
      _csrf: hiddenValue(page.html, '_csrf'),
      next: '/inbox',
      username,
      password,
    });
  }
}

export function hiddenValue(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no ${name} field`);
  return m[1]!.replace(/&amp;/g, '&');
}

/** The text of the element carrying data-testid (first match), tags stripped. */
export function testIdText(html: string, testid: string): string | null {
  const m = new RegExp(`data-testid="${testid}"[^>]*>([\\s\\S]*?)</`).exec(html);
  return m ? m[1]!.replace(/<[^>]+>/g, '').trim() : null;
}
