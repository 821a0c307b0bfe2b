import { posix } from 'node:path';
import type { FactInput, ProjectFact } from '../../../model/types.js';
import { readGemfile } from '../../deps/bundler/index.js';
import type { Extractor } from '../../types.js';

const FRAMEWORKS: Record<string, string> = { rails: 'rails', sinatra: 'sinatra', hanami: 'hanami', grape: 'grape', roda: 'roda', devise: 'devise', sidekiq: 'sidekiq', pundit: 'pundit', cancancan: 'cancancan', jwt: 'jwt', 'rack-attack': 'rack-attack' };
const SERVICE = new Set(['rails', 'sinatra', 'hanami', 'grape', 'roda']);

export const extractor: Extractor = {
  id: 'ruby/project',
  title: 'Ruby projects from Gemfile: frameworks (Rails, Sinatra...) and role',
  matches: (path) => /(?:^|\/)(?:Gemfile|gems\.rb)$/.test(path) && !/(?:^|\/)vendor\//.test(path),
  extract(file) {
    const gems = readGemfile(file.content).filter((g) => !g.groups.some((x) => x === 'test' || x === 'development'));
    const frameworks = [...new Set(gems.map((g) => FRAMEWORKS[g.name]).filter((f): f is string => !!f))].sort();
    const root = posix.dirname(file.path);
    const role: ProjectFact['role'] = frameworks.some((f) => SERVICE.has(f)) ? 'service' : 'library';
    const fact: FactInput = { kind: 'project', name: root === '.' ? 'root' : posix.basename(root), root, language: 'ruby', ecosystem: 'rubygems', frameworks, role, evidence: { file: file.path, line: 1 }, key: `${file.path}#project` };
    return [fact];
  },
};
