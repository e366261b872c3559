// The B2B phone system template (assets/templates/b2b-phone-system.journey.json) with the content
// of format version 2 that the canvas draws: two personas with their own emotion curves, metrics
// on touchpoints, moments of truth, owners and devices (hand-off gaps), two service blueprint
// lines, card links, and a future state copied from the current one and then edited so that its
// comparison with the current state is known: 3 cards added, 2 removed, 4 changed.
import fs from 'node:fs';
import path from 'node:path';
import { repo } from './harness.mjs';

export const MONA = 100, DAVID = 101;
export const LANES = {actions: 9, touchpoints: 10, thoughts: 11, emotions: 12, pain: 13, opportunities: 14, backstage: 15};
// Links of the current state, [from, to]: `from` depends on `to`.
export const LINKS = [[35, 67], [38, 68], [41, 40], [42, 71], [22, 20]];
export const EXPECTED_DIFF = {added: 3, removed: 2, changed: 4};
// Future ids: stage s -> 200 + s, card c -> 300 + c (origin set to the current one).
export const future = (id) => (id < 16 ? 200 : 300) + id;

const metric = (kind, name, value, target, unit, higher = true) =>
  ({kind, name, ...(value !== undefined ? {value} : {}), ...(target !== undefined ? {target} : {}), unit, higher_is_better: higher});

export function b2bTemplate() {
  // The template as shipped before it gained personas and a future state of its own (a fixture copy).
  return JSON.parse(fs.readFileSync(path.join(repo, 'tests/fixtures/b2b-plain.journey.json'), 'utf8'));
}

// The current state only (no future): for the copy and link tests.
export function b2bCurrent() {
  const doc = b2bTemplate();
  const m = doc.map;
  const card = (id) => m.cards.find((c) => c.id === id);
  m.personas = [
    {id: MONA, uid: '3b7c1a52-8f0e-4d2b-9a61-5c4e2f1d0a01', name: 'Mona', role: 'IT manager', avatar: {initials: 'M', color: '#8b5cf6'}},
    {id: DAVID, uid: '3b7c1a52-8f0e-4d2b-9a61-5c4e2f1d0a02', name: 'David', role: 'Office manager', avatar: {initials: 'D', color: '#f97316'}},
  ];
  // Each persona's own emotion curve, next to the shared one.
  const mona = [-1.5, 0, 1, -2, 0.5, -1.5, 1, 1.5];
  const david = [-0.5, 1, -1, null, 1.5, -2, null, 2];
  let next = 110;
  for (let s = 1; s <= 8; s++) {
    m.cards.push({id: next++, stage: s, lane: LANES.emotions, order: 1, text: '', score: mona[s - 1], persona: MONA});
    if (david[s - 1] !== null) m.cards.push({id: next++, stage: s, lane: LANES.emotions, order: 2, text: '', score: david[s - 1], persona: DAVID});
  }
  // Cards that concern one persona (the persona filter dims the rest).
  for (const id of [18, 19, 33, 34, 46]) card(id).personas = [MONA];
  for (const id of [24, 25, 26, 49]) card(id).personas = [DAVID];
  // Metrics on touchpoints: on target, near, off, and one without a target.
  card(33).metrics = [metric('conversion', 'Conversion', 2.1, 2, '%')];
  card(34).metrics = [metric('conversion', 'Conversion', 3.7, 4, '%')];
  card(35).metrics = [metric('csat', 'CSAT', 4.1, 4.5, '')];
  card(36).metrics = [metric('response_time', 'Response time', 45, 30, 's', false)];
  card(39).metrics = [metric('retention', 'Retention', 91, 90, '%')];
  card(40).metrics = [metric('csat', 'CSAT', 3.4, 4.2, ''), metric('fcr', 'FCR', 74, 80, '%')];
  card(41).metrics = [metric('ces', 'CES', 4.8, undefined, '', false)];
  card(43).metrics = [metric('nps', 'NPS', 32, 30, '')];
  // Moments of truth, owners and devices.
  card(35).moment_of_truth = true;
  card(40).moment_of_truth = true;
  Object.assign(card(33), {owner: 'Marketing'});
  Object.assign(card(34), {owner: 'Marketing', device: 'mobile'});
  Object.assign(card(35), {owner: 'Sales', device: 'desktop'});
  Object.assign(card(36), {owner: 'Sales', device: 'desktop'});
  Object.assign(card(37), {owner: 'Customer success'});
  Object.assign(card(40), {owner: 'Support'});
  Object.assign(card(41), {owner: 'Support'});
  // Service blueprint: lines and dependencies.
  m.blueprint_lines = [
    {id: 90, kind: 'interaction', above_lane: LANES.touchpoints},
    {id: 91, kind: 'visibility', above_lane: LANES.backstage},
  ];
  for (const [from, to] of LINKS) (card(from).links ??= []).push(to);
  return doc;
}

// Current and future state, the future edited (see EXPECTED_DIFF).
export function b2bWithFuture() {
  const doc = b2bCurrent();
  const m = doc.map;
  const current = m.stages.slice();
  for (const s of current) m.stages.push({...s, id: future(s.id), state: 'future', origin: s.id});
  const removed = new Set([55, 56]);   // pain points the future state fixes
  const copies = [];
  for (const c of m.cards) {
    if (removed.has(c.id)) continue;
    const f = {...c, id: future(c.id), stage: future(c.stage), origin: c.id};
    if (c.links) f.links = c.links.map(future);
    if (c.metrics) f.metrics = c.metrics.map((x) => ({...x}));
    copies.push(f);
  }
  const copy = (id) => copies.find((c) => c.id === future(id));
  // Changed: 4 cards.
  Object.assign(copy(40), {text: 'Support live chat that keeps the history', metrics: [metric('csat', 'CSAT', 4.4, 4.2, ''), metric('fcr', 'FCR', 85, 80, '%')]});
  Object.assign(copy(76), {text: 'Informed', score: 0.5});
  Object.assign(copy(23), {text: 'Ports the numbers on a date set at signing'});
  Object.assign(copy(36), {channel: 'in_product'});
  // Added: 3 cards.
  copies.push({id: 600, stage: future(3), lane: LANES.actions, order: 5, text: 'Gets an instant quote on the website'});
  copies.push({id: 601, stage: future(4), lane: LANES.touchpoints, order: 5, text: 'Porting date confirmed by email', channel: 'email', owner: 'Customer success'});
  copies.push({id: 602, stage: future(6), lane: LANES.backstage, order: 5, text: 'Chat history follows the customer to the phone'});
  m.cards.push(...copies);
  return doc;
}
