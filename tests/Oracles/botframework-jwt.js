// The Bot Framework connector's own JWT validation as the oracle for MeshBot's Teams authentication.
// stdin: JSON lines. The first is {"appId", "appPassword", "openIdMetadataUrl", "nowSeconds"}; each next one a case
// {"id", "authorization" (the header value, or null when absent), "activity"}. Each case goes through
// JwtTokenValidation.authenticateRequest, as BotFrameworkAdapter calls it, with ChannelValidation pointed at the test's
// OpenID metadata (NODE_EXTRA_CA_CERTS trusts its certificate) and jsonwebtoken's clock at the test's second.
// stdout: one {"id", "accepted", "reason"} line per case, in order.
'use strict';
const { readCorpus, write, run } = require('./corpus');
const { JwtTokenValidation, ChannelValidation, SimpleCredentialProvider } = require('botframework-connector');

async function main() {
  const [settings, ...cases] = await readCorpus();
  ChannelValidation.OpenIdMetadataEndpoint = settings.openIdMetadataUrl;
  ChannelValidation.ToBotFromChannelTokenValidationParameters.clockTimestamp = settings.nowSeconds;
  const credentials = new SimpleCredentialProvider(settings.appId, settings.appPassword);
  console.error = () => {}; // the SDK logs every expired token; the decision is what counts

  for (const c of cases) {
    let accepted = true;
    let reason = '';
    try {
      await JwtTokenValidation.authenticateRequest(c.activity, c.authorization ?? '', credentials, '');
    } catch (e) {
      accepted = false;
      reason = String(e.message || e);
    }
    write({ id: c.id, accepted, reason });
  }
}

run(main);
