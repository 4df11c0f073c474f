/**
 * A job that was still queued when the owner of the database stopped (SIGTERM): it never started, so it changed
 * nothing. Here, in the bottom layer, because both the pipeline (app/) and the schedule (ingest/) speak of it.
 */
export class PipelineStoppedError extends Error {
  override name = 'PipelineStoppedError';
  constructor() {
    super('the server is shutting down: the job was not started');
  }
}
