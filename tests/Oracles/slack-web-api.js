// Slack's own Web API client (@slack/web-api 8.2.0) pointed at MeshBot's fake Slack, to check that the fake answers
// as Slack does: responses, errors and rate limits the official client accepts and reports as it would Slack's.
// stdin: JSON lines. The first is {"slackApiUrl", "tokens": {NAME: TOKEN}}; each next one a call
// {"id", "method" (e.g. chat.postMessage), "token" (a NAME), "args", "rejectRateLimitedCalls", "retries"}, made through the
// client's typed method (client.chat.postMessage(args)), one after the other.
// stdout: one {"id", "ok", "response" | "error": {code, slackError, retryAfter, message}, "warnings"} per call.
'use strict';
const { readCorpus, write, run } = require('./corpus');
const { WebClient } = require('@slack/web-api');

async function main() {
  const [settings, ...calls] = await readCorpus();
  for (const call of calls) {
    const warnings = [];
    const logger = {
      debug() {}, info() {}, setLevel() {}, getLevel() { return 'warn'; }, setName() {},
      warn(...m) { warnings.push(m.join(' ')); },
      error(...m) { warnings.push(m.join(' ')); },
    };
    const client = new WebClient(settings.tokens[call.token], {
      slackApiUrl: settings.slackApiUrl,
      logger,
      retryConfig: { retries: call.retries || 0, minTimeout: 10, maxTimeout: 10 }, // a 429 waits its Retry-After, then retries
      rejectRateLimitedCalls: call.rejectRateLimitedCalls === true,
    });
    const method = call.method.split('.').reduce((o, k) => o[k], client); // bound to the client
    let result;
    try {
      const response = await method(call.args || {});
      result = { id: call.id, ok: true, response, warnings };
    } catch (e) {
      result = { id: call.id, ok: false, error: { code: e.code, slackError: e.data ? e.data.error : undefined, retryAfter: e.retryAfter, message: e.message }, warnings };
    }
    write(result);
  }
}

run(main);
