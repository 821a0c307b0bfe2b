import { mailer } from './mailer';

export async function previewWelcomeTemplate(customTemplate: string) {
  // An administrator previews the welcome mail with sample data.
  const { html } = await mailer.renderTemplate({
    template: 'welcome',
    data: {
      displayName: 'Sample Person',
      // ok: hardcoded-credentials
      password: 'hunterTwo2024x',
    },
    customTemplate,
  });
  return html;
}

export const smtpLogin = {
  user: 'mailer',
  // ruleid: hardcoded-credentials
  password: 'Smtp-Relay-Pass-2024',
};
