import { Html, Text } from '@react-email/components';

interface InviteEmailProps {
  inviterName: string;
  temporaryPassword: string;
}

export const InviteEmail = ({ inviterName, temporaryPassword }: InviteEmailProps) => (
  <Html>
    <Text>{inviterName} invited you. Your first password is {temporaryPassword}.</Text>
  </Html>
);

// The preview server's sample props, typed with a cast.
InviteEmail.PreviewProps = {
  inviterName: 'Grace Hopper',
  // ok: hardcoded-credentials
  temporaryPassword: 'previewOnlySecret9',
} as InviteEmailProps;

export default InviteEmail;
