import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { LabelSchemaEditor } from '../../src/client/schema/LabelSchemaEditor.tsx';
import { emptySchema, type LabelSchemaDraft } from '../../src/client/schema/schemaDraft.ts';

// The label schema editor as a user drives it: a controlled form whose complaints come from the
// domain's LabelSchema, shown beside the field they are about.
let latest: LabelSchemaDraft = emptySchema();
function Harness({ initial = emptySchema() }: { initial?: LabelSchemaDraft }) {
  const [value, setValue] = useState(initial);
  latest = value;
  return <LabelSchemaEditor value={value} onChange={setValue} kind="image" />;
}
const label = (n: number) => screen.getByRole('group', { name: `Label ${n}` });

describe('label schema editor', () => {
  it('says an empty schema is refused, then builds labels with tools and attributes', async () => {
    render(<Harness />);
    expect(screen.getByText(/>=1 items|at least one label/i)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Add label' }));
    await userEvent.type(within(label(1)).getByRole('textbox', { name: 'Name' }), 'Traffic Light');
    expect(within(label(1)).getByRole('textbox', { name: 'Id in exports' })).toHaveValue('traffic-light');
    await userEvent.click(within(label(1)).getByRole('checkbox', { name: 'Polygon' }));
    await userEvent.click(screen.getByRole('button', { name: 'Add attribute to Traffic Light' }));
    const attr = screen.getByRole('group', { name: 'Traffic Light attribute 1' });
    await userEvent.selectOptions(within(attr).getByRole('combobox', { name: 'Kind' }), 'One of a list');
    await userEvent.type(within(attr).getByRole('textbox', { name: 'Attribute name' }), 'state');
    await userEvent.type(within(attr).getByRole('textbox', { name: 'Options, one per line' }), 'red{Enter}green');
    expect(latest.labels[0]).toMatchObject({
      id: 'traffic-light',
      name: 'Traffic Light',
      hotkey: '1',
      tools: ['box', 'polygon'],
      attributes: [{ type: 'select', name: 'state', options: ['red', 'green'] }],
    });
    expect(screen.queryByText(/>=1 items/)).not.toBeInTheDocument();
  });

  it('marks a hotkey used twice and a label without a tool beside the field', async () => {
    render(<Harness />);
    await userEvent.click(screen.getByRole('button', { name: 'Add label' }));
    await userEvent.click(screen.getByRole('button', { name: 'Add label' }));
    await userEvent.type(within(label(1)).getByRole('textbox', { name: 'Name' }), 'Car');
    await userEvent.type(within(label(2)).getByRole('textbox', { name: 'Name' }), 'Bus');
    const key2 = within(label(2)).getByRole('textbox', { name: 'Hotkey' });
    await userEvent.clear(key2);
    await userEvent.type(key2, '1');
    expect(key2).toHaveAttribute('aria-invalid', 'true');
    expect(key2).toHaveAccessibleDescription(/hotkey "1" is used twice/);
    const key1 = within(label(1)).getByRole('textbox', { name: 'Hotkey' });
    await userEvent.clear(key1);
    await userEvent.type(key1, 'b');
    expect(key1).toHaveAccessibleDescription(/the editor's key for the box tool/);
    await userEvent.type(within(label(2)).getByRole('textbox', { name: 'Name' }), '{Control>}a{/Control}car');
    expect(within(label(2)).getByRole('textbox', { name: 'Name' })).toHaveAccessibleDescription(/label name "car" is used twice/);
    await userEvent.click(within(label(2)).getByRole('checkbox', { name: 'Box' }));
    expect(within(label(2)).getByRole('group', { name: 'Tools' })).toHaveAccessibleDescription(/.+/);
  });

  it('reorders and removes labels', async () => {
    render(
      <Harness
        initial={{
          labels: [
            { id: 'car', name: 'Car', color: '#e6194b', tools: ['box'] },
            { id: 'bus', name: 'Bus', color: '#3cb44b', tools: ['box'] },
          ],
        }}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Move Bus up' }));
    expect(latest.labels.map((l) => l.id)).toEqual(['bus', 'car']);
    await userEvent.click(screen.getByRole('button', { name: 'Remove Bus' }));
    expect(latest.labels.map((l) => l.id)).toEqual(['car']);
  });
});
