// The checklist's areas, by kata number (the catalogue numbers katas in checklist order).
// Kept here, beside the page that groups by them, because the server's catalogue has no area.
export const AREAS = [
  { name: 'Secrets', first: 1, last: 3 },
  { name: 'Input validation', first: 4, last: 6 },
  { name: 'Authentication', first: 7, last: 10 },
  { name: 'Database', first: 11, last: 13 },
  { name: 'Dependencies', first: 14, last: 16 },
  { name: 'HTTP', first: 17, last: 19 },
  { name: 'Beyond the checklist', first: 20, last: 28 },
  { name: "Java's own", first: 29, last: 33 },
];

/** The area of a kata number; numbers past the table go to "More". */
export function areaOf(number) {
  const area = AREAS.find((a) => number >= a.first && number <= a.last);
  return area ? area.name : 'More';
}
