// Applying a schema change list, and every rule it must pass. Pure: the server calls it to check
// a publish (and refuses on any problem, writing nothing), the author's screen to check a form.
//
// Changes apply in order, each to the schema the previous ones left. A class is never deleted:
// a retired, split or merged class stays with a Retirement note (so old revisions stay readable
// and valid, and its id is never reused); it loses its hotkey and is no longer offered.
import type { LabelClass, LabelSchema, Problem, Retirement, SchemaChange, ClassTarget } from '../api/index.ts';

export interface Applied {
  schema: LabelSchema;
  problems: Problem[];
}

const names = (ls: readonly LabelClass[]) => ls.map((l) => `"${l.name}"`).join(', ');

/** The schema after `changes`, published as `version`, and everything wrong with them (empty: fine). */
export function applySchemaChanges(schema: LabelSchema, changes: readonly SchemaChange[], version: string): Applied {
  let labels: LabelClass[] = schema.labels.map((l) => ({ ...l, attributes: [...l.attributes] }));
  const problems: Problem[] = [];
  const find = (id: string) => labels.find((l) => l.id === id);
  const replace = (next: LabelClass) => (labels = labels.map((l) => (l.id === next.id ? next : l)));
  const retire = (l: LabelClass, r: Omit<Retirement, 'version'>) => {
    const { hotkey: _freed, ...rest } = l;
    replace({ ...rest, retired: { version, ...r } });
  };

  changes.forEach((c, i) => {
    const at = `changes.${i}`;
    const say = (message: string) => problems.push({ path: at, message: `Change ${i + 1}: ${message}` });
    /** An offered class by id, or a problem said (unknown, or already retired). */
    const live = (id: string): LabelClass | null => {
      const l = find(id);
      if (!l) say(`there is no class "${id}".`);
      else if (l.retired) say(`"${l.name}" was retired in version ${l.retired.version}; it can no longer change.`);
      return l && !l.retired ? l : null;
    };
    const nameFree = (name: string, except?: string) => {
      // Retired classes count too: they keep their names, which old files and exports still use.
      const key = name.trim().toLocaleLowerCase('en');
      const other = labels.find((l) => l.id !== except && l.name.trim().toLocaleLowerCase('en') === key);
      if (other?.retired) say(`the retired class "${other.name}" keeps its name; choose another.`);
      else if (other) say(`there is already a class named "${other.name}".`);
      return !other;
    };
    const hotkeyFree = (hotkey: string | undefined | null, except?: string) => {
      const other = hotkey ? labels.find((l) => l.id !== except && l.hotkey === hotkey) : undefined;
      if (other) say(`hotkey "${hotkey}" is already used by "${other.name}".`);
      return !other;
    };
    const idFree = (id: string) => {
      const other = find(id);
      if (other) say(`the id "${id}" belongs to ${other.retired ? 'a retired class' : 'the class'} "${other.name}"; a new class needs a new id.`);
      return !other;
    };
    /** A merge or split target: an existing offered class with the same tools, or a new class. */
    const target = (t: ClassTarget, like: LabelClass): LabelClass | null => {
      const existing = find(t.id);
      if (existing) {
        if (existing.retired) return (say(`"${existing.name}" was retired in version ${existing.retired.version}; choose an offered class.`), null);
        if (!sameTools(existing, like))
          return (
            say(
              `"${like.name}" (${like.tools.join(', ')}) cannot go into "${existing.name}" (${existing.tools.join(', ')}): the classes must use the same tools.`,
            ),
            null
          );
        return existing;
      }
      if (!t.name || !t.color) return (say(`the new class "${t.id}" needs a name and a colour.`), null);
      if (!nameFree(t.name) || !hotkeyFree(t.hotkey)) return null;
      const created: LabelClass = {
        id: t.id,
        name: t.name.trim(),
        color: t.color,
        tools: [...like.tools],
        attributes: like.attributes.filter((a) => !a.retired),
        ...(t.hotkey ? { hotkey: t.hotkey } : {}),
      };
      labels.push(created);
      return created;
    };
    const offeredAfter = (gone: readonly string[]) => labels.filter((l) => !l.retired && !gone.includes(l.id)).length;

    switch (c.op) {
      case 'add_class': {
        if (idFree(c.id) && nameFree(c.name) && hotkeyFree(c.hotkey))
          labels.push({ id: c.id, name: c.name.trim(), color: c.color, tools: [...c.tools], attributes: [], ...(c.hotkey ? { hotkey: c.hotkey } : {}) });
        return;
      }
      case 'rename_class': {
        const l = live(c.id);
        if (l && nameFree(c.name, l.id)) replace({ ...l, name: c.name.trim() });
        return;
      }
      case 'recolour_class': {
        const l = live(c.id);
        if (l) replace({ ...l, color: c.color });
        return;
      }
      case 'rehotkey_class': {
        const l = live(c.id);
        if (!l || !hotkeyFree(c.hotkey, l.id)) return;
        const { hotkey: _old, ...rest } = l;
        replace(c.hotkey ? { ...rest, hotkey: c.hotkey } : rest);
        return;
      }
      case 'merge_classes': {
        if (c.from.includes(c.into.id)) return say(`a class cannot be merged into itself ("${find(c.into.id)?.name ?? c.into.id}").`);
        if (new Set(c.from).size !== c.from.length) return say('a class is named twice among those to merge.');
        const from = c.from.map(live);
        if (from.some((l) => !l)) return;
        const sources = from as LabelClass[];
        const first = sources[0] as LabelClass;
        const odd = sources.find((l) => !sameTools(l, first));
        if (odd) return say(`${names(sources)} use different tools; only classes with the same tools can be merged.`);
        const into = target(c.into, first);
        if (!into) return;
        if (offeredAfter(c.from) === 0) return say('a project needs at least one class offered.');
        for (const l of sources) retire(l, { labels: 'keep', mergedInto: into.id });
        return;
      }
      case 'split_class': {
        const l = live(c.id);
        if (!l) return;
        if (c.into.length < 2) return say(`split "${l.name}" into at least two classes (it names ${c.into.length}).`);
        if (c.into.some((t) => t.id === l.id)) return say(`"${l.name}" cannot be split into itself.`);
        if (new Set(c.into.map((t) => t.id)).size !== c.into.length) return say(`a class is named twice among the parts of "${l.name}".`);
        const parts = c.into.map((t) => target(t, l));
        if (parts.some((p) => !p)) return;
        retire(find(l.id) as LabelClass, { labels: 'send_back', splitInto: c.into.map((t) => t.id) });
        return;
      }
      case 'retire_class': {
        const l = live(c.id);
        if (!l) return;
        if (offeredAfter([l.id]) === 0) return say(`"${l.name}" is the last class offered; a project needs at least one.`);
        retire(l, { labels: c.labels });
        return;
      }
      case 'add_attribute': {
        const l = live(c.id);
        if (!l) return;
        if (l.attributes.some((a) => a.name === c.attribute.name)) return say(`"${l.name}" already has an attribute "${c.attribute.name}".`);
        replace({ ...l, attributes: [...l.attributes, c.attribute] });
        return;
      }
      case 'retire_attribute':
      case 'change_options': {
        const l = live(c.id);
        if (!l) return;
        const a = l.attributes.find((x) => x.name === c.name && !x.retired);
        if (!a) return say(`"${l.name}" has no attribute "${c.name}".`);
        if (c.op === 'retire_attribute')
          return replace({ ...l, attributes: l.attributes.map((x) => (x === a ? { ...x, retired: { version, labels: c.labels } } : x)) });
        if (a.type !== 'select') return say(`"${c.name}" of "${l.name}" is yes or no; it has no options to change.`);
        if (new Set(c.options).size !== c.options.length) return say(`an option of "${c.name}" is named twice.`);
        const former = [...new Set([...(a.formerOptions ?? []), ...a.options])].filter((o) => !c.options.includes(o));
        const changed = { ...a, options: [...c.options], ...(former.length > 0 ? { formerOptions: former } : {}) };
        if (changed.default !== undefined && !c.options.includes(changed.default)) delete changed.default;
        replace({ ...l, attributes: l.attributes.map((x) => (x === a ? changed : x)) });
        return;
      }
    }
  });
  return { schema: { ...schema, labels }, problems };
}

