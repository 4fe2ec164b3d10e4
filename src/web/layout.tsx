// The page frame every server-rendered page shares: language, header, main landmark, footer.
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';

export interface LayoutProps {
  title: string;
  children: Child;
  lang?: 'ja' | 'en';
}

export function Layout({ title, children, lang = 'ja' }: LayoutProps) {
  return (
    <>
    {raw('<!DOCTYPE html>')}
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} | 進捗 Shinchoku`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
      </head>
      <body>
        <a class="skip-link" href="#main">本文へ移動</a>
        <header class="site-header">
          <div class="container">
            <a class="brand" href="/">
              <span class="brand-mark" aria-hidden="true">進捗</span>
              <span class="brand-name">Shinchoku</span>
            </a>
            <span class="brand-tagline">自治体計画の進行管理</span>
          </div>
        </header>
        <main id="main" class="container">
          {children}
        </main>
        <footer class="site-footer">
          <div class="container">
            <p>Shinchoku（進捗）— オープンソースの計画進行管理システム</p>
          </div>
        </footer>
      </body>
    </html>
    </>
  );
}
