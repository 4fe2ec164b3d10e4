// The worker thread that renders report files for report jobs: pdfmake lays out and draws a PDF
// synchronously (about a second for the full Sendai report), which would stop the server from
// answering anyone meanwhile — here it does not, and its progress messages reach the main thread
// while it works. One request at a time; see RenderThread in report-worker.ts.
import { parentPort } from 'node:worker_threads';
import type { Dataset } from '../datasets/dataset-format.js';
import { ReportRoundNotFound } from './report-model.js';
import { renderReportFile, type ReportProgress, type ReportRequest } from './render-report.js';

export interface RenderTask {
  dataset: Dataset;
  request: ReportRequest;
}

export type RenderMessage =
  | { type: 'progress'; progress: ReportProgress }
  | { type: 'done'; fileName: string; contentType: string; bytes: Uint8Array; title: string }
  /** `message` is for the log; the job shows its own Japanese sentence (see run-report-job.ts). */
  | { type: 'failed'; message: string; roundNotShown?: number };

const port = parentPort;
if (port) {
  port.on('message', (task: RenderTask) => {
    renderReportFile(task.dataset, task.request, (progress) => port.postMessage({ type: 'progress', progress } satisfies RenderMessage)).then(
      (file) => {
        const bytes = new Uint8Array(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
        port.postMessage({ type: 'done', fileName: file.fileName, contentType: file.contentType, bytes, title: file.title } satisfies RenderMessage);
      },
      (error: unknown) =>
        port.postMessage({
          type: 'failed',
          message: (error as Error).message,
          ...(error instanceof ReportRoundNotFound ? { roundNotShown: error.fiscalYear } : {}),
        } satisfies RenderMessage),
    );
  });
}
