// The Adaptive Cards library Teams' clients use (adaptivecards 3.0.6) as the oracle for MeshBot's cards.
// stdin: one {"id", "card"} per line. Each card is parsed with a SerializationContext at the version the card declares,
// so elements, actions and properties newer than that version are reported as parse events, then validated.
// stdout: one {"id", "version", "events", "validation", "newer", "executes"} per card: parse and validation messages,
// element/action types newer than declared (or unknown), and each Action.Execute's title, verb and data as parsed.
'use strict';
const { readCorpus, write, run } = require('./corpus');
const AC = require('adaptivecards/dist/adaptivecards.js');

function newerTypes(node, declared, found) {
  if (Array.isArray(node)) {
    node.forEach((n) => newerTypes(n, declared, found));
  } else if (node && typeof node === 'object') {
    if (typeof node.type === 'string' && node.type !== 'AdaptiveCard') {
      const registry = node.type.startsWith('Action.') ? AC.GlobalRegistry.actions : AC.GlobalRegistry.elements;
      const registration = registry.findByName(node.type);
      if (!registration) {
        found.push(`${node.type}: unknown`);
      } else if (registration.schemaVersion.compareTo(declared) > 0) {
        found.push(`${node.type}: ${registration.schemaVersion.toString()}`);
      }
    }
    Object.values(node).forEach((v) => newerTypes(v, declared, found));
  }
}

async function main() {
  for (const { id, card } of await readCorpus()) {
    const declared = AC.Version.parse(card.version, new AC.SerializationContext());
    const context = new AC.SerializationContext(declared);
    const parsed = new AC.AdaptiveCard();
    parsed.parse(card, context);
    const events = [];
    for (let i = 0; i < context.eventCount; i++) events.push(context.getEventAt(i).message);
    const validation = parsed.validateProperties().validationEvents.map((e) => e.message);
    const newer = [];
    newerTypes(card, declared, newer);
    const executes = [...new Set(parsed.getAllActions())] // an ActionSet's actions come back once per container above it
      .filter((a) => a.getJsonTypeName() === 'Action.Execute')
      .map((a) => ({ title: a.title, verb: a.verb, data: a.data }));
    write({ id, version: parsed.version ? parsed.version.toString() : null, events, validation, newer, executes });
  }
}

run(main);
