// README images of MeshBot's cards: each card of CARDS.json ([{name, title, card}], written by AdaptiveCardsOracleTests
// with MESHBOT_CARDS_OUT) is rendered to HTML by the adaptivecards library in headless Chromium, then screenshot to
// OUT_DIR/NAME.png. Not part of the test suite. Usage: node render-cards.js CARDS.json OUT_DIR
// The library leaves Markdown to its host; Teams renders the cards' subset (**bold**, `code`, paragraphs), and so does
// the small processor below. Needs Debian's chromium (apt-get install -y chromium).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const zlib = require('node:zlib');

const [cardsFile, outDir] = process.argv.slice(2);
if (!cardsFile || !outDir) {
  console.error('usage: node render-cards.js CARDS.json OUT_DIR');
  process.exit(2);
}
const dist = path.join(__dirname, 'node_modules', 'adaptivecards', 'dist');
const width = 560;

function page(card, measure) {
  return `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="file://${dist}/adaptivecards.css">
<style>
  body { margin: 0; padding: 12px; background: #f0f0f0; width: ${width - 24}px; font-family: "DejaVu Sans", sans-serif; }
  #card { background: #fff; border: 1px solid #e0e0e0; border-radius: 6px; }
  code { font-family: "DejaVu Sans Mono", monospace; background: #f4f4f4; padding: 0 2px; }
  p { margin: 0 0 4px 0; }
</style>
<script src="file://${dist}/adaptivecards.min.js"></script></head><body><div id="card"></div><script>
  function markdown(text) {
    const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    return text.split(/\\n\\n/).map((p) => '<p>' + escape(p)
      .replace(/\\*\\*([^*]+)\\*\\*/g, '<strong>$1</strong>')
      .replace(/\`([^\`]+)\`/g, '<code>$1</code>').replace(/\\n/g, '<br>') + '</p>').join('');
  }
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => { result.outputHtml = markdown(text); result.didProcess = true; };
  const card = new AdaptiveCards.AdaptiveCard();
  card.hostConfig = new AdaptiveCards.HostConfig({
    fontTypes: {
      default: { fontFamily: '"DejaVu Sans", sans-serif', fontSizes: { small: 12, default: 14, medium: 17, large: 21, extraLarge: 26 } },
      monospace: { fontFamily: '"DejaVu Sans Mono", monospace', fontSizes: { small: 11, default: 12, medium: 14, large: 18, extraLarge: 22 } },
    },
    actions: { actionsOrientation: 'horizontal', buttonSpacing: 8 },
  });
  card.parse(${JSON.stringify(card)});
  document.getElementById("card").appendChild(card.render());
  card.updateLayout();
  ${measure ? "document.title = 'height=' + Math.ceil(document.body.getBoundingClientRect().height);" : ''}
</script></body></html>`;
}

function chromium(args) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'meshbot-chromium-'));
  try {
    return execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars',
      '--allow-file-access-from-files', '--virtual-time-budget=3000', `--user-data-dir=${profile}`, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** The top rows of a PNG: a row's filter only reads the rows above it, so the first rows stay valid as they are. */
function cropTop(png, rows) {
  const chunks = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    chunks.push({ type: png.toString('latin1', at + 4, at + 8), data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  const header = Buffer.from(chunks[0].data);
  const [width, depth, colour] = [header.readUInt32BE(0), header[8], header[9]];
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colour];
  const stride = 1 + Math.ceil((width * channels * depth) / 8);
  const pixels = zlib.inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  header.writeUInt32BE(Math.min(rows, header.readUInt32BE(4)), 4);
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    data.copy(out, 8);
    out.writeUInt32BE(zlib.crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])), 8 + data.length);
    return out;
  };
  return Buffer.concat([png.subarray(0, 8), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(pixels.subarray(0, rows * stride), { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

fs.mkdirSync(outDir, { recursive: true });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'meshbot-cards-'));
for (const { name, card } of JSON.parse(fs.readFileSync(cardsFile, 'utf8'))) {
  const html = path.join(work, `${name}.html`);
  fs.writeFileSync(html, page(card, true));
  const height = Number((/<title>height=(\d+)<\/title>/.exec(chromium(['--dump-dom', `file://${html}`])) || [])[1] || 800);
  fs.writeFileSync(html, page(card, false));
  // Headless Chromium lays out a short window oddly: shoot a taller one and keep the card's height.
  const png = path.resolve(outDir, name + '.png');
  chromium([`--window-size=${width},${height + 400}`, `--screenshot=${png}`, `file://${html}`]);
  fs.writeFileSync(png, cropTop(fs.readFileSync(png), height));
  console.log(`${name}.png ${width}x${height}`);
}
fs.rmSync(work, { recursive: true, force: true });
