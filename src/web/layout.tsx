// The page frame every server-rendered page shares: language, header (デジタル庁デザインシステム
// header pattern: logo, navigation, language switch), breadcrumbs slot, main landmark, footer;
// canonical URL, hreflang alternates, Open Graph tags and JSON-LD when a page gives its address.
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { messages, pathInLang, type Lang } from '../portal/i18n.js';

export interface PageMeta {
  /** Path and query of this page in its own language: '/plans/x', '/en/search?q=…'. */
  path: string;
  /** Scheme and host the page was requested at, for absolute URLs: 'https://city.example'. */
  origin: string;
  description?: string;
  /** A schema.org object (Dataset …) embedded as JSON-LD. */
  jsonLd?: Record<string, unknown>;
  /** Whether the page offers the language switch (false for pages without an English twin). */
  bilingual?: boolean;
}

export interface LayoutProps {
  title: string;
  children: Child;
  lang?: 'ja' | 'en';
  /** Staff pages show drafts: they leave out the public footer's "published rounds only" note. */
  staff?: boolean;
  meta?: PageMeta;
  /** More elements for <head> (a progress page's <noscript> refresh). */
  head?: Child;
}

/** JSON for a <script> element: no '</script>' or '<!--' can close it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export function Layout({ title, children, lang = 'ja', meta, staff = false, head }: LayoutProps) {
  const m = messages(lang);
  const other: Lang = lang === 'ja' ? 'en' : 'ja';
  const bilingual = meta !== undefined && meta.bilingual !== false;
  const canonical = meta ? `${meta.origin}${meta.path}` : undefined;
  const fullTitle = `${title} | ${m.siteName}`;
  return (
    <>
    {raw('<!DOCTYPE html>')}
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        {meta?.description && <meta name="description" content={meta.description} />}
        {canonical && meta && (
          <>
            <link rel="canonical" href={canonical} />
            {bilingual && (
              <>
                <link rel="alternate" hreflang="ja" href={`${meta.origin}${pathInLang(meta.path, 'ja')}`} />
                <link rel="alternate" hreflang="en" href={`${meta.origin}${pathInLang(meta.path, 'en')}`} />
                <link rel="alternate" hreflang="x-default" href={`${meta.origin}${pathInLang(meta.path, 'ja')}`} />
              </>
            )}
            <meta property="og:type" content="website" />
            <meta property="og:site_name" content={m.siteName} />
            <meta property="og:title" content={title} />
            <meta property="og:url" content={canonical} />
            <meta property="og:locale" content={lang === 'ja' ? 'ja_JP' : 'en_GB'} />
            {meta.description && <meta property="og:description" content={meta.description} />}
          </>
        )}
        <link rel="stylesheet" href="/assets/design-tokens.css" />
        <link rel="stylesheet" href="/assets/app.css" />
        <link rel="stylesheet" href="/styles/grades.css" />
        {meta?.jsonLd && <script type="application/ld+json">{raw(scriptJson(meta.jsonLd))}</script>}
        <script src="/assets/portal.js" defer></script>
        {head}
      </head>
      <body>
        <a class="skip-link" href="#main">{m.skipLink}</a>
        <header class="site-header">
          <div class="container site-header-inner">
            <a class="brand" href={lang === 'ja' ? '/' : '/en/'}>
              <span class="brand-mark" lang="ja">進捗</span>
              <span class="brand-name" lang="en">Shinchoku</span>
              <span class="brand-tagline">{m.siteTagline}</span>
            </a>
            <nav class="site-nav" aria-label={lang === 'ja' ? 'サイト' : 'Site'}>
              <ul>
                <li><a href={lang === 'ja' ? '/' : '/en/'}>{m.navPlans}</a></li>
                <li><a href={lang === 'ja' ? '/search' : '/en/search'}>{m.navSearch}</a></li>
                <li><a href={lang === 'ja' ? '/compare' : '/en/compare'}>{m.navCompare}</a></li>
                <li><a href={lang === 'ja' ? '/opendata' : '/en/opendata'}>{m.navOpenData}</a></li>
                {bilingual && meta && (
                  <li>
                    <a class="lang-switch" href={pathInLang(meta.path, other)} hreflang={other} lang={other}>
                      {m.langSwitch}
                    </a>
                  </li>
                )}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="container" tabindex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="container">
            <p>{m.footer}</p>
            {!staff && <p>{m.footerNote}</p>}
          </div>
        </footer>
      </body>
    </html>
    </>
  );
}
