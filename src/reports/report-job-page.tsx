// The page of one report job: what it makes, how far it is (a progress bar and the step in
// words), then the file to download — or why it failed, with a way to ask again. Without
// JavaScript it reloads itself every 2 seconds (<noscript> refresh); with JavaScript,
// /assets/report-job.js asks the status URL instead and updates the page in place, with the
// words the page gives it (data-text-… attributes). Public pages are in Japanese
// (/reports/jobs/…) and English (/en/reports/jobs/…); committee pages in Japanese.
import type { Child } from 'hono/jsx';
import { Layout, type PageMeta } from '../web/layout.js';
import type { Lang } from '../portal/i18n.js';
import { StaffLayout } from '../auth/staff-layout.js';
import { CsrfField } from '../auth/middleware.js';
import type { SessionUser } from '../auth/policy.js';
import { FORMAT_LABELS } from './render-report.js';
import type { ReportJobRow } from './report-jobs.repository.js';
import { errorText, reportJobMessages, stepText } from './report-job-i18n.js';

export interface ReportJobUrls {
  page: string;
  status: string;
  file: string;
  /** The report page the job was asked from. */
  report: string;
  /** Asking again after a failure: a link (public) or a form posting `retry` (committee). */
  retry: { href: string } | { action: string; format: string; round: string };
}

/** The job's state as the status URL answers it (and the script reads it): step and error in `lang`. */
export function reportJobStatus(job: ReportJobRow, urls: ReportJobUrls, lang: Lang = 'ja') {
  return {
    id: job.id,
    state: job.state,
    done: job.done,
    total: job.total,
    percent: job.total > 0 ? Math.floor((job.done * 100) / job.total) : 0,
    step: job.step === null ? null : stepText(lang, job.step),
    error: job.error === null ? null : errorText(lang, job.error),
    fileName: job.fileName,
    size: job.size,
    file: job.state === 'done' ? urls.file : null,
  };
}

function sizeText(bytes: number | null): string {
  if (bytes === null) return '';
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function ReportJobPage(props: {
  job: ReportJobRow;
  planTitle: string;
  urls: ReportJobUrls;
  /** Committee pages: the signed-in person and the CSRF token of the retry form. */
  staff?: { user: SessionUser; csrfToken: string };
  /** Start the download at once when done (the page was reloading while the file was made). */
  autoDownload: boolean;
  /** Public pages: the language (committee pages are Japanese) and the address for the language switch. */
  lang?: Lang;
  meta?: PageMeta;
}) {
  const { job, urls } = props;
  const lang = props.staff ? 'ja' : props.lang ?? 'ja';
  const m = reportJobMessages(lang);
  const format = FORMAT_LABELS[job.format];
  const title = m.making(format);
  const working = job.state === 'queued' || job.state === 'running';
  const status = reportJobStatus(job, urls, lang);
  const head = (
    <noscript>
      {working ? <meta http-equiv="refresh" content={`2; url=${urls.page}?auto=1`} /> : null}
      {job.state === 'done' && props.autoDownload ? <meta http-equiv="refresh" content={`0; url=${urls.file}`} /> : null}
    </noscript>
  );
  const body: Child = (
    <div
      class="report-job"
      data-status-url={urls.status}
      data-state={job.state}
      data-text-done-heading={m.done(format)}
      data-text-failed-heading={m.failed(format)}
      data-text-done-step={m.readyDownload}
      data-text-download={m.download(format)}
      data-text-size={m.size}
    >
      <p class="report-job-plan">
        {lang === 'ja' ? props.planTitle : <span lang="ja">{props.planTitle}</span>}
        {m.planRound(m.round(job.fiscalYear))}{job.options.drafts ? '・未公表を含む委員会資料' : ''}
      </p>
      <h1>{job.state === 'done' ? m.done(format) : job.state === 'failed' ? m.failed(format) : title}</h1>
      <div class="report-job-progress" role="status" aria-live="polite">
        <label for="report-job-bar">{m.progress}</label>{' '}
        <progress id="report-job-bar" max={job.total > 0 ? job.total : 100} value={job.state === 'done' ? job.total : job.done}>
          {status.percent}%
        </progress>{' '}
        <span class="report-job-percent">{job.state === 'done' ? 100 : status.percent}%</span>
        <p class="report-job-step">{job.state === 'failed' ? '' : job.state === 'done' ? m.ready : status.step ?? m.waiting}</p>
      </div>
      {working ? (
        <p class="report-job-note">
          {m.note}
        </p>
      ) : null}
      <p class="report-job-download" hidden={job.state !== 'done'}>
        <a class="button button-primary" href={urls.file} download={job.fileName ?? undefined}>
          {m.download(format)}{job.state === 'done' && job.size !== null ? m.size.replace('{size}', sizeText(job.size)) : ''}
        </a>
      </p>
      <div class="report-job-failed" hidden={job.state !== 'failed'}>
        <p class="report-job-error" role="alert">{status.error ?? ''}</p>
        {'href' in urls.retry ? (
          <p>
            <a class="button button-secondary" href={urls.retry.href}>{m.retry}</a>
          </p>
        ) : (
          <form method="post" action={urls.retry.action}>
            {props.staff ? <CsrfField token={props.staff.csrfToken} /> : null}
            <input type="hidden" name="format" value={urls.retry.format} />
            <input type="hidden" name="round" value={urls.retry.round} />
            <button class="button button-secondary" type="submit">{m.retry}</button>
          </form>
        )}
      </div>
      <p>
        <a href={urls.report} hreflang={lang === 'en' ? 'ja' : undefined}>{m.back}</a>
      </p>
      <script src="/assets/report-job.js" defer></script>
    </div>
  );
  return props.staff ? (
    <StaffLayout title={title} user={props.staff.user} csrfToken={props.staff.csrfToken} head={head}>
      {body}
    </StaffLayout>
  ) : (
    <Layout title={title} head={head} lang={lang} {...(props.meta ? { meta: props.meta } : {})}>
      {body}
    </Layout>
  );
}
