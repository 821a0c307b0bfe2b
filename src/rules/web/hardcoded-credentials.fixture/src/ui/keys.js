// Names of things, not secrets: action types, storage keys, translation keys, UI placeholders.

// Redux action types: the namespaced value ends with the constant's own name.
// ok: hardcoded-credentials
const GET_TOKEN = 'shop/project/GET_TOKEN';
// ok: hardcoded-credentials
const UPDATE_TOKEN = 'shop/project/UPDATE_TOKEN';

// A sessionStorage key and the placeholder shown until the real secret is fetched.
// ok: hardcoded-credentials
export const ONBOARDING_SECRET_KEY = 'onboarding.clientSecret';
// ok: hardcoded-credentials
const DEFAULT_SECRET = '[CLIENT_SECRET]';

// Translation keys of a form's labels.
export const page = {
  title: 'users.title_edit_user',
  save: 'form.button_save',
  // ok: hardcoded-credentials
  password: 'users.label_new_password',
};

// A namespaced value that does not repeat the name is still a token.
// ruleid: hardcoded-credentials
const SERVICE_TOKEN = 'shop/tokens/a81Fq02xLpR7';

// A dotted value bound to a password name, alone, may be the password.
// ruleid: hardcoded-credentials
const adminPassword = 'admin.passWord';

export { GET_TOKEN, UPDATE_TOKEN, DEFAULT_SECRET, SERVICE_TOKEN, adminPassword };
