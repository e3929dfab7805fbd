import { formatDuration, parseDurationSeconds } from '../../../subgraphs/knowledge/graph/duration.js';

describe('ISO-8601 durations', () => {
  it.each([
    ['PT25M', 1500],
    ['PT4H20S', 14420],
    ['P1DT2H', 93600],
    ['PT1.6S', 2],
    ['pt30m', 1800],
    ['PT0S', 0],
  ])('parses %s as %d seconds', (text, seconds) => {
    expect(parseDurationSeconds(text)).toBe(seconds);
  });

  it.each([[undefined], [''], ['P'], ['PT'], ['25 minutes'], [1500], ['PT-5M']])('refuses %p', (value) => {
    expect(parseDurationSeconds(value)).toBeUndefined();
  });

  it.each([
    [7500, 'PT2H5M'],
    [45, 'PT45S'],
    [0, 'PT0S'],
    [90061, 'PT25H1M1S'],
  ])('formats %d seconds as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
