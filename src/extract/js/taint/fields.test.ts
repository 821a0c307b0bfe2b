import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan, sinks } from './support.test.js';

const FS = `const fs = require('fs');\nconst path = require('path');\n`;

describe('extract/js/taint field-sensitive object arguments', () => {
  it('same file: a destructured constant field of a literal argument stays clean', () => {
    const out = scan(`${FS}function send({ templatePath, context, ...opts }) {
  fs.readFileSync(templatePath);
}
app.post('/signup', (req, res) => {
  send({ to: req.body.email, templatePath: path.join(__dirname, 'mail', 'a.hbs'), context: { name: req.body.name } });
});`);
    assert.deepEqual(out, []);
  });

  it('same file: the tainted field, the rest and member reads still reach their sinks', () => {
    const out = scan(`${FS}function send({ templatePath, ...opts }) {
  fs.readFileSync(templatePath);
  fs.unlinkSync(opts.to);
}
function read(o) { fs.readFileSync(o.file); fs.writeFileSync(o.dir, 'x'); }
app.post('/a', (req, res) => {
  send({ to: req.body.email, templatePath: req.query.t });
  read({ file: req.query.f, dir: '/tmp/const' });
});`);
    assert.deepEqual(out, [
      'path fs.readFileSync req.query.f @7',
      'path fs.readFileSync req.query.t @4',
      'path fs.unlinkSync req.body.email @5',
    ]);
  });

  it('same file: the rest holds no destructured field', () => {
    const out = scan(`${FS}function send({ to, ...opts }) { fs.readFileSync(opts.templatePath); }
app.post('/a', (req, res) => { send({ to: req.body.email, templatePath: '/x/a.hbs' }); });`);
    assert.deepEqual(out, []);
  });

  it('same file: a whole request object or a spread of one taints every field', () => {
    const out = scan(`${FS}function send({ templatePath, ...rest }) { fs.readFileSync(templatePath); fs.unlinkSync(rest.other); }
function read(o) { fs.readFileSync(o.file); }
app.post('/a', (req, res) => { send(req.body); });
app.post('/b', (req, res) => { read({ file: '/const', ...req.body }); });`);
    assert.deepEqual(out, [
      'path fs.readFileSync req.body.file @4',
      'path fs.readFileSync req.body.templatePath @3',
      'path fs.unlinkSync req.body.other @3',
    ]);
  });

  it('across files: a Nest-style chain passes only the tainted field onwards', () => {
    const files = {
      'src/auth/auth.controller.ts': `
import { Body, Controller, Post } from '@nestjs/common';
import { AuthService } from './auth.service';
@Controller('auth')
export class AuthController {
  constructor(private readonly authService: AuthService) {}
  @Post('register')
  register(@Body() dto: RegisterDto) { return this.authService.register(dto); }
}
`,
      'src/auth/auth.service.ts': `
import { Injectable } from '@nestjs/common';
import { MailService } from '../mail/mail.service';
@Injectable()
export class AuthService {
  constructor(private readonly mailService: MailService) {}
  async register(dto: RegisterDto) {
    await this.mailService.userSignUp({ to: dto.email, data: { hash: dto.hash } });
  }
}
`,
      'src/mail/mail.service.ts': `
import path from 'node:path';
import { Injectable } from '@nestjs/common';
import { MailerService } from '../mailer/mailer.service';
@Injectable()
export class MailService {
  constructor(private readonly mailerService: MailerService) {}
  async userSignUp(mailData: MailData) {
    await this.mailerService.sendMail({
      to: mailData.to,
      templatePath: path.join(process.cwd(), 'src', 'mail', 'activation.hbs'),
      context: { url: 'https://x/confirm?hash=' + mailData.data.hash },
    });
  }
}
`,
      'src/mailer/mailer.service.ts': `
import fs from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
@Injectable()
export class MailerService {
  async sendMail({ templatePath, context, ...mailOptions }: Options) {
    const template = await fs.readFile(templatePath, 'utf-8');
    await fs.writeFile(mailOptions.to, 'x');
    await fs.readFile(context.url);
  }
}
`,
    };
    assert.deepEqual(sinks(files), ['path fs.readFile @Body() dto.hash @9', 'path fs.writeFile @Body() dto.email @8']);
  });

  it('across files: a whole tainted object destructured by the callee still reaches the sink', () => {
    const mailer = `
const fs = require('fs');
function sendMail({ templatePath, ...opts }) { fs.readFileSync(templatePath); }
module.exports = { sendMail };
`;
    const whole = sinks({ 'src/routes.js': `const { sendMail } = require('./mailer');\napp.post('/m', (req, res) => { sendMail(req.body); });`, 'src/mailer.js': mailer });
    assert.deepEqual(whole, ['path fs.readFileSync req.body.templatePath @3']);
    const spread = sinks({ 'src/routes.js': `const { sendMail } = require('./mailer');\napp.post('/n', (req, res) => { sendMail({ ...req.body, to: 'admin@x' }); });`, 'src/mailer.js': mailer });
    assert.deepEqual(spread, ['path fs.readFileSync req.body.templatePath @3']);
  });

  it('across files: the tainted field reaches a sink reading that field', () => {
    const out = sinks({
      'src/routes.js': `
const { render } = require('./render');
app.post('/m', (req, res) => { render({ templatePath: req.query.tpl, to: 'x' }); render({ templatePath: '/const', to: req.query.to }); });
`,
      'src/render.js': `
const fs = require('fs');
function render(opts) { return fs.readFileSync(opts.templatePath); }
module.exports = { render };
`,
    });
    assert.deepEqual(out, ['path fs.readFileSync req.query.tpl @3']);
  });
  it('follows a field through a function that passes its whole parameter on', () => {
    const files = (arg: string): Record<string, string> => ({
      'src/routes.js': `const { notify } = require('./notify');\napp.post('/m', (req, res) => { notify(${arg}); });`,
      'src/notify.js': `const { sendMail } = require('./mailer');\nfunction wrap(o) { return sendMail(o); }\nfunction notify(o) { return wrap(o); }\nmodule.exports = { notify };`,
      'src/mailer.js': `const fs = require('fs');\nfunction sendMail({ templatePath }) { fs.readFileSync(templatePath); }\nmodule.exports = { sendMail };`,
    });
    assert.deepEqual(sinks(files(`{ to: req.body.to, templatePath: '/const' }`)), []);
    assert.deepEqual(sinks(files(`{ to: 'x', templatePath: req.body.tpl }`)), ['path fs.readFileSync req.body.tpl @2']);
  });
  it('keeps a field when a value is built from more fields than are tracked one by one', () => {
    const out = scan(`const db = require('./db');
function find(o) { return db.query('SELECT * FROM t WHERE a = ' + o.a + o.b + o.c + o.d + o.e + o.f + o.g); }
app.get('/f', (req, res) => { find({ a: '1', b: '2', c: '3', d: '4', e: '5', f: '6', g: req.query.g }); });`);
    assert.deepEqual(out, ['sql db.query req.query.g @2']);
  });
});
