// The batch tab's worker: scoring a whole Monev and making its downloads off the page's
// thread, so that the page keeps answering and its progress bar moves. It answers
// `{id, op, args}` with `{id, progress}` while scoring, then `{id, value}` or
// `{id, error: {message, problems}}`.
import { workbenchHandler } from './kip.js';

const handle = workbenchHandler();
self.onmessage = async ({ data }) => {
  const { id, op, args } = data;
  try {
    const value = await handle(op, args, (progress) => self.postMessage({ id, progress }));
    self.postMessage({ id, value }, value instanceof Uint8Array ? [value.buffer] : []);
  } catch (e) {
    self.postMessage({ id, error: { message: e.message ?? String(e), problems: e.problems ?? null } });
  }
};
