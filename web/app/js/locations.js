// Where an error points, from what the kernel reports:
//   compile errors  "cell:3:14: message" (the cell that ran) or
//                   "src/main/java/.../UserRepository.java:42:9: message" (a kata file);
//   exceptions      "at cell [7], line 3" (the cell run as In [7]) and
//                   "at dev...UserRepository.first(UserRepository.java:42)" (a kata file).
import { plain, joined } from './render.js';

const COMPILER = /(?:^|[\s(])((?:[\w.$-]+\/)*([\w$]+\.java)|cell):(\d+)(?::(\d+))?:\s*(.*)$/;
const CELL_FRAME = /\bcell \[(\d+)\], line (\d+)/;
const FILE_FRAME = /\(([\w$]+\.java):(\d+)\)/;

/**
 * [{file (null for the cell), line, column (0 when unknown), message}] for an error's content;
 * executionCount is the failed cell's, to recognise its own frames.
 */
export function errorLocations(content, executionCount) {
  const lines = [joined(content.evalue)].concat((content.traceback || []).map(joined))
    .flatMap((text) => plain(text).split('\n'));
  const places = [];
  const seen = new Set();
  const add = (place) => {
    const key = place.file + ':' + place.line + ':' + place.column;
    if (!seen.has(key)) {
      seen.add(key);
      places.push(place);
    }
  };
  for (const line of lines) {
    const match = COMPILER.exec(line);
    if (match) {
      add({ file: match[1] === 'cell' ? null : match[2], line: Number(match[3]), column: match[4] ? Number(match[4]) : 0, message: match[5] || 'error' });
    }
  }
  if (places.length > 0 || !content.ename) {
    return places;
  }
  // An exception: its first frame in the learner's cell and its first in a kata file.
  const thrown = plain(joined(content.ename)) + (content.evalue ? ': ' + plain(joined(content.evalue)) : '');
  const inCell = lines.map((l) => CELL_FRAME.exec(l)).find((m) => m && Number(m[1]) === executionCount);
  if (inCell) {
    add({ file: null, line: Number(inCell[2]), column: 0, message: thrown });
  }
  const inFile = lines.map((l) => FILE_FRAME.exec(l)).find((m) => m);
  if (inFile) {
    add({ file: inFile[1], line: Number(inFile[2]), column: 0, message: thrown });
  }
  return places;
}
