import { Button, Html, Text } from '@react-email/components';

export default function PasswordResetEmail({ resetToken, appUrl }: { resetToken: string; appUrl: string }) {
  return (
    <Html>
      <Text>Someone asked to reset your password.</Text>
      <Button href={`${appUrl}/reset?token=${resetToken}`}>Reset password</Button>
    </Html>
  );
}

PasswordResetEmail.PreviewProps = {
  appUrl: 'http://localhost:3000',
  // ok: hardcoded-credentials
  resetToken: 'sample-reset-token-42',
};

export const mailerSettings = {
  // ok: hardcoded-credentials
  storeResetToken: 'hashed',
  // ruleid: hardcoded-credentials
  mailerApiToken: 'mtk-9f3a71c0b2d84e65a1',
};
