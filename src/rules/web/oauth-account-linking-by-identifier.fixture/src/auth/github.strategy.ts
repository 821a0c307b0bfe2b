import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Profile, Strategy } from 'passport-github2';
import { UserService } from '../user.service';

@Injectable()
export class GitHubStrategy extends PassportStrategy(Strategy, 'github') {
  constructor(private readonly users: UserService) {
    super({ clientID: process.env.GITHUB_ID, clientSecret: process.env.GITHUB_SECRET, callbackURL: '/auth/github/callback' });
  }

  async validate(_accessToken: string, _refreshToken: string, profile: Profile, done: (e: unknown, u?: unknown) => void) {
    const { emails, username } = profile;
    const email = (emails?.[0].value ?? `${username}@github.com`).toLowerCase();
    const user =
      (await this.users.findOneByIdentifier(email)) ??
      // The GitHub login is whatever its owner registered: equal to a local username, it logs in as that user.
      // ruleid: oauth-account-linking-by-identifier
      (username ? await this.users.findOneByIdentifier(username) : null);
    if (user) return done(null, user);
    done(null, await this.users.create({ email, provider: 'github', providerId: profile.id }));
  }
}