const sameTools = (a: LabelClass, b: LabelClass) => [...a.tools].sort().join() === [...b.tools].sort().join();

/**
 * The classes whose existing labels go back for re-annotation under these changes (applied to
 * `before`): the class split, the classes retired or whose attributes changed with 'send_back'.
 */
export function sentBackClasses(changes: readonly SchemaChange[]): string[] {
  const out = new Set<string>();
  for (const c of changes) {
    if (c.op === 'split_class') out.add(c.id);
    else if ((c.op === 'retire_class' || c.op === 'add_attribute' || c.op === 'retire_attribute' || c.op === 'change_options') && c.labels === 'send_back')
      out.add(c.id);
  }
  return [...out];
}

/** One line per change, in the words of the schema before it: for the publish dialog and the annotator's "to redo" list. */
export function describeChange(c: SchemaChange, schema: LabelSchema): string {
  const n = (id: string) => schema.labels.find((l) => l.id === id)?.name ?? id;
  const t = (x: ClassTarget) => x.name ?? n(x.id);
  const back = (d: 'send_back' | 'keep') => (d === 'send_back' ? 'its labels go back for re-annotation' : 'existing labels stay as they are');
  switch (c.op) {
    case 'add_class':
      return `New class "${c.name}".`;
    case 'rename_class':
      return `"${n(c.id)}" is renamed "${c.name}".`;
    case 'recolour_class':
      return `"${n(c.id)}" has a new colour.`;
    case 'rehotkey_class':
      return c.hotkey ? `"${n(c.id)}" now has hotkey ${c.hotkey}.` : `"${n(c.id)}" has no hotkey any more.`;
    case 'merge_classes':
      return `${c.from.map((id) => `"${n(id)}"`).join(' and ')} ${c.from.length > 1 ? 'are' : 'is'} merged into "${t(c.into)}".`;
    case 'split_class':
      return `"${n(c.id)}" is split: choose ${c.into.map((x) => `"${t(x)}"`).join(' or ')}.`;
    case 'retire_class':
      return `"${n(c.id)}" is retired; ${back(c.labels)}.`;
    case 'add_attribute':
      return `"${n(c.id)}" gets the attribute "${c.attribute.name}"; ${back(c.labels)}.`;
    case 'retire_attribute':
      return `The attribute "${c.name}" of "${n(c.id)}" is retired; ${back(c.labels)}.`;
    case 'change_options':
      return `The options of "${c.name}" of "${n(c.id)}" are now ${c.options.join(', ')}; ${back(c.labels)}.`;
  }
}

/** Each change described in the schema the earlier changes left (a merge into a class the split just made names it). */
export function describeChanges(schema: LabelSchema, changes: readonly SchemaChange[]): string[] {
  let at = schema;
  return changes.map((c) => {
    const line = describeChange(c, at);
    at = applySchemaChanges(at, [c], 'next').schema;
    return line;
  });
}
