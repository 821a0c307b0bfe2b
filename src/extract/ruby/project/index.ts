import { posix } from 'node:path';
import type { FactInput, ProjectFact } from '../../../model/types.js';
import { readGemfile } from '../../deps/bundler/index.js';
import type { Extractor } from '../../types.js';

const FRAMEWORKS: Record<string, string> = { rails: 'rails', sinatra: 'sinatra', hanami: 'hanami', grape: 'grape', roda: 'roda', devise: 'devise', sidekiq: 'sidekiq', pundit: 'pundit', cancancan: 'cancancan', jwt: 'jwt', 'rack-attack': 'rack-attack' };
const SERVICE = new Set(['rails', 'sinatra', 'hanami', 'grape', 'roda']);

const RAILS_APPLICATION = /(?:^|\/)config\/application\.rb$/;

/** `MyShop` → `my-shop`: the Rails application module as a project name. */
function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2').toLowerCase();
}

/**
 * `module Shop` wrapping `class Application < Rails::Application` in config/application.rb: a
 * name-only project fact (role `unknown`) for the app folder, since a Gemfile declares no name;
 * the model builder names the folder's service after it.
 */
function railsAppName(file: string, content: string): FactInput[] | null {
  if (!/class\s+Application\s*<\s*(?:::)?Rails::Application/.test(content)) return null;
  const m = /^module\s+([A-Z]\w*)\s*$/m.exec(content);
  if (!m) return null;
  const root = posix.dirname(posix.dirname(file));
  const line = content.slice(0, m.index).split('\n').length;
  return [{ kind: 'project', name: kebab(m[1]), root, language: 'ruby', ecosystem: 'rubygems', frameworks: [], role: 'unknown', evidence: { file, line }, key: `${file}#project-name` }];
}

export const extractor: Extractor = {
  id: 'ruby/project',
  title: 'Ruby projects from Gemfile: frameworks (Rails, Sinatra...) and role',
  matches: (path) => (/(?:^|\/)(?:Gemfile|gems\.rb)$/.test(path) || RAILS_APPLICATION.test(path)) && !/(?:^|\/)vendor\//.test(path),
  extract(file) {
    if (RAILS_APPLICATION.test(file.path)) return railsAppName(file.path, file.content);
    const gems = readGemfile(file.content).filter((g) => !g.groups.some((x) => x === 'test' || x === 'development'));
    const frameworks = [...new Set(gems.map((g) => FRAMEWORKS[g.name]).filter((f): f is string => !!f))].sort();
    const root = posix.dirname(file.path);
    const role: ProjectFact['role'] = frameworks.some((f) => SERVICE.has(f)) ? 'service' : 'library';
    const fact: FactInput = { kind: 'project', name: root === '.' ? 'root' : posix.basename(root), root, language: 'ruby', ecosystem: 'rubygems', frameworks, role, evidence: { file: file.path, line: 1 }, key: `${file.path}#project` };
    return [fact];
  },
};
