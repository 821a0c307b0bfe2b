// The parts of threatcode's model the architecture scorer reads, flattened so the matching code can
// be unit-tested without building a whole ThreatModel.
import type { ThreatModel } from '../../src/model/types.js';

export interface ToolComponent {
  id: string;
  name: string;
  kind: string;
  exposure: string;
  paths: string[];
}

export interface ToolFlow {
  id: string;
  /** Component ids (names are accepted too, see resolveComponent). */
  from: string;
  to: string;
  protocol: string;
  crosses: string[];
}

export interface ToolBoundary {
  id: string;
  name: string;
  kind: string;
  components: string[];
}

export interface ToolEntryPoint {
  component: string;
  kind: string;
  method?: string;
  path?: string;
  /** Handler or first evidence file, used when the component reference does not resolve. */
  file?: string;
}

export interface ToolArchitecture {
  components: ToolComponent[];
  flows: ToolFlow[];
  boundaries: ToolBoundary[];
  entryPoints: ToolEntryPoint[];
}

export function toolArchitecture(model: ThreatModel): ToolArchitecture {
  return {
    components: (model.components ?? []).map((c) => ({ id: c.id, name: c.name, kind: c.kind, exposure: c.exposure, paths: c.paths ?? [] })),
    flows: (model.flows ?? []).map((f) => ({ id: f.id, from: f.from, to: f.to, protocol: f.protocol ?? '', crosses: f.crosses ?? [] })),
    boundaries: (model.trustBoundaries ?? []).map((b) => ({ id: b.id, name: b.name, kind: b.kind, components: b.components ?? [] })),
    entryPoints: (model.entryPoints ?? []).map((e) => ({
      component: e.component,
      kind: e.kind ?? 'http',
      method: e.method,
      path: e.path,
      file: e.handler?.file ?? e.evidence?.[0]?.file,
    })),
  };
}
