// A translation bundle: labels about passwords and tokens, not credentials.
const TRANSLATIONS = {
  onboarding: {
    // ok: hardcoded-credentials
    instancePassword: "Instansadgangskode",
    // ok: hardcoded-credentials
    token: "Confluence-adgangstoken",
  },
};
export default TRANSLATIONS;
