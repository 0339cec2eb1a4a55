import { describe, expect, it } from 'vitest';
import { LabelSchema } from '../../../src/domain/api/index.ts';
import { passwordProblem, PASSWORD_RULE } from '../../../src/domain/validation/password.ts';

const label = (over: object) => ({ id: 'a', name: 'A', color: '#112233', tools: ['box'], ...over });
const problems = (labels: object[]) => {
  const r = LabelSchema.safeParse({ labels });
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe('label schema rules', () => {
  it('refuses names that differ only in case, hotkeys the editor uses, a label with no tool and an empty schema, each in a sentence', () => {
    expect(problems([label({}), label({ id: 'b', name: 'a' })])).toEqual(['label name "a" is used twice (names are compared ignoring case)']);
    expect(problems([label({ hotkey: 'b' })])).toEqual(['hotkey "b" is the editor\'s key for the box tool; choose another']);
    expect(problems([label({ tools: [] })])).toEqual(['a label needs at least one tool (box, polygon, span or class)']);
    expect(problems([])).toEqual(['a label schema needs at least one label']);
    expect(problems([label({ hotkey: '1' }), label({ id: 'b', name: 'B', hotkey: '1' })])).toEqual(['hotkey "1" is used twice']);
  });

  it('accepts free-text attributes with a bounded length', () => {
    expect(problems([label({ attributes: [{ type: 'text', name: 'plate', maxLength: 20 }] })])).toEqual([]);
    expect(problems([label({ attributes: [{ type: 'text', name: 'plate', maxLength: 100_000 }] })])).not.toEqual([]);
  });
});

describe('password rule', () => {
  it('refuses short, common and email-like passwords, stating the rule', () => {
    expect(passwordProblem('short')).toContain(PASSWORD_RULE);
    expect(passwordProblem('password123')).toMatch(/too common/);
    expect(passwordProblem('aaaaaaaaaaaa')).toMatch(/too common/);
    expect(passwordProblem('ada.lovelace2024', 'ada.lovelace@example.org')).toMatch(/email/);
    expect(passwordProblem('correct horse battery staple', 'ada@example.org')).toBeNull();
  });
});
