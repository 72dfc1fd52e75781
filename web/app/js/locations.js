// Where a compiler error points: "cell:3:14: message" for the cell that ran, or
// "src/main/java/.../UserRepository.java:42:9: message" for a kata file, as the kernel reports them.
import { plain, joined } from './render.js';

const PLACE = /(?:^|[\s(])((?:[\w.$-]+\/)*([\w$]+\.java)|cell):(\d+)(?::(\d+))?:?\s*(.*)$/;

/** [{file (null for the cell), line, column, message}] found in an error's value and traceback. */
export function errorLocations(content) {
  const lines = [joined(content.evalue)].concat((content.traceback || []).map(joined))
    .flatMap((text) => plain(text).split('\n'));
  const places = [];
  const seen = new Set();
  for (const line of lines) {
    const match = PLACE.exec(line);
    if (!match) { continue; }
    const place = {
      file: match[1] === 'cell' ? null : match[2],
      line: Number(match[3]),
      column: match[4] ? Number(match[4]) : 0,
      message: match[5] || 'error',
    };
    const key = place.file + ':' + place.line + ':' + place.column;
    if (!seen.has(key)) {
      seen.add(key);
      places.push(place);
    }
  }
  return places;
}
