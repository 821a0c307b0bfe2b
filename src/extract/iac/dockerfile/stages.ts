// Multi-stage structure of a Dockerfile: which stage is final, which stages it inherits from
// (`FROM builder`), and what base image each stage chain really starts from.
import type { Instruction, ParsedDockerfile } from './parse.js';
import { splitWords, substitute } from './parse.js';

export interface Stage {
  index: number;
  /** `AS name`, lower-cased (stage names are case-insensitive). */
  name?: string;
  from: Instruction;
  /** Base as written after global ARG substitution (`node:20`, `builder`, `scratch`). */
  base: string;
  /** Base exactly as written, variables included. */
  rawBase: string;
  /** False when the FROM line used a variable we could not resolve. */
  baseResolved: boolean;
  /** The earlier stage this one builds on, when `base` names one. */
  parent?: Stage;
  /** Instructions after FROM, up to the next FROM. */
  body: Instruction[];
}

export interface StageGraph {
  stages: Stage[];
  /** Global ARGs declared before the first FROM with their defaults. */
  globalArgs: Map<string, string>;
  /** ARG instructions before the first FROM. */
  globalArgInstructions: Instruction[];
}

function fromParts(from: Instruction, escape: string): { base: string; name?: string } {
  const words = splitWords(from.args, escape);
  const asAt = words.findIndex((w) => w.toLowerCase() === 'as');
  return { base: words[0] ?? '', name: asAt > 0 ? words[asAt + 1]?.toLowerCase() : undefined };
}

/** Splits the instructions into stages and links each stage to the stage it builds on. */
export function buildStages(parsed: ParsedDockerfile): StageGraph {
  const stages: Stage[] = [];
  const globalArgs = new Map<string, string>();
  const globalArgInstructions: Instruction[] = [];
  for (const instruction of parsed.instructions) {
    if (instruction.keyword === 'FROM') {
      const { base: raw, name } = fromParts(instruction, parsed.escape);
      const { value, resolved } = substitute(raw, globalArgs);
      const parent = stages.find((s) => s.name !== undefined && s.name === value.toLowerCase());
      stages.push({ index: stages.length, name, from: instruction, base: value, rawBase: raw, baseResolved: resolved, parent, body: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') {
        globalArgInstructions.push(instruction);
        for (const word of splitWords(instruction.args, parsed.escape)) {
          const eq = word.indexOf('=');
          if (eq > 0) globalArgs.set(word.slice(0, eq), word.slice(eq + 1));
        }
      }
    } else {
      stages[stages.length - 1].body.push(instruction);
    }
  }
  return { stages, globalArgs, globalArgInstructions };
}

/** The stage and its ancestors, oldest first: the layers that end up in this stage's image. */
export function chainOf(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  const seen = new Set<number>();
  for (let s: Stage | undefined = stage; s && !seen.has(s.index); s = s.parent) {
    seen.add(s.index);
    chain.unshift(s);
  }
  return chain;
}

/** The instructions of a stage chain in build order (inherited ones first). */
export function chainInstructions(stage: Stage): Instruction[] {
  return chainOf(stage).flatMap((s) => s.body);
}

/** The external image a stage chain starts from (`FROM builder` resolved to builder's base). */
export function rootBase(stage: Stage): Stage {
  return chainOf(stage)[0];
}
