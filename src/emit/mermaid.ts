import type { Component, ThreatModel } from '../model/types.js';

/** Mermaid node id: stable, short and free of characters Mermaid treats specially. */
export function nodeId(prefix: string, id: string): string {
  return `${prefix}${id.replace(/-/g, '').slice(0, 12)}`;
}

/** Label text inside `"..."`: Mermaid entity codes for quotes, no markup. */
export function label(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/[<>]/g, ' ').replace(/[\r\n]+/g, ' ').trim();
}

function shape(component: Component): string {
  const text = `"${label(component.name)}"`;
  switch (component.kind) {
    case 'actor':
      return `([${text}])`;
    case 'external':
      return `[${text}]`;
    case 'datastore':
    case 'storage':
      return `[(${text})]`;
    case 'queue':
      return `[[${text}]]`;
    default:
      return `(${text})`;
  }
}

/**
 * The data-flow diagram: one subgraph per trust boundary, nodes shaped by kind (stadium actor,
 * rectangle external entity, rounded process, cylinder store), edges labelled with protocol and
 * data; unencrypted flows are dashed.
 */
export function renderDfd(model: Pick<ThreatModel, 'components' | 'flows' | 'trustBoundaries'>): string {
  const lines = ['flowchart LR'];
  const placed = new Set<string>();
  const byId = new Map(model.components.map((c) => [c.id, c]));
  for (const boundary of model.trustBoundaries) {
    lines.push(`  subgraph ${nodeId('b', boundary.id)} ["${label(boundary.name)}"]`);
    for (const id of boundary.components) {
      const component = byId.get(id);
      if (!component) continue;
      lines.push(`    ${nodeId('c', id)}${shape(component)}`);
      placed.add(id);
    }
    lines.push('  end');
  }
  for (const component of model.components) {
    if (!placed.has(component.id)) lines.push(`  ${nodeId('c', component.id)}${shape(component)}`);
  }
  for (const flow of model.flows) {
    const text = label([flow.protocol, flow.data.length > 0 ? flow.data.slice(0, 4).join(', ') + (flow.data.length > 4 ? ', …' : '') : ''].filter(Boolean).join(': '));
    const arrow = flow.encrypted === false ? '-.->' : '-->';
    lines.push(`  ${nodeId('c', flow.from)} ${arrow}|"${text}"| ${nodeId('c', flow.to)}`);
  }
  const kinds: [string, string][] = [
    ['actor', 'fill:#fff3e0,stroke:#e65100'],
    ['external', 'fill:#f3e5f5,stroke:#6a1b9a'],
    ['datastore', 'fill:#e3f2fd,stroke:#0d47a1'],
  ];
  for (const [kind, style] of kinds) {
    const ids = model.components.filter((c) => c.kind === kind || (kind === 'datastore' && (c.kind === 'storage' || c.kind === 'queue'))).map((c) => nodeId('c', c.id));
    if (ids.length === 0) continue;
    lines.push(`  classDef ${kind} ${style}`);
    lines.push(`  class ${ids.join(',')} ${kind}`);
  }
  return `${lines.join('\n')}\n`;
}
