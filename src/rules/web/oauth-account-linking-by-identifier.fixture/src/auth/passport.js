const passport = require('passport');
const GitHubStrategy = require('passport-github2').Strategy;
const GoogleStrategy = require('passport-google-oauth20').Strategy;
const LocalStrategy = require('passport-local').Strategy;
const User = require('../models/user');

passport.use('github-mail', new GitHubStrategy({ clientID: process.env.GH_ID, clientSecret: process.env.GH_SECRET, scope: ['user:email'] }, async (accessToken, refreshToken, profile, done) => {
  // The first address GitHub lists need not be verified: whoever adds the victim's gets in.
  // ruleid: oauth-account-linking-by-identifier
  const user = await User.findOne({ email: profile.emails[0].value });
  if (user) return done(null, user);
  return done(null, await User.create({ email: profile.emails[0].value, githubId: profile.id }));
}));

passport.use(new GoogleStrategy({ clientID: process.env.G_ID, clientSecret: process.env.G_SECRET }, async (accessToken, refreshToken, profile, done) => {
  // Linked by the provider's subject id: an address that matches gives nothing.
  // ok: oauth-account-linking-by-identifier
  const user = await User.findOne({ googleId: profile.id });
  if (user) return done(null, user);
  // The address is used only after the provider said it verified it.
  if (!profile._json.email_verified) return done(null, false);
  // ok: oauth-account-linking-by-identifier
  const byMail = await User.findOne({ email: profile._json.email });
  done(null, byMail);
}));

passport.use(new LocalStrategy(async (username, password, done) => {
  // A local login by username is what a local strategy is for.
  // ok: oauth-account-linking-by-identifier
  const user = await User.findOne({ username });
  done(null, user && (await user.checkPassword(password)) ? user : false);
}));
